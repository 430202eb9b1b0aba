"""A question on its way through the bot: what was asked (`Ask`), and how the bot reads it (`Query`), made once."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.errors import BadQuestion
from index.records import SpeakerSummary
from ingest.text import is_cjk

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Ask:
    """A question to answer: its text, how many passages (None: the bot's `top_k`), and whose turns only (a
    speaker filter: a name or a role fragment, as for exchanges; None for everyone's)."""

    question: str
    k: int | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Checked:
    """An Ask that can be answered: the question cleaned, and the speakers its filter chose (None: everyone)."""

    question: str
    k: int
    speaker: str | None
    chosen: list[SpeakerSummary] | None


@dataclass(frozen=True, eq=False)
class Query:
    """A question as the bot reads it, made once per question and passed down to the search and the answer:
    the text that is searched, embedded and judged (the question as asked, or with its translation into the
    record's language), its vector, and whether it is Chinese (which weighs the lexical search more)."""

    text: str
    vector: np.ndarray
    cjk: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cjk", is_cjk(self.text))


def queries_of(texts: Sequence[str], encode: Callable[[Sequence[str]], np.ndarray]) -> list[Query]:
    """Queries for `texts`, embedded together in one call of `encode` (an embedder's `encode_queries`)."""
    vectors = encode(list(texts)) if texts else np.zeros((0, 0), dtype=np.float32)
    return [Query(text, vector) for text, vector in zip(texts, vectors)]


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises BadQuestion when it cannot be asked."""
    if not isinstance(question, str):
        raise BadQuestion("question must be text")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"question is longer than {MAX_QUESTION_CHARS} characters ({len(question)})")
    control = next((c for c in question if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise BadQuestion(f"question contains a control character (U+{ord(control):04X})")
    # A lone surrogate (JSON allows "\udfff") is no character: it cannot be encoded, tokenized or shown.
    surrogate = next((c for c in question if unicodedata.category(c) == "Cs"), None)
    if surrogate is not None:
        raise BadQuestion(f"question contains a lone surrogate (U+{ord(surrogate):04X}), which is not text; "
                          "send the question as UTF-8")
    question = " ".join(question.split())
    if not question:
        raise BadQuestion("question is empty", "empty")
    if not any(unicodedata.category(c)[0] in "LN" for c in question):  # '???', '😀': nothing to search for
        raise BadQuestion("question has no words to search for: ask in words what you want to know", "no_words")
    return question
