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
from index import Embedder, build_index, load_index
from index.batcher import QueryBatcher
from index.errors import Overloaded
from index.layout import MANIFEST, Manifest
from index.vectors import EXACT_COPY, FLAT, choose_vector_index, read_vectors, write_vectors
from tests.conftest import SEED_CORPUS, TINY_HEARING
from web.app import create_app
from web.settings import Settings

QUESTIONS = [
    "When will the ferry terminal reopen?", "Who pays for the repairs?", "How many trees will be planted?",
    "What happens to the old fish market hall?", "Is there a children's playground?", "Who heads the parks department?",
    "What is the harbour renewal plan?", "Who is Ana Ruiz?", "ferry", "fish market", "trees", "reserve fund",
]


class _GatedEmbedder:
    """Encodes nothing until released, so that requests pile up in the batcher's queue."""

    name = "gated"
    dimension = 2

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[int] = []

    def encode_queries(self, texts):
        self.release.wait(timeout=10)
        self.calls.append(len(texts))
        if any(text == "boom" for text in texts):
            raise RuntimeError("the model failed")
        return np.array([[len(text), i] for i, text in enumerate(texts)], dtype=np.float32)


@pytest.mark.parametrize("encoder", ["fp32", "int8"])
def test_concurrent_callers_each_get_their_own_vectors_equal_to_unbatched_encoding(encoder):
    embedder = Embedder(encoder=encoder).load()
    batcher = QueryBatcher(embedder, max_batch=16, window=0.005)
    requests = [QUESTIONS[i % len(QUESTIONS) :] + [f"question number {i}"] for i in range(24)]
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            results = list(pool.map(batcher.encode_queries, requests))
    finally:
        batcher.close()
    for texts, vectors in zip(requests, results):
        assert vectors.shape == (len(texts), 384)
        unbatched = embedder.encode_queries(texts)
        if encoder == "fp32":
            np.testing.assert_allclose(vectors, unbatched, atol=2e-5)
        else:
            # int8 activations share one scale per batch: a question's vector moves a little with its company,
            # most for the shortest texts ("question number 7": 0.977, questions: 0.993), but each caller still
            # gets its own questions' vectors, in order.
            assert (vectors * unbatched).sum(axis=1).min() >= 0.97
            assert ((vectors @ unbatched.T).argmax(axis=1) == np.arange(len(texts))).all()


def test_a_full_queue_refuses_with_overloaded_and_recovers():
    gated = _GatedEmbedder()
    batcher = QueryBatcher(gated, max_batch=2, window=0.0, max_pending=4)
    futures = [batcher.submit(["a", "bb"]), batcher.submit(["ccc", "d"])]
    with pytest.raises(Overloaded, match="the server is busy") as refused:
        batcher.submit(["e"])
    assert refused.value.retry_after == 1
    gated.release.set()
    assert [f.result(timeout=10)[:, 0].tolist() for f in futures] == [[1, 2], [3, 1]]
    assert batcher.encode_queries(["eeeee"])[:, 0].tolist() == [5]  # room again once the queue drained
    batcher.close()


def test_a_model_error_reaches_every_caller_of_the_batch_and_the_worker_goes_on():
    gated = _GatedEmbedder()
    batcher = QueryBatcher(gated, max_batch=8, window=0.0)
    failing = batcher.submit(["boom"])
    gated.release.set()
    with pytest.raises(RuntimeError, match="the model failed"):
        failing.result(timeout=10)
    assert batcher.encode_queries(["ok"]).shape == (1, 2)
    batcher.close()


def test_close_answers_what_was_queued_then_refuses_new_questions():
    gated = _GatedEmbedder()
    batcher = QueryBatcher(gated, max_batch=1, window=0.0)
    queued = [batcher.submit([text]) for text in ("x", "yy", "zzz")]
    gated.release.set()
    batcher.close()
    assert [f.result(timeout=0)[0, 0] for f in queued] == [1, 2, 3]
    assert not batcher._worker.is_alive()
    with pytest.raises(RuntimeError, match="closed"):
        batcher.submit(["late"])


def test_batcher_rejects_bad_settings(embedder):
    with pytest.raises(ValueError, match="max_pending"):
        QueryBatcher(embedder, max_batch=64, max_pending=8)


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

    class Held:  # the real embedder, held back until released, so that a second question finds the queue full
        name = embedder.name

        def encode_queries(self, texts):
            entered.set()
            release.wait(timeout=10)
            return embedder.encode_queries(texts)

    batcher = QueryBatcher(Held(), max_batch=1, window=0.0, max_pending=1)
    bot = open_bot(tiny_index, embedder)
    bot.retriever.embedder = batcher
    with TestClient(create_app(seed_settings, bot=bot)) as client, ThreadPoolExecutor(1) as pool:
        first = pool.submit(client.post, "/api/ask", json={"question": "When will the ferry terminal reopen?"})
        assert entered.wait(timeout=10)
        refused = client.post("/api/ask", json={"question": "Who pays for the repairs?"})
        release.set()
        assert first.result(timeout=30).status_code == 200
    batcher.close()
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    assert refused.json() == {"detail": "the server is busy: 1 questions are waiting; retry in a second"}


def test_an_untouched_corpus_is_found_up_to_date_without_parsing(make_corpus, tmp_path, embedder, monkeypatch):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    build_index(corpus, tmp_path / "index", embedder)
    monkeypatch.setattr("index.build.load_corpus", lambda folder: pytest.fail("the corpus was parsed again"))
    again = build_index(corpus, tmp_path / "index", embedder)
    assert (again.up_to_date, again.embedded) == (True, 0)
    monkeypatch.undo()
    (corpus / "harbour.txt").write_text(TINY_HEARING + "\nThe ferry is blue.\n", encoding="utf-8")
    assert build_index(corpus, tmp_path / "index", embedder).up_to_date is False
