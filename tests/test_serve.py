"""`cityqa serve` and the app's lifespan: a replica serves a built index without the corpus, the lifespan opens
and closes the bot, and the suggestions are the serving bot's."""

from __future__ import annotations

import shutil
import signal
import subprocess

import httpx
from markupsafe import escape
from fastapi.testclient import TestClient

from index import build_index
from bot.batcher import QuestionBatcher
from tests.conftest import TINY_HEARING, cityqa, documents_served, free_port, write_corpus
from web.app import create_app
from web.reload import reload_bot
from web.settings import Settings

def test_serve_no_build_serves_a_built_index_without_the_corpus(tmp_path, embedder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    shutil.rmtree(corpus)  # a replica gets the index only
    port = free_port()
    server = cityqa("serve", "--no-build", "--index", str(index), "--port", str(port),
                    env={"CITYQA_DATA": str(tmp_path / "data"), "CITYQA_CORPUS": str(corpus)},
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        assert documents_served(url, server, until=1) == 1
        answer = httpx.post(f"{url}/api/ask", json={"question": "Who pays for the repairs?", "k": 1}).json()
        assert answer["answer"].endswith(": The port authority pays for the repairs from its own reserve fund.")
    finally:
        server.terminate()  # uvicorn shuts down gracefully: the lifespan closes the bot
        output, errors = server.communicate(timeout=60)
    # uvicorn shuts down, then re-raises the signal it caught: the status a SIGTERM'd process has.
    assert server.returncode == -signal.SIGTERM, errors
    assert "Indexed" not in output and not corpus.exists()  # nothing was ingested, nothing created
    assert "Traceback" not in errors


def test_serve_no_build_without_an_index_says_so_in_one_line(tmp_path):
    missing = tmp_path / "none"
    server = cityqa("serve", "--no-build", "--index", str(missing), "--port", str(free_port()),
                    env={"CITYQA_DATA": str(tmp_path / "data")}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, errors = server.communicate(timeout=120)
    assert server.returncode == 1
    assert errors.strip() == f"Error: no index at {missing}: run `cityqa ingest` to build it"


def test_the_lifespan_opens_the_bot_and_closes_its_question_batcher(tiny_index, tmp_path):
    app = create_app(Settings(index=tiny_index, data=tmp_path / "data", rate_limit=""))
    with TestClient(app) as client:
        assert client.get("/healthz").json()["documents"] == 1
        assert client.post("/api/ask", json={"question": "Who pays for the repairs?"}).status_code == 200
        batcher = app.state.questions
        assert isinstance(batcher, QuestionBatcher) and all(worker.is_alive() for worker in batcher._workers)
        assert batcher.batches == 1
    assert not any(worker.is_alive() for worker in batcher._workers)


def test_the_suggestions_are_the_serving_bots_and_follow_a_reload(tiny_index, seed_paths, tmp_path):
    app = create_app(Settings(index=tiny_index, data=tmp_path / "data", rate_limit=""))
    with TestClient(app) as client:
        before = app.state.bot.suggestions
        assert before and all(escape(question) in client.get("/").text for question in before)
        app.state.settings = app.state.settings.model_copy(update={"index": seed_paths[1]})
        reload_bot(app)  # what POST /admin/reload and SIGHUP do
        after = app.state.bot.suggestions
        page = client.get("/").text
        assert after and set(after).isdisjoint(before)
        assert all(escape(question) in page for question in after)
        assert not any(escape(question) in page for question in before)


def test_cityqa_top_k_is_the_default_k_of_the_api_the_chat_and_a_reload(tiny_index, tmp_path, monkeypatch):
    monkeypatch.setenv("CITYQA_TOP_K", "2")
    app = create_app(Settings(index=tiny_index, data=tmp_path / "data", rate_limit=""))
    with TestClient(app) as client:
        question = {"question": "Who pays for the repairs?"}
        assert len(client.post("/api/ask", json=question).json()["passages"]) == 2
        more = client.post("/api/ask", json={**question, "k": 4}).json()
        assert len(more["passages"]) == 4  # a call may ask for more
        assert reload_bot(app).top_k == 2
