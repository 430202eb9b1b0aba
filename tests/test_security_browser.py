"""The security headers as a browser meets them, from `cityqa serve` as it runs in production: every page works
under its Content-Security-Policy without one violation, an injected inline script is refused, and every
response says nosniff and a referrer policy and names no server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import httpx
import pytest
from playwright.sync_api import Browser, Page, Response, expect

from tests.conftest import ADMIN_TOKEN, cityqa_serving

pytestmark = pytest.mark.browser
EMBEDDING_ORIGIN = "https://city.example"
# Added by Playwright to every document before the page's own scripts, and not subject to the page's CSP.
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  `${event.effectiveDirective} refused ${event.blockedURI || "?"} (${event.sourceFile}:${event.lineNumber})`));
"""
INJECT_INLINE_SCRIPTS = """() => {
  const script = document.createElement("script");
  script.textContent = "(window.__pwned ||= []).push('script element')";
  document.head.append(script);
  const button = document.createElement("button");
  button.setAttribute("onclick", "(window.__pwned ||= []).push('event handler attribute')");
  document.body.append(button);
  button.click();
}"""


@pytest.fixture(scope="module")
def served(seed_paths, tmp_path_factory) -> Iterator[str]:
    """`cityqa serve` over the seed index, with /admin on and one site allowed to embed the chat."""
    corpus, index = seed_paths
    environment = {"CITYQA_DATA": str(tmp_path_factory.mktemp("served")), "CITYQA_ADMIN_TOKEN": ADMIN_TOKEN,
                   "CITYQA_ALLOWED_ORIGINS": EMBEDDING_ORIGIN, "CITYQA_RATE_LIMIT": ""}  # fmt: skip
    with cityqa_serving(corpus, index, environment) as url:
        yield url


class Watched(NamedTuple):
    page: Page
    csp_console: list[str]  # what the console said about the CSP, on every document the page showed
    responses: list[Response]  # every response the page received from the server


@pytest.fixture
def watched(browser: Browser, served: str) -> Iterator[Watched]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    csp_console: list[str] = []
    page.on("console", lambda message: csp_console.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response) if response.url.startswith(served) else None)
    yield Watched(page, csp_console, responses)
    context.close()


def ask(page: Page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def chatted(page: Page) -> None:
    """Asks a question the record answers and one it does not, through the page's own script."""
    ask(page, "Which textile park is mentioned?")
    expect(page.locator("#conversation .answer")).to_contain_text("Salma Fashion Textile Park")
    ask(page, "What time does the zoo open?")
    expect(page.locator("#conversation .reply.abstained .answer")).to_contain_text("The record does not say")


def filtered(page: Page) -> None:
    page.locator("#official").select_option(index=1)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/exchanges?official=*")


def to_a_speaker(page: Page) -> None:
    page.locator("table.speakers a").first.click()
    page.wait_for_url("**/speakers/*")


def to_a_cited_paragraph(page: Page) -> None:
    page.locator(".turn-head a").first.click()
    page.wait_for_url("**/documents/*#p*")
    read(page)


def read(page: Page) -> None:
    """The document view shows the paragraph its URL names."""
    expect(page.locator(f"#{page.url.split('#')[1]}")).to_be_visible()


def signed_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Access token")).to_be_visible()


def signed_in(page: Page) -> None:
    page.get_by_label("Access token").fill(ADMIN_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Staff view")).to_be_visible()


# Each page and how a person uses it there (/admin is opened signed in). The chat pages run their own script.
PAGES: dict[str, Callable[[Page], None]] = {
    "/": chatted,
    "/embed": chatted,
    "/exchanges": filtered,
    "/speakers": to_a_speaker,
    "/speakers/sun-lijie": to_a_cited_paragraph,
    "DOCUMENT": read,
    "/admin": signed_out,
}


def opened(watched: Watched, served: str, path: str) -> Response:
    """The page at `path` loaded, signed in for /admin; the response of its document."""
    page = watched.page
    if path == "DOCUMENT":  # a cited paragraph of the first exchange, as the server's API names it
        path = httpx.get(f"{served}/api/exchanges", timeout=30).json()[0]["document"]["url"] + "#p1"
    response = page.goto(served + path)
    if path == "/admin":
        signed_in(page)
        response = page.goto(served + "/admin")
    return response


def violations(page: Page, expected: int = 0) -> list[str]:
    """The page's CSP violations so far; with `expected`, once that many have been reported (or after 5 s).

    The events are queued as tasks after the refusal; Playwright's wait_for_function polls with eval,
    which the CSP under test refuses, so this polls from here."""
    for _ in range(100):
        found = page.evaluate("window.__violations")
        if len(found) >= expected:
            return found
        page.wait_for_timeout(50)
    return found


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_used_under_its_csp_without_a_violation(watched, served, path):
    page = watched.page
    opened(watched, served, path)
    PAGES[path](page)
    assert violations(page) == []  # on the last document
    assert watched.csp_console == []  # on every document of the visit


@pytest.mark.parametrize("path", PAGES)
def test_an_inline_script_injected_into_each_page_is_refused(watched, served, path):
    page = watched.page
    opened(watched, served, path)
    assert violations(page) == []
    page.evaluate(INJECT_INLINE_SCRIPTS)
    refused = violations(page, expected=2)
    assert page.evaluate("window.__pwned") is None  # neither ran
    assert [violation.split(" ")[0] for violation in refused] == ["script-src-elem", "script-src-attr"]
    assert len(watched.csp_console) == 2 and all("script-src 'self'" in m for m in watched.csp_console)


def test_the_same_injection_runs_when_the_csp_is_bypassed(browser, served):
    """The check above is not vacuous: without the policy, the injected script does run."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(served)
    page.evaluate(INJECT_INLINE_SCRIPTS)
    assert page.evaluate("window.__pwned") == ["script element", "event handler attribute"]
    context.close()


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: [sources]}."""
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("path", PAGES)
def test_the_browser_gets_strict_headers_and_no_server_banner(watched, served, path):
    document = opened(watched, served, path)
    assert document.status == 200
    csp = policy(document.all_headers()["content-security-policy"])
    ancestors = ["'self'", EMBEDDING_ORIGIN] if path == "/embed" else ["'self'"]
    assert csp == {"default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
                   "img-src": ["'self'", "data:"], "object-src": ["'none'"], "base-uri": ["'none'"],
                   "form-action": ["'self'"], "frame-ancestors": ancestors}  # fmt: skip
    kinds = {response.request.resource_type for response in watched.responses}
    assert {"document", "stylesheet"} <= kinds  # the page's own files are among the responses checked
    for response in watched.responses:
        headers = response.all_headers()
        assert headers.get("x-content-type-options") == "nosniff", response.url
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", response.url
        assert "server" not in headers, (response.url, headers.get("server"))
