"""Qdrant (qdrant-client's local mode) next to FAISS + bm25s at 100k passages, on the same questions.

    python bench/qdrant_scale.py --index var/bench/xquad-en/index --questions 100 [--count 100000]

The passages are synthetic but shaped like real ones, as in bench/perf_scale.py: each vector mixes two real
chunk vectors of `--index` plus noise; each passage's BM25 terms are the two chunks' terms. The questions are
the real chunks' own first sentences (embedded). Recall@10 is measured against the exact answer of each kind
(a flat inner-product scan for dense, bm25s for lexical); latency is per question, median, one at a time.
Local mode is qdrant-client's pure-Python store: it shows the backend is correct at this size, not how fast a
Qdrant server is (see docs/DEPLOYMENT.md). Optional: not part of the test suite."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import bm25s
import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import Embedder, load_index  # noqa: E402
from index.backend import FaissBackend, IndexedChunk  # noqa: E402
from index.lexical import BM25_B, BM25_K1, tokenize  # noqa: E402
from index.qdrant_backend import QdrantBackend, QdrantLocation  # noqa: E402
from ingest.text import split_sentences  # noqa: E402
from perf_scale import synthetic_vectors  # noqa: E402


def synthetic_passages(base_vectors: np.ndarray, base_terms: list[list[str]], count: int, seed: int = 0):
    """`count` (vector, terms) passages, each mixing two base chunks (the same draws as synthetic_vectors)."""
    vectors = synthetic_vectors(base_vectors, count, seed)
    rng = np.random.default_rng(seed)
    terms = []
    for start in range(0, count, 100_000):
        n = min(100_000, count - start)
        first, second = rng.integers(len(base_terms), size=n), rng.integers(len(base_terms), size=n)
        terms += [base_terms[a] + base_terms[b] for a, b in zip(first, second)]
    return vectors, terms


def timed(search, queries) -> tuple[list, float]:
    results, seconds = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(search(query))
        seconds.append(time.perf_counter() - started)
    return results, median(seconds) * 1000


def recall(found: list[list[int]], exact_scores: list[np.ndarray], k: int = 10) -> float:
    """Share of the exact top k found, ties counted as found: a passage scoring as high as the exact k-th is
    as right as the one it displaced (synthetic passages repeat pairs of chunks, so BM25 ties are common)."""
    shares = []
    for rows, scores in zip(found, exact_scores):
        positive = scores[scores > 0]
        if not len(positive):
            continue
        kth = np.sort(positive)[::-1][: k][-1]
        wanted = min(k, len(positive))
        shares.append(min(wanted, sum(scores[row] >= kth - 1e-4 for row in rows[:k])) / wanted)
    return float(np.mean(shares))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="a built index whose chunks seed the passages")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--memory", action="store_true", help="local mode in memory (no folder): a faster upsert")
    args = parser.parse_args()
    embedder = Embedder().load()
    source = load_index(args.index, embedder.name)
    chunks = source.store.chunks(range(len(source)))
    base_vectors = source.vectors(range(len(source)))
    base_terms = [tokenize(chunk.embedding_text) for chunk in chunks]
    questions = [chunk.text[slice(*split_sentences(chunk.text)[0])] for chunk in chunks[: args.questions]]
    query_vectors = embedder.encode_queries(questions)
    vectors, terms = synthetic_passages(base_vectors, base_terms, args.count)
    print(f"{args.count} passages from {len(chunks)} chunks of {args.index}; {len(questions)} questions")

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    bm25.index([t or [""] for t in terms], show_progress=False)
    faiss_backend = FaissBackend(flat, bm25, None, lambda: [])
    folder = Path(tempfile.mkdtemp(prefix="cityqa-qdrant-scale-"))
    place = ":memory:" if args.memory else str(folder)
    try:
        started = time.perf_counter()
        qdrant = QdrantBackend.create(QdrantLocation(path=place, alias="scale"), "bench", vectors.shape[1], [
            IndexedChunk(row, vectors[row], tuple(terms[row]), "d", None, None) for row in range(args.count)])
        print(f"qdrant local mode ({place}): {args.count} points upserted in {time.perf_counter() - started:.0f} s")
        rows = {}
        for name, backend in (("faiss+bm25s", faiss_backend), ("qdrant-local", qdrant)):
            dense, dense_ms = timed(lambda i: backend.search(query_vectors[i : i + 1], [questions[i]], 10, [0])[0],
                                    range(len(questions)))  # fmt: skip
            lexical, lexical_ms = timed(lambda i: backend.search(query_vectors[i : i + 1], [questions[i]], 0, [10])[0],
                                        range(len(questions)))  # fmt: skip
            rows[name] = ([list(map(int, c.dense_rows[c.dense_rows >= 0])) for c in dense], dense_ms,
                          [list(map(int, c.lexical_rows)) for c in lexical], lexical_ms)  # fmt: skip
        # The exact scores of every passage: a flat scan, and bm25s.
        dense_exact = [vectors @ query for query in query_vectors]
        lexical_exact = [bm25.get_scores([t for t in tokenize(q) if t in bm25.vocab_dict]) if
                         any(t in bm25.vocab_dict for t in tokenize(q)) else np.zeros(args.count) for q in questions]
        print("| backend | dense recall@10 | dense ms/question | BM25 recall@10 | BM25 ms/question |")
        print("|---|---|---|---|---|")
        for name, (dense, dense_ms, lexical, lexical_ms) in rows.items():
            print(f"| {name} | {recall(dense, dense_exact):.3f} | {dense_ms:.1f} | "
                  f"{recall(lexical, lexical_exact):.3f} | {lexical_ms:.1f} |")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
