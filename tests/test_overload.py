"""Past capacity the server sheds load: a question that finds every place taken is answered 503 with Retry-After
at once, instead of waiting for a worker thread; the ones admitted are answered, and the shed ones counted."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from bot import open_bot
from tests.conftest import serving
from web.app import create_app
from web.settings import Settings

QUESTIONS = ["When will the ferry terminal reopen?", "Who pays for the repairs?", "What happens to the fish market?"]


def test_past_capacity_a_question_is_refused_at_once_with_retry_after(tmp_path, tiny_index, embedder):
    entered, release = threading.Semaphore(0), threading.Event()

    class Held:  # the real embedder, held back until released: the admitted questions stay in flight
        name = embedder.name
        dimension = embedder.dimension

        def encode_queries(self, texts):
            entered.release()
            release.wait(timeout=60)
            return embedder.encode_queries(texts)

    bot = open_bot(tiny_index, embedder)
    bot.retriever.embedder = Held()
    settings = Settings(index=tiny_index, data=tmp_path, rate_limit="", max_pending=2, answer_cache=0)
    app = create_app(settings, bot=bot)
    with serving(app) as url, ThreadPoolExecutor(2) as pool:
        admitted = [pool.submit(httpx.post, f"{url}/api/ask", json={"question": q}, timeout=60) for q in QUESTIONS[:2]]
        # Both places taken: the two are admitted and held in the encoder (together, or one per worker).
        assert entered.acquire(timeout=30)
        deadline = time.monotonic() + 30
        while app.state.answer_gate.in_flight < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert app.state.answer_gate.in_flight == 2
        # Refused while the two are still held: they cannot finish before `release`, so these did not wait.
        refused = httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[2]}, timeout=20)
        page = httpx.get(url, params={"q": QUESTIONS[2]}, timeout=20)
        form = httpx.post(url, data={"question": QUESTIONS[2]}, timeout=20)
        empty_chat = httpx.get(url, timeout=20)  # asks nothing: needs no place
        release.set()
        assert [future.result(timeout=60).status_code for future in admitted] == [200, 200]
        metrics = httpx.get(f"{url}/metrics", timeout=20).text
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert refused.json() == {"detail": "the server is busy: 2 questions are being answered; retry in a second"}
    assert (page.status_code, form.status_code) == (503, 503) and page.headers["retry-after"] == "1"
    assert "the server is busy" in page.text and "<html" in page.text
    assert empty_chat.status_code == 200
    assert "cityqa_overload_shed_total 3\n" in metrics
