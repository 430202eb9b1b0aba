"""Hybrid retrieval: dense (FAISS) and lexical (BM25) candidates, fused into one ranking."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.models import Hit
from index.embed import Embedder
from index.loaded import Index, rows_of
from ingest.text import is_cjk


class Retriever:
    """Finds the chunks that best match questions; defaults set here, `k` chosen per call."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        candidates: int = 50,
        lexical_weight: float = 0.7,
        cjk_lexical_weight: float = 0.95,
    ) -> None:
        if candidates < 1:
            raise ValueError(f"candidates must be at least 1, got {candidates}")
        for name, value in (("lexical_weight", lexical_weight), ("cjk_lexical_weight", cjk_lexical_weight)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if embedder.name != index.manifest.model:
            raise ValueError(f"embedder '{embedder.name}' does not match the index's model '{index.manifest.model}'")
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.lexical_weight = lexical_weight
        self.cjk_lexical_weight = cjk_lexical_weight

    def search(self, question: str, k: int = 10, allowed: frozenset[int] | None = None) -> list[Hit]:
        return self.search_many([question], k, [allowed])[0]

    def search_many(
        self, questions: Sequence[str], k: int = 10, allowed: Sequence[frozenset[int] | None] | None = None
    ) -> list[list[Hit]]:
        """The k best hits for each question, best first; where `allowed[i]` is a set of rows, only those."""
        allowed = list(allowed) if allowed is not None else [None] * len(questions)
        if len(allowed) != len(questions):
            raise ValueError(f"allowed has {len(allowed)} entries for {len(questions)} questions")
        if not questions:
            return []
        vectors = self.embedder.encode_queries(questions)
        _, dense_rows = self.index.dense_search(vectors, max(self.candidates, k))
        return [
            self._fuse(question, vectors[i], dense_rows[i], k, allowed[i]) for i, question in enumerate(questions)
        ]

    def _fuse(
        self, question: str, query: np.ndarray, dense_rows: np.ndarray, k: int, allowed: frozenset[int] | None
    ) -> list[Hit]:
        # Restricted to a speaker's few chunks, every one is scored, not only the nearest candidates.
        depth = max(self.candidates, k) if allowed is None else len(self.index)
        lexical_scores, lexical_rows = self.index.lexical_search(question, depth)
        rows = list(dict.fromkeys([*rows_of(dense_rows), *lexical_rows.tolist()]))
        if allowed is not None:
            rows = [row for row in rows if row in allowed] + sorted(allowed.difference(rows))
        if not rows:
            return []
        dense = self.index.similarity(query, rows)
        lexical = np.zeros(len(rows), dtype=np.float32)
        position = {row: i for i, row in enumerate(rows)}
        for row, score in zip(lexical_rows.tolist(), lexical_scores):
            if row in position:
                lexical[position[row]] = score
        fused = self._combine(question, dense, lexical)
        order = np.argsort(-fused, kind="stable")[:k]
        chunks = self.index.store.chunks([rows[i] for i in order])
        return [
            Hit(rows[i], chunk, float(fused[i]), float(dense[i]), float(lexical[i]))
            for i, chunk in zip(order, chunks)
        ]

    def _combine(self, question: str, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """A convex combination of the two scores, each scaled to 0..1 over the candidates.

        Unlike rank fusion, it keeps how far ahead a passage is: a BM25 match on a rare name
        outweighs a passage that both retrievers rank second."""
        # The bundled embedding model reads English only: for Chinese questions its scores are noise.
        weight = self.cjk_lexical_weight if is_cjk(question) else self.lexical_weight
        top = float(lexical.max())
        lexical_part = lexical / top if top > 0 else lexical
        spread = float(dense.max() - dense.min())
        dense_part = (dense - dense.min()) / spread if spread > 0 else np.ones_like(dense)
        return weight * lexical_part + (1 - weight) * dense_part
