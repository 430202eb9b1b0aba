"""Trains the answer model (bot/answer_model.json) on public data only, through cityqa's own retriever.

    python bench/train_answer_model.py [--shared ../shared] [--per-set 600] [--seed 13]

Each public set is indexed as a corpus (under var/bench/, reused by bench/quality.py). For every
question the product's retriever returns its top candidates twice: from the whole index, and from the
index without the question's own paragraph or documents (no-answer examples whose candidates are
hard negatives on the same topic). A candidate answers when it is the judged paragraph or document
(and, for SQuAD-format sets, holds the answer text); a sentence answers when it holds the answer text.
Questions are split by a seeded hash: the logistic models are fitted on 70 %, their Platt calibration
and every figure of the data card (docs/ANSWER_MODEL.md) on the other 30 %.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from bot.answer import candidate_depth  # noqa: E402
from bot.answer_model import MODEL_PATH, AnswerModel, CandidateFeatures, Candidate, Logistic, judge  # noqa: E402
from bot.benchmarks import RetrievalSet, index_benchmark, read_beir, read_squad  # noqa: E402
from bot.evaluate import calibration_error  # noqa: E402
from bot.features import PASSAGE_FEATURES, SENTENCE_FEATURES, QuestionTerms, question_terms  # noqa: E402
from bot.highlight import term_weights  # noqa: E402
from index import Embedder  # noqa: E402
from web.settings import Settings  # noqa: E402

WORK = REPO / "var" / "bench"
CARD = REPO / "docs" / "ANSWER_MODEL.md"
VERSION = "1"


@dataclass(frozen=True)
class Example:
    dataset: str
    question: QuestionTerms
    answerable: bool  # the index searched holds the judged passage
    candidates: tuple[Candidate, ...]
    labels: tuple[int, ...]  # per candidate: it answers
    sentence_labels: tuple[tuple[int, ...] | None, ...]  # per candidate, per sentence (None: not judged)
    held_out: bool


def squad_answers(path: Path) -> dict[str, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {qa["id"]: [a["text"] for a in qa["answers"]] for a in data for p in a["paragraphs"] for qa in p["qas"]}


def held_out(question_id: str, seed: int) -> bool:
    return int(hashlib.sha256(f"{seed}:{question_id}".encode()).hexdigest()[:8], 16) % 10 < 3


def collect(name: str, dataset: RetrievalSet, answers: dict[str, list[str]] | None, embedder: Embedder,
            features: CandidateFeatures, per_set: int, seed: int, min_grade: int = 1) -> list[Example]:
    """Examples of one public set: each sampled question searched with and without its own source."""
    retriever, names = index_benchmark(dataset, WORK / name, embedder)
    cache = WORK / name / "text_vectors.npz"
    features.vectors.read(cache)
    index = retriever.index
    source_of = {info.id: names.get(info.source) for info in index.store.document_infos().values()}
    rows_of: dict[str, list[int]] = {}
    for row, chunk in enumerate(index.store.chunks(list(range(len(index))))):
        rows_of.setdefault(source_of[chunk.document_id] or "", []).append(row)
    everything = frozenset(range(len(index)))
    ids = sorted(dataset.queries)
    random.Random(seed).shuffle(ids)
    ids = ids[:per_set]
    depth = candidate_depth(3)
    examples = []
    for start in range(0, len(ids), 32):
        batch = ids[start: start + 32]
        questions = [dataset.queries[q] for q in batch]
        vectors = embedder.encode_queries(questions)
        whole = retriever.search_many(questions, depth, vectors=vectors)
        judged = [{d for d, g in dataset.relevant[q].items() if g >= min_grade} for q in batch]
        without = [everything.difference(r for d in dataset.relevant[q] for r in rows_of.get(d, [])) for q in batch]
        partial = retriever.search_many(questions, depth, without, vectors=vectors)
        for i, question_id in enumerate(batch):
            weights = term_weights(questions[i], index.term_document_frequency, len(index))
            terms = question_terms(questions[i], weights)
            wanted = [a.lower() for a in answers.get(question_id, [])] if answers is not None else []
            for hits, answerable in ((whole[i], True), (partial[i], False)):
                found = features.candidates(terms, vectors[i], hits, [h.chunk.speech_start for h in hits],
                                            [""] * len(hits), None)
                labels, sentence_labels = [], []
                for candidate in found:
                    relevant = source_of[candidate.hit.chunk.document_id] in judged[i]
                    if wanted:
                        relevant = relevant and any(w in candidate.hit.chunk.text.lower() for w in wanted)
                        sentence_labels.append(tuple(int(any(w in s.text.lower() for w in wanted))
                                                     for s in candidate.sentences) if relevant else None)
                    else:
                        sentence_labels.append(None)
                    labels.append(int(relevant))
                examples.append(Example(name, terms, answerable, tuple(found), tuple(labels),
                                        tuple(sentence_labels), held_out(question_id, seed)))
        print(f"  {name}: {min(start + 32, len(ids))}/{len(ids)} questions", flush=True)
        features.vectors.save(cache)
    return examples


# Features left out of the passage model: the cosines that mean nothing for Chinese questions (their English-only
# twins stay), and those that describe how public questions were written (SQuAD's long,
# paragraph-copying questions; Chinese sets' base rate), not whether a passage answers.
_LEFT_OUT = frozenset({"cjk", "q_log_terms", "p_log_len", "dense", "best_s_cos"})


def fit(rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], weights: np.ndarray | None = None,
        c: float = 1.0) -> Logistic:
    """A logistic model on standardised features; a left-out feature keeps a zero weight."""
    used = np.array([name not in _LEFT_OUT for name in names])
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(((rows - mean) / scale)[:, used], labels, sample_weight=weights)
    coefficients = np.zeros(len(names), dtype=np.float32)
    coefficients[used] = model.coef_[0]
    return Logistic(names, mean.astype(np.float32), scale.astype(np.float32), coefficients, float(model.intercept_[0]))


def balanced(group: list[Example]) -> np.ndarray:
    """Per candidate row, a weight that makes every public set count the same."""
    sizes = {name: sum(len(e.candidates) for e in group if e.dataset == name) for name in {e.dataset for e in group}}
    return np.array([1.0 / sizes[e.dataset] for e in group for _ in e.candidates]) * sum(sizes.values()) / len(sizes)


def platt(model: Logistic, rows: np.ndarray, labels: np.ndarray) -> Logistic:
    calibrator = LogisticRegression(C=1e6, max_iter=1000).fit(model.logits(rows).reshape(-1, 1), labels)
    return Logistic(model.features, model.mean, model.scale, model.weights, model.bias,
                    (float(calibrator.coef_[0][0]), float(calibrator.intercept_[0])))


def sentence_data(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for example in examples:
        for candidate, judged in zip(example.candidates, example.sentence_labels):
            if judged is not None and any(judged):
                rows.append(candidate.sentence_rows)
                labels.extend(judged)
    return np.concatenate(rows), np.array(labels)


def evaluate(model: AnswerModel, examples: list[Example]) -> dict[str, dict[str, float]]:
    """Per set, on held-out questions: hit@1 before and after reranking, highlight@1, AUC and ECE of the
    top candidate's probability (answerable vs no-answer questions)."""
    figures: dict[str, dict[str, float]] = {}
    for name in sorted({e.dataset for e in examples}):
        chosen = [e for e in examples if e.dataset == name and e.held_out]
        fused, reranked, highlighted, judged_highlights, top_p, top_ok = [], [], [], [], [], []
        for example in chosen:
            verdicts = judge(model, example.candidates)
            order = sorted(range(len(verdicts)), key=lambda i: -verdicts[i].probability)
            if not order:
                continue
            best = order[0]
            top_p.append(verdicts[best].probability)
            top_ok.append(example.labels[best])
            if example.answerable:
                fused.append(example.labels[0])
                reranked.append(example.labels[best])
                sentences = example.sentence_labels[best]
                if sentences is not None:
                    candidate = example.candidates[best]
                    index = [s.start for s in candidate.sentences].index(verdicts[best].highlight[0])
                    highlighted.append(sentences[index])
                    judged_highlights.append(1)
        p, ok = np.array(top_p), np.array(top_ok)
        figures[name] = {
            "questions": len(reranked), "hit@1 fused": float(np.mean(fused)), "hit@1 reranked": float(np.mean(reranked)),
            "highlight@1": float(np.mean(highlighted)) if highlighted else float("nan"),
            "auc": float(roc_auc_score(ok, p)) if 0 < ok.sum() < len(ok) else float("nan"),
            "ece": calibration_error(p.tolist(), ok.tolist()),
        }
    return figures


def thresholds(model: AnswerModel, examples: list[Example]) -> tuple[list[str], float, float]:
    """By threshold on held-out questions: answerable ones whose top passage answers but is refused, and no-answer
    ones answered. The defaults: refuse at most 1 answerable question in 20 (min_confidence); call an answer
    sure when at least 9 in 10 answers above it are right (answer_confidence)."""
    tops = []
    for example in examples:
        verdicts = judge(model, example.candidates)
        if verdicts:
            best = max(range(len(verdicts)), key=lambda i: verdicts[i].probability)
            tops.append((verdicts[best].probability, example.answerable, example.labels[best]))
    right = [p for p, answerable, ok in tops if answerable and ok]
    none = [p for p, answerable, _ in tops if not answerable]
    lines = ["| threshold | answerable refused (top answers) | no-answer answered | right among answered |", "|---|---|---|---|"]
    low, high = 0.0, 1.0
    for step in range(1, 20):
        t = step * 0.05
        refused = sum(p < t for p in right) / len(right)
        answered = [ok for p, _, ok in tops if p >= t]
        precision = sum(answered) / len(answered) if answered else 1.0
        if refused <= 0.05:
            low = t
        if precision >= 0.9 and high == 1.0:
            high = t
        lines.append(f"| {t:.2f} | {refused:.3f} | {sum(p >= t for p in none) / len(none):.3f} | {precision:.3f} |")
    return lines, round(low, 2), round(max(high, low), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--per-set", type=int, default=400, help="questions sampled per public set")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", default="", help="comma-separated sets (default: all)")
    parser.add_argument("--sizes", default="", help="per-set sample sizes overriding --per-set, e.g. xquad-en=96,cmrc2018=400")
    parser.add_argument("--reuse", action="store_true", help="refit on the examples of the last run (var/bench/answer_examples.pkl)")
    args = parser.parse_args()
    started = time.perf_counter()
    bench = args.shared / "bench"
    embedder = Embedder(Settings().model).load()
    features = CandidateFeatures(embedder.encode_queries)
    plan = [
        ("xquad-en", lambda: read_squad(bench / "xquad" / "xquad.en.json"), bench / "xquad" / "xquad.en.json", 1),
        ("cmrc2018", lambda: read_squad(bench / "cmrc2018" / "cmrc2018_dev.json"), bench / "cmrc2018" / "cmrc2018_dev.json", 1),
        ("scifact", lambda: read_beir(bench / "scifact", split="train"), None, 1),
        ("msmarco", lambda: read_beir(bench / "msmarco_trecdl_mini"), None, 2),
    ]
    only = {part for part in args.only.split(",") if part}
    sizes = {name: int(size) for name, size in (part.split("=") for part in args.sizes.split(",") if part)}
    examples: list[Example] = []
    saved = WORK / "answer_examples.pkl"
    if args.reuse:
        plan = []
        examples = pickle.loads(saved.read_bytes())
    for name, load, squad, grade in plan:
        if only and name not in only:
            continue
        answers = squad_answers(squad) if squad is not None else None
        examples += collect(name, load(), answers, embedder, features, sizes.get(name, args.per_set), args.seed,
                            grade)
    saved.write_bytes(pickle.dumps(examples))
    train = [e for e in examples if not e.held_out]
    calibrate = [e for e in examples if e.held_out]
    sentence_model = fit(*sentence_data(train), SENTENCE_FEATURES)
    for group in (train, calibrate):
        for i, example in enumerate(group):
            rows = CandidateFeatures.with_passage_rows(example.question, list(example.candidates),
                                                       sentence_model)
            group[i] = Example(example.dataset, example.question, example.answerable, tuple(rows), example.labels,
                               example.sentence_labels, example.held_out)
    stack = lambda group: (np.stack([c.passage_row for e in group for c in e.candidates]),  # noqa: E731
                           np.array([label for e in group for label in e.labels]))
    passage_model = platt(fit(*stack(train), PASSAGE_FEATURES, balanced(train)), *stack(calibrate))
    model = AnswerModel(sentence_model, passage_model, VERSION)
    figures = evaluate(model, calibrate)
    for name, row in figures.items():
        print(f"{name}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()))
    counts = {name: sum(e.dataset == name and e.answerable for e in examples) for name in figures}
    table, low, high = thresholds(model, calibrate)
    print("\n".join(table), f"\nsuggested CITYQA_MIN_CONFIDENCE {low}, CITYQA_ANSWER_CONFIDENCE {high}")
    model.save(MODEL_PATH, {"trained_on": counts, "held_out_figures": figures, "seed": args.seed})
    command = " ".join(["python bench/train_answer_model.py", *sys.argv[1:]])
    write_card(model, counts, figures, command, time.perf_counter() - started, table, (low, high))
    print(f"wrote {MODEL_PATH.relative_to(REPO)} and {CARD.relative_to(REPO)} ({time.perf_counter() - started:.0f} s)")


def write_card(model: AnswerModel, counts: dict[str, int], figures: dict[str, dict[str, float]], command: str,
               seconds: float, table: list[str], chosen: tuple[float, float]) -> None:
    """docs/ANSWER_MODEL.md: what the model was trained on, what it reads, and how it does on held-out questions."""
    def weights(part: Logistic) -> list[str]:
        order = np.argsort(-np.abs(part.weights))
        return [f"| `{part.features[i]}` | {part.weights[i]:+.3f} |" for i in order]

    heads = ["questions", "hit@1 fused", "hit@1 reranked", "highlight@1", "auc", "ece"]
    lines = [
        "# The answer model (data card)",
        "",
        "`bot/answer_model.json`: two logistic models over features of (question, passage, sentence), computed by",
        "`bot/features.py`. The sentence model picks the highlight among the sentences of a passage (never a question",
        "or a fragment when another sentence can answer); the passage model gives the calibrated probability that a",
        "passage answers, which reranks the candidates and is the answer's `confidence`.",
        "",
        "## Status: opt-in, off by default",
        "",
        "The product answers by the hand-set rules of `bot/evidence.py` and `bot/highlight.py` unless",
        "`CITYQA_ANSWER_MODEL` names this file: compare both on the dev half of the fresh questions with",
        "`python bench/answers.py --half dev` (with and without that setting) before switching it on.",
        "",
        "## Data",
        "",
        "Public sets only, never the seed report or any question written about it. Each set is indexed by cityqa's own",
        "ingest and searched by its own retriever (candidates = `k + 3` = 6). Every sampled question is asked twice:",
        "against the whole index (its judged paragraph labelled 1, the retriever's other candidates are hard negatives)",
        "and against the index without its own paragraph or judged documents (a no-answer example: every candidate is",
        "a same-topic passage that does not answer). A sentence is labelled 1 when it holds the answer text.",
        "",
        "| set | questions sampled (each asked twice) |",
        "|---|---|",
        *[f"| {name} | {count} |" for name, count in counts.items()],
        "",
        "Questions are split by a seeded hash: the models are fitted on 70 %; the Platt calibration of the passage",
        "model and every figure below use the other 30 %.",
        "",
        "## Held-out figures",
        "",
        "hit@1 fused: the retriever's own first passage; reranked: the model's. AUC and ECE: the top candidate's",
        "probability against whether it answers, over answerable and no-answer questions together.",
        "",
        "| set | " + " | ".join(heads) + " |",
        "|---|" + "---|" * len(heads),
        *[f"| {name} | " + " | ".join(f"{row[h]:.3f}" if isinstance(row[h], float) else str(row[h]) for h in heads) + " |"
          for name, row in figures.items()],
        "",
        "## Thresholds (held-out questions of every set)",
        "",
        f"The defaults follow from this table: `CITYQA_MIN_CONFIDENCE` {chosen[0]} refuses at most 1 answerable question in",
        f"20; `CITYQA_ANSWER_CONFIDENCE` {chosen[1]} is where 9 in 10 answers above it are right.",
        "",
        *table,
        "",
        "## Features and weights (standardised inputs)",
        "",
        "Passage model:",
        "",
        "| feature | weight |",
        "|---|---|",
        *weights(model.passage),
        "",
        "Sentence model:",
        "",
        "| feature | weight |",
        "|---|---|",
        *weights(model.sentence),
        "",
        "Rules the public data cannot teach (no public set has speaker turns or roster lines) stay rules: a passage",
        "that is the asker's turn, or whose best sentence is a question, counts at half its probability; a",
        "highlight never starts with the conjunction of a list.",
        "",
        "## Command",
        "",
        f"`{command}` ({seconds:.0f} s on the shared 2-core machine; indexes are kept under var/bench/).",
        "Training needs scikit-learn (the `bench` extra); answering does not: the JSON holds the coefficients.",
        "",
    ]
    CARD.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
