"""Hybrid retrieval: dense and lexical (BM25) candidates from the index's backend, fused into one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from bot.models import Hit
from bot.query import Query, queries_of
from index.backend import Candidates
from index.embed import Embedder
from index.loaded import Index, rows_of

LEXICAL_WEIGHT = 0.55  # the share of BM25 in the fused score of an English question, unless set otherwise
_FEEDBACK_DEPTH = 2  # dense candidates fetched per fused one, for the feedback pass


class Retriever:
    """Finds the chunks that best match questions; defaults set here, `k` chosen per call."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        candidates: int = 50,
        lexical_weight: float = LEXICAL_WEIGHT,
        cjk_lexical_weight: float = 0.95,
        feedback: int = 3,
        feedback_weight: float = 0.5,
        feedback_floor: float = 0.2,
    ) -> None:
        if candidates < 1:
            raise ValueError(f"candidates must be at least 1, got {candidates}")
        for name, value in (("lexical_weight", lexical_weight), ("cjk_lexical_weight", cjk_lexical_weight)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if feedback < 0 or feedback_weight < 0:
            raise ValueError(f"feedback ({feedback}) and feedback_weight ({feedback_weight}) must not be negative")
        index.manifest.check(embedder.name, index.directory)  # IndexMismatch: built with another model
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.lexical_weight = lexical_weight
        self.cjk_lexical_weight = cjk_lexical_weight
        self.feedback = feedback  # passages whose vectors refine the question's (0: off)
        # ...when their cosine with the question reaches this (MiniLM: 0.2 is loosely related)
        self.feedback_weight = feedback_weight
        self.feedback_floor = feedback_floor

    def search(self, question: str, k: int = 10, allowed: frozenset[int] | None = None) -> list[Hit]:
        return self.search_many([question], k, [allowed])[0]

    def search_many(
        self, questions: Sequence[str] | Sequence[Query], k: int | Sequence[int] = 10,
        allowed: Sequence[frozenset[int] | None] | None = None,
    ) -> list[list[Hit]]:
        """The best hits for each question, best first: `k` of them, or `k[i]` for question i; where `allowed[i]`
        is a set of rows, only those. Questions given as text are embedded here, together; a Query has its vector."""
        allowed = list(allowed) if allowed is not None else [None] * len(questions)
        ks = [k] * len(questions) if isinstance(k, int) else list(k)
        if len(allowed) != len(questions) or len(ks) != len(questions):
            raise ValueError(f"allowed ({len(allowed)}) and k ({len(ks)}) need one entry per question "
                             f"({len(questions)})")
        if not questions:
            return []
        embedded = isinstance(questions[0], Query)
        queries = list(questions) if embedded else queries_of(questions, self.embedder.encode_queries)
        # One search, twice as deep as the fusion needs: the deeper half is where pseudo-relevance
        # feedback finds what the refined question adds, without a second pass over every vector.
        # Restricted to a speaker's few chunks, every one is scored, not only the nearest candidates.
        # Questions fused to another depth (another k) are searched apart: none depends on another's k.
        fused_depths = [max(self.candidates, n) for n in ks]
        found: list[Candidates] = [None] * len(queries)  # type: ignore[list-item] - each is set below
        for depth in sorted(set(fused_depths)):
            group = [i for i, fused_depth in enumerate(fused_depths) if fused_depth == depth]
            lexical_depths = [depth if allowed[i] is None else len(self.index) for i in group]
            vectors = np.stack([queries[i].vector for i in group])
            texts = [queries[i].text for i in group]
            for i, candidates in zip(group, self.index.search(vectors, texts, _FEEDBACK_DEPTH * depth, lexical_depths)):
                found[i] = candidates
        return [self._fuse(query, found[i], ks[i], allowed[i]) for i, query in enumerate(queries)]

    def _fuse(self, query: Query, found: Candidates, k: int, allowed: frozenset[int] | None) -> list[Hit]:
        fused_depth = max(self.candidates, k)
        lexical = (found.lexical_scores, found.lexical_rows)
        wide = rows_of(found.dense_rows)
        rows, fused, lexical_of = self._rank(query, query.vector, wide[:fused_depth], lexical, allowed)
        best: list[int] = []
        if self.feedback and rows:
            # Pseudo-relevance feedback: the question's vector moves toward its best passages, which
            # finds passages that say the same thing in other words (SciFact nDCG@10 +0.007). The
            # refined vector ranks the deep dense candidates and the lexical ones (the same figures on
            # every benchmark as a second search of the whole index, for half the vector scans).
            best = [rows[i] for i in np.argsort(-fused, kind="stable")[: self.feedback]]
            # Only passages the model itself finds close refine the question: a top passage found by a
            # rare word alone ('five major battles') would pull it toward another topic.
            best = [row for row, cosine in zip(best, self.index.similarity(query.vector, best))
                    if cosine >= self.feedback_floor]  # fmt: skip
        if best:
            expanded = query.vector + self.feedback_weight * self.index.vectors(best).mean(axis=0)
            expanded /= np.linalg.norm(expanded)
            pool = list(dict.fromkeys([*wide, *lexical[1].tolist()]))
            nearest = np.argsort(-self.index.similarity(expanded, pool), kind="stable")[:fused_depth]
            rows, fused, lexical_of = self._rank(query, expanded, [pool[i] for i in nearest], lexical, allowed)
        if not rows:
            return []
        order = np.argsort(-fused, kind="stable")[:k]
        top = [rows[i] for i in order]
        dense = self.index.similarity(query.vector, top)  # closeness to the question itself, for abstention
        chunks = self.index.store.chunks(top)
        return [
            Hit(row, chunk, float(fused[i]), float(cosine), float(lexical_of[i]))
            for row, i, cosine, chunk in zip(top, order, dense, chunks)
        ]

    def _rank(
        self, query: Query, vector: np.ndarray, dense_rows: list[int],
        lexical: tuple[np.ndarray, np.ndarray], allowed: frozenset[int] | None,
    ) -> tuple[list[int], np.ndarray, np.ndarray]:
        """The candidate rows with their fused and BM25 scores, the dense ones scored by `vector` (the
        question's, or the one feedback refined)."""
        lexical_scores, lexical_rows = lexical
        rows = list(dict.fromkeys([*dense_rows, *lexical_rows.tolist()]))
        if allowed is not None:
            rows = [row for row in rows if row in allowed] + sorted(allowed.difference(rows))
        if not rows:
            return [], np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        lexical_of = np.zeros(len(rows), dtype=np.float32)
        position = {row: i for i, row in enumerate(rows)}
        for row, score in zip(lexical_rows.tolist(), lexical_scores):
            if row in position:
                lexical_of[position[row]] = score
        # Scores are standardised over the same pool however many hits are asked for, so that
        # the top of the ranking does not depend on k.
        pool = np.zeros(len(rows), dtype=bool)
        for row in [*dense_rows[: self.candidates], *lexical_rows[: self.candidates].tolist()]:
            if row in position:
                pool[position[row]] = True
        fused = self._combine(query.cjk, self.index.similarity(vector, rows), lexical_of, pool)
        return rows, fused, lexical_of

    def _combine(self, cjk: bool, dense: np.ndarray, lexical: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """A convex combination of the two scores, each standardised over the candidates.

        Unlike rank fusion it keeps how far ahead a passage is (a BM25 match on a rare name
        outweighs a passage both retrievers rank second); z-scores put the two scales on one
        footing whatever the corpus (SciFact nDCG@10 0.742; 0.737 with min-max scaling)."""
        # The bundled embedding model reads English only: for Chinese questions its scores are noise.
        weight = self.cjk_lexical_weight if cjk else self.lexical_weight
        return weight * _standardised(lexical, pool) + (1 - weight) * _standardised(dense, pool)


def _standardised(scores: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Scores as z-scores of the pool's distribution (all scores when the pool is empty)."""
    reference = scores[pool] if pool.any() else scores
    spread = float(reference.std())
    return (scores - reference.mean()) / spread if spread > 0 else np.zeros_like(scores)


def followed_by(first: list[Hit], more: list[Hit], depth: int) -> list[Hit]:
    """`first`, then the hits of `more` it lacks, scored below all of `first` in their own order."""
    taken = {hit.row for hit in first}
    rest = [hit for hit in more if hit.row not in taken][: depth - len(first)]
    if not first or not rest:
        return first + rest
    shift = min(hit.score for hit in first) - max(hit.score for hit in rest) - 1.0
    return first + [replace(hit, score=hit.score + shift) for hit in rest]
