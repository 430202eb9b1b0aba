"""Hostile or huge corpus files: links out of the corpus are never read, ingest time grows linearly with a
file's size, and only http(s) addresses from metadata become links."""

from __future__ import annotations

import ingest.models
from ingest.chunk import chunk_document
from ingest.models import Document


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
