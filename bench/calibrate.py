"""Fits the confidence calibration on public data: `python bench/calibrate.py [--shared ../shared]`.

The hand-set rules give a score, not a probability. This maps it to the probability that the top passage
answers, by Platt scaling (a logistic regression on the score's logit), fitted on public questions only:
XQuAD (English, and its Chinese translation asked through the bot's dictionary) and CMRC 2018, each with
only the even paragraphs of every article indexed (bench/abstention.py's record), so that a question on an
odd paragraph is one the record does not answer although its article's other paragraphs are there. Writes
bot/calibration.json and docs/BENCHMARKS.md's calibration section: a reliability table (the held-out 30 % of
each set's questions, by a seeded hash) before and after, and where the rules' raw scores fall.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from abstention import alternate  # noqa: E402
from report import write_section  # noqa: E402
from train_answer_model import held_out  # noqa: E402

from bot.answer import Bot  # noqa: E402
from bot.benchmarks import index_benchmark, read_squad  # noqa: E402
from bot.calibration import CALIBRATION_PATH, Calibration, logit  # noqa: E402
from bot.evaluate import calibration_error, reliability  # noqa: E402
from index import Embedder  # noqa: E402
from web.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "var" / "bench"
DOC = REPO / "docs" / "BENCHMARKS.md"
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"
_BATCH = 32
_SEED = 13  # of the split that the fit never sees (3 questions in 10), as the answer model's


def scored(bot: Bot, names: dict[str, str | None], questions: dict[str, str],
           relevant: dict[str, dict[str, int]]) -> list[tuple[str, float, int]]:
    """(question id, raw score, 1 if the top passage is the judged paragraph) for every judged question."""
    sources = {info.id: names.get(info.source) for info in bot.index.store.document_infos().values()}
    ids = [q for q in questions if q in relevant]
    rows = []
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        for query_id, answer in zip(batch, bot.answer_many([questions[q] for q in batch])):
            first = sources.get(answer.closest[0].hit.chunk.document_id) if answer.closest else None
            rows.append((query_id, answer.confidence, int(first in relevant[query_id])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=CALIBRATION_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    settings = Settings()
    embedder = Embedder(settings.model)
    bench = args.shared / "bench"
    english = read_squad(bench / "xquad" / "xquad.en.json")
    chinese = read_squad(bench / "xquad" / "xquad.zh.json")
    cmrc = read_squad(bench / "cmrc2018" / "cmrc2018_dev.json")
    rows: dict[str, list[tuple[str, float, int]]] = {}
    for name, record, asked in (("xquad", alternate(english), {"en": english, "zh": chinese}),
                                ("cmrc2018", alternate(cmrc), {"zh": cmrc})):
        retriever, names = index_benchmark(record, WORK / f"{name}-alternate", embedder,
                                           lexical_weight=settings.lexical_weight)
        bot = Bot(retriever, calibration=None)  # the raw score of the rules
        for language, dataset in asked.items():
            rows[f"{name}-{language}"] = scored(bot, names, dataset.queries, record.relevant)
            print(f"{name}-{language}: {len(rows[f'{name}-{language}'])} questions", flush=True)
    fit = [(s, y) for set_rows in rows.values() for q, s, y in set_rows if not held_out(q, _SEED)]
    scores = np.array([s for s, _ in fit])
    model = LogisticRegression(C=1e6).fit(logit(scores)[:, None], np.array([y for _, y in fit]))
    calibration = Calibration(float(model.coef_[0][0]), float(model.intercept_[0]))
    held = [(s, y) for set_rows in rows.values() for q, s, y in set_rows if held_out(q, _SEED)]
    raw, labels = np.array([s for s, _ in held]), np.array([y for _, y in held])
    mapped = {f"{score}": round(calibration.probability(score), 3) for score in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)}
    lines = [
        "## Confidence calibration (issue 12)", "",
        "`python bench/calibrate.py` fits bot/calibration.json: Platt scaling of the rules' score, "
        f"`sigmoid({calibration.a:.3f} · logit(score) + {calibration.b:.3f})`, on "
        f"{len(fit)} public questions (XQuAD en and zh, CMRC 2018; half of each article's paragraphs indexed, so "
        "that about half the questions have no answering passage). The map rises with the score: passages, their "
        "order and every decision stay as they were; the thresholds are where the former raw ones (0.3 and 0.45) "
        "fall. Reliability on the held-out questions:", "",
        "| | ECE | bins: confidence range, questions, mean confidence, share whose top passage answers |",
        "|---|---|---|"]
    for title, values in (("raw score", raw), ("calibrated", calibration.probabilities(raw))):
        confidences, answered = values.tolist(), labels.tolist()
        cells = "; ".join(f"{b.low:.1f}–{b.low + 0.1:.1f}: {b.count}, {b.confidence:.2f}, {b.answered:.2f}"
                          for b in reliability(confidences, answered))
        lines.append(f"| {title} ({len(held)} questions) | {calibration_error(confidences, answered):.3f} | {cells} |")
    lines += ["", "Raw score → probability: " + ", ".join(f"{r} → {p}" for r, p in mapped.items()) + ".",
              "The default thresholds are the former raw ones (0.3, 0.45) through this map, rounded down to four "
              "places: " + ", ".join(f"{calibration.threshold(raw)}" for raw in (0.3, 0.45))
              + " (`bot/answer.py` derives them from the shipped fit)."]
    print("\n".join(lines))
    write_section(DOC, START, END, "\n".join(lines))
    args.out.write_text(json.dumps({
        "method": "Platt scaling: probability = sigmoid(a · logit(score) + b), score = the rules' confidence",
        "a": calibration.a, "b": calibration.b,
        "fitted_on": {name: sum(not held_out(q, _SEED) for q, _, _ in set_rows) for name, set_rows in rows.items()},
        "held_out": {name: sum(held_out(q, _SEED) for q, _, _ in set_rows) for name, set_rows in rows.items()},
        "score_to_probability": mapped,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"\na={calibration.a:.4f} b={calibration.b:.4f}; score → probability {mapped}")
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
