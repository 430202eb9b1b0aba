"""Document openings: the first sentence of a report, embedded on its own as a second view of its chunk.

A report's first sentence says what happened, where and when ('On January 22, the ... Questioning and
Defense Meeting was held.'). When the paragraph goes on with a roster of officials, its vector is mostly
the roster, and a question about the meeting finds a hundred press-conference passages closer. The
opening's own vector is searched beside the chunks'; a chunk scores the better of its two views. One
short text per document: ingest embeds about 1 % more.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from index.errors import IndexCorrupt
from index.layout import OPENINGS, REBUILD_HINT
from ingest.models import Chunk
from ingest.text import split_sentences


def opening_views(chunks: Sequence[Chunk]) -> tuple[list[int], list[str]]:
    """(chunk rows, embedding texts) of the documents' openings: the first sentence of each document's first
    chunk, when that chunk is a report's paragraph (no speaker) of more than one sentence."""
    rows, texts = [], []
    seen: set[str] = set()
    for row, chunk in enumerate(chunks):
        if chunk.document_id in seen:
            continue
        seen.add(chunk.document_id)
        sentences = split_sentences(chunk.text)
        if chunk.speaker is None and len(sentences) > 1:
            start, end = sentences[0]
            rows.append(row)
            texts.append(replace(chunk, text=chunk.text[start:end], speech_start=0).embedding_text)
    return rows, texts


def write_openings(directory: Path, rows: Sequence[int], vectors: np.ndarray, keys: Sequence[str]) -> None:
    """Writes the openings of a build (nothing when it has none: its manifest then says 0)."""
    if rows:
        np.savez(directory / OPENINGS, rows=np.asarray(rows, dtype=np.int64),
                 vectors=np.asarray(vectors, dtype=np.float32), keys=np.asarray(keys, dtype=str))  # fmt: skip


class Openings:
    """The opening views of a build: which chunk each belongs to, and their vectors, searchable."""

    def __init__(self, rows: np.ndarray, vectors: np.ndarray, keys: tuple[str, ...]) -> None:
        self.rows = rows  # chunk row of each opening
        self.vectors = vectors
        self.keys = keys  # embedding keys, for the next build to reuse
        self.of_row = {int(row): i for i, row in enumerate(rows)}
        self._index = faiss.IndexFlatIP(vectors.shape[1])
        self._index.add(vectors)

    def __len__(self) -> int:
        return len(self.rows)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, chunk rows) of the k nearest openings per query."""
        scores, found = self._index.search(queries, min(k, len(self.rows)))
        return scores, np.where(found >= 0, self.rows[np.maximum(found, 0)], -1)


def read_openings(directory: Path, expected: int) -> Openings | None:
    """The openings of a build (None when it has none), checked against the count its manifest gives."""
    path = directory / OPENINGS
    if not expected:
        return None
    try:
        with np.load(path) as saved:
            openings = Openings(saved["rows"], np.ascontiguousarray(saved["vectors"], dtype=np.float32),
                                tuple(str(key) for key in saved["keys"]))  # fmt: skip
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise IndexCorrupt(f"{path} is damaged or missing ({error}); {REBUILD_HINT}") from None
    if len(openings.rows) != expected or len(openings.vectors) != expected:
        raise IndexCorrupt(f"{path} holds {len(openings.rows)} openings, the manifest says {expected}; {REBUILD_HINT}")
    return openings
