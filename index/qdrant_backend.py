"""The search structures of a build in Qdrant (`pip install 'cityqa[qdrant]'`): a server or cluster
(CITYQA_QDRANT_URL), or qdrant-client's local mode in a folder (CITYQA_QDRANT_PATH).

One collection per build, `<alias>-<build id>`, with a named dense vector (`dense`, inner product as FAISS),
the document opening's vector where a chunk has one (`opening`), and a sparse BM25 vector (`bm25`). cityqa's
own tokeniser (Snowball, jieba) makes the sparse terms, hashed to 32-bit indices; each value is BM25's
saturated term frequency (Lucene's, as bm25s), and the server applies IDF (the vector's `idf` modifier), so
lexical scores are bm25s's. The alias names the current build; a server keeps searching the collection of the
build it loaded until it reloads, and the build before the current one is kept for it."""

from __future__ import annotations

import atexit
import json
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from hashlib import blake2b
from pathlib import Path
from typing import Any

import numpy as np

from index.backend import Candidates, IndexedChunk, SearchFilter, merge_views
from index.errors import IndexCorrupt
from index.layout import REBUILD_HINT
from index.lexical import BM25_B, BM25_K1, tokenize

BACKEND_FILE = "backend.json"  # in a build: which collection holds its search structures, and where
INSTALL_QDRANT = "pip install 'cityqa[qdrant]'"
_UPSERT_BATCH = 512
_clients: dict[str, Any] = {}  # local mode locks its folder per client: one client per folder and process
_clients_lock = threading.Lock()


@dataclass(frozen=True)
class QdrantLocation:
    """A Qdrant server (`url`) or a local-mode folder (`path`), and the alias of the current build."""

    url: str | None = None
    path: str | None = None
    alias: str = "cityqa"

    def __post_init__(self) -> None:
        if (self.url is None) == (self.path is None):
            raise ValueError("the Qdrant backend needs CITYQA_QDRANT_URL (a server) or CITYQA_QDRANT_PATH (local mode)")


def term_index(term: str) -> int:
    """A term's sparse index: 32 bits of its BLAKE2 hash (a collision merges two rare terms' counts)."""
    return int.from_bytes(blake2b(term.encode(), digest_size=4).digest(), "little")


def client_for(location: QdrantLocation) -> Any:
    try:
        from qdrant_client import QdrantClient
    except ImportError as error:
        raise IndexCorrupt(f"this index is searched through Qdrant, which needs qdrant-client: {INSTALL_QDRANT}") \
            from error
    key = location.url or (location.path if location.path == ":memory:" else str(Path(location.path).resolve()))
    with _clients_lock:
        if key not in _clients:
            if location.url:
                _clients[key] = QdrantClient(url=location.url)
            elif location.path == ":memory:":  # local mode without a folder: nothing persists (benchmarks)
                _clients[key] = QdrantClient(location=":memory:")
            else:
                _clients[key] = QdrantClient(path=key)
            atexit.register(_clients[key].close)  # before shutdown: local mode's own __del__ fails then
        return _clients[key]


class QdrantBackend:
    """A build's collection in Qdrant, searched and (with `upsert`, `delete`) changed in place."""

    def __init__(self, location: QdrantLocation, collection: str, dimension: int, average_length: float) -> None:
        from qdrant_client import models

        self._models = models
        self.location = location
        self.collection = collection
        self.dimension = dimension
        self.average_length = average_length  # of the build's chunks in BM25 terms: BM25's length normalisation
        self._client = client_for(location)

    @classmethod
    def create(cls, location: QdrantLocation, build_id: str, dimension: int,
               chunks: Sequence[IndexedChunk]) -> QdrantBackend:  # fmt: skip
        """A new collection for a build, holding `chunks`."""
        from qdrant_client import models

        collection = f"{location.alias}-{build_id}".lower()
        client = client_for(location)
        if client.collection_exists(collection):
            client.delete_collection(collection)
        client.create_collection(
            collection,
            vectors_config={"dense": models.VectorParams(size=dimension, distance=models.Distance.DOT),
                            "opening": models.VectorParams(size=dimension, distance=models.Distance.DOT)},
            sparse_vectors_config={"bm25": models.SparseVectorParams(modifier=models.Modifier.IDF)},
        )  # fmt: skip
        if location.url:  # a server filters through payload indexes; local mode scans and warns of them
            for key in ("document_id", "speaker"):
                client.create_payload_index(collection, key, models.PayloadSchemaType.KEYWORD)
            client.create_payload_index(collection, "day", models.PayloadSchemaType.INTEGER)
        lengths = [len(chunk.terms) or 1 for chunk in chunks]  # bm25s counts an empty chunk as one placeholder
        backend = cls(location, collection, dimension, float(np.mean(lengths)) if lengths else 1.0)
        backend.upsert(chunks)
        return backend

    @classmethod
    def open(cls, build: Path, location: QdrantLocation | None = None) -> QdrantBackend:
        """The collection a build recorded at ingest (at `location` when given: a replica's own address)."""
        record = json.loads((build / BACKEND_FILE).read_text())
        location = location or QdrantLocation(**record["location"])
        backend = cls(location, record["collection"], record["dimension"], record["average_length"])
        if not backend._client.collection_exists(backend.collection):
            raise IndexCorrupt(f"Qdrant holds no collection '{backend.collection}' for {build}; {REBUILD_HINT}")
        return backend

    def record(self, build: Path) -> None:
        """Writes which collection holds the build's search structures into the build."""
        record = {"backend": "qdrant", "collection": self.collection, "dimension": self.dimension,
                  "average_length": self.average_length, "location": asdict(self.location)}  # fmt: skip
        (build / BACKEND_FILE).write_text(json.dumps(record, indent=2))

    def publish(self) -> None:
        """Points the alias at this collection (one atomic change) and drops collections older than the one
        it pointed at before."""
        models = self._models
        before = [a.collection_name for a in self._client.get_aliases().aliases if a.alias_name == self.location.alias]
        changes: list[Any] = []
        if before:
            changes.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.location.alias)))
        changes.append(models.CreateAliasOperation(create_alias=models.CreateAlias(
            collection_name=self.collection, alias_name=self.location.alias)))  # fmt: skip
        self._client.update_collection_aliases(change_aliases_operations=changes)
        keep = {self.collection, *before}
        prefix = f"{self.location.alias}-"
        for found in self._client.get_collections().collections:
            if found.name.startswith(prefix) and found.name not in keep:
                self._client.delete_collection(found.name)

    def __len__(self) -> int:
        return int(self._client.count(self.collection, exact=True).count)

    def _sparse(self, terms: Sequence[str]) -> Any:
        counts = Counter(term_index(term) for term in terms if term)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * (len(terms) or 1) / self.average_length)
        indices = sorted(counts)
        return self._models.SparseVector(indices=indices, values=[counts[i] / (counts[i] + norm) for i in indices])

    def upsert(self, chunks: Sequence[IndexedChunk]) -> None:
        models = self._models
        for start in range(0, len(chunks), _UPSERT_BATCH):
            points = []
            for chunk in chunks[start : start + _UPSERT_BATCH]:
                vector: dict[str, Any] = {"dense": np.asarray(chunk.vector, dtype=np.float32).tolist(),
                                          "bm25": self._sparse(chunk.terms)}  # fmt: skip
                if chunk.opening is not None:
                    vector["opening"] = np.asarray(chunk.opening, dtype=np.float32).tolist()
                payload = {"document_id": chunk.document_id, "speaker": chunk.speaker, "date": chunk.date,
                           "day": _day(chunk.date)}  # fmt: skip
                points.append(models.PointStruct(id=chunk.row, vector=vector, payload=payload))
            self._client.upsert(self.collection, points=points, wait=True)

    def delete(self, rows: Sequence[int]) -> None:
        self._client.delete(self.collection, points_selector=self._models.PointIdsList(points=[int(r) for r in rows]),
                            wait=True)  # fmt: skip

    def search(self, vectors: np.ndarray, questions: Sequence[str], dense_k: int, lexical_k: Sequence[int],
               where: SearchFilter | None = None) -> list[Candidates]:  # fmt: skip
        models = self._models
        condition = self._filter(where)
        requests = []
        for i, question in enumerate(questions):
            if dense_k > 0:
                query = np.asarray(vectors[i], dtype=np.float32).tolist()
                requests += [models.QueryRequest(query=query, using=name, limit=dense_k, filter=condition)
                             for name in ("dense", "opening")]  # fmt: skip
            if lexical_k[i] > 0:  # local mode counts document frequencies over every point per request
                requests.append(models.QueryRequest(query=self._query_sparse(question), using="bm25",
                                                    limit=lexical_k[i], filter=condition))  # fmt: skip
        responses = iter(self._client.query_batch_points(self.collection, requests=requests))
        found = []
        for i in range(len(questions)):
            if dense_k > 0:
                dense, opening = (_scored(next(responses).points) for _ in range(2))
                scores, rows = merge_views(dense[0][None], dense[1][None], opening[0][None], opening[1][None], dense_k)
                valid = rows[0] >= 0
                dense_scores, dense_rows = scores[0][valid], rows[0][valid]
            else:
                dense_scores, dense_rows = np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
            no_lexical = (np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64))
            lexical_scores, lexical_rows = _scored(next(responses).points) if lexical_k[i] > 0 else no_lexical
            positive = lexical_scores > 0
            found.append(Candidates(dense_scores, dense_rows, lexical_scores[positive][: lexical_k[i]],
                                    lexical_rows[positive][: lexical_k[i]]))  # fmt: skip
        return found

    def _query_sparse(self, question: str) -> Any:
        counts = Counter(term_index(term) for term in tokenize(question))  # a repeated word counts again, as in bm25s
        indices = sorted(counts)
        return self._models.SparseVector(indices=indices, values=[float(counts[i]) for i in indices])

    def _filter(self, where: SearchFilter | None) -> Any:
        if where is None:
            return None
        models, must = self._models, []
        if where.speakers is not None:
            must.append(models.FieldCondition(key="speaker", match=models.MatchAny(any=list(where.speakers))))
        if where.documents is not None:
            must.append(models.FieldCondition(key="document_id", match=models.MatchAny(any=list(where.documents))))
        if where.date_from is not None or where.date_to is not None:
            must.append(models.FieldCondition(key="day", range=models.Range(gte=_day(where.date_from),
                                                                             lte=_day(where.date_to))))  # fmt: skip
        return models.Filter(must=must)

    def vectors(self, rows: Sequence[int]) -> np.ndarray:
        if not len(rows):
            return np.zeros((0, self.dimension), dtype=np.float32)
        points = self._client.retrieve(self.collection, ids=[int(r) for r in rows], with_vectors=["dense"])
        by_row = {int(p.id): p.vector["dense"] for p in points}
        return np.asarray([by_row[int(row)] for row in rows], dtype=np.float32)

    def close(self) -> None:
        pass  # the client is shared by every build of this process (see `client_for`)


def _scored(points: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    return (np.asarray([p.score for p in points], dtype=np.float32),
            np.asarray([int(p.id) for p in points], dtype=np.int64))  # fmt: skip


def _day(date: str | None) -> int | None:
    """An ISO date as a number (2024-03-05 → 20240305), for range filters; None when there is none."""
    digits = "".join(ch for ch in (date or "")[:10] if ch.isdigit())
    return int(digits) if len(digits) == 8 else None
