"""The pages in a real browser: Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect


pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def ask(page: Page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def test_chat_answers_with_highlight_and_a_citation_that_opens_the_paragraph(page, server_url):
    page.goto(server_url)
    ask(page, "Which textile park is mentioned?")
    answer = page.locator("#conversation .exchange").last
    expect(answer.locator(".answer")).to_contain_text("Salma Fashion Textile Park")
    expect(answer.locator("mark").first).to_contain_text("Salma Fashion Textile Park")
    expect(page.get_by_label("Your question")).to_have_value("")
    ask(page, "Who is the Minister of Propaganda?")
    expect(page.locator("#conversation .exchange")).to_have_count(2)
    first = page.locator("#conversation .exchange").first
    first.get_by_text("Show the passages").click()
    first.locator(".cite a").first.click()
    page.wait_for_url("**/documents/**#p*-s*")
    anchor = page.url.split("#")[1]
    target = page.locator(f"#{anchor}")
    expect(target).to_contain_text("Salma Fashion Textile Park")
    background = target.evaluate("node => getComputedStyle(node).backgroundColor")
    assert background == "rgb(255, 241, 168)"  # the :target highlight, on the sentence


def test_the_chat_can_be_used_by_keyboard_alone(page, server_url):
    page.goto(server_url)
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(3):
        if page.evaluate("document.activeElement.id") == "question":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "question"
    page.keyboard.type("What swimming competition is coming?")
    page.keyboard.press("Enter")
    expect(page.locator("#conversation .answer")).to_contain_text("National Swimming Championship")
    expect(page.locator("#conversation")).to_have_attribute("aria-live", "polite")


def test_the_form_works_without_javascript(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server_url)
    page.get_by_label("Your question").fill("Which health forum will Qingdao host?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator(".answer")).to_contain_text("Boao Forum for Asia Global Health Forum")
    context.close()


def test_hostile_input_is_shown_as_text_and_runs_nothing(page, server_url):
    page.goto(server_url)
    hostile = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    ask(page, hostile)
    expect(page.locator("#conversation .question")).to_contain_text(hostile)
    assert page.locator("#conversation img").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_abstention_is_shown_honestly(page, server_url):
    page.goto(server_url)
    ask(page, "What time does the zoo open?")
    expect(page.locator("#conversation .answer")).to_contain_text("The record does not say")
    expect(page.locator("#conversation .outcome")).to_contain_text("The record does not say")
    expect(page.locator("#conversation .passage")).to_have_count(0)  # nothing unrelated offered as related


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_chat(browser, server_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(server_url)
    ask(page, "What did Lin Qing ask about?")
    expect(page.locator("#conversation .answer")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0  # nothing sticks out sideways, even on a small phone
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"chat-{width}.png"), full_page=True)
    context.close()
