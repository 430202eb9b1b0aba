"""Answer figures on the fresh question sets, through the product's own bot: one command for docs/BENCHMARKS.md.

    python bench/answers.py [--half test|dev] [--shared /work/shared] [--no-write] [--encoder int8|fp32]

The seed report (bench/questions/fresh_seed_en.jsonl, and fresh_seed_zh.jsonl when present) and the large corpus
(the seed plus a sample of every transcript format, built once by bench/large_corpus.py under var/bench/large-fresh/
and reused; fresh_large.jsonl) are asked with the product's settings. Prints every figure, draws a reliability
diagram and a risk-coverage curve (docs/answers-*.png) and writes the answers section of docs/BENCHMARKS.md.
Tune on `--half dev` only; the report is `--half test`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bot.answer import Bot  # noqa: E402
from bot.answer_model import AnswerModel  # noqa: E402
from bot.evaluate import EvalReport, EvalResult, evaluate, read_questions, reliability  # noqa: E402
from bot.retrieve import Retriever  # noqa: E402
from index import Embedder, build_index, load_index  # noqa: E402
from index.embed import DEFAULT_ENCODER, ENCODERS  # noqa: E402
from report import write_section  # noqa: E402
from web.settings import Settings  # noqa: E402

WORK = REPO / "var" / "bench"
QUESTIONS = REPO / "bench" / "questions"
DOC = REPO / "docs" / "BENCHMARKS.md"
START, END = "<!-- answers:start -->", "<!-- answers:end -->"


def bot_over(corpus: Path, index_dir: Path, embedder: Embedder, settings: Settings) -> Bot:
    build_index(corpus, index_dir, embedder)  # nothing is embedded again when the corpus is unchanged
    retriever = Retriever(load_index(index_dir, embedder.name), embedder, lexical_weight=settings.lexical_weight)
    model = AnswerModel.load(settings.answer_model) if settings.answer_model else None
    return Bot(retriever, settings.min_confidence, answer_confidence=settings.answer_confidence, model=model)


def large_corpus(shared: Path) -> Path:
    corpus = WORK / "large-fresh" / "corpus"
    if not corpus.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "large_corpus.py"), "--out", str(corpus)], check=True)
    return corpus


def rows_of(name: str, report: EvalReport) -> list[tuple[str, str, str, str]]:
    """(set, figure, value, target) rows of one report."""
    s = report.summary()
    staff = EvalReport(tuple(r for r in report.results if r.question.kind == "staff"))
    rows = [
        (name, "hit@1 (an abstention is a miss)", f"{s['hit@1']:.3f}", ""),
        (name, "hit@3", f"{s['hit@3']:.3f}", ""),
        (name, "retrieval alone hit@1 / hit@3", f"{s['retrieval_hit@1']:.3f} / {s['retrieval_hit@3']:.3f}", ""),
        (name, "highlight@1", f"{s['highlight@1']:.3f}", ""),
        (name, "answerable refused", f"{s['answerable_abstained']} of {s['answerable']}", ""),
        (name, "no-answer refused", f"{s['no_answer_abstained']} of {s['no_answer']}", ""),
        (name, "outcomes (answered / uncertain / abstained)", " / ".join(str(v) for v in s["outcomes"].values()), ""),
        (name, "expected calibration error", f"{s['ece']:.3f}", ""),
    ]
    if staff.answerable:
        rows.append((name, f"staff questions hit@1 ({len(staff.answerable)})", f"{staff.hit_at(1):.3f}", ""))
    return rows


def plots(results: list[EvalResult], half: str, prefix: str = "answers") -> tuple[Path, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    diagram, risk = REPO / "docs" / f"{prefix}-reliability.png", REPO / "docs" / f"{prefix}-risk-coverage.png"
    bins = reliability([r.confidence for r in results], [r.top_answers for r in results])
    centers, observed, counts = [b.confidence for b in bins], [b.answered for b in bins], [b.count for b in bins]
    figure, axis = plt.subplots(figsize=(5, 5))
    axis.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    axis.plot(centers, observed, marker="o", label="cityqa")
    for x, y, n in zip(centers, observed, counts):
        axis.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=8)
    axis.set(xlabel="confidence (bin mean)", ylabel="share whose top passage answers", xlim=(0, 1), ylim=(0, 1),
             title=f"Reliability, fresh questions ({half} half, {len(results)})")
    axis.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(diagram, dpi=110)
    plt.close(figure)
    ranked = sorted(results, key=lambda r: -r.confidence)
    coverage, errors = [], []
    for n in range(1, len(ranked) + 1):
        coverage.append(n / len(ranked))
        errors.append(sum(not r.top_answers for r in ranked[:n]) / n)
    figure, axis = plt.subplots(figsize=(5, 4))
    axis.plot(coverage, errors)
    axis.set(xlabel="coverage (share of questions answered, most confident first)",
             ylabel="risk (share answered wrongly)", xlim=(0, 1), ylim=(0, 1),
             title=f"Risk-coverage, fresh questions ({half} half)")
    figure.tight_layout()
    figure.savefig(risk, dpi=110)
    plt.close(figure)
    return diagram, risk


# Sets that are all test: when they were written.
HELD_OUT = {"fresh2": "this set was written after", "fresh5": "this set was written before session 7's changes "
            "(its per-question results never printed)", "fresh7": "this set was written during session 8, after its "
            "only change to the answers (the calibration), and its per-question results were never printed",
            "fresh9": "this set was written during session 9, after most of its changes, and its per-question results "
            "were never printed",
            "fresh10": "this set was written at the start of session 10, read after its first changes, and its "
            "per-question results were never printed",
            "fresh12": "this set was written during session 10, after most of its changes, and read once at its end; "
            "its per-question results were never printed",
            "fresh13": "this set was written during session 11, after its first changes, and read once at its end; "
            "its per-question results were never printed",
            "fresh15": "this set was written at the start of session 12, before its changes, and read once at its "
            "end; its per-question results were never printed",
            "fresh16": "this set was written at the start of session 13, before any of its changes was measured, and "
            "read once at its end; its per-question results were never printed",
            "fresh18": "this set was written during session 13, after its last change to the answers, and read once; "
            "its per-question results were never printed",
            "fresh19": "this set was written at the start of session 14, before any of its changes was measured, and "
            "read once at its end; its per-question results were never printed",
            "fresh21": "this set was written during session 15, from the records alone, and read once at its end; its "
            "per-question results were never printed",
            "fresh22": "this set was written at the start of session 16, from the records alone, before any of its "
            "changes was measured; its per-question results were never printed",
            "fresh23": "this set was written during session 17, from the records alone, after its first two changes; "
            "its per-question results were never printed",
            "fresh24": "this set was written near the end of session 17, from the records alone, after all of its "
            "changes, and read once; its per-question results were never printed",
            "fresh25": "this set was written at the start of session 18, from the records alone, before its one change "
            "to the answers was measured, and read once at its end; its per-question results were never printed",
            "fresh26": "this set was written at the start of session 19, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh27": "this set was written at the start of session 20, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh28": "this set was written at the start of session 21, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh30": "this set was written at the start of session 22, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh32": "this set was written at the start of session 23, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh34": "this set was written at the start of session 24, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh36": "this set was written at the start of session 25, from the records alone, before any of its "
            "changes was measured, and read before and after them; its per-question results were never printed",
            "fresh39": "this set was written at the start of session 26, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh41": "this set was written at the start of session 27, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh43": "this set was written at the start of session 29, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh45": "this set was written at the start of session 30, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh49": "this set was written at the start of session 31, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh50": "this set was written at the start of session 32, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh52": "this set was written at the start of session 32, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed",
            "fresh56": "this set was written at the start of session 35, from the records alone, and first read on "
            "the session's starting code, before any of its changes; its per-question results were never printed"}


def write_answers_section(rows: list[tuple[str, str, str, str]], half: str, images: tuple[Path, Path],
                          seconds: float, settings: Settings, question_set: str = "fresh") -> None:
    table = ["| question set | figure | cityqa |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c, _ in rows]
    second = question_set != "fresh"
    title = {"fresh": "## Answers on fresh questions", "fresh2": "## Answers on a second held-out set (fresh2)",
             "fresh3": "## Answers on a third held-out set (fresh3)", "fresh4": "## Answers on the tuning set fresh4",
             "fresh5": "## Answers on a fourth held-out set (fresh5)",
             "fresh6": "## Answers on the tuning set fresh6", "fresh7": "## Answers on a fifth held-out set (fresh7)",
             "fresh8": "## Answers on the tuning set fresh8", "fresh9": "## Answers on a sixth held-out set (fresh9)",
             "fresh10": "## Answers on a seventh held-out set (fresh10)",
             "fresh11": "## Answers on the tuning set fresh11",
             "fresh12": "## Answers on an eighth held-out set (fresh12)",
             "fresh13": "## Answers on a ninth held-out set (fresh13)",
             "fresh14": "## Answers on the tuning set fresh14",
             "fresh15": "## Answers on a tenth held-out set (fresh15)",
             "fresh16": "## Answers on an eleventh held-out set (fresh16)",
             "fresh17": "## Answers on the tuning set fresh17",
             "fresh18": "## Answers on a twelfth held-out set (fresh18)",
             "fresh19": "## Answers on a thirteenth held-out set (fresh19)",
             "fresh20": "## Answers on the tuning set fresh20",
             "fresh21": "## Answers on a fourteenth held-out set (fresh21)",
             "fresh22": "## Answers on a fifteenth held-out set (fresh22)",
             "fresh23": "## Answers on a sixteenth held-out set (fresh23)",
             "fresh24": "## Answers on a seventeenth held-out set (fresh24)",
             "fresh25": "## Answers on an eighteenth held-out set (fresh25)",
             "fresh26": "## Answers on a nineteenth held-out set (fresh26)",
             "fresh27": "## Answers on a twentieth held-out set (fresh27)",
             "fresh28": "## Answers on a twenty-first held-out set (fresh28)",
             "fresh29": "## Answers on the tuning set fresh29",
             "fresh30": "## Answers on a twenty-second held-out set (fresh30)",
             "fresh31": "## Answers on the tuning set fresh31",
             "fresh32": "## Answers on a twenty-third held-out set (fresh32)",
             "fresh33": "## Answers on the tuning set fresh33",
             "fresh34": "## Answers on a twenty-fourth held-out set (fresh34)",
             "fresh35": "## Answers on the tuning set fresh35",
             "fresh36": "## Answers on a twenty-fifth held-out set (fresh36)",
             "fresh37": "## Answers on the tuning set fresh37",
             "fresh38": "## Answers on the no-answer tuning set fresh38",
             "fresh39": "## Answers on a twenty-sixth held-out set (fresh39)",
             "fresh40": "## Answers on the tuning set fresh40",
             "fresh41": "## Answers on a twenty-seventh held-out set (fresh41)",
             "fresh42": "## Answers on the tuning set fresh42",
             "fresh43": "## Answers on a twenty-eighth held-out set (fresh43)",
             "fresh44": "## Answers on the tuning set fresh44",
             "fresh45": "## Answers on a twenty-ninth held-out set (fresh45)",
             "fresh46": "## Answers on the tuning set fresh46",
             "fresh47": "## Answers on the paraphrase tuning set fresh47",
             "fresh48": "## Answers on the tuning set fresh48",
             "fresh49": "## Answers on a thirtieth held-out set (fresh49)",
             "fresh50": "## Answers on a thirty-first held-out set (fresh50)",
             "fresh51": "## Answers on the tuning set fresh51",
             "fresh52": "## Answers on a thirty-second held-out set (fresh52)",
             "fresh53": "## Answers on the tuning set fresh53",
             "fresh54": "## Answers on the tuning set fresh54",
             "fresh55": "## Answers on the tuning set fresh55",
             "fresh56": "## Answers on a thirty-third held-out set (fresh56)"}[
                 question_set]
    untuned = question_set in HELD_OUT  # written after the changes it measures, and all of it test
    body = "\n".join([
        title,
        "",
        f"Produced by `python bench/answers.py --set {question_set} --half {half}` ({seconds:.0f} s): questions "
        "written by someone who never",
        "saw the code or the dev questions (`bench/questions/`), asked through the product's bot with its default",
        f"settings (`CITYQA_MIN_CONFIDENCE` {settings.min_confidence}, `CITYQA_ANSWER_CONFIDENCE` {settings.answer_confidence};",
        f"answer model: {settings.answer_model or 'off, hand-set rules'}; see docs/ANSWER_MODEL.md). Only the dev",
        (f"half was looked at while building; these are the {half} half's figures. " if not untuned else
         f"half was looked at while building; {HELD_OUT[question_set]}, and nothing was tuned on it. ")
        + "hit@k counts what the user is shown",
        "(an abstention is a miss); highlight@1 counts the answer text (lead and highlighted sentence) of the top passage.",
        "",
        *table,
        "",
        f"![reliability diagram]({images[0].name}) ![risk-coverage curve]({images[1].name})",
        "",
        "Confidence is the probability that the top passage answers: the rules' score (bot/evidence.py) calibrated on",
        "public questions (bot/calibration.py); the reliability diagram shows how well it holds here. A question the",
        "record does not answer counts as a top passage that does not. Both plots pool the English seed and",
        "large-corpus questions.",
    ])
    start, end = (START, END) if not second else (START.replace("answers", f"answers-{question_set}"),
                                                   END.replace("answers", f"answers-{question_set}"))
    write_section(DOC, start, end, body)
    print(f"wrote {DOC.relative_to(REPO)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["dev", "test"], default="test")
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--only", default="", help="comma-separated: seed,zh,large")
    parser.add_argument("--set", default="fresh", choices=[f"fresh{n}" for n in ("", *range(2, 57))],
                        help=f"fresh, fresh3: split into dev and test; {', '.join(HELD_OUT)}: held out, all test; "
                             "fresh4, fresh6, fresh8, fresh11, fresh14, fresh17, fresh20, fresh29, fresh31, fresh33, "
                             "fresh35, fresh37, fresh38 (no-answer questions only), fresh40, fresh42, fresh44, "
                             "fresh46, fresh47 (answerable seed questions only), fresh48, fresh51, fresh53, fresh54, "
                             "fresh55: for tuning, all dev")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    parser.add_argument("--encoder", choices=ENCODERS, default=DEFAULT_ENCODER,
                        help="the query and passage encoder (indexes of another than the default kept apart)")
    args = parser.parse_args()
    only = {part for part in args.only.split(",") if part}
    started = time.perf_counter()
    settings = Settings()
    embedder = Embedder(settings.model, encoder=args.encoder)
    folder = "index" if args.encoder == DEFAULT_ENCODER else f"index-{args.encoder}"
    rows: list[tuple[str, str, str, str]] = []
    pooled: list[EvalResult] = []
    plan = [("seed", "seed report, English", REPO / "corpus", WORK / "seed" / folder, f"{args.set}_seed_en.jsonl"),
            ("zh", "seed report, Chinese", REPO / "corpus", WORK / "seed" / folder, f"{args.set}_seed_zh.jsonl"),
            ("large", "large corpus", None, WORK / "large-fresh" / folder, f"{args.set}_large.jsonl")]
    for key, name, corpus, index_dir, file in plan:
        if (only and key not in only) or not (QUESTIONS / file).exists():
            continue
        bot = bot_over(corpus or large_corpus(args.shared), index_dir, embedder, settings)
        report = evaluate(bot, read_questions(QUESTIONS / file, args.half))
        print(f"{name} ({args.half}): {json.dumps(report.summary())}", flush=True)
        for result in report.results:
            if args.half == "dev":  # the dev half may be read to understand failures; never the test half
                shown_first = result.shown_rank == 1 and not result.abstained
                verdict = "ok" if (shown_first if result.question.answers else result.abstained) else "MISS"
                print(f"  {verdict} {result.outcome:9} {result.confidence:.2f} r={result.rank} s={result.shown_rank} "
                      f"h={int(result.highlighted)} {result.question.question}")
        rows += rows_of(f"{name} ({len(report.results)} q)", report)
        if key != "zh":
            pooled += report.results
    if args.no_write or not pooled:
        return
    images = plots(pooled, args.half, "answers" if args.set == "fresh" else f"answers-{args.set}")
    write_answers_section(rows, args.half, images, time.perf_counter() - started, settings, args.set)


if __name__ == "__main__":
    main()
