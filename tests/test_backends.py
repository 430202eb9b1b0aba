"""The same retrieval tests on both search backends: FAISS + bm25s files, and Qdrant in qdrant-client's local
mode (no server). Qdrant's candidates are FAISS's, score for score, so every figure stays comparable."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import test_bot
import test_index
from bot import open_bot
from conftest import SEED_CORPUS, TINY_HEARING, write_corpus
from index import build_index, load_index
from index.backend import SearchFilter
from index.qdrant_backend import BACKEND_FILE, QdrantLocation, client_for

BACKENDS = ["faiss", "qdrant"]
DATED_HEARING = "Dock Hearing\n\nLi Wei: The dock opens in May.\n\nSara Holm: The ferry keeps running in May.\n"


@pytest.fixture(scope="session")
def qdrant_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("qdrant-local")


def build(root: Path, files: dict[str, str], embedder, backend: str, folder: Path, alias: str) -> Path:
    corpus = write_corpus(root / "corpus", files)
    qdrant = QdrantLocation(path=str(folder), alias=alias) if backend == "qdrant" else None
    build_index(corpus, root / "index", embedder, qdrant=qdrant)
    return root / "index"


@pytest.fixture(scope="session", params=BACKENDS)
def tiny_index_on(request, tmp_path_factory, embedder, qdrant_folder) -> Path:
    root = tmp_path_factory.mktemp(f"tiny-{request.param}")
    files = {"harbour.txt": TINY_HEARING, "dock.txt": DATED_HEARING, "dock.meta.json": json.dumps({"date": "2025-05-02"})}
    return build(root, files, embedder, request.param, qdrant_folder, "tiny")


@pytest.fixture(scope="session")
def tiny_bot_on(tiny_index_on, embedder):
    return open_bot(tiny_index_on, embedder)


@pytest.fixture(scope="session", params=BACKENDS)
def seed_bot_on(request, tmp_path_factory, embedder, qdrant_folder):
    root = tmp_path_factory.mktemp(f"seed-{request.param}")
    files = {path.name: path.read_text(encoding="utf-8") for path in SEED_CORPUS.iterdir()}
    return open_bot(build(root, files, embedder, request.param, qdrant_folder, "seed"), embedder)


@pytest.mark.parametrize("check", [
    test_bot.test_answers_with_the_sentence_that_answers_and_its_source,
    test_bot.test_list_items_are_found_through_their_own_words,
    test_bot.test_abstains_when_the_record_does_not_answer_and_offers_nothing_unrelated,
    test_bot.test_search_is_search_many_of_one,
], ids=lambda check: check.__name__.removeprefix("test_"))
def test_the_bots_retrieval_tests_pass_on_each_backend(check, tiny_bot_on):
    check(tiny_bot_on)


def test_the_index_search_tests_pass_on_each_backend(tiny_index_on, embedder):
    test_index.test_dense_and_lexical_search_find_the_passage(tiny_index_on, embedder)


def test_the_seed_questions_pass_on_each_backend(seed_bot_on):
    test_bot.test_seed_questions_from_the_issue(seed_bot_on)


def test_a_build_records_where_it_is_searched(tiny_index_on):
    recorded = tiny_index_on.resolve() / BACKEND_FILE
    if "qdrant" in tiny_index_on.parent.name:
        assert json.loads(recorded.read_text())["collection"].startswith("tiny-")
    else:
        assert not recorded.exists()


def test_qdrant_candidates_are_faiss_candidates_score_for_score(tmp_path, embedder, qdrant_folder):
    files = {path.name: path.read_text(encoding="utf-8") for path in SEED_CORPUS.iterdir()}
    faiss_index = load_index(build(tmp_path / "faiss", files, embedder, "faiss", qdrant_folder, "x"), embedder.name)
    qdrant_dir = build(tmp_path / "qdrant", files, embedder, "qdrant", qdrant_folder, "same")
    qdrant_index = load_index(qdrant_dir, embedder.name)
    questions = ["Who is the director of the sports bureau?", "textile park fashion", "青岛 时尚 城市", "nothing zzz"]
    vectors = embedder.encode_queries(questions)
    for faiss_found, qdrant_found in zip(faiss_index.search(vectors, questions, 20, [20] * 4),
                                         qdrant_index.search(vectors, questions, 20, [20] * 4)):  # fmt: skip
        valid = faiss_found.dense_rows >= 0
        assert qdrant_found.dense_rows.tolist() == faiss_found.dense_rows[valid].tolist()
        np.testing.assert_allclose(qdrant_found.dense_scores, faiss_found.dense_scores[valid], atol=1e-5)
        np.testing.assert_allclose(qdrant_found.lexical_scores, faiss_found.lexical_scores, rtol=1e-4)
        assert set(qdrant_found.lexical_rows.tolist()) == set(faiss_found.lexical_rows.tolist())
    assert any(len(found.lexical_rows) for found in faiss_index.search(vectors, questions, 20, [20] * 4))


@pytest.mark.parametrize(("where", "speakers", "sources"), [
    (SearchFilter(speakers=("Ana Ruiz",)), {"Ana Ruiz"}, {"harbour.txt"}),
    (SearchFilter(speakers=("Ana Ruiz", "Mia Lund")), {"Ana Ruiz", "Mia Lund"}, {"harbour.txt"}),
    (SearchFilter(date_from="2025-05-01", date_to="2025-05-31"), {"Li Wei", "Sara Holm"}, {"dock.txt"}),
    (SearchFilter(date_from="2025-05-03"), set(), set()),
])
def test_payload_filters_narrow_both_kinds_of_candidates(tiny_index_on, embedder, where, speakers, sources):
    index = load_index(tiny_index_on, embedder.name)
    questions = ["When does the ferry run again, and who pays for the repairs?"]
    found = index.search(embedder.encode_queries(questions), questions, 10, [10], where)[0]
    dense = index.store.chunks([int(row) for row in found.dense_rows if row >= 0])
    lexical = index.store.chunks([int(row) for row in found.lexical_rows])
    sources_of = {d.id: d.source for d in index.store.documents()}
    for chunks in (dense, lexical):  # only the filter's speakers and documents (BM25: those sharing a word)
        found_speakers = {chunk.speaker.name if chunk.speaker else None for chunk in chunks}
        assert found_speakers <= speakers and bool(found_speakers) == bool(speakers)
        assert {sources_of[chunk.document_id] for chunk in chunks} == sources
    assert {chunk.speaker.name for chunk in dense} == speakers  # every chunk of the few allowed is scored


def test_a_document_filter_keeps_its_chunks_only(tiny_index_on, embedder):
    index = load_index(tiny_index_on, embedder.name)
    dock = next(d.id for d in index.store.documents() if d.source == "dock.txt")
    found = index.search(embedder.encode_queries(["ferry"]), ["ferry"], 10, [10], SearchFilter(documents=(dock,)))[0]
    rows = [int(row) for row in [*found.dense_rows, *found.lexical_rows] if row >= 0]
    assert rows and {chunk.document_id for chunk in index.store.chunks(rows)} == {dock}


def test_qdrant_upserts_and_deletes_in_place_and_faiss_says_to_ingest(tmp_path, embedder, qdrant_folder):
    files = {"harbour.txt": TINY_HEARING}
    faiss_index = load_index(build(tmp_path / "f", files, embedder, "faiss", qdrant_folder, "y"), embedder.name)
    with pytest.raises(NotImplementedError, match="run `cityqa ingest` to change it"):
        faiss_index.backend.delete([0])
    index = load_index(build(tmp_path / "q", files, embedder, "qdrant", qdrant_folder, "edit"), embedder.name)
    question = ["covered food market hall"]
    vector = embedder.encode_queries(question)
    row = int(index.search(vector, question, 1, [1])[0].lexical_rows[0])
    index.backend.delete([row])
    assert row not in index.search(vector, question, 5, [5])[0].lexical_rows.tolist()
    from index.backend import indexed_chunks

    chunks = index.store.chunks(range(len(index)))
    stored = faiss_index.vectors(range(len(index)))
    index.backend.upsert([indexed_chunks(chunks, stored, {})[row]])
    assert int(index.search(vector, question, 1, [1])[0].lexical_rows[0]) == row


def test_a_new_build_is_swapped_in_through_the_alias(tmp_path, embedder, qdrant_folder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    location = QdrantLocation(path=str(qdrant_folder), alias="swap")
    client = client_for(location)

    def current() -> str:
        return next(a.collection_name for a in client.get_aliases().aliases if a.alias_name == "swap")

    collections = []
    for rebuild in (False, True, True):
        build_index(corpus, tmp_path / "index", embedder, rebuild=rebuild, qdrant=location)
        collections.append(json.loads((tmp_path / "index" / BACKEND_FILE).read_text())["collection"])
        assert current() == collections[-1]
    names = {c.name for c in client.get_collections().collections if c.name.startswith("swap-")}
    assert names == set(collections[1:])  # the current build and the one before it, for servers not yet reloaded
    index = load_index(tmp_path / "index", embedder.name)
    assert index.backend.collection == collections[-1] and len(index.backend) == len(index)
