"""axe-core finds no accessibility violation on the pages (node_modules/axe-core, installed by `make test`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Page) -> list[str]:
    """axe's violations on the page as 'rule: selector, selector'; the pages' CSP is bypassed to inject axe."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root (make test does)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document)).violations.map(
        v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")


@pytest.fixture(scope="module")
def axe_page(browser: Browser) -> Page:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def document_path(seed_bot) -> str:
    return f"/documents/{next(iter(seed_bot.index.store.document_infos()))}"


@pytest.mark.parametrize("path", ["/", "/?lang=zh", "/embed", "/exchanges", "/speakers", "/speakers/sun-lijie",
                                  "DOCUMENT", "/admin", "/embed?color=%23ffd700&welcome=Hello&suggest=Who%3F",
                                  "/exchanges?official=Sun+Lijie&page=1", "/speakers/li-suman", "SHARED",
                                  "CITATION"])
def test_pages_have_no_axe_violations(axe_page, staff_server, seed_bot, path):
    if path in ("SHARED", "CITATION"):
        axe_page.goto(staff_server.url)
        axe_page.locator("#question").fill("Which health forum will Qingdao host?")
        axe_page.locator("#question").press("Enter")
        card = axe_page.locator("#conversation .exchange").last
        link = card.locator(".share" if path == "SHARED" else ".cite a").first.get_attribute("href")
        axe_page.goto(staff_server.url + link)
    else:
        axe_page.goto(staff_server.url + (document_path(seed_bot) if path == "DOCUMENT" else path))
    assert violations(axe_page) == []


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_an_answered_chat_has_no_axe_violations(axe_page, staff_server, path):
    axe_page.goto(staff_server.url + path)
    axe_page.evaluate("localStorage.clear()")  # the context keeps the conversations of the tests before
    axe_page.reload()
    axe_page.locator("#question").fill("What did Lin Qing ask about?")
    axe_page.locator("#question").press("Enter")
    expect(axe_page.locator("#conversation .exchange")).to_have_count(1)
    axe_page.locator("#question").fill("What time does the zoo open?")
    axe_page.locator("#question").press("Enter")
    expect(axe_page.locator("#conversation .exchange")).to_have_count(2)
    first = axe_page.locator("#conversation .exchange").first
    first.get_by_text("Show the passages").click()
    first.locator("details.chip > summary").first.click()  # a preview open, and the passages
    expect(first.locator(".chip .preview").first).to_be_visible()
    assert violations(axe_page) == []


@pytest.mark.parametrize("path", ["/exchanges", "/speakers/sun-lijie", "/"])
def test_phone_pages_have_no_axe_violations(browser, staff_server, path):
    """At 360 px /exchanges is a card per exchange, and the chat's card opens a preview over the answer."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(staff_server.url + path)
    if path == "/":
        page.locator("#question").fill("What did Lin Qing ask about?")
        page.locator("#question").press("Enter")
        page.locator("details.chip > summary").first.tap()
        expect(page.locator(".chip .preview").first).to_be_visible()
    assert violations(page) == []
    context.close()


def test_the_signed_in_staff_view_has_no_axe_violations(axe_page, staff_server):
    axe_page.goto(staff_server.url + "/?q=When%20is%20the%20next%20marathon%20in%20Qingdao%3F")
    axe_page.goto(staff_server.url + "/admin")
    axe_page.get_by_label("Access token").fill(ADMIN_TOKEN)
    axe_page.get_by_role("button", name="Sign in").click()
    expect(axe_page.get_by_role("heading", name="Staff view")).to_be_visible()
    expect(axe_page.locator("table.unanswered")).to_contain_text("When is the next marathon in Qingdao?")
    assert violations(axe_page) == []


def test_axe_does_report_a_broken_page(axe_page, staff_server):
    """The check is not vacuous: a chat whose input lost its label is reported."""
    axe_page.goto(staff_server.url)
    axe_page.evaluate("document.querySelector('label[for=question]').remove();"
                      "document.getElementById('question').removeAttribute('placeholder')")
    assert violations(axe_page) == ["label: #question"]
