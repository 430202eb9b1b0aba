"""Where the search structures of a build live, behind one interface: today's FAISS + bm25s files (the default,
embedded) or a Qdrant collection (index/qdrant_backend.py, CITYQA_BACKEND=qdrant).

A backend returns candidates, never a ranking: the dense and the lexical candidates of each question, scored
as the two retrievers score them. Fusion, feedback and answering stay in `bot`, so every figure stays
comparable across backends. Rows number a build's chunks from 0 (the metadata store's row numbers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import bm25s
import faiss
import numpy as np

from index.lexical import tokenize
from index.openings import Openings
from ingest.models import Chunk

BACKENDS = ("faiss", "qdrant")
Payload = tuple[str, str | None, str | None]  # a chunk's document id, speaker name and document date


@dataclass(frozen=True)
class SearchFilter:
    """Payload conditions a candidate must meet: any of `speakers` (names), of `documents` (ids), and a
    document date within [date_from, date_to] (ISO dates, inclusive). None: no condition."""

    speakers: tuple[str, ...] | None = None
    documents: tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None


class Candidates(NamedTuple):
    """One question's candidates: dense (inner product, best first) and lexical (BM25 > 0, best first)."""

    dense_scores: np.ndarray
    dense_rows: np.ndarray
    lexical_scores: np.ndarray
    lexical_rows: np.ndarray


@dataclass(frozen=True)
class IndexedChunk:
    """What a backend stores of one chunk: its row, vector, BM25 terms and the payload filters read."""

    row: int
    vector: np.ndarray
    terms: tuple[str, ...]
    document_id: str
    speaker: str | None
    date: str | None
    opening: np.ndarray | None = None  # the vector of its document's first sentence (index.openings)


def indexed_chunks(chunks: Sequence[Chunk], vectors: np.ndarray, dates: dict[str, str | None],
                   openings: Openings | None = None) -> list[IndexedChunk]:  # fmt: skip
    """The chunks of a build as a backend stores them; `dates` maps document ids to their dates."""
    of_row = openings.of_row if openings is not None else {}
    return [
        IndexedChunk(row, vectors[row], tuple(tokenize(chunk.lexical_text)), chunk.document_id,
                     chunk.speaker.name if chunk.speaker else None, dates.get(chunk.document_id),
                     openings.vectors[of_row[row]] if row in of_row else None)  # fmt: skip
        for row, chunk in enumerate(chunks)
    ]


class SearchBackend(Protocol):
    def __len__(self) -> int: ...

    def upsert(self, chunks: Sequence[IndexedChunk]) -> None:
        """Adds or replaces chunks by row."""

    def delete(self, rows: Sequence[int]) -> None:
        """Removes chunks by row."""

    def search(self, vectors: np.ndarray, questions: Sequence[str], dense_k: int, lexical_k: Sequence[int],
               where: SearchFilter | None = None) -> list[Candidates]:  # fmt: skip
        """The candidates of each question (its vector and its text), at most dense_k and lexical_k[i]."""

    def vectors(self, rows: Sequence[int]) -> np.ndarray:
        """The stored vectors of the given rows."""

    def close(self) -> None: ...


class FaissBackend:
    """The build's own files: a FAISS vector index (with the openings beside it) and a bm25s index.
    A build is written whole by `build_index`; to change it, ingest again (upsert and delete say so)."""

    def __init__(self, vectors: faiss.Index, bm25: bm25s.BM25, openings: Openings | None,
                 payloads: Callable[[], Sequence[Payload]]) -> None:  # fmt: skip
        self._vectors = vectors
        self._bm25 = bm25
        self._openings = openings
        self._read_payloads = payloads  # (document id, speaker name, date) per row: read at the first filter
        self._payloads: Sequence[Payload] | None = None

    def __len__(self) -> int:
        return int(self._vectors.ntotal)

    def upsert(self, chunks: Sequence[IndexedChunk]) -> None:
        raise NotImplementedError("a FAISS build is written whole: run `cityqa ingest` to change it")

    def delete(self, rows: Sequence[int]) -> None:
        raise NotImplementedError("a FAISS build is written whole: run `cityqa ingest` to change it")

    def search(self, vectors: np.ndarray, questions: Sequence[str], dense_k: int, lexical_k: Sequence[int],
               where: SearchFilter | None = None) -> list[Candidates]:  # fmt: skip
        allowed = self._allowed(where)
        depth = len(self) if allowed is not None else dense_k  # filtered: rank every row, keep the allowed
        no_rows = np.zeros((len(questions), 0), dtype=np.int64)
        dense_scores, dense_rows = self._dense(vectors, depth) if dense_k > 0 else (no_rows.astype(np.float32), no_rows)
        found = []
        for i, question in enumerate(questions):
            scores, rows = dense_scores[i], dense_rows[i]
            lexical_scores, lexical_rows = self._lexical(question, len(self) if allowed is not None else lexical_k[i])
            if allowed is not None:
                keep, keep_lexical = np.isin(rows, allowed), np.isin(lexical_rows, allowed)
                scores, rows = scores[keep][:dense_k], rows[keep][:dense_k]
                lexical_scores = lexical_scores[keep_lexical][: lexical_k[i]]
                lexical_rows = lexical_rows[keep_lexical][: lexical_k[i]]
            found.append(Candidates(scores, rows, lexical_scores, lexical_rows))
        return found

    def _allowed(self, where: SearchFilter | None) -> np.ndarray | None:
        if where is None:
            return None
        if self._payloads is None:
            self._payloads = self._read_payloads()
        rows = [row for row, payload in enumerate(self._payloads) if matches(where, *payload)]
        return np.asarray(rows, dtype=np.int64)

    def _dense(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, rows) of the k nearest chunks per query vector; rows are -1 past the end."""
        k = max(1, min(k, len(self)))
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        scores, rows = self._vectors.search(queries, k)
        if self._openings is None:
            return scores, rows
        opening_scores, opening_rows = self._openings.search(queries, k)
        return merge_views(scores, rows, opening_scores, opening_rows, k)

    def _lexical(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        terms = [t for t in tokenize(query) if t in self._bm25.vocab_dict] if k > 0 else []
        if not terms or not len(self):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores = self._bm25.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return scores[top], top.astype(np.int64)

    def has_term(self, term: str) -> bool:
        """Whether a BM25 term occurs anywhere in the index (its vocabulary)."""
        return term in self._bm25.vocab_dict

    def vectors(self, rows: Sequence[int]) -> np.ndarray:
        return self._vectors.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def close(self) -> None:
        pass


def matches(where: SearchFilter, document_id: str, speaker: str | None, date: str | None) -> bool:
    """Whether a chunk's payload meets a filter (the FAISS backend's filters; Qdrant evaluates its own)."""
    if where.documents is not None and document_id not in where.documents:
        return False
    if where.speakers is not None and speaker not in where.speakers:
        return False
    if where.date_from is not None and (date is None or date < where.date_from):
        return False
    return not (where.date_to is not None and (date is None or date > where.date_to))


def merge_views(scores: np.ndarray, rows: np.ndarray, opening_scores: np.ndarray, opening_rows: np.ndarray,
                k: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Chunks found by themselves and through their openings, a chunk counted once by its better score."""
    merged_scores, merged_rows = np.full((len(rows), k), -np.inf, dtype=np.float32), np.full((len(rows), k), -1)
    for i in range(len(rows)):
        best: dict[int, float] = {}
        for row, score in zip([*rows[i], *opening_rows[i]], [*scores[i], *opening_scores[i]]):
            if row >= 0 and score > best.get(int(row), -np.inf):
                best[int(row)] = float(score)
        ranked = sorted(best.items(), key=lambda item: -item[1])[:k]
        merged_rows[i, : len(ranked)] = [row for row, _ in ranked]
        merged_scores[i, : len(ranked)] = [score for _, score in ranked]
    return merged_scores, merged_rows
