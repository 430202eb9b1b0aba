import json
import os

import numpy as np
import pytest

from index import Embedder, IndexCorrupt, IndexMismatch, IndexNotFound, build_index, load_index
from index.layout import MANIFEST, VECTORS
from index.openings import opening_views, read_openings
from ingest import IngestError
from tests.conftest import TINY_HEARING


def test_build_writes_a_self_describing_index(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    report = build_index(corpus, tmp_path / "index", embedder)
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    assert (report.documents, report.embedded, report.reused, report.up_to_date) == (1, report.chunks, 0, False)
    assert manifest["model"] == embedder.name and manifest["dimension"] == 384
    assert manifest["encoder"] == embedder.encoder and manifest["model"].startswith("all-MiniLM-L6-v2")
    assert manifest["chunks"] == report.chunks and manifest["documents"] == 1
    assert {"chunker_version", "tokenizer_version", "corpus_fingerprint", "built_at"} <= set(manifest)
    index = load_index(tmp_path / "index", embedder.name)
    assert len(index) == report.chunks == index.store.chunk_count()


def test_unchanged_corpus_embeds_nothing_and_a_changed_document_only_its_own_chunks(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING, "parks.txt": "The parks department plants trees.\n\nIt waters them."})
    first = build_index(corpus, tmp_path / "index", embedder)
    again = build_index(corpus, tmp_path / "index", embedder)
    assert (again.up_to_date, again.embedded) == (True, 0)
    (corpus / "parks.txt").write_text("The parks department plants trees.\n\nIt waters them daily.", encoding="utf-8")
    changed = build_index(corpus, tmp_path / "index", embedder)
    assert changed.up_to_date is False
    # Vectors are keyed by the embedded text: only the edited paragraph is embedded again.
    assert (changed.embedded, changed.reused) == (1, first.chunks - 1)


def test_the_files_fingerprint_counts_exactly_the_files_a_build_reads(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    build_index(corpus, tmp_path / "index", embedder)
    fingerprint = json.loads((tmp_path / "index" / MANIFEST).read_text())["files_fingerprint"]
    (corpus / ".harbour.txt.swp").write_text("an editor's file", encoding="utf-8")  # hidden: corpus_files skips it
    (corpus / "notes.csv").write_text("a,b", encoding="utf-8")  # not a document
    (corpus / ".drafts").mkdir()
    (corpus / ".drafts" / "draft.txt").write_text("A draft nobody published.", encoding="utf-8")
    assert build_index(corpus, tmp_path / "index", embedder).up_to_date
    assert json.loads((tmp_path / "index" / MANIFEST).read_text())["files_fingerprint"] == fingerprint
    (corpus / "harbour.meta.json").write_text(json.dumps({"title": "Harbour hearing"}), encoding="utf-8")
    assert build_index(corpus, tmp_path / "index", embedder).up_to_date is False  # a sidecar is read: it counts


def test_rebuild_swaps_the_index_atomically_and_keeps_the_last_build(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    build_index(corpus, tmp_path / "index", embedder)
    first = (tmp_path / "index").resolve()
    build_index(corpus, tmp_path / "index", embedder, rebuild=True)
    second = (tmp_path / "index").resolve()
    assert (tmp_path / "index").is_symlink() and first != second
    assert first.exists()  # a server still reading the previous build keeps working
    assert not list((tmp_path / "index.builds").glob("*.partial"))


def test_loading_refuses_another_model_a_missing_index_and_damaged_files(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    with pytest.raises(IndexNotFound, match="no index at .*run `cityqa ingest`"):
        load_index(tmp_path / "index", embedder.name)
    build_index(corpus, tmp_path / "index", embedder)
    with pytest.raises(IndexMismatch, match="built with model 'all-MiniLM-L6-v2', but 'other-model' is configured"):
        load_index(tmp_path / "index", "other-model")
    other = "fp32" if embedder.encoder == "int8" else "int8"
    with pytest.raises(IndexMismatch, match=f"built with the {embedder.encoder} encoder, but {other} is configured; "
                                            f"run `cityqa ingest --rebuild` \\(or set CITYQA_ENCODER={embedder.encoder}\\)"):
        load_index(tmp_path / "index", Embedder(encoder=other).name)
    vectors = tmp_path / "index" / VECTORS
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match=f"{vectors.name} is damaged .*cityqa ingest --rebuild"):
        load_index(tmp_path / "index", embedder.name)


def test_an_empty_corpus_is_an_error_that_names_the_folder(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"empty.txt": ""})
    with pytest.raises(IngestError, match="no readable documents"):
        build_index(corpus, tmp_path / "index", embedder)
    assert not os.path.exists(tmp_path / "index")


def test_dense_and_lexical_search_find_the_passage(tiny_index, embedder):
    index = load_index(tiny_index, embedder.name)
    query = embedder.encode_queries(["Which hall becomes a covered food market?"])
    _, rows = index.dense_search(query, 3)
    scores, lexical_rows = index.lexical_search("covered food market hall", 3)
    texts = [c.text for c in index.store.chunks([int(rows[0][0]), int(lexical_rows[0])])]
    assert all(t.startswith("Fish market.") for t in texts)
    assert list(scores) == sorted(scores, reverse=True)
    assert np.isclose(np.linalg.norm(query), 1.0)


def test_an_index_of_an_older_format_is_rebuilt_reusing_its_vectors(make_corpus, tmp_path, embedder):
    # Even with every file as it was: an upgrade of cityqa must not leave an index it cannot load.
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    first = build_index(corpus, tmp_path / "index", embedder)
    path = tmp_path / "index" / MANIFEST
    older = {**json.loads(path.read_text()), "format": 3}
    older.pop("openings")
    path.write_text(json.dumps(older))
    with pytest.raises(IndexMismatch):
        load_index(tmp_path / "index", embedder.name)
    again = build_index(corpus, tmp_path / "index", embedder)
    assert (again.up_to_date, again.embedded, again.reused) == (False, 0, first.chunks)
    assert len(load_index(tmp_path / "index", embedder.name)) == first.chunks


ROSTER = ", ".join(f"{name}, Director of the {office} Bureau" for name, office in [
    ("Ana Ruiz", "Port"), ("Tom Becker", "Parks"), ("Li Wei", "Water"), ("Sara Holm", "Transport"),
    ("Omar Said", "Housing"), ("Jon Berg", "Finance"), ("Eva Lind", "Schools"), ("Max Roth", "Health")])


def test_a_reports_opening_sentence_is_a_second_view_of_its_paragraph(make_corpus, tmp_path, embedder):
    opening = "On May 5, the river cleanup hearing was held."
    corpus = make_corpus({"river.txt": f"{opening} {ROSTER}, answered questions.\n\nThe river is cleaned in June.\n"})
    build_index(corpus, tmp_path / "index", embedder)
    index = load_index(tmp_path / "index", embedder.name)
    assert index.manifest.openings == 1
    rows, texts = opening_views(index.store.chunks(range(len(index))))
    assert rows == [0] and texts[0].endswith(opening)
    query = embedder.encode_queries(["Which hearing was held on May 5?"])[0]
    # The opening as the build stored it: the int8 encoder's vector of a text shifts slightly with the batch
    # it is encoded in (tests/test_embed.py), so encoding it again here would not give these exact figures.
    stored = read_openings(index.directory, 1)
    assert stored is not None and float(embedder.encode_documents(texts)[0] @ stored.vectors[0]) > 0.99
    alone = float(stored.vectors[0] @ query)
    whole = float(index.vectors([0])[0] @ query)
    assert alone > whole + 0.05  # the roster that follows dilutes the paragraph's vector
    assert index.similarity(query, [0, 1]).tolist() == pytest.approx([alone, float(index.vectors([1])[0] @ query)], abs=1e-5)
    scores, found = index.dense_search(query[None, :], 2)
    assert found[0].tolist() == [0, 1] and scores[0][0] == pytest.approx(alone, abs=1e-5)  # listed once, by its better view


def test_an_index_without_checksums_is_rebuilt_reusing_its_vectors_and_then_verified(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    first = build_index(corpus, tmp_path / "index", embedder)
    path = tmp_path / "index" / MANIFEST
    before = {**json.loads(path.read_text()), "format": 4}  # as cityqa wrote it before checksums
    before.pop("checksums")
    path.write_text(json.dumps(before))
    with pytest.raises(IndexMismatch, match="has index format 4, this cityqa reads 5; run `cityqa ingest --rebuild`"):
        load_index(tmp_path / "index", embedder.name)
    again = build_index(corpus, tmp_path / "index", embedder)
    assert (again.up_to_date, again.embedded, again.reused) == (False, 0, first.chunks)
    manifest = json.loads(path.read_text())
    assert set(manifest["checksums"]) >= {"vectors.faiss", "chunks.sqlite", "openings.npz"}
    assert len(load_index(tmp_path / "index", embedder.name)) == first.chunks


def test_a_build_with_the_other_encoder_embeds_everything_again(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    first = build_index(corpus, tmp_path / "index", embedder)
    other = Embedder(encoder="fp32" if embedder.encoder == "int8" else "int8")
    switched = build_index(corpus, tmp_path / "index", other)
    # Vectors of one encoder are never mixed with another's: nothing is reused, and the manifest says which.
    assert (switched.up_to_date, switched.embedded, switched.reused) == (False, first.chunks, 0)
    assert json.loads((tmp_path / "index" / MANIFEST).read_text())["encoder"] == other.encoder
    assert len(load_index(tmp_path / "index", other.name)) == first.chunks
