"""Scoring the bot on a question file: `{"q": str, "answer": [str, ...], "type": str}` per line.

A question counts as answered at rank k when one of the top-k passages contains one of its answer
strings (case-insensitive); an empty answer list means the record has no answer and the bot should
abstain.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answer import Bot
from bot.errors import BadInputFile
from bot.models import Answer

_DEPTH = 10  # passages retrieved per question for MRR@10
_BATCH = 16


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    answers: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class EvalResult:
    question: EvalQuestion
    rank: int | None  # 1-based rank of the first passage containing an answer, within the top 10
    highlighted: bool  # the top passage's highlight contains an answer
    abstained: bool
    confidence: float


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
        return _mean([r.rank is not None and r.rank <= k for r in self.answerable])

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
            "mrr@10": round(self.mrr, 4),
            "highlight@1": round(self.highlight_at_1, 4),
            "no_answer_abstained": sum(r.abstained for r in self.unanswerable),
            "no_answer": len(self.unanswerable),
            "answerable_abstained": sum(r.abstained for r in self.answerable),
        }


def read_questions(path: Path) -> list[EvalQuestion]:
    """Reads a question file; raises ValueError naming the line that is not in the format."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            answers = record.get("answer", [])
            if not isinstance(record["q"], str) or not isinstance(answers, list):
                raise TypeError
            questions.append(EvalQuestion(record["q"], tuple(map(str, answers)), str(record.get("type", ""))))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BadInputFile(
                f"{path}:{number}: expected a JSON object with \"q\" (text) and \"answer\" (a list of texts)"
            ) from None
    if not questions:
        raise BadInputFile(f"{path}: no questions in the file")
    return questions


def evaluate(bot: Bot, questions: Sequence[EvalQuestion]) -> EvalReport:
    results: list[EvalResult] = []
    for start in range(0, len(questions), _BATCH):
        batch = questions[start : start + _BATCH]
        answers = bot.answer_many([q.question for q in batch], k=_DEPTH)
        results.extend(_score(q, a) for q, a in zip(batch, answers))
    return EvalReport(tuple(results))


def _score(question: EvalQuestion, answer: Answer) -> EvalResult:
    wanted = [a.lower() for a in question.answers]
    rank = next(
        (i for i, p in enumerate(answer.passages, start=1) if any(w in p.hit.chunk.text.lower() for w in wanted)),
        None,
    )
    top = answer.passages[0].highlight_text.lower() if answer.passages else ""
    highlighted = any(w in top for w in wanted)
    return EvalResult(question, rank, highlighted, answer.abstained, answer.confidence)


def _mean(values: Sequence[float | bool]) -> float:
    return sum(values) / len(values) if values else 0.0
