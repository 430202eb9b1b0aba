"""The chat's HTTP side: follow-ups, feedback and the question log, /embed framing, CORS, widget.js, languages, /admin."""

import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.i18n import from_accept_language
from web.settings import Settings

CITY = "https://city.example"
TOKEN = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def staff(seed_settings, seed_bot, tmp_path_factory) -> TestClient:
    """An app whose widget may be embedded by CITY and whose /admin is on, with its own runtime database."""
    settings = Settings(corpus=seed_settings.corpus, index=seed_settings.index, allowed_origins=[CITY],
                        admin_token=TOKEN, data=tmp_path_factory.mktemp("staff-data"))
    with TestClient(create_app(settings, bot=seed_bot)) as client:
        yield client


def rows(client: TestClient, sql: str) -> list[tuple]:
    client.app.state.feedback.flush()  # questions are logged by a writer thread of their own
    path = client.app.state.settings.data / "feedback.sqlite3"
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_a_follow_up_uses_the_previous_turn(client):
    body = client.post("/api/ask", json={
        "question": "What else did she say?", "context": {"question": "What did Lin Qing ask about?", "speaker": "Lin Qing"},
    }).json()
    assert body["question"] == "What else did she say?"
    assert body["understood"] == "What did Lin Qing say?"
    assert body["abstained"] is False and body["passages"][0]["speaker"]["name"] == "Lin Qing"
    topic = client.post("/api/ask", json={
        "question": "and the sports cluster?", "context": {"question": "What is planned for the clusters?", "speaker": None},
    }).json()
    assert topic["understood"] == "What is planned for the sports cluster?"
    # a list's heading is shown with its first sentence, which says what the item is
    assert topic["answer"] == ("Fashion sports industry cluster. Promote the implementation of projects such as the "
                               "Qingdao World Sports City, the BWF Headquarters and other projects.")


def test_a_highlight_that_shares_no_word_with_the_question_is_not_marked(client):
    passages = client.post("/api/ask", json={"question": "What swimming competition is coming?"}).json()["passages"]
    assert [p["marked"] for p in passages] == [True, False, False]
    # a heading, shown with the start of the sentence after it
    assert passages[1]["highlight"].startswith("Marine tourism industry cluster. Improve the tourism transportation")


def test_every_question_is_logged_without_who_asked(staff):
    staff.post("/api/ask", json={"question": "What time does the zoo open?"}, headers={"Accept-Language": "zh-CN"})
    staff.post("/", data={"question": "Which textile park is mentioned?"})
    logged = rows(staff, "SELECT question, abstained, top_passage IS NOT NULL, language, channel FROM questions")
    assert logged[-2:] == [("What time does the zoo open?", 1, 1, "zh", "api"),
                           ("Which textile park is mentioned?", 0, 1, "en", "form")]
    columns = [c[1] for c in rows(staff, "PRAGMA table_info(questions)")]
    assert not [c for c in columns if "ip" in c.split("_") or c in ("address", "host", "user_agent")]
    assert rows(staff, "PRAGMA journal_mode") == [("wal",)]


def test_feedback_is_recorded_for_an_answer_that_was_given(staff):
    answer = staff.post("/api/ask", json={"question": "Which health forum will Qingdao host?"}).json()
    response = staff.post("/api/feedback", json={"id": answer["id"], "helpful": False, "comment": "too vague"})
    assert (response.status_code, response.json()) == (201, {"id": answer["id"], "helpful": False, "recorded": True})
    assert rows(staff, "SELECT answer_id, helpful, comment FROM feedback")[-1] == (answer["id"], 0, "too vague")


@pytest.mark.parametrize(("body", "status", "detail"), [
    ({"id": "0000000000000000", "helpful": True}, 404,
     "no answer with id '0000000000000000'; give feedback on an answer from POST /api/ask"),
    ({"id": "abc", "helpful": True, "comment": "x" * 501}, 422, "comment: String should have at most 500 characters"),
    ({"id": "abc"}, 422, "helpful: Field required"),
])
def test_bad_feedback_gets_a_readable_error(staff, body, status, detail):
    response = staff.post("/api/feedback", json=body)
    assert (response.status_code, response.json()) == (status, {"detail": detail})


def test_embed_may_be_framed_by_the_allowed_origins_only(staff, client):
    embed = staff.get("/embed")
    assert embed.status_code == 200
    assert embed.headers["content-security-policy"].endswith(f"frame-ancestors 'self' {CITY}")
    assert "x-frame-options" not in embed.headers
    chat = staff.get("/")
    assert chat.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert chat.headers["x-frame-options"] == "SAMEORIGIN"
    same_origin_only = client.get("/embed")  # no origins configured
    assert same_origin_only.headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert same_origin_only.headers["x-frame-options"] == "SAMEORIGIN"


def test_cors_allows_the_embedding_sites_and_no_one_else(staff):
    allowed = staff.options("/api/ask", headers={"Origin": CITY, "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == CITY
    assert "access-control-allow-credentials" not in allowed.headers
    assert set(allowed.headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    other = staff.post("/api/ask", json={"question": "Which textile park is mentioned?"},
                       headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_allowed_origins_are_read_from_a_comma_separated_variable(monkeypatch):
    monkeypatch.setenv("CITYQA_ALLOWED_ORIGINS", "https://a.example/, http://b.example:8080 ,")
    assert Settings().allowed_origins == ["https://a.example", "http://b.example:8080"]


def test_widget_js_is_cacheable(client):
    first = client.get("/widget.js")
    assert first.status_code == 200 and first.headers["content-type"] == "text/javascript; charset=utf-8"
    assert first.headers["cache-control"] == "public, max-age=3600"
    assert re.fullmatch(r'"[0-9a-f]{20}"', first.headers["etag"])
    assert len(first.content) < 8000  # grew from 4.8 kB with the tag's attributes and the page's open()
    again = client.get("/widget.js", headers={"If-None-Match": first.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")


@pytest.mark.parametrize(("header", "language"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-GB,en;q=0.9,zh;q=0.8", "en"), ("fr-FR, zh;q=0.5", "zh"),
    ("fr-FR", "en"), ("", "en"), ("en;q=0.1, zh-TW;q=0.4", "zh"), ("zh;q=0, en", "en"),
])
def test_the_language_follows_the_browser(header, language):
    assert from_accept_language(header) == language


def test_asked_what_someone_silent_said_the_chat_says_the_record_does_not_and_where_they_are_named(client):
    api = client.post("/api/ask", json={"question": "What did Che Jinghua say about the sailing center?"}).json()
    assert api["abstained"] and api["outcome"] == "abstained"
    assert api["lead_parts"]["act"] == "named" and api["answer"].startswith("Che Jinghua (Director of Qingdao Sports")
    assert all("Che Jinghua" in p["text"] for p in api["passages"])
    page = client.get("/?q=What%20did%20Che%20Jinghua%20say%20about%20the%20sailing%20center%3F").text
    assert "The record does not say" in page and "is named in the record but does not speak in it" in page
    roster_line = "Che Jinghua, Director of Qingdao Sports Bureau"
    assert f'<mark class="answer-sentence quoted" lang="en">{roster_line}</mark>' in page


def test_several_silent_people_are_named_in_the_plural(client):
    # 'which bureau director': three of them are named in the record, and none speaks
    api = client.post("/api/ask", json={"question": "which bureau director talked about tourism"}).json()
    assert api["lead_parts"]["act"] == "named" and api["lead_parts"]["several"]
    assert "Li Suman (Director of Qingdao Municipal Bureau of Commerce) are named in the record but do not speak" \
        in api["answer"] and ") and Li Suman" in api["answer"] and ") and Che Jinghua" not in api["answer"]
    page = client.get("/?q=which%20bureau%20director%20talked%20about%20tourism").text
    assert "are named in the record but do not speak in it" in page
    page = client.get("/?q=which%20bureau%20director%20talked%20about%20tourism", headers={"Accept-Language": "zh-CN"})
    assert "在记录中被提及，但都没有发言" in page.text
    one = client.post("/api/ask", json={"question": "What did Che Jinghua say about the sailing center?"}).json()
    assert one["lead_parts"]["several"] is False


def test_the_chat_speaks_chinese_when_asked(client):
    page = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh">' in page.text and '<label for="question">您的问题</label>' in page.text
    assert '<html lang="en">' in client.get("/?lang=en", headers={"Accept-Language": "zh"}).text
    switch = client.get("/language/zh?next=/speakers", follow_redirects=False)
    assert 'href="/language/zh?next=%2Fspeakers%3Fx%3D1"' in client.get("/speakers?x=1&lang=en").text
    assert (switch.status_code, switch.headers["location"]) == (303, "/speakers")
    assert "cityqa_lang=zh" in switch.headers["set-cookie"]
    client.cookies.set("cityqa_lang", "zh")
    try:
        assert '<html lang="zh">' in client.get("/speakers").text
    finally:
        client.cookies.clear()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_language_switch_only_goes_back_to_this_site(client, target):
    response = client.get("/language/en", params={"next": target}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_suggested_questions_are_links_that_ask(client):
    page = client.get("/")
    assert '<a class="suggestion" href="/?q=What%20did%20Sun%20Lijie%20say%3F">What did Sun Lijie say?</a>' in page.text
    answered = client.get("/?q=What%20did%20Sun%20Lijie%20say%3F")
    assert answered.status_code == 200 and '<span class="lead">Sun Lijie (member of' in answered.text


def test_the_form_carries_the_previous_turn(client):
    first = client.post("/", data={"question": "What did Lin Qing ask about?"}).text
    assert '<input type="hidden" name="previous_question" id="previous-question" value="What did Lin Qing ask about?">' in first
    assert '<input type="hidden" name="previous_speaker" id="previous-speaker" value="Lin Qing">' in first
    follow = client.post("/", data={"question": "What else did she say?", "previous_question": "What did Lin Qing ask about?",
                                    "previous_speaker": "Lin Qing"}).text  # fmt: skip
    assert '<p class="understood"><span class="who">Understood as</span> What did Lin Qing say?</p>' in follow


def test_an_abstention_offers_no_unrelated_passages(client):
    page = client.post("/", data={"question": "What time does the zoo open?"}).text
    assert '<div class="reply outcome-abstained abstained">' in page
    assert "The record does not say</p>" in page  # the outcome in words, not only colour
    assert '<h2 class="passages-title">' not in page and '<ol class="passages">' not in page
    assert "<mark>" not in page


def test_admin_is_off_without_a_token(client):
    assert client.get("/admin").status_code == 404
    assert client.post("/admin/login", data={"token": ""}).status_code == 404


def test_admin_needs_the_token(staff):
    assert staff.get("/admin").status_code == 401
    assert staff.get("/admin", headers={"Authorization": "Bearer wrong"}).status_code == 401
    wrong = staff.post("/admin/login", data={"token": "wrong"})
    assert wrong.status_code == 401 and "That token is not valid." in wrong.text
    assert staff.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_admin_sign_in_sets_a_strict_http_only_cookie_without_the_token(staff):
    response = staff.post("/admin/login", data={"token": TOKEN}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/admin")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert TOKEN not in cookie
    staff.cookies.clear()


def test_admin_lists_unanswered_questions_most_frequent_first_and_unhelpful_answers(staff):
    for question in ["When is the next marathon in Qingdao?"] * 3 + ["How do I apply for a business license?"]:
        staff.post("/api/ask", json={"question": question})
    answer = staff.post("/api/ask", json={"question": "What is the first-store economy?"}).json()
    staff.post("/api/feedback", json={"id": answer["id"], "helpful": False, "comment": "<b>not it</b>"})
    page = staff.get("/admin", headers={"Authorization": f"Bearer {TOKEN}"}).text
    unanswered = re.findall(r"<tr><td>(\d+)</td><td class=\"said\">([^<]+)</td>", page)
    assert unanswered[0] == ("3", "When is the next marathon in Qingdao?")
    assert ("1", "How do I apply for a business license?") in unanswered
    assert "What is the first-store economy?" in page and "&lt;b&gt;not it&lt;/b&gt;" in page
    asked, abstained = rows(staff, "SELECT count(*), sum(abstained) FROM questions")[0]
    assert f"<dt>Questions asked</dt><dd>{asked}</dd>" in page
    assert f"<dt>Not answered</dt><dd>{abstained}</dd>" in page


def test_the_embedded_chat_keeps_its_language_in_the_url(client):
    page = client.get("/embed?lang=zh").text
    assert '<html lang="zh">' in page and 'href="/embed?lang=en"' in page
    assert '<form class="ask" method="post" action="/embed?lang=zh" id="ask-form">' in page
    assert 'href="/embed?lang=zh&amp;q=What%20did%20Sun%20Lijie%20say%3F"' in page
    assert 'class="site-nav"' not in page  # no site chrome in the frame
    answered = client.post("/embed?lang=zh", data={"question": "Which textile park is mentioned?"}).text
    assert '<html lang="zh">' in answered and 'target="_blank" rel="noopener"' in answered


def test_the_message_catalogue_is_complete_and_used():
    from pathlib import Path

    from web.i18n import MESSAGES

    web = Path(__file__).resolve().parent.parent / "web"
    sources = "".join(p.read_text(encoding="utf-8") for p in [*web.glob("templates/*.html"), web / "static/chat.js"])
    assert set(MESSAGES["en"]) == set(MESSAGES["zh"])
    assert [key for key in MESSAGES["en"] if not re.search(rf"\bt\.{key}\b", sources)] == []


def test_without_javascript_a_question_without_words_is_refused_in_the_page_language(client):
    english = client.get("/?q=%3F%3F%3F&lang=en")
    assert english.status_code == 422 and "Please ask in words what you want to know." in english.text
    chinese = client.get("/?q=%EF%BC%9F%EF%BC%9F&lang=zh")  # '？？'
    assert chinese.status_code == 422 and "请用文字写下您想了解的问题。" in chinese.text
    api = client.post("/api/ask", json={"question": "???"})  # the API keeps its own English detail
    assert api.status_code == 422 and "question has no words to search for" in api.json()["detail"]
