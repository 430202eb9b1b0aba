"""Answer-quality benchmarks, run through the product's own ingest/index/bot code.

    python bench/quality.py [--shared ../shared] [--only scifact,xquad-en,...] [--no-write]

Prints every figure and writes them, next to the published anchors, into the quality section of
docs/BENCHMARKS.md. Indexes are kept under var/bench/ so that a second run embeds nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bot.answer import Bot  # noqa: E402
from bot.benchmarks import index_benchmark, read_beir, read_squad, run_benchmark  # noqa: E402
from bot.evaluate import EvalQuestion, evaluate, read_questions  # noqa: E402
from index import Embedder, build_index, load_index  # noqa: E402
from bot.retrieve import Retriever  # noqa: E402
from report import write_section  # noqa: E402
from web.settings import Settings  # noqa: E402

WORK = REPO / "var" / "bench"
DOC = REPO / "docs" / "BENCHMARKS.md"
START, END = "<!-- quality:start -->", "<!-- quality:end -->"


@dataclass(frozen=True)
class Row:
    name: str
    metric: str
    value: float
    target: str
    anchors: str

    @property
    def met(self) -> str:
        if not self.target:
            return ""
        op, bound = self.target.split(" ")
        ok = self.value >= float(bound) if op == "≥" else self.value == float(bound)
        return "yes" if ok else "no"


def retrieval_rows(shared: Path, embedder: Embedder, settings: Settings, only: set[str]) -> list[Row]:
    bench = shared / "bench"
    plan = [
        ("scifact", lambda: read_beir(bench / "scifact"), "ndcg@10", "≥ 0.74", "BM25 0.686 · MiniLM 0.645 · RRF 0.717 · best third-party small 0.728"),
        ("xquad-en", lambda: read_squad(bench / "xquad" / "xquad.en.json"), "hit@1", "≥ 0.95", "BM25 0.929 · MiniLM 0.885"),
        ("xquad-zh", lambda: read_squad(bench / "xquad" / "xquad.zh.json"), "hit@1", "≥ 0.93", "BM25 (jieba) 0.922 · MiniLM 0.141"),
        ("cmrc2018", lambda: read_squad(bench / "cmrc2018" / "cmrc2018_dev.json"), "hit@1", "≥ 0.93", "BM25 (jieba) 0.914 · MiniLM 0.131"),
    ]
    rows = []
    for key, load, metric, target, anchors in plan:
        if only and key not in only:
            continue
        started = time.perf_counter()
        dataset = load()
        retriever, names = index_benchmark(dataset, WORK / key, embedder, **_retriever_options(settings))
        result = run_benchmark(retriever, dataset, names)
        summary = result.summary()
        print(f"{key}: {json.dumps(summary)} ({time.perf_counter() - started:.0f} s)", flush=True)
        rows.append(Row(f"{key} ({result.queries} q)", metric, float(summary[metric]), target, anchors))
        if metric == "ndcg@10":
            rows.append(Row(f"{key} ({result.queries} q)", "recall@100", float(summary["recall@100"]), "", ""))
    return rows


def dev_rows(shared: Path, embedder: Embedder, settings: Settings) -> tuple[list[Row], list[str]]:
    """The dev questions on the bundled corpus, and the abstention trade-off on off-topic questions."""
    index_dir = WORK / "seed" / "index"
    build_index(REPO / "corpus", index_dir, embedder)
    bot = Bot(Retriever(load_index(index_dir, embedder.name), embedder, **_retriever_options(settings)),
              min_confidence=settings.min_confidence)
    dev = read_questions(shared / "eval" / "dev_questions.jsonl")
    report = evaluate(bot, dev)
    summary = report.summary()
    print(f"dev: {json.dumps(summary)}", flush=True)
    rows = [
        Row("dev questions", "hit@1", summary["hit@1"], "≥ 0.95", "paragraph BM25 ≈ 0.93"),
        Row("dev questions", "hit@3", summary["hit@3"], "= 1.0", ""),
        Row("dev questions", "highlight@1", summary["highlight@1"], "≥ 0.85", ""),
        Row("dev questions", "no-answer abstained (of 4)", summary["no_answer_abstained"], "= 4", ""),
        Row("dev questions", "answerable abstained", summary["answerable_abstained"], "= 0", ""),
    ]
    offtopic = read_questions(REPO / "bench" / "questions" / "offtopic.jsonl")
    curve = abstention_curve(bot, dev, offtopic, settings.min_confidence)
    return rows, curve


def abstention_curve(bot: Bot, dev: list[EvalQuestion], offtopic: list[EvalQuestion], chosen: float) -> list[str]:
    """For each threshold: answerable questions wrongly abstained on, unanswerable ones answered."""
    answerable = [q for q in dev if q.answers]
    unanswerable = [q for q in dev if not q.answers] + offtopic
    confidence_yes = [r.confidence for r in evaluate(bot, answerable).results]
    confidence_no = [r.confidence for r in evaluate(bot, unanswerable).results]
    lines = ["| threshold | answerable abstained | unanswerable answered |", "|---|---|---|"]
    for step in range(0, 13):
        threshold = step * 0.05
        wrong_abstain = sum(c < threshold for c in confidence_yes)
        wrong_answer = sum(c >= threshold for c in confidence_no)
        mark = " ← setting" if abs(threshold - chosen) < 0.025 else ""
        lines.append(f"| {threshold:.2f}{mark} | {wrong_abstain} of {len(confidence_yes)} | {wrong_answer} of {len(confidence_no)} |")
    print("\n".join(lines), flush=True)
    return lines


def large_corpus_rows(shared: Path, embedder: Embedder, settings: Settings) -> list[Row]:
    """The seed report among 500 press-conference transcripts: the dev questions must still be answered."""
    corpus = WORK / "large" / "corpus"
    if not corpus.exists():
        shutil.copytree(REPO / "corpus", corpus)
        for path in sorted((shared / "transcripts" / "mfa_china_press_conferences" / "txt").glob("*.txt")):
            shutil.copy(path, corpus / path.name)
    report = build_index(corpus, WORK / "large" / "index", embedder)
    bot = Bot(Retriever(load_index(WORK / "large" / "index", embedder.name), embedder, **_retriever_options(settings)),
              min_confidence=settings.min_confidence)
    summary = evaluate(bot, read_questions(shared / "eval" / "dev_questions.jsonl")).summary()
    print(f"large corpus ({report.documents} documents, {report.chunks} chunks): {json.dumps(summary)}", flush=True)
    name = f"dev questions, seed + 500 transcripts ({report.chunks} chunks)"
    return [Row(name, "hit@3", summary["hit@3"], "≥ 0.95", ""), Row(name, "hit@1", summary["hit@1"], "", "")]


def _retriever_options(settings: Settings) -> dict[str, float]:
    return {"lexical_weight": settings.lexical_weight}


def write_quality_section(rows: list[Row], curve: list[str], seconds: float) -> None:
    table = ["| benchmark | metric | cityqa | target | met | anchors (all-MiniLM-L6-v2 / BM25) |", "|---|---|---|---|---|---|"]
    table += [f"| {r.name} | {r.metric} | {r.value:.4g} | {r.target} | {r.met} | {r.anchors} |" for r in rows]
    body = "\n".join([
        "## Answer quality",
        "",
        "Produced by `python bench/quality.py` (same settings as the product: nothing is tuned per dataset).",
        f"Every benchmark is indexed and searched by cityqa's own ingest, index and bot code. Run time {seconds:.0f} s.",
        "",
        *table,
        "",
        "### Abstention trade-off",
        "",
        "Dev questions (28 answerable) against the dev set's 4 unanswerable questions plus 45 off-topic questions",
        "(`bench/questions/offtopic.jsonl`), by the `CITYQA_MIN_CONFIDENCE` threshold:",
        "",
        *curve,
    ])
    write_section(DOC, START, END, body)
    print(f"wrote {DOC.relative_to(REPO)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--only", default="", help="comma-separated: scifact,xquad-en,xquad-zh,cmrc2018,dev,large")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    args = parser.parse_args()
    only = {part for part in args.only.split(",") if part}
    started = time.perf_counter()
    settings = Settings()
    embedder = settings.embedder()
    rows: list[Row] = []
    curve: list[str] = []
    if not only or "dev" in only:
        dev, curve = dev_rows(args.shared, embedder, settings)
        rows += dev
    rows += retrieval_rows(args.shared, embedder, settings, only)
    if not only or "large" in only:
        rows += large_corpus_rows(args.shared, embedder, settings)
    if not args.no_write and not only:
        write_quality_section(rows, curve, time.perf_counter() - started)


if __name__ == "__main__":
    main()
