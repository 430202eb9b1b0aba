"""Scale benchmark: a million vectors, the automatic switch to an approximate index, recall against exact.

The million vectors are synthetic but shaped like real ones: each is a mixture of two real chunk vectors of
the 10k bench index plus Gaussian noise, normalised; the queries are real questions, embedded."""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path

import faiss
import numpy as np

from perfkit import WORK, median


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_vectors(base: np.ndarray, count: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = np.empty((count, base.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        n = min(100_000, count - start)
        mixed = base[rng.integers(len(base), size=n)] + 0.6 * base[rng.integers(len(base), size=n)]
        mixed += rng.normal(0, 0.03, size=mixed.shape).astype(np.float32)
        vectors[start : start + n] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
    return vectors


def scale(index_10k: Path, questions: list[str], count: int, approximate_above: int = 200_000) -> dict[str, object]:
    from index import Embedder
    from index.layout import Manifest
    from index.vectors import exact_vectors, read_vectors, write_vectors

    embedder = Embedder().load()
    manifest = Manifest.read(index_10k)
    base = np.asarray(exact_vectors(index_10k.resolve(), manifest), dtype=np.float32)
    queries = embedder.encode_queries(questions)
    vectors = synthetic_vectors(base, count)

    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    started = time.perf_counter()
    for query in queries[:100]:
        exact.search(query[None, :], 10)
    flat_p50_ms = (time.perf_counter() - started) / 100 * 1000
    _, truth = exact.search(queries, 10)
    del exact
    gc.collect()

    directory = WORK / "scale"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    rss_before_build = _rss_mb()
    started = time.perf_counter()
    kind, params = write_vectors(directory, vectors, approximate_above)
    build_s = time.perf_counter() - started
    rss_after_build = _rss_mb()
    scaled = Manifest(model=manifest.model, dimension=vectors.shape[1], chunker_version="", tokenizer_version="",
                      corpus_fingerprint="", documents=0, chunks=count, built_at="", vector_index=kind,
                      search_params=params)
    del vectors
    gc.collect()
    rss_before_load = _rss_mb()
    loaded = read_vectors(directory, scaled)
    vector_mb = _rss_mb() - rss_before_load
    file_mb = (directory / "vectors.faiss").stat().st_size / 2**20

    curve = []
    ivf = faiss.extract_index_ivf(loaded)
    chosen = ivf.nprobe
    for nprobe in sorted({8, 16, 32, 64, chosen, 256}):
        ivf.nprobe = nprobe
        times, found = [], []
        for query, expected in zip(queries, truth):
            started = time.perf_counter()
            _, rows = loaded.search(query[None, :], 50)  # the retriever asks for 50 candidates
            times.append(time.perf_counter() - started)
            found.append(len(set(rows[0][:10].tolist()) & set(expected.tolist())) / 10)
        curve.append({"nprobe": nprobe, "p50_ms": median(times) * 1000, "recall_at_10": float(np.mean(found))})
    ivf.nprobe = chosen
    started = time.perf_counter()
    for rows in np.random.default_rng(1).integers(count, size=(100, 53)):
        loaded.reconstruct_batch(rows.astype(np.int64))  # what Index.similarity does per question
    similarity_ms = (time.perf_counter() - started) / 100 * 1000
    at_chosen = next(point for point in curve if point["nprobe"] == chosen)
    shutil.rmtree(directory, ignore_errors=True)
    return {"vectors": count, "vector_index": kind, "search_params": params, "build_s": build_s,
            "build_rss_growth_mb": rss_after_build - rss_before_build, "rss_mb": _rss_mb(),
            "vector_memory_mb": vector_mb, "vector_file_mb": file_mb, "flat_p50_ms": flat_p50_ms,
            "p50_ms": at_chosen["p50_ms"], "recall_at_10": at_chosen["recall_at_10"],
            "similarity_ms": similarity_ms, "curve": curve}
