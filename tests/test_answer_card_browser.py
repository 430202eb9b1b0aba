"""The answer card, sentence permalinks, conversations that last, share links and follow-ups, in a real browser
on a 1280-px desktop and a 360-px phone (issue 15)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
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


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser: Browser) -> Page:
    context = browser.new_context(**VIEWPORTS[request.param])
    yield context.new_page()
    context.close()


def ask(page: Page, question: str) -> None:
    count = page.locator("#conversation .exchange").count()
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")
    expect(page.locator("#conversation .exchange")).to_have_count(count + 1)


def test_an_answer_card_leads_with_the_sentence_and_folds_the_passages(screen, server_url):
    screen.goto(server_url)
    ask(screen, "What did Lin Qing ask about?")
    card = screen.locator("#conversation .exchange").last
    expect(card.locator(".outcome")).to_have_text("✓ Answered from the record")
    expect(card.locator(".answer .lead")).to_have_text(
        "Lin Qing (member of Qingdao Municipal CPPCC and president of Qingdao Taiwan Compatriot Association) asked:")
    sentence = card.locator(".answer-sentence")
    expect(sentence).to_be_visible()
    passages = card.locator(".passage")
    chips = card.locator("details.chip > summary")
    expect(chips).to_have_count(passages.count())
    assert [chips.nth(i).inner_text() for i in range(chips.count())] == [str(i + 1) for i in range(chips.count())]
    expect(card.locator(".passages")).to_be_hidden()  # folded
    height = screen.viewport_size["height"]
    assert card.locator(".reply").bounding_box()["height"] <= height  # the card fits one screen
    preview = card.locator(".chip .preview").first
    if screen.viewport_size["width"] < 400:
        chips.first.tap()  # a phone has no hover: a tap opens the preview
    else:
        chips.first.hover()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(sentence.inner_text().strip())
    expect(preview.get_by_role("link")).to_have_text("Open in the record, ¶3")
    chips.first.focus()
    screen.keyboard.press("Escape")  # the keyboard closes a preview
    expect(preview).to_be_hidden()
    screen.keyboard.press("Enter")  # and opens it
    expect(preview).to_be_visible()
    card.get_by_text("Show the passages (").click()
    expect(passages.first).to_be_visible()
    expect(passages.first.locator(".speaker")).to_contain_text("Lin Qing")
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]
    ask(screen, "What time does the zoo open?")
    abstained = screen.locator("#conversation .exchange").last
    expect(abstained.locator(".outcome")).to_have_text("– The record does not say")


def test_several_people_named_but_silent_are_said_in_the_plural(screen, server_url):
    screen.goto(server_url)
    ask(screen, "which bureau director talked about tourism")
    lead = screen.locator("#conversation .exchange").last.locator(".answer .lead")
    expect(lead).to_contain_text("Li Suman (Director of Qingdao Municipal Bureau of Commerce) are named in the record "
                                 "but do not speak in it.")


def test_a_citation_opens_the_document_at_the_marked_sentence_and_goes_back(screen, server_url):
    screen.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    screen.goto(server_url)
    ask(screen, "Which health forum will Qingdao host?")
    card = screen.locator("#conversation .exchange").last
    answer_id = card.get_attribute("data-answer-id")
    said = card.locator(".answer-sentence").inner_text().strip()
    card.locator("details.chip > summary").first.click()
    card.locator(".chip .preview a").first.click()
    screen.wait_for_url(f"**/documents/**?answer={answer_id}#p*-s*")
    marked = screen.locator(".sentence:target")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text(said)
    expect(marked).to_be_in_viewport()
    paragraph = screen.locator(".paragraph", has=marked)
    assert paragraph.evaluate("p => getComputedStyle(p).backgroundColor") == "rgba(0, 0, 0, 0)"  # not the paragraph
    assert marked.evaluate("s => getComputedStyle(s).backgroundColor") == "rgb(255, 241, 168)"
    back = screen.get_by_role("link", name="Back to the conversation")
    expect(back).to_be_in_viewport()
    screen.get_by_role("button", name="Copy citation").click()
    expect(screen.locator("#copy-status")).to_have_text("Citation copied")
    copied = screen.evaluate("navigator.clipboard.readText()")
    anchor = screen.url.split("#")[1]
    assert copied.startswith(f"\u201c{marked.inner_text()}\u201d, ")
    assert "International Fashion City Construction Offensive Questioning and Defense Meeting (Qingdao)" in copied
    assert f", date not stated, ¶{paragraph.get_attribute('value')}. " in copied
    assert copied.endswith(screen.url.split("?")[0] + "#" + anchor)
    back.click()
    screen.wait_for_url(f"**/#answer-{answer_id}")
    expect(screen.locator(f"#answer-{answer_id}")).to_be_in_viewport()


def test_the_conversation_survives_a_reload_until_a_new_one_is_started(screen, server_url):
    screen.goto(server_url)
    ask(screen, "What did Lin Qing ask about?")
    ask(screen, "Which textile park is mentioned?")
    screen.reload()
    exchanges = screen.locator("#conversation .exchange")
    expect(exchanges).to_have_count(2)
    expect(exchanges.first.locator(".question")).to_have_text("You asked What did Lin Qing ask about?")
    expect(screen.locator("#suggested")).to_have_count(0)
    ask(screen, "and the sports cluster?")  # read with the last turn, as before the reload
    expect(exchanges.last.locator(".understood")).to_have_text("Understood as Which sports cluster is mentioned?")
    screen.goto(server_url + "/?q=Which%20health%20forum%20will%20Qingdao%20host%3F")  # a link to a question
    expect(exchanges).to_have_count(4)  # joins the kept conversation
    assert screen.url == server_url + "/"  # and the address is the chat's, so a reload keeps it all
    screen.reload()
    expect(exchanges.last.locator(".question")).to_have_text("You asked Which health forum will Qingdao host?")
    expect(exchanges).to_have_count(4)
    screen.get_by_role("link", name="New conversation").click()
    expect(screen.locator("#suggested")).to_be_visible()
    expect(exchanges).to_have_count(0)
    screen.reload()
    expect(exchanges).to_have_count(0)


def test_a_share_link_shows_the_answer_read_only_in_a_fresh_browser(screen, server_url, browser):
    screen.goto(server_url)
    ask(screen, "Which health forum will Qingdao host?")
    card = screen.locator("#conversation .exchange").last
    link = card.get_by_role("link", name="Link to this answer").get_attribute("href")
    sentence = card.locator(".answer-sentence").inner_text()
    fresh = browser.new_context(**VIEWPORTS["phone"]).new_page()
    fresh.goto(server_url + link)
    expect(fresh.get_by_role("heading", name="A shared answer")).to_be_visible()
    shared = fresh.locator("#conversation .exchange")
    expect(shared.locator(".question")).to_have_text("You asked Which health forum will Qingdao host?")
    expect(shared.locator(".answer-sentence")).to_have_text(sentence)
    expect(shared.locator("form")).to_have_count(0)  # read-only: no feedback form
    assert fresh.goto(server_url + "/a/0123456789abcdef").status == 404
    fresh.context.close()


@pytest.mark.parametrize(("first", "follow_up", "understood", "named"), FOLLOW_UPS)
def test_follow_ups_in_the_chat(screen, server_url, first, follow_up, understood, named):
    screen.goto(server_url)
    ask(screen, first)
    ask(screen, follow_up)
    card = screen.locator("#conversation .exchange").last
    expect(card.locator(".understood")).to_have_text(f"Understood as {understood}")
    expect(card.locator(".answer")).to_contain_text(named)


@pytest.mark.parametrize(("first", "follow_up", "understood", "named"), FOLLOW_UPS)
def test_follow_ups_without_javascript(browser, server_url, first, follow_up, understood, named):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server_url)
    for question in (first, follow_up):
        page.get_by_label("Your question").fill(question)
        page.get_by_role("button", name="Ask").click()
        expect(page.locator(".question")).to_have_text(f"You asked {question}")
    expect(page.locator(".understood")).to_have_text(f"Understood as {understood}")
    expect(page.locator(".answer")).to_contain_text(named)
    context.close()
