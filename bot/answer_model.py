"""The learned answer model: which sentence of a passage answers, and how likely the passage answers at all.

Two logistic models read the features of `bot.features`: one scores the sentences of a passage (the
highlight), the other gives the calibrated probability that a passage answers the question (the
ranking of the top candidates and the confidence). Both are trained on public data only by
`bench/train_answer_model.py` and ship as one small JSON file (docs/ANSWER_MODEL.md is its data card).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.features import (
    PASSAGE_FEATURES, SENTENCE_FEATURES, QuestionTerms, Sentence, TextVectors, exact_coverage, is_fragment,
    is_question, passage_rows, sentence_rows, sentences_of, soft_coverage,
)
from bot.models import Hit
from index.lexical import tokenize

MODEL_PATH = Path(__file__).with_name("answer_model.json")


@dataclass(frozen=True)
class Logistic:
    """A logistic model over named features: standardised inputs, weights, and a Platt calibration."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    calibration: tuple[float, float] = (1.0, 0.0)  # probability = sigmoid(a · logit + b)

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return ((rows - self.mean) / self.scale) @ self.weights + self.bias

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * self.logits(rows) + b)))

    def to_json(self) -> dict[str, object]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "weights": self.weights.tolist(), "bias": self.bias, "calibration": list(self.calibration)}

    @classmethod
    def from_json(cls, data: dict) -> Logistic:
        return cls(tuple(data["features"]), np.array(data["mean"], dtype=np.float32),
                   np.array(data["scale"], dtype=np.float32), np.array(data["weights"], dtype=np.float32),
                   float(data["bias"]), tuple(data.get("calibration", (1.0, 0.0))))


@dataclass(frozen=True)
class AnswerModel:
    sentence: Logistic
    passage: Logistic
    version: str

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AnswerModel:
        """Reads the model file; raises ValueError when it was trained on other features than this code computes."""
        data = json.loads(path.read_text(encoding="utf-8"))
        model = cls(Logistic.from_json(data["sentence"]), Logistic.from_json(data["passage"]), str(data["version"]))
        if model.sentence.features != SENTENCE_FEATURES or model.passage.features != PASSAGE_FEATURES:
            raise ValueError(f"{path} was trained on other features: retrain it with `python bench/train_answer_model.py`")
        return model

    def save(self, path: Path, card: dict[str, object]) -> None:
        data = {"version": self.version, "sentence": self.sentence.to_json(), "passage": self.passage.to_json(), **card}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Candidate:
    """A passage as the model sees it: its sentences' features, its own, and what was decided from them."""

    hit: Hit
    sentences: tuple[Sentence, ...]
    sentence_rows: np.ndarray
    passage_row: np.ndarray


@dataclass(frozen=True)
class Judged:
    hit: Hit
    highlight: tuple[int, int]
    probability: float  # calibrated: that this passage answers the question
    asks: bool  # its best sentence is a question (it repeats what was asked)


class CandidateFeatures:
    """Computes the features of a question's candidates, embedding new sentences and words through a cache."""

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray], cache_size: int = 200_000) -> None:
        self.vectors = TextVectors(encode, cache_size)

    def candidates(self, question: QuestionTerms, query: np.ndarray, hits: Sequence[Hit], skips: Sequence[int],
                   contexts: Sequence[str], sentence_model: Logistic | None) -> list[Candidate]:
        """Features of each hit; with `sentence_model`, its best sentence's features enter the passage's
        (during training the passage rows are filled in once the sentence model exists)."""
        if not hits:
            return []
        sentences = [sentences_of(h.chunk.text, skip if skip < len(h.chunk.text) else 0) for h, skip in zip(hits, skips)]
        total = sum(len(group) for group in sentences)
        cosines = np.zeros(total, dtype=np.float32)
        closeness = None
        # The bundled model reads English only: for a Chinese question its cosines are noise.
        if not question.cjk:
            texts = [s.text for group in sentences for s in group]
            question_words = [w for w, _ in question.words]
            vectors = self.vectors.of([*texts, *question_words])
            cosines = vectors[:total] @ query
            if question_words:
                closeness = vectors[total:] @ vectors[:total].T
        found, position = [], 0
        for hit, group, context in zip(hits, sentences, contexts):
            span = slice(position, position + len(group))
            position += len(group)
            own = closeness[:, span] if closeness is not None else None
            rows = sentence_rows(question, group, cosines[span], own)
            terms = frozenset(tokenize(f"{hit.chunk.embedding_text}\n{context}"))
            p_exact = exact_coverage(question, terms)
            p_soft = soft_coverage(question, terms, own.max(axis=1) if own is not None and own.size else None)
            found.append(Candidate(hit, tuple(group), rows, np.array([p_exact, p_soft], dtype=np.float32)))
        return self.with_passage_rows(question, found, sentence_model) if sentence_model is not None else found

    @staticmethod
    def with_passage_rows(question: QuestionTerms, found: list[Candidate], sentence_model: Logistic) -> list[Candidate]:
        best = []
        for candidate in found:
            logits = sentence_model.logits(candidate.sentence_rows)
            i = best_sentence(candidate.sentences, logits)
            best.append((float(logits[i]), candidate.sentence_rows[i]))
        rows = passage_rows(question, [c.hit for c in found], [float(c.passage_row[0]) for c in found],
                            [float(c.passage_row[1]) for c in found], best)
        return [Candidate(c.hit, c.sentences, c.sentence_rows, row) for c, row in zip(found, rows)]


def best_sentence(sentences: Sequence[Sentence], logits: np.ndarray) -> int:
    """The sentence the model rates highest among those that can answer on their own (not a question, not a
    bare name or a piece of a list); the highest of all when none can."""
    usable = [i for i, s in enumerate(sentences) if not is_question(s.text) and not is_fragment(s.text)]
    pool = usable or list(range(len(sentences)))
    return max(pool, key=lambda i: (float(logits[i]), -i))


def judge(model: AnswerModel, candidates: Sequence[Candidate]) -> list[Judged]:
    """The candidates with their highlight and calibrated probability, in the order given."""
    if not candidates:
        return []
    probabilities = model.passage.probabilities(np.stack([c.passage_row for c in candidates]))
    judged = []
    for candidate, probability in zip(candidates, probabilities):
        logits = model.sentence.logits(candidate.sentence_rows)
        i = best_sentence(candidate.sentences, logits)
        sentence = candidate.sentences[i]
        judged.append(Judged(candidate.hit, (sentence.start, sentence.end), float(probability),
                             is_question(sentence.text)))
    return judged
