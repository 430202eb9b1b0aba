"""The staff pages in a real browser: a 360-px phone and the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": 360, "height": 740})


@pytest.mark.parametrize("path", ["/exchanges", "/speakers", "/speakers/sun-lijie"])
def test_staff_pages_fit_a_360_px_phone(phone, server_url, path):
    phone.goto(server_url + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # only the table scrolls sideways


def test_the_exchanges_table_scrolls_inside_its_region(phone, server_url):
    phone.goto(server_url + "/exchanges")
    region = phone.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.get_by_role("region", name="Questions and answers").count() == 1


def test_the_filters_work_by_keyboard_without_javascript(browser, server_url):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(server_url + "/exchanges")
    page.get_by_label("Official or questioner").focus()
    page.keyboard.press("Tab")  # to the hearing select
    page.keyboard.press("Tab")  # to the Filter button
    assert page.evaluate("document.activeElement.textContent") == "Filter"
    page.get_by_label("Official or questioner").select_option("Che Jinghua")
    page.get_by_role("button", name="Filter").press("Enter")
    page.wait_for_url("**/exchanges?speaker=Che+Jinghua&document=")
    assert page.locator("#exchanges-count").inner_text() == "0 exchanges"
