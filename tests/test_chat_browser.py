"""The chat in a real browser: follow-ups and feedback through the page's script, suggestions, languages,
no-JS follow-ups, and a corpus whose own text contains markup."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot import open_bot
from index import build_index
from tests.conftest import serving, write_corpus
from web.app import create_app
from web.settings import Settings

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def opened(browser: Browser, **options: object) -> Page:
    page = browser.new_context(**options).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    return page


def ask(page: Page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def test_a_follow_up_is_answered_with_the_previous_turn(browser, staff_server):
    page = opened(browser)
    page.goto(staff_server.url)
    ask(page, "What did Lin Qing ask about?")
    expect(page.locator("#conversation .exchange")).to_have_count(1)
    ask(page, "What else did she say?")
    follow = page.locator("#conversation .exchange").nth(1)
    expect(follow.locator(".understood")).to_have_text("Understood as What did Lin Qing say?")
    expect(follow.locator(".passage .speaker").first).to_contain_text("Lin Qing")
    ask(page, "Which textile park is mentioned?")
    expect(page.locator("#conversation .exchange").nth(2).locator(".understood")).to_have_count(0)
    page.context.close()


def test_thumbs_down_with_a_comment_is_recorded(browser, staff_server):
    page = opened(browser)
    page.goto(staff_server.url)
    ask(page, "What is the first-store economy?")
    exchange = page.locator("#conversation .exchange").last
    expect(exchange.locator(".answer")).to_be_visible()
    answer_id = exchange.get_attribute("data-answer-id")
    exchange.get_by_text("Add a comment").click()
    exchange.get_by_label("What was wrong? (optional)").fill("I wanted the opening date")
    exchange.get_by_role("button", name="No").click()
    thanks = exchange.locator(".notice")
    expect(thanks).to_have_text("Thank you, your feedback was recorded.")
    expect(thanks).to_be_focused()
    with sqlite3.connect(staff_server.data / "feedback.sqlite3") as connection:
        recorded = connection.execute("SELECT helpful, comment FROM feedback WHERE answer_id = ?", [answer_id]).fetchall()
    assert recorded == [(0, "I wanted the opening date")]
    page.context.close()


def test_a_suggested_question_is_asked_with_one_click(browser, server_url):
    page = opened(browser, viewport={"width": 360, "height": 740})
    page.goto(server_url)
    expect(page.locator("a.suggestion")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-empty-360.png"), full_page=True)
    page.get_by_role("link", name="What did Sun Lijie say?").click()
    expect(page.locator("#conversation .question")).to_have_text("You asked What did Sun Lijie say?")
    expect(page.locator("#conversation .answer")).to_contain_text("Sun Lijie (member of the Standing Committee")
    expect(page.get_by_role("heading", name="Try asking")).to_have_count(0)
    page.context.close()


def test_without_javascript_suggestions_and_follow_ups_still_work(browser, server_url):
    page = opened(browser, java_script_enabled=False)
    page.goto(server_url)
    page.get_by_role("link", name="What did Lin Qing ask about?").click()
    expect(page.locator(".answer")).to_contain_text("Lin Qing (member of Qingdao Municipal CPPCC")
    page.get_by_label("Your question").fill("What else did she say?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator(".understood")).to_have_text("Understood as What did Lin Qing say?")
    page.get_by_role("button", name="Yes").click()
    expect(page.locator(".notice")).to_have_text("Thank you, your feedback was recorded.")
    page.context.close()


def test_the_chat_switches_to_chinese_and_back(browser, server_url):
    page = opened(browser, locale="en-US")
    page.goto(server_url)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Chinese (中文)").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    page.get_by_label("您的问题").fill("What time does the zoo open?")
    page.get_by_role("button", name="提问").click()
    expect(page.locator("#conversation .outcome")).to_contain_text("记录中没有提到")  # the refusal, in Chinese
    page.get_by_role("link", name="English (英文)").click()
    expect(page.get_by_label("Your question")).to_be_visible()
    page.context.close()
    chinese_browser = opened(browser, locale="zh-CN")
    chinese_browser.goto(server_url)
    expect(chinese_browser.get_by_label("您的问题")).to_be_visible()
    chinese_browser.context.close()


def test_a_question_without_words_is_asked_again_in_words_in_the_page_language(browser, server_url):
    page = opened(browser, locale="en-US")
    page.goto(server_url)
    ask(page, "???")
    expect(page.locator("#ask-error")).to_have_text("Please ask in words what you want to know.")
    expect(page.get_by_label("Your question")).to_have_attribute("aria-invalid", "true")
    assert page.locator("#conversation .outcome").count() == 0  # nothing was asked
    page.get_by_role("link", name="Chinese (中文)").click()
    page.get_by_label("您的问题").fill("？！")
    page.get_by_label("您的问题").press("Enter")
    expect(page.locator("#ask-error")).to_have_text("请用文字写下您想了解的问题。")
    page.context.close()


MARKUP_HEARING = """\
Budget Hearing

The clerk read out a note: <script>alert('doc')</script> and <img src=x onerror=alert('img')> were found in the minutes of the budget hearing.

The library budget grows by ten percent next year.
"""


def served(root: Path, embedder, files: dict[str, str]) -> Iterator[str]:
    """The chat over a corpus of `files` (name: text), indexed under `root`."""
    corpus = write_corpus(root / "corpus", files)
    build_index(corpus, root / "index", embedder)
    settings = Settings(corpus=corpus, index=root / "index", data=root / "data")
    with serving(create_app(settings, bot=open_bot(root / "index", embedder))) as url:
        yield url


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory, embedder) -> Iterator[str]:
    yield from served(tmp_path_factory.mktemp("markup"), embedder, {"budget.txt": MARKUP_HEARING})


def test_markup_in_a_question_and_in_the_record_is_shown_as_text(browser, markup_server):
    page = opened(browser)
    page.goto(markup_server)
    question = "What was found in the minutes? <img src=x onerror=alert(1)>"
    ask(page, question)
    expect(page.locator("#conversation .question")).to_have_text(f"You asked {question}")
    passage = page.locator("#conversation .passage blockquote").first
    expect(passage).to_contain_text("<script>alert('doc')</script> and <img src=x onerror=alert('img')>")
    assert page.locator("#conversation img, #conversation script").count() == 0
    page.get_by_text("Show the passages").first.click()
    page.locator("#conversation .cite a").first.click()
    page.wait_for_url("**/documents/**")
    expect(page.locator("#p2")).to_contain_text("<script>alert('doc')</script>")
    expect(page.locator(".sentence:target")).to_contain_text("<script>alert('doc')</script>")
    assert page.locator("main img, main script").count() == 0
    page.goto(f"{markup_server}/?q=" + "What was found in the minutes? <script>alert(3)</script>")  # served, then kept
    expect(page.locator(".question").last).to_contain_text("<script>alert(3)</script>")
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.fixture(scope="module")
def deposition_server(tmp_path_factory, embedder) -> Iterator[str]:
    from tests.test_hearings import DEPOSITION

    yield from served(tmp_path_factory.mktemp("deposition-served"), embedder, {"deposition.txt": DEPOSITION})


def test_a_bare_reply_is_shown_with_the_question_it_confirms(browser, deposition_server):
    page = opened(browser)
    page.goto(deposition_server)
    question = "how much did calero spend on guns and ammunition"
    ask(page, question)
    said = "Mr. Calero answered “Correct, sir.” to Mr. Barbadoro's question:"
    answer = page.locator("#conversation .exchange .answer").first
    expect(answer.locator(".lead")).to_have_text(said)
    expect(answer.locator(".answer-sentence")).to_contain_text("$19 million for arms and ammunition")
    page.goto(f"{deposition_server}/?q={question}")  # the page without its script says the same
    expect(page.locator(".answer .lead").last).to_have_text(said)
    page.context.close()
