"""Shared pieces of the performance benchmarks: the 10k-chunk corpus, its cached index, questions, timing."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
# The shared bench data lies beside the repository; a worktree elsewhere names it in CITYQA_BENCH_SHARED.
SHARED = Path(os.environ.get("CITYQA_BENCH_SHARED") or REPO.parent / "shared")
TRANSCRIPTS = SHARED / "transcripts" / "mfa_china_press_conferences" / "txt"
SEED = REPO / "corpus"
WORK = REPO / "var" / "bench"
CORPUS_10K = WORK / "corpus-10k"
INDEX_10K = WORK / "index-10k"
TRANSCRIPTS_10K = 370  # the first 370 press conferences (by name) and the seed corpus make about 10,000 chunks
_QUESTION = re.compile(r"(?:^|(?<=[.!?]\s))([A-Z][^?!.\n]{25,200}\?)")


def corpus_10k() -> Path:
    """Copies the bench corpus into var/bench once."""
    if not CORPUS_10K.exists():
        partial = CORPUS_10K.with_name(CORPUS_10K.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for path in sorted(TRANSCRIPTS.glob("*.txt"))[:TRANSCRIPTS_10K]:
            shutil.copy(path, partial / path.name)
        for path in SEED.iterdir():
            shutil.copy(path, partial / path.name)
        partial.rename(CORPUS_10K)
    return CORPUS_10K


def index_10k(embedder) -> Path:  # noqa: ANN001 - an index.Embedder
    """The bench index, built once and kept under var/bench (a rerun finds it up to date)."""
    from index import build_index

    report = build_index(corpus_10k(), INDEX_10K, embedder)
    if not report.up_to_date:
        print(f"  built the bench index: {report.chunks} chunks in {report.seconds:.0f} s")
    return INDEX_10K


def questions(count: int, seed: int = 0) -> list[str]:
    """Distinct real questions: journalists' questions from press conferences outside the bench corpus."""
    found: dict[str, None] = {}
    for path in sorted(TRANSCRIPTS.glob("*.txt"))[TRANSCRIPTS_10K:]:
        for match in _QUESTION.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(" ".join(match.group(1).split()), None)
    pool = list(found)
    if len(pool) < count:
        raise SystemExit(f"only {len(pool)} distinct questions found, {count} wanted")
    rng = np.random.default_rng(seed)
    return [pool[i] for i in rng.permutation(len(pool))[:count]]


def sentence_transformer():  # noqa: ANN201 - a SentenceTransformer, imported here only
    """The bundled model as sentence-transformers loads it: the floor cityqa is measured against."""
    from sentence_transformers import SentenceTransformer

    from index.embed import DEFAULT_MODEL, resolve_model

    return SentenceTransformer(resolve_model(DEFAULT_MODEL), device="cpu")


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p)) if values else float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
