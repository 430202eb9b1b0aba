"""The widget on a city's page, served from a second origin with its own (unfriendly) CSS, in a real browser."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Rules a real city site might have: a big base font, a serif face, loud buttons and headings, a reset that shows
# [hidden] things, every child of body lifted into a stacking context, bordered frames of a fixed height.
HOSTILE_CSS = """
html { font-size: 24px; }
body { margin: 0; font-family: Georgia, serif; line-height: 2; color: #222; background: #fffbe6; }
* { box-sizing: content-box; letter-spacing: .05em; }
body > * { position: relative !important; z-index: 1; }
button { background: hotpink !important; color: #000 !important; font-size: 30px !important;
         padding: 30px !important; border: 6px dashed red !important; border-radius: 0 !important; }
h2 { text-transform: uppercase; color: red !important; font-size: 40px !important; }
[hidden] { display: block !important; }
iframe { border: 8px solid orange; height: 150px !important; max-width: 100%; }
header, footer { padding: 1rem 2rem; background: #003366; color: white; }
main { padding: 2rem; }
"""


def host_page(app_url: str) -> bytes:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>City of Example</title><style>{HOSTILE_CSS}</style></head>
<body>
<header id="host-header"><h1>City of Example</h1><nav><a href="#">Council</a> <a href="#">Hearings</a></nav></header>
<main id="host-main"><h2 id="host-h2">Public hearings</h2>
<p id="host-text">The council holds public hearings every month. Ask our assistant about what was said.</p>
<button id="host-button" type="button">Subscribe</button></main>
<footer id="host-footer">City of Example</footer>
<script src="{app_url}/widget.js" data-title="Ask the hearings" data-lang="en" data-position="right" defer></script>
</body></html>""".encode()


def branded_page(app_url: str) -> bytes:
    """A city page that sets every attribute of the tag and opens the chat from its own buttons."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>City of Example</title><style>{HOSTILE_CSS}</style></head>
<body>
<main id="host-main"><h2>Public hearings</h2>
<button id="ask-us" type="button">Ask us about the hearings</button>
<button id="by-event" type="button">Questions?</button></main>
<script>
document.getElementById("ask-us").addEventListener("click", function () {{ window.cityqa.open(); }});
document.getElementById("by-event").addEventListener("click", function () {{
  document.dispatchEvent(new Event("cityqa:open")); }});
</script>
<script src="{app_url}/widget.js" data-title="Ask the hearings" data-lang="en" data-color="#ffd700"
  data-welcome="Hello! Ask me what was said at the hearings."
  data-suggestions="Which health forum will Qingdao host? | Who is the director of the sports bureau?"
  data-open="true" defer></script>
</body></html>""".encode()


class _HostPage(BaseHTTPRequestHandler):
    def __init__(self, pages: dict[str, bytes], *args, **kwargs) -> None:
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        body = self.pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def city_sites(staff_server) -> Iterator[tuple[str, str]]:
    """The same city page from an allowed origin and from one that is not on the allowlist."""
    pages = {"/": host_page(staff_server.url), "/branded": branded_page(staff_server.url)}
    servers = [ThreadingHTTPServer(("127.0.0.1", port), partial(_HostPage, pages))
               for port in (staff_server.allowed_port, staff_server.other_port)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://127.0.0.1:{s.server_address[1]}/" for s in servers)
    for server in servers:
        server.shutdown()
        server.server_close()


HOST_ELEMENTS = ["#host-header", "#host-h2", "#host-text", "#host-button", "#host-footer"]


def boxes(page: Page) -> list[dict]:
    return [page.locator(selector).bounding_box() for selector in HOST_ELEMENTS]


def test_the_widget_answers_on_a_city_page_and_leaves_its_layout_alone(browser: Browser, city_sites):
    allowed, _ = city_sites
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(allowed)
    launcher = page.get_by_role("button", name="Ask the hearings")
    expect(launcher).to_be_visible()
    before = boxes(page)
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 92, 173)"  # not hotpink
    assert launcher.evaluate("b => getComputedStyle(b).fontSize") == "16px"
    assert page.locator("cityqa-widget [role=dialog]").is_hidden()  # [hidden] stays hidden despite the page's reset
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    chat = page.frame_locator("cityqa-widget iframe")
    expect(chat.get_by_label("Your question")).to_be_focused()
    chat.get_by_label("Your question").fill("Which health forum will Qingdao host?")
    chat.get_by_label("Your question").press("Enter")
    answer = chat.locator("#conversation .exchange").last
    expect(answer.locator(".answer")).to_contain_text("Boao Forum for Asia Global Health Forum")
    citation = answer.locator(".cite a").first
    expect(citation).to_have_text("International Fashion City Construction Offensive Questioning and Defense Meeting (Qingdao), ¶12")
    assert re.search(r"#p12-s\d+$", citation.get_attribute("href")) and citation.get_attribute("target") == "_blank"
    frame_box = page.locator("cityqa-widget iframe").bounding_box()
    assert frame_box["height"] > 400  # the page's `iframe { height: 150px !important }` does not reach it
    assert boxes(page) == before
    assert page.evaluate("document.styleSheets.length") == 1  # the page's own: the widget added none
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-open-1280.png"))
    chat.get_by_label("Your question").press("Escape")
    expect(page.locator("cityqa-widget [role=dialog]")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert dialogs == []
    context.close()


def test_the_widget_fills_a_phone_screen_and_closes_by_keyboard(browser: Browser, city_sites):
    allowed, _ = city_sites
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(allowed)
    launcher = page.get_by_role("button", name="Ask the hearings")
    launcher.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Ask the hearings")
    expect(dialog).to_be_visible()
    assert dialog.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 740}
    chat = page.frame_locator("cityqa-widget iframe")
    expect(chat.get_by_label("Your question")).to_be_focused()
    assert chat.locator("html").evaluate("h => h.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-open-360.png"))
    page.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    context.close()


def test_a_site_not_on_the_allowlist_cannot_frame_the_chat(browser: Browser, city_sites, staff_server):
    _, other = city_sites
    context = browser.new_context()
    page = context.new_page()
    page.goto(other)
    with page.expect_response(f"{staff_server.url}/embed?lang=en") as embed:
        page.get_by_role("button", name="Ask the hearings").click()
    assert embed.value.status == 200
    assert embed.value.headers["content-security-policy"].endswith(
        f"frame-ancestors 'self' http://127.0.0.1:{staff_server.allowed_port}")
    frame = page.locator("cityqa-widget iframe").element_handle().content_frame()
    page.wait_for_timeout(500)
    assert frame.url.startswith("chrome-error://")  # Chromium replaced the refused document with its error page
    assert frame.locator("#question").count() == 0
    context.close()


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}
FOLLOW_UPS = [  # (first question, follow-up, the follow-up as understood, what its answer names)
    ("Who is the director of the sports bureau?", "and the commerce bureau?",
     "Who is the director of the commerce bureau?", "Li Suman"),
    ("What did Sun Lijie say?", "what else did he say?", "what did Sun Lijie say?", "Sun Lijie"),
    ("What did Sun Lijie say?", "and Li Suman?", "What did Li Suman say?", "Li Suman"),
]


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_the_widget_takes_its_colour_welcome_suggestions_and_opens_from_the_page(browser: Browser, city_sites,
                                                                                 screen):  # fmt: skip
    allowed, _ = city_sites
    context = browser.new_context(**VIEWPORTS[screen])
    page = context.new_page()
    page.goto(allowed + "branded")
    dialog = page.get_by_role("dialog", name="Ask the hearings")
    expect(dialog).to_be_visible()  # data-open
    chat = page.frame_locator("cityqa-widget iframe")
    expect(chat.locator(".welcome")).to_have_text("Hello! Ask me what was said at the hearings.")
    expect(chat.locator("a.suggestion")).to_have_text(["Which health forum will Qingdao host?",
                                                       "Who is the director of the sports bureau?"])
    assert page.evaluate("document.activeElement.tagName") == "BODY"  # opened at load without taking focus
    launcher = page.locator("cityqa-widget").locator("button.launcher")
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 215, 0)"
    assert launcher.evaluate("b => getComputedStyle(b).color") == "rgb(27, 31, 36)"  # dark ink reads on gold
    ask_button = chat.get_by_role("button", name="Ask")
    expect(ask_button).not_to_have_css("background-color", "rgb(11, 92, 173)")  # the city's colour, made readable
    chat.get_by_role("link", name="Which health forum will Qingdao host?").click()
    expect(chat.locator("#conversation .answer")).to_contain_text("Boao Forum for Asia Global Health Forum")
    expect(chat.locator(".welcome")).to_be_visible()  # the welcome stays at the top of the conversation
    if screen == "desktop":  # on a phone the open chat covers the page's buttons
        page.locator("#ask-us").focus()
    page.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    page.locator("#ask-us").click()  # the page's own button
    expect(dialog).to_be_visible()
    expect(chat.get_by_label("Your question")).to_be_focused()
    chat.get_by_label("Your question").press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#ask-us")).to_be_focused()  # focus goes back to the button that opened it
    page.locator("#by-event").click()  # a custom event opens it too
    expect(dialog).to_be_visible()
    if screen == "desktop":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-branded-1280.png"))
    context.close()


@pytest.mark.parametrize(("first", "follow_up", "understood", "named"), FOLLOW_UPS)
def test_follow_ups_in_the_widget(browser: Browser, city_sites, first, follow_up, understood, named):
    allowed, _ = city_sites
    context = browser.new_context(**VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(allowed)
    page.get_by_role("button", name="Ask the hearings").click()
    chat = page.frame_locator("cityqa-widget iframe")
    for number, question in enumerate((first, follow_up), start=1):
        chat.get_by_label("Your question").fill(question)
        chat.get_by_label("Your question").press("Enter")
        expect(chat.locator("#conversation .exchange")).to_have_count(number)
    card = chat.locator("#conversation .exchange").last
    expect(card.locator(".understood")).to_have_text(f"Understood as {understood}")
    expect(card.locator(".answer")).to_contain_text(named)
    context.close()
