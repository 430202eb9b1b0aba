import re

import pytest
from fastapi.testclient import TestClient

from web.app import create_app

from index.embed import DEFAULT_ENCODER

ASK = "/api/ask"


def test_healthz_reports_the_loaded_index(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["documents"], body["model"]) == ("ok", 1, "all-MiniLM-L6-v2")
    assert body["encoder"] == DEFAULT_ENCODER  # which encoder computed the vectors (and must encode queries)
    assert body["chunks"] == 14  # 15 paragraphs, a list's introduction joined with its first item


def test_ask_returns_the_contract_object(client):
    response = client.post(ASK, json={"question": "Who is the director of the sports bureau?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "question", "understood", "abstained", "outcome", "confidence", "answer", "lead",
                         "lead_parts", "record_language", "passages"}
    assert body["outcome"] == "answered" and 0 <= body["confidence"] <= 1
    assert body["understood"] == body["question"] == "Who is the director of the sports bureau?"
    assert re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert body["abstained"] is False and "Che Jinghua" in body["answer"]
    assert body["lead"] is None  # a question about a role, not about what someone said
    assert len(body["passages"]) == 3  # the default k
    for passage in body["passages"]:
        assert set(passage) == {"id", "text", "highlight", "highlight_span", "score", "document", "speaker",
                                "paragraph", "marked", "permalink"}
        start, end = passage["highlight_span"]
        assert passage["text"][start:end] == passage["highlight"]
        assert re.fullmatch(rf"{passage['document']['url'].split('#')[0]}#p\d+-s\d+", passage["permalink"])
        assert passage["document"]["url"].endswith(f"#p{passage['paragraph']}")
        assert passage["highlight"] in passage["text"] and len(passage["text"]) <= 1200
        assert set(passage["document"]) == {"id", "title", "date", "url"}
        assert re.fullmatch(r"/documents/[0-9a-f]{12}#p\d+", passage["document"]["url"])
    assert body["answer"] == body["passages"][0]["highlight"]
    scores = [p["score"] for p in body["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_passages_carry_their_speaker(client):
    body = client.post(ASK, json={"question": "What did Lin Qing ask about?", "k": 1}).json()
    assert body["passages"][0]["speaker"] == {
        "name": "Lin Qing",
        "role": "member of Qingdao Municipal CPPCC and president of Qingdao Taiwan Compatriot Association",
    }


def test_abstains_with_a_plain_message(client):
    body = client.post(ASK, json={"question": "What time does the zoo open?", "k": 2}).json()
    assert body["abstained"] is True
    assert body["answer"].startswith("The record does not say.") and body["outcome"] == "abstained"
    assert body["passages"] == []  # nothing unrelated is offered when the record does not say


def test_citation_url_points_at_an_anchor_in_the_document_view(client):
    passage = client.post(ASK, json={"question": "Which textile park is mentioned?", "k": 1}).json()["passages"][0]
    path, anchor = passage["document"]["url"].split("#")
    page = client.get(path)
    assert page.status_code == 200
    assert f'id="{anchor}"' in page.text
    paragraph = re.search(rf'<li id="{anchor}"[^>]*>(.*?)</li>', page.text, re.S).group(1)
    assert "Salma Fashion Textile Park" in paragraph


@pytest.mark.parametrize(("body", "detail"), [
    ({"question": ""}, "question: question is empty"),
    ({"question": "   \n\t "}, "question: question is empty"),
    ({"question": "？？？"}, "question: question has no words to search for: ask in words what you want to know"),
    ({"question": "😀 !!"}, "question: question has no words to search for: ask in words what you want to know"),
    ({"question": "x" * 1001}, "question: question is longer than 1000 characters (1001)"),
    ({"question": 42}, "question: Input should be a valid string"),
    ({}, "question: Field required"),
    ({"question": "hi", "k": 0}, "k: Input should be greater than or equal to 1"),
    ({"question": "hi", "k": 51}, "k: Input should be less than or equal to 50"),
    ({"question": "hi", "k": "many"}, "k: Input should be a valid integer, unable to parse string as an integer"),
    ({"question": "hi", "extra": 1}, "extra: Extra inputs are not permitted"),
    (["question"], "body: Input should be a valid dictionary or object to extract fields from"),
])
def test_bad_requests_get_a_422_with_a_readable_detail(client, body, detail):
    response = client.post(ASK, json=body)
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


def test_invalid_json_and_wrong_content_get_a_422_not_a_500(client):
    response = client.post(ASK, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"].startswith("body: is not valid JSON")
    response = client.post(ASK, content=b"\xff\xfe", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_unknown_document_is_a_404_page_and_unknown_api_path_json(client):
    page = client.get("/documents/000000000000")
    assert page.status_code == 404 and "no document with id" in page.text and "<html" in page.text
    api = client.get("/api/nothing")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_chat_page_and_form_post_work_without_javascript(client):
    page = client.get("/")
    assert page.status_code == 200 and '<form class="ask" method="post" action="/"' in page.text
    answered = client.post("/", data={"question": "Which textile park is mentioned?"})
    assert answered.status_code == 200
    assert "<mark>" in answered.text and "Salma Fashion Textile Park" in answered.text
    empty = client.post("/", data={"question": "  "})
    assert empty.status_code == 422 and "Please type a question." in empty.text  # the page's own words


def test_user_and_corpus_text_is_escaped(client):
    answered = client.post("/", data={"question": "<img src=x onerror=alert(1)>"})
    assert "<img src=x" not in answered.text and "&lt;img src=x onerror=alert(1)&gt;" in answered.text


def test_pages_send_security_headers_and_no_server_version(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "server" not in response.headers


BIG = 100 * 1024


@pytest.mark.parametrize("path", [ASK, "/api/feedback"])
def test_a_body_over_64_kb_gets_a_413_before_it_is_read(client, path):
    response = client.post(path, content=b"x" * BIG, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "body: the request body is larger than 64 KB"}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_body_over_64_kb_without_a_length_is_cut_off_at_the_limit(client):
    chunks = (b"x" * 1024 for _ in range(100))  # sent chunked: no Content-Length to refuse it by
    response = client.post(ASK, content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "body: the request body is larger than 64 KB"}


def test_a_form_post_over_64_kb_gets_a_413_page(client):
    response = client.post("/", data={"question": "x" * BIG})
    assert response.status_code == 413
    assert "<html" in response.text and "larger than 64 KB" in response.text


@pytest.mark.parametrize(("question", "detail"), [
    ("\x00hi", "question: question contains a control character (U+0000)"),
    ("hi\x1b[31m", "question: question contains a control character (U+001B)"),
    ("who\u0085spoke", "question: question contains a control character (U+0085)"),
])
def test_control_characters_in_a_question_get_a_422(client, question, detail):
    response = client.post(ASK, json={"question": question})
    assert response.status_code == 422 and response.json() == {"detail": detail}


def test_tabs_and_newlines_in_a_question_are_spaces(client):
    response = client.post(ASK, json={"question": "Which textile\tpark\r\nis mentioned?", "k": 1})
    assert response.status_code == 200 and response.json()["question"] == "Which textile park is mentioned?"


def test_control_characters_in_a_form_post_get_a_422_page(client):
    response = client.post("/", data={"question": "\x00"})
    assert response.status_code == 422 and "control character (U+0000)" in response.text


@pytest.mark.parametrize(("body", "detail"), [
    ({}, "id: Field required; helpful: Field required"),
    ({"id": "", "helpful": True}, "id: String should have at least 1 character"),
    ({"id": "a" * 65, "helpful": True}, "id: String should have at most 64 characters"),
    ({"id": "abc", "helpful": "perhaps"}, "helpful: Input should be a valid boolean, unable to interpret input"),
    ({"id": 7, "helpful": True}, "id: Input should be a valid string"),
    ({"id": "abc", "helpful": True, "comment": "x" * 501}, "comment: String should have at most 500 characters"),
    ({"id": "abc", "helpful": True, "stars": 5}, "stars: Extra inputs are not permitted"),
    ("yes", "body: Input should be a valid dictionary or object to extract fields from"),
])
def test_bad_feedback_gets_a_422_with_a_readable_detail(client, body, detail):
    response = client.post("/api/feedback", json=body)
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("path", [ASK, "/api/feedback"])
@pytest.mark.parametrize(("content", "detail"), [
    (b"", "body: Field required"),
    (b"{not json", "body: is not valid JSON"),
    (b"\xff", "body: is not valid JSON (it must be UTF-8)"),
])
def test_empty_invalid_and_non_utf8_bodies_get_a_422(client, path, content, detail):
    response = client.post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)


@pytest.mark.parametrize(("url", "detail"), [
    ("/api/speakers?speaker=" + "a" * 201, "query.speaker: String should have at most 200 characters"),
    ("/api/exchanges?speaker=" + "a" * 201, "query.speaker: String should have at most 200 characters"),
    ("/api/exchanges?document=" + "a" * 65, "query.document: String should have at most 64 characters"),
    ("/api/speakers?speaker=%2C", "speaker: give a word of a name or a role, e.g. 'sports bureau'"),
    ("/api/exchanges?document=%00", "document: no hearing has the id '\x00'"),
])
def test_bad_filters_get_a_422_with_a_readable_detail(client, url, detail):
    response = client.get(url)
    assert response.status_code == 422 and response.json() == {"detail": detail}


def test_the_openapi_schema_describes_errors_as_one_detail_sentence(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["schemas"]["HTTPValidationError"]["properties"]["detail"]["type"] == "string"
    ask = schema["paths"][ASK]["post"]["responses"]
    assert sorted(ask) == ["200", "413", "422", "429", "503"]


def test_a_bug_is_a_500_with_a_request_id_and_its_traceback_is_logged(seed_settings, seed_bot, caplog):
    app = create_app(seed_settings, bot=seed_bot)

    def broken() -> None:
        raise RuntimeError("a bug in a route")

    app.add_api_route("/api/broken", broken)
    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/broken")
        page = client.get("/broken")
    request_id = api.headers["x-request-id"]
    assert (api.status_code, api.json()) == (500, {
        "detail": f"something went wrong on our side; the error was logged as request {request_id}"})
    assert page.status_code == 500 and page.headers["x-request-id"] in page.text
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info[0] is RuntimeError
    assert "a bug in a route" not in api.text + page.text

