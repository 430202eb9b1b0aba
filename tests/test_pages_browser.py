"""The staff pages in a real browser: /exchanges with every column on a desktop and a card per exchange on a
phone, its pages and filters; speaker pages; the keyboard. A generated council corpus gives more than a page."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot import open_bot
from index import build_index
from tests.conftest import serving, write_corpus
from web.app import create_app
from web.settings import Settings

pytestmark = pytest.mark.browser
OFFICIALS = [("Ana Ruiz", "Director of the Port Authority"), ("Eva Holm", "Director of the Water Board")]
TOPICS = ["the ferry terminal", "the harbour wall", "the fish market", "the tram depot", "the water mains",
          "the sea baths", "the lighthouse", "the dry dock"]


def council_corpus() -> dict[str, str]:
    """Two dated hearings of 16 and 14 exchanges; Tom Becker is named in each roster but never speaks."""
    files: dict[str, str] = {}
    for number, (date, count) in enumerate((("2024-03-03", 16), ("2024-09-12", 14)), start=1):
        paragraphs = [f"Council Hearing {number}",
                      f"On {date} the council hearing was held. Ana Ruiz, Director of the Port Authority, Eva Holm, "
                      "Director of the Water Board, and Tom Becker, Head of the Parks Department, answered questions."]
        for i in range(count):
            topic = TOPICS[i % len(TOPICS)]
            official, role = OFFICIALS[i % 2]
            asker = ("Mia Lund", "member of the city council") if i % 3 else ("Noor Haddad", "resident of the old town")
            paragraphs.append(f"{asker[0]}, {asker[1]}: What is the plan number {i + 1} for {topic}?")
            paragraphs.append(f"{official}, {role}: Plan number {i + 1} for {topic} starts in week {i + 2}.")
        files[f"hearing-{number}.txt"] = "\n\n".join(paragraphs) + "\n"
        files[f"hearing-{number}.meta.json"] = json.dumps({"title": f"Council Hearing {number}", "date": date})
    return files


@pytest.fixture(scope="module")
def council_url(tmp_path_factory, embedder) -> Iterator[str]:
    root = tmp_path_factory.mktemp("council")
    corpus = write_corpus(root / "corpus", council_corpus())
    build_index(corpus, root / "index", embedder)
    settings = Settings(corpus=corpus, index=root / "index", data=root / "data", rate_limit="")
    with serving(create_app(settings, bot=open_bot(root / "index", embedder))) as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": 360, "height": 740})


@pytest.fixture(scope="module")
def desktop(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": 1280, "height": 900})


@pytest.mark.parametrize("path", ["/exchanges", "/speakers", "/speakers/sun-lijie", "/speakers/li-suman"])
def test_staff_pages_fit_a_360_px_phone(phone, server_url, path):
    phone.goto(server_url + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_exchanges_show_every_column_at_1280_px(desktop, council_url):
    desktop.goto(council_url + "/exchanges")
    headers = desktop.locator("table.exchanges thead th")
    expect(headers).to_have_text(["Hearing", "Asked by", "Question", "Answered by", "Answer", "Source"])
    for i in range(6):
        expect(headers.nth(i)).to_be_visible()
        assert headers.nth(i).bounding_box()["x"] + headers.nth(i).bounding_box()["width"] <= 1280
    table = desktop.locator("table.exchanges")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")  # nothing hidden in a scroll box
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1280
    first_source = desktop.locator("table.exchanges tbody tr").first.locator("td").last.get_by_role("link")
    expect(first_source).to_be_in_viewport()


def test_exchanges_are_cards_on_a_phone(phone, council_url):
    phone.goto(council_url + "/exchanges")
    row = phone.locator("table.exchanges tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    assert row.bounding_box()["width"] <= 360
    label = row.locator("td").nth(4).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Answer"'
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_exchanges_come_25_to_a_page(desktop, council_url):
    desktop.goto(council_url + "/exchanges")
    expect(desktop.locator("#exchanges-count")).to_have_text("1–25 of 30 exchanges")
    expect(desktop.locator("table.exchanges tbody tr")).to_have_count(25)
    desktop.get_by_role("link", name="Next →").click()
    desktop.wait_for_url("**/exchanges?page=2")
    expect(desktop.locator("#exchanges-count")).to_have_text("26–30 of 30 exchanges")
    expect(desktop.locator("table.exchanges tbody tr")).to_have_count(5)
    expect(desktop.get_by_role("link", name="Next →")).to_have_count(0)
    expect(desktop.get_by_role("navigation", name="Pages of exchanges")).to_contain_text("Page 2 of 2")


def test_exchanges_filter_by_official_questioner_hearing_and_date_without_javascript(browser, council_url):
    page = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}).new_page()
    page.goto(council_url + "/exchanges")
    page.get_by_label("Official (answered)").select_option("Eva Holm")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#exchanges-count")).to_have_text("15 exchanges")
    answerers = page.locator("table.exchanges tbody tr td:nth-child(4)")
    assert set(answerers.all_inner_texts()) == {"Eva Holm\nDirector of the Water Board"}
    page.get_by_label("Questioner (asked)").select_option("Noor Haddad")
    page.get_by_label("Date").select_option("2024-09-12")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/exchanges?official=Eva+Holm&questioner=Noor+Haddad&document=&date=2024-09-12")
    expect(page.locator("#exchanges-count")).to_have_text("2 exchanges")  # the 4th and 10th of hearing 2
    expect(page.locator("table.exchanges tbody tr td:first-child")).to_have_text(
        ["Council Hearing 22024-09-12", "Council Hearing 22024-09-12"])  # the title, a line break, the date
    page.get_by_label("Hearing").select_option(label="Council Hearing 1 (2024-03-03)")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#exchanges-count")).to_have_text("0 exchanges")
    page.context.close()


def test_the_filters_work_by_keyboard(browser, server_url):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(server_url + "/exchanges")
    page.get_by_label("Official (answered)").focus()
    for _ in range(3):  # questioner, hearing, date
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # to the Filter button
    assert page.evaluate("document.activeElement.textContent") == "Filter"
    page.get_by_label("Official (answered)").select_option("Sun Lijie")
    page.get_by_role("button", name="Filter").press("Enter")
    page.wait_for_url("**/exchanges?official=Sun+Lijie&questioner=&document=&date=")
    assert page.locator("#exchanges-count").inner_text() == "1 exchange"
    page.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_speaker_page_lists_every_statement_or_says_they_do_not_speak(browser, council_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(council_url + "/speakers/eva-holm")
    statements = page.locator("ol.turns > li")
    expect(statements).to_have_count(15)
    expect(statements.first.locator(".turn-head")).to_contain_text("Council Hearing 1, ¶")
    expect(statements.first.locator(".turn-date")).to_have_text("2024-03-03")
    expect(statements.last.locator(".turn-date")).to_have_text("2024-09-12")
    page.goto(council_url + "/speakers/tom-becker")
    expect(page.locator("#silent")).to_have_text(
        "Tom Becker is named in the record as Head of the Parks Department, but does not speak in it: no question, "
        "answer or other statement of theirs is recorded.")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(council_url + "/speakers")
    expect(page.get_by_role("row", name="Tom Becker")).to_contain_text("0 (named, does not speak)")
    page.close()
