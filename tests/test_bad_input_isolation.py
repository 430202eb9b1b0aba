"""A bad question is a 422 for its sender alone: it never reaches the shared batch of questions, and a question
that fails in the batch fails only the caller who sent it (tests/test_question_batcher.py)."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot import BadQuestion, clean_question
from tests.conftest import run_in_own_loop, serving
from web.app import create_app
from web.serving import open_server_bot
from web.settings import Settings

LONE_SURROGATE = "\udfff"


def raw_json(body: dict[str, object]) -> dict[str, object]:
    """Request arguments that send `body` as JSON with "\\udfff" escapes (as any client may; httpx cannot encode it)."""
    return {"content": json.dumps(body), "headers": {"content-type": "application/json"}}


GOOD = [f"What was said about question number {number} on the harbour and the ferry terminal?" for number in range(30)]


def test_a_lone_surrogate_is_not_a_question():
    with pytest.raises(BadQuestion, match=r"lone surrogate \(U\+DFFF\)"):
        clean_question(f"When does the ferry {LONE_SURROGATE} reopen?")


def test_one_bad_question_among_thirty_good_ones_fails_only_its_sender(tmp_path, seed_settings, embedder):
    settings = Settings(**{**seed_settings.model_dump(), "data": tmp_path, "answer_cache": 0})
    bot = open_server_bot(settings, embedder)  # answers go through the question batcher, as `cityqa serve` runs them

    async def ask_all(url: str) -> tuple[httpx.Response, list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            bodies = [{"question": question, "k": 1} for question in GOOD]
            bodies.insert(12, {"question": LONE_SURROGATE, "k": 1})
            responses = await asyncio.gather(*(client.post("/api/ask", **raw_json(body)) for body in bodies))
            # The connection that carried the bad question is still good for the next one.
            after = await client.post("/api/ask", json={"question": GOOD[0], "k": 1})
        return responses.pop(12), [*responses, after]

    with serving(create_app(settings, bot=bot)) as url:
        bad, good = run_in_own_loop(ask_all(url))
    assert bad.status_code == 422
    assert bad.json() == {"detail": "question: question contains a lone surrogate (U+DFFF), which is not text; "
                                    "send the question as UTF-8"}
    assert [response.status_code for response in good] == [200] * (len(GOOD) + 1)


@pytest.mark.parametrize(("field", "body"), [
    ("speaker", {"question": "Who pays for the repairs?", "speaker": LONE_SURROGATE}),
    ("context.question", {"question": "Who pays?", "context": {"question": f"ferry{LONE_SURROGATE}"}}),
    ("context.speaker", {"question": "Who pays?", "context": {"question": "ferry", "speaker": LONE_SURROGATE}}),
])
def test_a_lone_surrogate_in_any_field_of_a_question_is_a_422_naming_the_field(client, field, body):
    response = client.post("/api/ask", **raw_json(body))
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")


def test_a_lone_surrogate_in_feedback_is_a_422_naming_the_field(client):
    response = client.post("/api/feedback", **raw_json({"id": "x", "helpful": False, "comment": LONE_SURROGATE}))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("comment: ")
