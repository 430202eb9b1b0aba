"""Answer or refuse, on public data: `python bench/abstention.py [--shared ../shared]`.

XQuAD's paragraphs alternate: the even paragraphs of each article are indexed as the record, so a question on
an even paragraph is answerable and one on an odd paragraph is not, although its article's other paragraphs
(same topic, same names) are in the record. Each question is asked through the bot with the product's settings,
in English and in Chinese (XQuAD's parallel translation, searched through the bot's dictionary translation of
the question). Prints, per language: hit@1 of the passages shown (abstention ignored), answerable questions
answered with the right passage first, answerable questions refused, and no-answer questions refused; then the
same two refusal rates had the bot refused below other confidence thresholds (`CITYQA_MIN_CONFIDENCE`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answer import MIN_CONFIDENCE, Bot  # noqa: E402
from bot.benchmarks import RetrievalSet, index_benchmark, read_squad  # noqa: E402
from index import Embedder  # noqa: E402
from web.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "var" / "bench" / "xquad-alternate"
_BATCH = 32
THRESHOLDS = tuple(sorted({0.25, 0.3, 0.35, MIN_CONFIDENCE, 0.45, 0.5}))  # and the default refusal threshold


def alternate(dataset: RetrievalSet) -> RetrievalSet:
    """The dataset with only the even paragraphs of each article as documents (ids end in -p<number>)."""
    kept = {d: v for d, v in dataset.documents.items() if int(d.rsplit("-p", 1)[1]) % 2 == 0}
    return replace(dataset, documents=kept)


def measure(bot: Bot, sources: dict[str, str | None], questions: dict[str, str],
            relevant: dict[str, dict[str, int]], kept: set[str]) -> dict[str, float]:
    shown_first = answered_first = answerable = answerable_refused = no_answer = no_answer_refused = 0
    confidences: dict[bool, list[float]] = {True: [], False: []}  # answerable or not: the top passage's confidence
    ids = [q for q in questions if q in relevant]
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        for query_id, answer in zip(batch, bot.answer_many([questions[q] for q in batch])):
            judged = relevant[query_id]
            first = sources.get(answer.closest[0].hit.chunk.document_id) if answer.closest else None
            confidences[bool(kept.intersection(judged))].append(answer.confidence)
            if kept.intersection(judged):
                answerable += 1
                shown_first += first in judged
                answered_first += (not answer.abstained) and first in judged
                answerable_refused += answer.abstained
            else:
                no_answer += 1
                no_answer_refused += answer.abstained
    return {"answerable": answerable, "hit@1 shown": round(shown_first / answerable, 4),
            "answered right": round(answered_first / answerable, 4),
            "answerable refused": round(answerable_refused / answerable, 4),
            "no-answer": no_answer, "no-answer refused": round(no_answer_refused / no_answer, 4),
            "refused below (answerable, no-answer)": {
                str(t): (round(sum(c < t for c in confidences[True]) / answerable, 3),
                         round(sum(c < t for c in confidences[False]) / no_answer, 3)) for t in THRESHOLDS}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    started = time.perf_counter()
    xquad = args.shared / "bench" / "xquad"
    english = read_squad(xquad / "xquad.en.json")
    chinese = read_squad(xquad / "xquad.zh.json")
    record = alternate(english)
    settings = Settings()
    retriever, names = index_benchmark(record, WORK, Embedder(settings.model), lexical_weight=settings.lexical_weight)
    bot = Bot(retriever, settings.min_confidence, answer_confidence=settings.answer_confidence)
    sources = {info.id: names.get(info.source) for info in retriever.index.store.document_infos().values()}
    for language, dataset in (("English", english), ("Chinese", chinese)):
        figures = measure(bot, sources, dataset.queries, english.relevant, set(record.documents))
        print(f"{language}: {json.dumps(figures)}", flush=True)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
