"""Scoring the bot on a question file: `{"q": str, "answer": [str, ...], "type": str}` per line.

A question counts as answered at rank k when one of the top-k passages contains one of its answer
strings (case-insensitive); an empty answer list means the record has no answer and the bot should
abstain. hit@k counts what a user is shown (an abstention is a miss); retrieval_hit@k ranks the closest
passages whatever the outcome. A line may carry "half": "dev" or "test", to score one half alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answer import Bot
from bot.errors import BadInputFile
from bot.models import ABSTAINED, ANSWERED, UNCERTAIN, Answer, Passage

_DEPTH = 10  # passages retrieved per question for MRR@10
_BATCH = 16


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    answers: tuple[str, ...]
    kind: str = ""
    half: str = ""
    document: str = ""  # the answering file (relative to the corpus folder): a hit must come from it


@dataclass(frozen=True)
class EvalResult:
    question: EvalQuestion
    rank: int | None  # 1-based rank of the first closest passage containing an answer, within the top 10
    highlighted: bool  # the top passage's highlight contains an answer
    abstained: bool
    confidence: float
    outcome: str = ANSWERED
    shown_rank: int | None = None  # the same among the passages shown (none when the bot abstained)

    @property
    def top_answers(self) -> bool:
        """What the confidence claims: the top passage answers (never, for a question the record does not answer)."""
        return self.rank == 1


@dataclass(frozen=True)
class EvalReport:
    results: tuple[EvalResult, ...]

    @property
    def answerable(self) -> list[EvalResult]:
        return [r for r in self.results if r.question.answers]

    @property
    def unanswerable(self) -> list[EvalResult]:
        return [r for r in self.results if not r.question.answers]

    def hit_at(self, k: int) -> float:
        """Shown to the user: an abstention is a miss."""
        return _mean([r.shown_rank is not None and r.shown_rank <= k for r in self.answerable])

    def retrieval_hit_at(self, k: int) -> float:
        return _mean([r.rank is not None and r.rank <= k for r in self.answerable])

    @property
    def expected_calibration_error(self) -> float:
        """The confidence against how often the top passage answered (every question counts; one the record
        does not answer never has an answering passage)."""
        return calibration_error([r.confidence for r in self.results], [r.top_answers for r in self.results])

    @property
    def mrr(self) -> float:
        return _mean([1.0 / r.rank if r.rank else 0.0 for r in self.answerable])

    @property
    def highlight_at_1(self) -> float:
        return _mean([r.highlighted for r in self.answerable])

    def summary(self) -> dict[str, object]:
        return {
            "questions": len(self.results),
            "answerable": len(self.answerable),
            "hit@1": round(self.hit_at(1), 4),
            "hit@3": round(self.hit_at(3), 4),
            "retrieval_hit@1": round(self.retrieval_hit_at(1), 4),
            "retrieval_hit@3": round(self.retrieval_hit_at(3), 4),
            "mrr@10": round(self.mrr, 4),
            "highlight@1": round(self.highlight_at_1, 4),
            "no_answer_abstained": sum(r.abstained for r in self.unanswerable),
            "no_answer": len(self.unanswerable),
            "answerable_abstained": sum(r.abstained for r in self.answerable),
            "outcomes": {o: sum(r.outcome == o for r in self.results) for o in (ANSWERED, UNCERTAIN, ABSTAINED)},
            "ece": round(self.expected_calibration_error, 4),
        }


def read_questions(path: Path, half: str | None = None) -> list[EvalQuestion]:
    """Reads a question file (with `half`, only the questions of that half); raises ValueError naming the
    line that is not in the format."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            answers = record.get("answer", [])
            if not isinstance(record["q"], str) or not isinstance(answers, list):
                raise TypeError
            question = EvalQuestion(record["q"], tuple(map(str, answers)), str(record.get("type", "")),
                                    str(record.get("half", "")), str(record.get("doc") or ""))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BadInputFile(
                f"{path}:{number}: expected a JSON object with \"q\" (text) and \"answer\" (a list of texts)"
            ) from None
        if half is None or question.half == half:
            questions.append(question)
    if not questions:
        raise BadInputFile(f"{path}: no questions in the file" + (f" with \"half\": \"{half}\"" if half else ""))
    return questions


def evaluate(bot: Bot, questions: Sequence[EvalQuestion]) -> EvalReport:
    results: list[EvalResult] = []
    for start in range(0, len(questions), _BATCH):
        batch = questions[start : start + _BATCH]
        answers = bot.answer_many([q.question for q in batch], k=_DEPTH)
        results.extend(_score(q, a) for q, a in zip(batch, answers))
    return EvalReport(tuple(results))


def _score(question: EvalQuestion, answer: Answer) -> EvalResult:
    wanted = [" ".join(a.lower().split()) for a in question.answers]  # whitespace-normalised, like the files

    def answers(passage: Passage) -> bool:
        if question.document and passage.document.source != question.document:
            return False
        return any(w in " ".join(passage.hit.chunk.text.lower().split()) for w in wanted)

    def first(passages: Sequence[Passage]) -> int | None:
        return next((i for i, p in enumerate(passages, start=1) if answers(p)), None)

    closest = answer.closest or answer.passages
    # What the user reads as the answer: the lead (who said it) and the highlighted sentence.
    top = " ".join(answer.text.lower().split()) if answer.passages else ""
    highlighted = any(w in top for w in wanted) and first(answer.passages[:1]) == 1
    return EvalResult(question, first(closest), highlighted, answer.abstained, answer.confidence, answer.outcome,
                      first(answer.passages))


@dataclass(frozen=True)
class ReliabilityBin:
    """Questions whose confidence fell in [low, low + 0.1): how many, their mean confidence, and the share of
    them whose top passage answered."""

    low: float
    count: int
    confidence: float
    answered: float


def reliability(confidences: Sequence[float], answered: Sequence[bool | int]) -> list[ReliabilityBin]:
    """Ten confidence bins (a confidence of 1 in the last), the empty ones left out."""
    bins = []
    for low in range(10):
        inside = [i for i, c in enumerate(confidences) if low / 10 <= c < (low + 1) / 10 or (low == 9 and c >= 1)]
        if inside:
            bins.append(ReliabilityBin(low / 10, len(inside), _mean([confidences[i] for i in inside]),
                                       _mean([answered[i] for i in inside])))
    return bins


def calibration_error(confidences: Sequence[float], answered: Sequence[bool | int]) -> float:
    """Expected calibration error: the gap between confidence and share answered, over ten bins weighted by
    their size."""
    return sum(b.count / len(confidences) * abs(b.confidence - b.answered)
               for b in reliability(confidences, answered))


def _mean(values: Sequence[float | bool]) -> float:
    return sum(values) / len(values) if values else 0.0
