"""Decide whether each turn asks, answers, runs the proceedings or just speaks, and pair questions with answers.

Rules, in order (the first that applies wins):
1. The label decides when it can: Q/Follow-up/Journalist ask, A answers, the chair, interjections and
   members speaking from the floor are procedural.
2. A roster that lists people as answering ('..., responded to the inquiry') makes them answerers;
   others who speak in such a report ask.
3. In a sectioned document (question time: '=== Topic ==='), the first turn of a section is a question and
   later turns by others are answers; only an explicit 'My question is to ...' starts another question.
4. The asker speaking again before anyone answered continues the same question (after an interjection).
5. Elsewhere speakers are typed by how their turns end: a third or more end asking ('?', 'I wonder ...',
   'your comment') -> questioner, else respondent (answerers rarely end so: 0-10% in the sample corpora).
   Questioners' turns that ask start questions; respondents answer the open question. A speaker seen once
   answers a question nobody has answered yet; after an answer, their turn asks if it asks, else it is a
   statement ('Thank you very much, Mr. Chairman').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_ASKS = re.compile(
    r"\bmy\s+(?:supplementary\s+|further\s+|next\s+)?question\s+(?:is\s+|was\s+)?(?:again\s+|also\s+)?"
    r"(?:to|for|addressed|as to)\b|^\W*(?:supplementary question|i ask the)\b",
    re.IGNORECASE,
)
_ASKING_END = re.compile(
    r"\?|\b(?:i wonder|i (?:would like|want) to (?:know|ask)|(?:could|can|would) you|i'?m asking|i am asking|"
    r"your (?:comments?|response|reaction)|please (?:confirm|comment|tell|give|share|update|elaborate))\b"
    r"|\[\d{4,}\]\s*$",  # a question tabled in Hansard ends with its number: 'If he will make a statement. [130335]'
    re.IGNORECASE,
)
_QUESTIONER_SHARE = 0.35


@dataclass(frozen=True)
class TurnFacts:
    speaker: str | None  # identity key; anonymous labels get their label text, 'Q'/'A' get None
    person: bool  # the key names one person (not an anonymous label such as 'SENIOR OFFICIAL')
    hint: str | None  # kind implied by the label
    headed: bool  # first turn after a section heading
    has_question_mark: bool
    ends_with_question: bool  # the last words ask: '?' or a request for comment
    opening: str  # first few hundred characters of the speech
    roster_answers: bool | None  # from a roster: True answers, False asks, None not listed / no roster


@dataclass(frozen=True)
class Pairing:
    kinds: tuple[str, ...]
    exchanges: tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...]  # (question, answers, resumed)


def asks_explicitly(opening: str) -> bool:
    """'My question is to the Prime Minister.'"""
    return bool(_ASKS.search(opening))


def ends_asking(ending: str) -> bool:
    """The last words of a turn ask something: a '?' or 'I wonder if China has any comment.'"""
    return bool(_ASKING_END.search(ending))


def pair_turns(facts: list[TurnFacts], sectioned: bool) -> Pairing:
    """Kinds for every turn and the question -> answers exchanges."""
    types = _speaker_types(facts)
    kinds: list[str] = []
    exchanges: list[tuple[int, list[int], list[int]]] = []
    asker: str | None = None
    open_ = answered = False
    for i, f in enumerate(facts):
        if f.headed:
            open_ = False
        kind = _kind(f, types, sectioned, open_, answered, asker)
        resumes = kind == "question" and open_ and not answered and f.person and f.speaker == asker
        if resumes:
            exchanges[-1][2].append(i)
        elif kind == "question":
            exchanges.append((i, [], []))
            asker, open_, answered = (f.speaker if f.person else None), True, False
        elif kind == "answer" and open_:
            exchanges[-1][1].append(i)
            answered = True
        kinds.append(kind)
    return Pairing(tuple(kinds), tuple((q, tuple(a), tuple(r)) for q, a, r in exchanges))


def _speaker_types(facts: list[TurnFacts]) -> dict[str, str]:
    """'questioner', 'respondent' or 'once' per speaker, from how their substantive turns end."""
    turns: Counter[str] = Counter()
    asks: Counter[str] = Counter()
    after_q_label: set[str] = set()  # spoke right after a 'Q:' turn: a respondent, even if handing over
    previous_hint: str | None = None
    for f in facts:
        if f.speaker is not None and f.hint is None:
            turns[f.speaker] += 1
            asks[f.speaker] += f.ends_with_question
            if previous_hint == "question":
                after_q_label.add(f.speaker)
        if f.hint != "procedural":
            previous_hint = f.hint
    asking_doc = any(f.hint == "question" for f in facts)
    types = {}
    for speaker, n in turns.items():
        if speaker in after_q_label:
            types[speaker] = "respondent"
        elif asks[speaker] >= _QUESTIONER_SHARE * n:
            types[speaker] = "questioner"
        elif n >= 2 or asking_doc:  # where Q labels ask, the named speakers are the ones answering
            types[speaker] = "respondent"
        else:
            types[speaker] = "once"
    return types


def _kind(f: TurnFacts, types: dict[str, str], sectioned: bool, open_: bool, answered: bool,
          asker: str | None) -> str:  # fmt: skip
    if f.hint:
        return f.hint
    if f.roster_answers is True:
        return "answer" if open_ else "statement"
    if f.headed and sectioned:
        return "question"
    if open_ and not answered and f.person and f.speaker == asker:
        return "question"
    if asks_explicitly(f.opening):
        return "question"
    if f.roster_answers is False:
        return "question" if f.has_question_mark else "statement"
    kind = types.get(f.speaker or "", "once")
    if not open_:
        asks = kind != "respondent" and f.ends_with_question
        return "question" if asks else "statement"
    if f.person and f.speaker == asker:
        return "question" if f.has_question_mark else "statement"
    if sectioned or kind == "respondent":
        return "answer"
    if kind == "questioner":
        return "question" if f.has_question_mark or f.ends_with_question else "statement"
    if not answered:
        return "answer"
    return "question" if f.has_question_mark or f.ends_with_question else "statement"
