"""Retrieval benchmarks (BEIR folders, SQuAD-format files) run through the product's own code.

Each benchmark document is written as a corpus file with a metadata sidecar, indexed by
`build_index` and searched by the same `Retriever` the chat uses; passages are pooled to
documents by their best rank.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import BadInputFile
from bot.retrieve import Retriever
from index.build import BuildProgress, build_index
from index.embed import Embedder
from index.loaded import load_index
from index.qdrant_backend import QdrantLocation
from ingest.text import is_cjk

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_BATCH = 32


@dataclass(frozen=True)
class RetrievalSet:
    """Documents, queries and relevance judgments (query id → document id → grade)."""

    name: str
    documents: dict[str, tuple[str, str]]  # id → (title, text)
    queries: dict[str, str]
    relevant: dict[str, dict[str, int]]
    language: str = "en"


@dataclass(frozen=True)
class BenchmarkResult:
    name: str
    queries: int
    ndcg_at_10: float
    recall_at_100: float
    hit_at_1: float
    hit_at_5: float
    extra: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        return {"benchmark": self.name, "queries": self.queries, "ndcg@10": round(self.ndcg_at_10, 4),
                "recall@100": round(self.recall_at_100, 4), "hit@1": round(self.hit_at_1, 4),
                "hit@5": round(self.hit_at_5, 4)}


def read_beir(folder: Path, split: str = "test") -> RetrievalSet:
    """A BEIR folder: corpus.jsonl, queries.jsonl and qrels/<split>.tsv (judged queries only)."""
    qrels = folder / "qrels" / f"{split}.tsv"
    for needed in (folder / "corpus.jsonl", folder / "queries.jsonl", qrels):
        if not needed.exists():
            raise BadInputFile(f"{needed} is missing: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/{split}.tsv")
    relevant: dict[str, dict[str, int]] = {}
    for line in qrels.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[2].strip().lstrip("-").isdigit():
            continue  # the header line, or a blank one
        if int(parts[2]) > 0:
            relevant.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    documents = {}
    for record in _jsonl(folder / "corpus.jsonl"):
        documents[str(record["_id"])] = (str(record.get("title") or ""), str(record.get("text") or ""))
    queries = {str(r["_id"]): str(r["text"]) for r in _jsonl(folder / "queries.jsonl") if str(r["_id"]) in relevant}
    return RetrievalSet(folder.name, documents, queries, {q: relevant[q] for q in queries})


def read_squad(path: Path) -> RetrievalSet:
    """A SQuAD-format file: each paragraph is a document, each question's own paragraph is relevant."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError) as error:
        raise BadInputFile(f"{path} is not a SQuAD-format JSON file ({error})") from None
    documents: dict[str, tuple[str, str]] = {}
    queries: dict[str, str] = {}
    relevant: dict[str, dict[str, int]] = {}
    for article_number, article in enumerate(data):
        for paragraph_number, paragraph in enumerate(article["paragraphs"]):
            document_id = f"a{article_number}-p{paragraph_number}"
            documents[document_id] = (str(article.get("title", "")).replace("_", " "), paragraph["context"])
            for qa in paragraph["qas"]:
                queries[qa["id"]] = qa["question"]
                relevant[qa["id"]] = {document_id: 1}
    language = "zh" if sum(is_cjk(q) for q in queries.values()) * 2 > len(queries) else "en"
    return RetrievalSet(path.stem, documents, queries, relevant, language)


def write_corpus(dataset: RetrievalSet, folder: Path) -> dict[str, str]:
    """Writes one text file and sidecar per document; returns file name → benchmark document id."""
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for document_id, (title, text) in dataset.documents.items():
        stem = document_id if _SAFE_ID.match(document_id) else hashlib.sha1(document_id.encode()).hexdigest()[:16]
        name = f"{stem}.txt"
        names[name] = document_id
        body = text.strip() or title or document_id
        (folder / name).write_text(body + "\n", encoding="utf-8")
        meta = {"title": title or document_id, "language": dataset.language}
        (folder / f"{stem}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return names


def run_benchmark(retriever: Retriever, dataset: RetrievalSet, names: dict[str, str], depth: int = 100) -> BenchmarkResult:
    """Ranks documents for every query (passages pooled by their best rank) and scores them."""
    sources = {info.id: names.get(info.source) for info in retriever.index.store.document_infos().values()}
    query_ids = list(dataset.queries)
    rankings: dict[str, list[str]] = {}
    for start in range(0, len(query_ids), _BATCH):
        batch = query_ids[start : start + _BATCH]
        results = retriever.search_many([dataset.queries[q] for q in batch], k=depth * 2)
        for query_id, hits in zip(batch, results):
            ranked = [sources[hit.chunk.document_id] for hit in hits]
            rankings[query_id] = list(dict.fromkeys(d for d in ranked if d is not None))[:depth]
    return score_rankings(dataset, rankings)


def score_rankings(dataset: RetrievalSet, rankings: dict[str, Sequence[str]]) -> BenchmarkResult:
    ndcg, recall, hit1, hit5 = [], [], [], []
    for query_id, judged in dataset.relevant.items():
        ranked = list(rankings.get(query_id, ()))
        gains = [judged.get(d, 0) for d in ranked[:10]]
        ideal = sorted(judged.values(), reverse=True)[:10]
        ndcg.append(_dcg(gains) / _dcg(ideal) if ideal else 0.0)
        recall.append(len(set(ranked[:100]) & set(judged)) / len(judged))
        hit1.append(any(d in judged for d in ranked[:1]))
        hit5.append(any(d in judged for d in ranked[:5]))
    count = len(dataset.relevant)
    return BenchmarkResult(dataset.name, count, _mean(ndcg), _mean(recall), _mean(hit1), _mean(hit5))


def _dcg(gains: Sequence[int]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def index_benchmark(
    dataset: RetrievalSet,
    work_dir: Path,
    embedder: Embedder,
    progress: BuildProgress | None = None,
    qdrant: QdrantLocation | None = None,
    **retriever_options: float,
) -> tuple[Retriever, dict[str, str]]:
    """Writes the benchmark as a corpus under `work_dir` and indexes it (vectors of unchanged
    passages are reused from an earlier run); returns a retriever over it and the file → id map."""
    names = write_corpus(dataset, work_dir / "corpus")
    build_index(work_dir / "corpus", work_dir / "index", embedder, progress=progress, qdrant=qdrant)
    return Retriever(load_index(work_dir / "index", embedder.name), embedder, **retriever_options), names
