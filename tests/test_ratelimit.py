import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from web.app import create_app
from web.ratelimit import Rate, RateLimiter, parse_rate
from web.settings import Settings

QUESTION = {"question": "Which textile park is mentioned?", "k": 1}


@pytest.mark.parametrize(("text", "rate"), [
    ("30/minute", Rate(30, 60.0)), (" 5 / second ", Rate(5, 1.0)), ("100/HOUR", Rate(100, 3600.0)),
    ("", None), ("0", None), ("0/minute", None),
])
def test_rates_are_read_from_their_setting(text, rate):
    assert parse_rate(text) == rate


def test_an_unreadable_rate_is_refused_with_the_expected_form():
    with pytest.raises(ValidationError, match=r"rate limit 'lots' is not of the form <requests>/<second\|minute"):
        Settings(rate_limit="lots")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_empties_and_refills_at_the_rate():
    clock = Clock()
    limiter = RateLimiter(Rate(3, 60.0), clock=clock)
    assert [limiter.take("10.0.0.1") for _ in range(4)] == [0.0, 0.0, 0.0, 20.0]
    assert limiter.take("10.0.0.2") == 0.0  # another address has its own bucket
    clock.now += 20
    assert limiter.take("10.0.0.1") == 0.0
    assert limiter.take("10.0.0.1") == 20.0


def test_buckets_are_bounded_forgetting_the_least_recently_seen_address():
    limiter = RateLimiter(Rate(1, 60.0), max_clients=2, clock=Clock())
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.3"):
        limiter.take(address)
    assert len(limiter) == 2
    assert limiter.take("10.0.0.1") > 0  # still remembered: it was seen after 10.0.0.2
    assert limiter.take("10.0.0.2") == 0.0  # forgotten, so it starts with a full bucket


def limited_client(seed_settings, seed_bot, tmp_path, **settings) -> TestClient:
    update = {"data": tmp_path, "rate_limit": "2/minute", **settings}
    return TestClient(create_app(Settings(**{**seed_settings.model_dump(), **update}), bot=seed_bot))


def test_past_the_limit_ask_and_feedback_get_a_429_with_retry_after(seed_settings, seed_bot, tmp_path):
    with limited_client(seed_settings, seed_bot, tmp_path) as client:
        answer = client.post("/api/ask", json=QUESTION)
        assert answer.status_code == 200
        assert client.post("/api/feedback", json={"id": answer.json()["id"], "helpful": True}).status_code == 201
        for response in (client.post("/api/ask", json=QUESTION), client.post("/api/feedback", json={})):
            assert response.status_code == 429
            assert response.headers["retry-after"] == "30"
            assert response.json() == {"detail": "too many requests from your address; try again in 30 s"}
        assert client.get("/api/speakers").status_code == 200  # reading the record is not limited
        page = client.post("/", data={"question": "Which textile park is mentioned?"})
        assert page.status_code == 429 and "<html" in page.text and "try again in 30 s" in page.text


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(seed_settings, seed_bot, tmp_path):
    with limited_client(seed_settings, seed_bot, tmp_path) as client:  # the test client's peer is 'testclient'
        statuses = [client.post("/api/ask", json=QUESTION, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
                    for i in range(3)]  # fmt: skip
        assert statuses == [200, 200, 429]  # a client cannot escape its limit by writing the header itself


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(seed_settings, seed_bot, tmp_path):
    with limited_client(seed_settings, seed_bot, tmp_path, trusted_proxies=["testclient"]) as client:
        def ask(forwarded: str) -> int:
            return client.post("/api/ask", json=QUESTION, headers={"X-Forwarded-For": forwarded}).status_code

        assert [ask("10.0.0.1"), ask("10.0.0.1"), ask("10.0.0.1")] == [200, 200, 429]
        assert ask("10.0.0.2") == 200
        assert ask("6.6.6.6, 10.0.0.2") == 200  # the proxy appended the real client; the left part is the client's
        assert ask("6.6.6.6, 10.0.0.2") == 429


def test_questions_asked_by_get_count_against_the_same_limit(seed_settings, seed_bot, tmp_path):
    with limited_client(seed_settings, seed_bot, tmp_path) as client:
        assert client.get("/", params={"q": "Which textile park is mentioned?"}).status_code == 200
        assert client.get("/embed", params={"q": "Which health forum will Qingdao host?"}).status_code == 200
        for path in ("/", "/embed"):
            page = client.get(path, params={"q": "Which textile park is mentioned?"})
            assert page.status_code == 429 and page.headers["retry-after"] == "30" and "try again in 30 s" in page.text
        assert client.post("/api/ask", json=QUESTION).status_code == 429  # one bucket for every way of asking
        assert client.get("/").status_code == 200  # the empty chat asks nothing
