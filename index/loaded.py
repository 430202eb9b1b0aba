"""A built index, loaded and checked: vector search, BM25 search and metadata lookups."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.checksums import verify_checksums
from index.errors import IndexCorrupt
from index.layout import BM25_DIR, DATABASE, REBUILD_HINT, Manifest
from index.backend import Candidates, FaissBackend, SearchBackend, SearchFilter
from index.qdrant_backend import BACKEND_FILE, QdrantBackend
from index.openings import Openings, read_openings
from index.store import Store
from index.vectors import read_vectors


class Index:
    """The read-only search structures of one build. Rows number the chunks from 0."""

    def __init__(self, directory: Path, manifest: Manifest, backend: SearchBackend, store: Store,
                 openings: Openings | None = None):  # fmt: skip
        self.directory = directory
        self.manifest = manifest
        self.store = store
        self.backend = backend  # the dense and lexical search (index/backend.py)
        self._openings = openings  # a second view of some chunks: their document's first sentence

    def __len__(self) -> int:
        return self.manifest.chunks

    def search(self, vectors: np.ndarray, questions: Sequence[str], dense_k: int, lexical_k: Sequence[int],
               where: SearchFilter | None = None) -> list[Candidates]:  # fmt: skip
        """The dense and lexical candidates of each question (see SearchBackend.search)."""
        return self.backend.search(vectors, questions, max(1, min(dense_k, len(self))), lexical_k, where)

    def dense_search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, rows) of the k nearest chunks per query vector, best first."""
        found = self.search(queries, [""] * len(queries), k, [0] * len(queries))
        return np.stack([c.dense_scores for c in found]), np.stack([c.dense_rows for c in found])

    def vectors(self, rows: Sequence[int]) -> np.ndarray:
        """The stored vectors of the given rows."""
        return self.backend.vectors(rows)

    def similarity(self, query: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """Inner products of one query vector with the stored vectors of the given rows; a chunk with an
        opening (index.openings) scores the better of its two views."""
        if not rows:
            return np.zeros(0, dtype=np.float32)
        query = np.asarray(query, dtype=np.float32)
        similarity = self.vectors(rows) @ query
        if self._openings is not None:
            for i, row in enumerate(rows):
                opening = self._openings.of_row.get(row)
                if opening is not None:
                    similarity[i] = max(similarity[i], float(self._openings.vectors[opening] @ query))
        return similarity

    def lexical_search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, rows) of the k best BM25 matches of one query, best first; only rows that match."""
        if not len(self):
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        found = self.backend.search(np.zeros((1, self.manifest.dimension), dtype=np.float32), [query], 0, [k])[0]
        return found.lexical_scores, found.lexical_rows

    def has_term(self, term: str) -> bool:
        """Whether a BM25 term (as index.lexical.tokenize makes them) occurs in the index."""
        own = getattr(self.backend, "has_term", None)  # the embedded BM25 knows its vocabulary at once
        return own(term) if own is not None else self.store.passage_frequency(term) > 0

    def term_document_frequency(self, term: str) -> int:
        """In how many passages a BM25 term occurs, by their own words (0 when none uses it)."""
        return self.store.passage_frequency(term)


def load_index(directory: Path, model: str) -> Index:
    """Loads and checks the index at `directory` for the given embedding model."""
    directory = Path(directory)
    manifest = Manifest.read(directory)
    manifest.check(model, directory)
    build = directory.resolve()
    verify_checksums(build, manifest.checksums)  # damage inside a file would otherwise be read as data
    store = Store(build / DATABASE)
    if store.chunk_count() != manifest.chunks:
        store.close()
        raise IndexCorrupt(f"{build / DATABASE} holds {store.chunk_count()} chunks, the manifest {manifest.chunks}; {REBUILD_HINT}")
    openings = read_openings(build, manifest.openings)
    if (build / BACKEND_FILE).exists():
        backend: SearchBackend = QdrantBackend.open(build)
        if len(backend) != manifest.chunks:
            store.close()
            raise IndexCorrupt(f"Qdrant's collection '{backend.collection}' holds {len(backend)} chunks, the manifest "
                               f"{manifest.chunks}; {REBUILD_HINT}")  # fmt: skip
    else:
        backend = FaissBackend(read_vectors(build, manifest), _read_bm25(build / BM25_DIR), openings, store.payloads)
    return Index(build, manifest, backend, store, openings)


def _read_bm25(path: Path) -> bm25s.BM25:
    try:
        return bm25s.BM25.load(str(path), show_progress=False)
    except (OSError, ValueError, KeyError) as error:
        raise IndexCorrupt(f"{path} is damaged or missing ({error}); {REBUILD_HINT}") from None


def rows_of(rows: Sequence[int]) -> list[int]:
    """Valid rows only (FAISS pads short result lists with -1)."""
    return [int(row) for row in rows if row >= 0]
