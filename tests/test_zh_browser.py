"""Asking in Chinese in the Chinese interface, in a real browser: the English record answers, the lead and every
message of the product's own are Chinese, the quoted record stays as recorded, and the highlight is marked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from web.i18n import MESSAGES

pytestmark = pytest.mark.browser
ZH = MESSAGES["zh"]


def english_messages() -> list[str]:
    """The English interface's messages that differ from the Chinese ones, cut at their placeholders."""
    pieces = []
    for key, text in MESSAGES["en"].items():
        if text != ZH[key]:
            pieces += [piece.strip(" :'") for piece in re.split(r"\{\w+\}", text)]
    return [piece for piece in pieces if len(piece) >= 4]


def product_text(page: Page) -> str:
    """The page's visible text without the record's own words: quoted passages, speaker lines, citations, the
    highlight quoted after the answer's lead, and the questions asked."""
    return page.evaluate("""() => {
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('blockquote, .speaker, .cite, .quoted, .question, script').forEach(n => n.remove());
        return copy.innerText;
    }""")


def ask(page: Page, question: str) -> None:
    page.get_by_label(ZH["your_question"]).fill(question)
    page.get_by_label(ZH["your_question"]).press("Enter")


def test_a_chinese_question_in_the_chinese_interface_is_answered_in_chinese_from_the_english_record(
    browser, server_url
):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{server_url}/?lang=zh")
    ask(page, "谁回答了林青的问题？")
    exchange = page.locator("#conversation .exchange")
    # The first Chinese question over this record loads the dictionary (a server loads it as it starts).
    expect(exchange).to_have_count(1, timeout=60_000)
    answer = exchange.locator(".answer")
    # The lead says who answered whom in Chinese; the names and role are quoted as the record gives them.
    expect(answer).to_contain_text("Sun Lijie (member of the Standing Committee")
    expect(answer).to_contain_text("回答了Lin Qing的问题：")
    expect(answer.locator(".quoted")).to_have_attribute("lang", "en")
    expect(exchange.locator("blockquote").first).to_have_attribute("lang", "en")
    expect(exchange.locator(".source-note")).to_have_text(ZH["source_other"])
    expect(exchange.locator(".passages-title")).to_have_text(ZH["from_record"])

    ask(page, "宣传部长是谁？")  # a role asked in Chinese: the English sentence naming its holder is marked
    expect(exchange).to_have_count(2)
    mark = exchange.nth(1).locator(".answer .answer-sentence")
    expect(mark).to_contain_text("Sun Lijie")
    expect(mark).to_contain_text("Minister of Propaganda")
    assert exchange.nth(1).locator(".answer").inner_text() == mark.inner_text()

    ask(page, "动物园几点开门？")  # the record does not say: refused in Chinese
    expect(exchange).to_have_count(3)
    expect(exchange.nth(2).locator(".answer")).to_have_text(ZH["not_in_record"])

    shown = product_text(page)
    assert [message for message in english_messages() if message in shown] == []


def test_a_chinese_follow_up_asks_the_previous_question_about_another_bureau(browser, server_url):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{server_url}/?lang=zh")
    ask(page, "商务局谁来了？")
    exchange = page.locator("#conversation .exchange")
    expect(exchange).to_have_count(1, timeout=60_000)
    expect(exchange.first.locator(".answer")).to_contain_text("Li Suman")
    ask(page, "那体育局呢？")  # 'and the sports bureau?': the same question about another bureau
    expect(exchange).to_have_count(2)
    expect(exchange.nth(1)).to_contain_text(f"{ZH['understood']}")
    expect(exchange.nth(1)).to_contain_text("体育局谁来了？")
    expect(exchange.nth(1).locator(".answer")).to_contain_text("Che Jinghua")
    page.context.close()


def test_the_staff_pages_speak_chinese_in_the_chinese_interface(browser, server_url):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{server_url}/exchanges?lang=zh")
    expect(page.get_by_role("heading", level=1)).to_have_text(ZH["exchanges_heading"])
    expect(page.locator("#exchanges-caption")).to_have_text(ZH["exchanges_caption"])
    expect(page.get_by_role("columnheader", name=ZH["col_answered_by"])).to_be_visible()
    page.goto(f"{server_url}/speakers?lang=zh")
    expect(page.get_by_role("heading", level=1)).to_have_text(ZH["speakers_title"])
    assert [message for message in english_messages() if message in product_text(page)] == []


def test_the_widget_frame_in_chinese_answers_a_chinese_question_in_chinese(browser, server_url):
    page = browser.new_context(locale="en-GB").new_page()  # the frame's language comes from data-lang, not the browser
    page.goto(f"{server_url}/embed?lang=zh")
    ask(page, "林青问了什么？")
    exchange = page.locator("#conversation .exchange")
    expect(exchange).to_have_count(1, timeout=60_000)
    expect(exchange.locator(".answer")).to_contain_text("提问：")
    expect(exchange.locator(".answer .quoted")).to_contain_text("The impact of the epidemic")
    expect(exchange.locator(".source-note")).to_have_text(ZH["source_other"])
    assert [message for message in english_messages() if message in product_text(page)] == []
