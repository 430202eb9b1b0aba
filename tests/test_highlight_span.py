"""The highlight travels as a [start, end] span: when a passage says the same sentence twice, the CLI, the
chat's page, chat.js and the sentence permalink all mark the one the bot chose, not the first."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Route, expect

from bot.models import Answer, Hit, Passage
from ingest.models import Chunk, DocumentInfo, Speaker
from web.cli import _passage_markup
from web.i18n import MESSAGES, answer_parts
from web.schema import AskResponse
from web.templating import templates

SAID_TWICE = "We will plant trees. The budget is fixed at two million. We will plant trees."
SECOND = SAID_TWICE.rindex("We will plant trees.")


def said_twice() -> AskResponse:
    """An answer whose passage says its highlighted sentence twice; the bot chose the second time."""
    chunk = Chunk("d0c0ffee0001", 1, SAID_TWICE, speaker=Speaker("Ana Ruiz", "Parks Director"))
    hit = Hit(0, chunk, 1.0, 0.8, 3.0)
    passage = Passage(hit, DocumentInfo("d0c0ffee0001", "Parks hearing", "2024-05-02", None, "parks.txt"),
                      (SECOND, len(SAID_TWICE)), marked=True)
    answer = Answer("Will trees be planted?", False, (passage,), 0.9)
    return AskResponse.of(answer, answer.question, lambda _: (SAID_TWICE,))


def test_the_span_is_the_sentence_chosen_and_the_permalink_points_at_it():
    passage = said_twice().passages[0]
    assert passage.highlight_span == (SECOND, len(SAID_TWICE))
    assert passage.highlight == "We will plant trees."
    assert passage.permalink == "/documents/d0c0ffee0001#p1-s3"  # the third sentence, not the first


def test_the_cli_marks_the_second_time():
    markup = _passage_markup(1, said_twice().passages[0])
    assert "[bold yellow]We will plant trees.[/]" in markup
    assert markup.index("[bold yellow]") == markup.index("two million.") + len("two million. ")


def test_the_page_marks_the_second_time():
    html = templates.get_template("_passages.html").render(
        exchange=said_twice(), t=MESSAGES["en"], lang="en", action="/", target="",
        answer_parts=lambda e: answer_parts(e, "en"))  # fmt: skip
    quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.DOTALL).group(1)
    assert quote == "We will plant trees. The budget is fixed at two million. <mark>We will plant trees.</mark>"


@pytest.mark.browser
def test_chat_js_marks_the_second_time(browser: Browser, server_url: str):
    body = said_twice().model_dump_json()

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)

    page = browser.new_page()
    try:
        page.route("**/api/ask", answer)
        page.goto(server_url)
        page.get_by_label("Your question").fill("Will trees be planted?")
        page.get_by_label("Your question").press("Enter")
        card = page.locator("#conversation .exchange").last
        expect(card.locator(".answer-sentence")).to_have_text("We will plant trees.")
        quote = card.locator(".passage blockquote")
        assert quote.evaluate("b => b.innerHTML") == (
            "We will plant trees. The budget is fixed at two million. <mark>We will plant trees.</mark>"
        )
        assert json.loads(body)["passages"][0]["highlight_span"] == [SECOND, len(SAID_TWICE)]
    finally:
        page.close()
