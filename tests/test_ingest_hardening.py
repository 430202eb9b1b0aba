"""Hostile or huge corpus files: links out of the corpus are never read, ingest time grows linearly with a
file's size, and only http(s) addresses from metadata become links."""

from __future__ import annotations

import json

from click.testing import CliRunner

import ingest.models
from index import load_index
from ingest.chunk import chunk_document
from ingest.loaders import load_corpus
from ingest.models import Document
from tests.conftest import TINY_HEARING
from web.cli import main


def test_chunking_hashes_each_document_once_so_time_grows_linearly(monkeypatch):
    # Counting, not timing: every character hashed is counted. Hashing the whole document for each of its
    # chunks made ingest quadratic (a 2 MB transcript took 72 s to chunk, an 8 MB one never finished).
    hashed = []

    def counting_hash(*parts: str, length: int = 16) -> str:
        hashed.append(sum(len(part) for part in parts))
        return original(*parts, length=length)

    original = ingest.models.content_hash
    monkeypatch.setattr(ingest.models, "content_hash", counting_hash)
    paragraphs = tuple(f"Speaker {n % 7}: Item {n} of the agenda was discussed at length." for n in range(2000))
    document = Document(source="long.txt", title="Long hearing", paragraphs=paragraphs)
    chunks = chunk_document(document)
    ids = {chunk.id for chunk in chunks}
    size = sum(len(paragraph) for paragraph in paragraphs)
    assert len(chunks) > 100 and len(ids) == len(chunks)
    # The document's id once, and each chunk's own text once: about twice the document, never its square.
    assert sum(hashed) <= 3 * size


def test_links_that_lead_out_of_the_corpus_are_skipped_with_a_line_and_never_read(make_corpus, tmp_path):
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-ACCOUNT:/root:/bin/bash\n", encoding="utf-8")
    (tmp_path / "outside" / "notes.meta.json").write_text('{"title": "SECRET-TITLE"}', encoding="utf-8")
    corpus = make_corpus({"harbour.txt": TINY_HEARING, "inside/parks.txt": "The parks department plants trees."})
    (corpus / "passwd.txt").symlink_to(secret)  # a file link out
    (corpus / "mounted").symlink_to(secret.parent, target_is_directory=True)  # a folder link out
    (corpus / "parks-again.txt").symlink_to(corpus / "inside" / "parks.txt")  # a link that stays inside
    (corpus / "notes.txt").write_text("Notes of the hearing.", encoding="utf-8")
    (corpus / "notes.meta.json").symlink_to(tmp_path / "outside" / "notes.meta.json")  # metadata from outside
    load = load_corpus(corpus)
    assert sorted(d.source for d in load.documents) == ["harbour.txt", "inside/parks.txt", "parks-again.txt"]
    assert {error.path: error.problem for error in load.skipped} == {
        "mounted": f"links to {secret.parent}, outside the corpus folder; not read",
        "notes.txt": f"metadata notes.meta.json links to {tmp_path / 'outside' / 'notes.meta.json'}, "
                     "outside the corpus folder; not read",
        "passwd.txt": f"links to {secret}, outside the corpus folder; not read",
    }
    result = CliRunner().invoke(main, ["ingest", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                                env={"COLUMNS": "1000"})  # one line per skipped file, however long its path
    assert result.exit_code == 0, result.output
    output = result.output
    assert f"skipped passwd.txt: links to {secret}, outside the corpus folder; not read" in output
    assert f"skipped mounted: links to {secret.parent}, outside the corpus folder; not read" in output
    store = load_index(tmp_path / "index", "all-MiniLM-L6-v2").store
    everything = json.dumps([[d.title, *d.paragraphs] for d in store.documents()])
    assert "SECRET" not in everything and "plants trees" in everything
