"""The pieces behind the speed targets, checked for correctness (speed itself is measured in bench/)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import faiss
import numpy as np
import pytest
from fastapi.testclient import TestClient

from bot import open_bot
from bot.cache import AnswerCache
from index import build_index, load_index
from index.layout import MANIFEST, Manifest
from index.vectors import EXACT_COPY, FLAT, choose_vector_index, read_vectors, write_vectors
from tests.conftest import SEED_CORPUS, TINY_HEARING
from web.app import create_app
from web.settings import Settings

def test_a_repeated_question_is_answered_from_the_cache(tiny_index, embedder):
    bot = open_bot(tiny_index, embedder, cache_size=8)
    first = bot.answer("When will the   ferry terminal reopen?")
    again = bot.answer("When will the ferry terminal reopen?")  # the same question once its spaces are cleaned
    assert again is first and (bot.cache.hits, bot.cache.misses) == (1, 1)
    assert bot.answer("When will the ferry terminal reopen?", k=1) is not first  # another k is another answer
    assert open_bot(tiny_index, embedder).cache is None  # the library answers afresh unless asked to cache


def test_a_new_build_invalidates_cached_answers(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    build_index(corpus, tmp_path / "index", embedder)
    cache = AnswerCache(16)
    old = open_bot(tmp_path / "index", embedder)
    old.cache = cache
    question = "When will the ferry terminal reopen?"
    assert "September" in old.answer(question).text
    (corpus / "harbour.txt").write_text(TINY_HEARING.replace("in September", "in November"), encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder)
    new = open_bot(tmp_path / "index", embedder)
    new.cache = cache
    assert "November" in new.answer(question).text
    assert (cache.hits, cache.misses) == (0, 2)
    cache.clear()
    assert len(cache) == 0


def test_the_vector_index_turns_approximate_past_the_threshold():
    assert choose_vector_index(1000, approximate_above=1000) == (FLAT, "")
    kind, params = choose_vector_index(1_000_000)
    assert (kind, params) == ("IVF2000,SQ8", "nprobe=256")


def test_an_approximate_index_finds_what_the_exact_one_finds(tmp_path):
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 64)).astype(np.float32)
    vectors = centres[rng.integers(40, size=6000)] + rng.normal(0, 0.4, size=(6000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kind, params = write_vectors(tmp_path, vectors, approximate_above=1000)
    assert kind.startswith("IVF") and kind.endswith(",SQ8") and params.startswith("nprobe=")
    manifest = Manifest(model="m", dimension=64, chunker_version="", tokenizer_version="", corpus_fingerprint="",
                        documents=1, chunks=6000, built_at="", vector_index=kind, search_params=params)
    approximate = read_vectors(tmp_path, manifest)
    exact = faiss.IndexFlatIP(64)
    exact.add(vectors)
    queries = vectors[:200] + rng.normal(0, 0.2, size=(200, 64)).astype(np.float32)
    _, expected = exact.search(queries, 10)
    _, found = approximate.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), expected.tolist())])
    assert recall >= 0.9
    np.testing.assert_allclose(approximate.reconstruct_batch(np.arange(5)), vectors[:5], atol=0.05)
    np.testing.assert_allclose(np.load(tmp_path / EXACT_COPY), vectors, atol=1e-3)


def test_an_approximate_build_answers_and_reuses_its_exact_vectors(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING, "seed.txt": next(SEED_CORPUS.glob("*.txt")).read_text()})
    first = build_index(corpus, tmp_path / "index", embedder, approximate_above=10)
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    assert manifest["vector_index"].startswith("IVF") and manifest["search_params"].startswith("nprobe=")
    bot = open_bot(tmp_path / "index", embedder)
    answer = bot.answer("When will the ferry terminal reopen?")
    assert "September" in answer.text and answer.passages[0].hit.dense > 0.3  # similarity reconstructs rows
    (corpus / "harbour.txt").write_text(TINY_HEARING + "\nThe ferry is blue.\n", encoding="utf-8")
    changed = build_index(corpus, tmp_path / "index", embedder, approximate_above=10)
    assert changed.reused >= first.chunks - 2 and changed.embedded <= 2
    assert len(load_index(tmp_path / "index", embedder.name)) == changed.chunks


def test_two_workers_on_one_index_answer_identically(seed_paths):
    corpus, index = seed_paths
    settings = Settings(corpus=corpus, index=index, answer_cache=0)
    questions = ["Who spoke about the fashion city?", "What was criticised at the meeting?", "When is the deadline?"]
    answers = []
    for _ in range(2):  # two app instances, each loading the model and the index itself, as two workers do
        with TestClient(create_app(settings)) as worker:
            answers.append([worker.post("/api/ask", json={"question": q, "k": 5}).json() for q in questions])
            assert "app;dur=" in worker.get("/healthz").headers["server-timing"]
    assert answers[0] == answers[1]
    assert [bool(a["passages"]) for a in answers[0]] == [not a["abstained"] for a in answers[0]]
    assert any(a["passages"] for a in answers[0])


def test_an_overloaded_server_answers_503_with_retry_after(tiny_index, embedder, seed_settings):
    entered, release = threading.Event(), threading.Event()

    class Held:  # the real embedder, held back until released, so that a second question finds no place
        name = embedder.name

        def encode_queries(self, texts):
            entered.set()
            release.wait(timeout=10)
            return embedder.encode_queries(texts)

    bot = open_bot(tiny_index, embedder)
    bot.retriever.embedder = Held()
    settings = seed_settings.model_copy(update={"max_pending": 1})
    with TestClient(create_app(settings, bot=bot)) as client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(client.post, "/api/ask", json={"question": "When will the ferry terminal reopen?"})
        assert entered.wait(timeout=10)
        refused = client.post("/api/ask", json={"question": "Who pays for the repairs?"})
        release.set()
        assert first.result(timeout=30).status_code == 200
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert refused.json() == {"detail": "the server is busy: 1 questions are being answered; retry in a second"}


def test_an_untouched_corpus_is_found_up_to_date_without_parsing(make_corpus, tmp_path, embedder, monkeypatch):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    build_index(corpus, tmp_path / "index", embedder)
    monkeypatch.setattr("index.build.load_corpus", lambda folder: pytest.fail("the corpus was parsed again"))
    again = build_index(corpus, tmp_path / "index", embedder)
    assert (again.up_to_date, again.embedded) == (True, 0)
    monkeypatch.undo()
    (corpus / "harbour.txt").write_text(TINY_HEARING + "\nThe ferry is blue.\n", encoding="utf-8")
    assert build_index(corpus, tmp_path / "index", embedder).up_to_date is False
