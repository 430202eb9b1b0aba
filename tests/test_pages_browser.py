"""The staff pages in a real browser: a 360-px phone and the keyboard."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from web.app import create_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def site(seed_settings, seed_bot) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(seed_settings, bot=seed_bot), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": 360, "height": 740})


@pytest.mark.parametrize("path", ["/exchanges", "/speakers", "/speakers/sun-lijie"])
def test_staff_pages_fit_a_360_px_phone(phone, site, path):
    phone.goto(site + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # only the table scrolls sideways


def test_the_exchanges_table_scrolls_inside_its_region(phone, site):
    phone.goto(site + "/exchanges")
    region = phone.locator(".table-scroll")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.get_by_role("region", name="Questions and answers").count() == 1


def test_the_filters_work_by_keyboard_without_javascript(browser, site):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site + "/exchanges")
    page.get_by_label("Official or questioner").focus()
    page.keyboard.press("Tab")  # to the hearing select
    page.keyboard.press("Tab")  # to the Filter button
    assert page.evaluate("document.activeElement.textContent") == "Filter"
    page.get_by_label("Official or questioner").select_option("Che Jinghua")
    page.get_by_role("button", name="Filter").press("Enter")
    page.wait_for_url("**/exchanges?speaker=Che+Jinghua&document=")
    assert page.locator("#exchanges-count").inner_text() == "0 exchanges"
