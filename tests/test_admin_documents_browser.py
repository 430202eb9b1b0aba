"""Staff add a hearing in a real browser: upload, preview its exchanges, correct a speaker's role, publish; a
citizen's question is then answered from it with the corrected role, without a restart; removed, it is gone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ADMIN_TOKEN, serving
from tests.test_accessibility_browser import violations
from tests.test_admin_documents import FIXTURES, QUESTION, staff_app

pytestmark = pytest.mark.browser
BUILD_MS = 180_000  # a build on a busy shared machine; the test waits for the page to say it is done
ROLE = "White House Press Secretary"
TITLE = re.compile(r"Press Briefing by Press Secretary")


def sign_in(browser: Browser, url: str) -> Page:
    page = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url + "/admin")
    page.get_by_label("Access token").fill(ADMIN_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Documents: add, correct and remove hearings").click()
    expect(page.get_by_role("heading", name="Documents", exact=True)).to_be_visible()
    return page


def ask(page: Page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def test_staff_add_a_hearing_correct_a_role_publish_and_remove_it(browser, tmp_path, embedder):
    _, app = staff_app(tmp_path, embedder)
    with serving(app) as url:
        staff = sign_in(browser, url)
        assert violations(staff) == []
        staff.get_by_label(re.compile("^Files")).set_input_files(FIXTURES / "whitehouse_briefing_excerpt.md")
        staff.get_by_role("button", name="Upload and preview").click()

        expect(staff.locator("h1")).to_contain_text("Preview: Press Briefing")
        exchanges = staff.locator(".preview-exchanges > li")
        expect(exchanges).to_have_count(3)
        expect(exchanges.nth(2)).to_contain_text("How involved will he be in that process?")
        expect(exchanges.nth(2)).to_contain_text("→ Jen Psaki (Press Secretary): He will be quite involved.")
        assert violations(staff) == []
        speaker = staff.locator(".speaker-fix", has_text="Jen Psaki")
        speaker.get_by_label("Role").fill(ROLE)
        speaker.get_by_role("button", name="Save speaker").click()
        expect(exchanges.nth(2)).to_contain_text(f"→ Jen Psaki ({ROLE}): He will be quite involved.")

        staff.get_by_role("button", name="Publish").click()
        expect(staff.locator("#build-message")).to_contain_text("Done: 2 documents", timeout=BUILD_MS)
        row = staff.locator("table.admin-documents tr", has_text=TITLE)
        expect(row).to_contain_text(f"Jen Psaki ({ROLE})")

        citizen = browser.new_context().new_page()
        citizen.goto(url)
        ask(citizen, QUESTION)
        answer = citizen.locator("#conversation .exchange").last
        expect(answer.locator(".answer")).to_contain_text("vaccine distribution")
        expect(answer.locator(".passage").first.locator(".speaker")).to_have_text(f"Jen Psaki, {ROLE}")
        expect(answer.locator(".passage").first.locator(".cite")).to_contain_text(TITLE)
        citizen.get_by_role("link", name="Documents", exact=True).click()
        expect(citizen.locator("table.documents")).to_contain_text(f"Jen Psaki ({ROLE})")

        staff.get_by_role("button", name=re.compile("^Remove Press Briefing")).click()
        expect(staff.locator("#build-message")).to_contain_text("Done: 1 documents", timeout=BUILD_MS)
        expect(staff.locator("table.admin-documents tr", has_text=TITLE)).to_have_count(0)
        citizen.goto(url)
        ask(citizen, QUESTION)
        again = citizen.locator("#conversation .exchange").last
        expect(again.locator(".answer")).to_be_visible()
        expect(again).not_to_contain_text(ROLE)
        expect(again).not_to_contain_text(TITLE)
        expect(again.locator(".answer")).not_to_contain_text("vaccine distribution")
        staff.context.close()
        citizen.context.close()


def test_the_documents_page_is_in_both_languages(browser, tmp_path, embedder):
    _, app = staff_app(tmp_path, embedder)
    with serving(app) as url:
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(url + "/documents?lang=zh")
        expect(page.get_by_role("heading", level=1)).to_have_text("记录中的文件")
        expect(page.locator("table.documents caption")).to_have_text("共 1 份文件")
        assert violations(page) == []
        page.get_by_role("link", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Documents in the record")
        expect(page.locator("table.documents")).to_contain_text("Ana Ruiz")
        page.context.close()


def test_dropped_files_are_uploaded_through_the_form(browser, tmp_path, embedder):
    _, app = staff_app(tmp_path, embedder)
    with serving(app) as url:
        staff = sign_in(browser, url)
        text = (FIXTURES / "whitehouse_briefing_excerpt.md").read_text(encoding="utf-8")
        staff.locator("#drop-zone").evaluate(
            """(zone, text) => {
                const files = new DataTransfer();
                files.items.add(new File([text], "dropped briefing.md", {type: "text/markdown"}));
                zone.dispatchEvent(new DragEvent("drop", {dataTransfer: files, bubbles: true, cancelable: true}));
            }""",
            text,
        )
        expect(staff.locator("h1")).to_contain_text("Preview: Press Briefing")
        expect(staff.locator(".notice")).to_contain_text(re.compile(r"\d{8}-dropped-briefing-[0-9a-f]{8}\.md"))
        staff.context.close()
