"""/api/docs renders the API's operations in a real browser, offline: every asset comes from this server, and the
page runs under its Content-Security-Policy without one violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_security_browser import LISTEN_FOR_VIOLATIONS

pytestmark = pytest.mark.browser


def test_the_api_docs_render_every_operation_offline_under_the_csp(browser, server_url):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    elsewhere: list[str] = []

    def offline(route) -> None:  # noqa: ANN001 - Playwright's Route
        if route.request.url.startswith(server_url):
            route.continue_()
        else:  # as on a machine without internet: nothing outside this server answers
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(f"{server_url}/api/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for method, path in [("POST", "/api/ask"), ("POST", "/api/feedback"), ("GET", "/api/speakers"),
                         ("GET", "/api/exchanges"), ("GET", "/healthz")]:  # fmt: skip
        operation = page.locator(f".opblock-{method.lower()}").filter(
            has=page.locator(".opblock-summary-path", has_text=path)
        )
        expect(operation.first).to_be_visible()
    expect(page.locator(".info .title")).to_contain_text("cityqa")
    page.locator(".opblock-post .opblock-summary").first.click()  # an operation opens, with its parameters
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert page.evaluate("window.__violations") == []
    assert elsewhere == [] and console == []
    context.close()
