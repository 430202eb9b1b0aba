"""Speaker turns in hearing records: "Name, role: words" labels and the turns they open.

Interim version: recognises "Name: text" and "Name, role: text" labels only; exchanges pair a
question turn (one that asks) with the turns that answer it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import Speaker

_LABEL = re.compile(
    r"^(?P<label>(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})(?:, (?P<role>[^:]{3,160}?))?)"
    r"\s*[:：]\s+(?=\S)"
)


@dataclass(frozen=True)
class LabelMatch:
    label: str
    name: str | None
    role: str | None
    end: int


@dataclass(frozen=True)
class Turn:
    label: str
    speaker: Speaker | None
    kind: str  # "question" | "answer" | "procedural" | "statement"
    first: int
    last: int
    text_start: int


@dataclass(frozen=True)
class Exchange:
    question: int
    answers: tuple[int, ...]


@dataclass(frozen=True)
class Transcript:
    turns: tuple[Turn, ...]
    exchanges: tuple[Exchange, ...]
    speakers: tuple[Speaker, ...]


def match_label(paragraph: str) -> LabelMatch | None:
    """The speaker label a paragraph starts with, if it starts with one."""
    match = _LABEL.match(paragraph)
    if match is None:
        return None
    return LabelMatch(match["label"], match["name"], match["role"], match.end())


def parse_turns(paragraphs: Sequence[str]) -> Transcript:
    """Turns opened by labels; an unlabelled paragraph continues the open turn unless it ends in ':'."""
    turns: list[Turn] = []
    speakers: dict[str, Speaker] = {}
    for index, paragraph in enumerate(paragraphs):
        label = match_label(paragraph)
        if label is not None and label.name:
            speaker = speakers.get(label.name) or Speaker(label.name, label.role)
            speakers.setdefault(label.name, speaker)
            asks = "?" in paragraph[label.end :]
            kind = "question" if asks else ("answer" if turns else "statement")
            turns.append(Turn(label.label, speaker, kind, index, index, label.end))
        elif turns and turns[-1].last == index - 1 and not paragraph.rstrip().endswith(":"):
            last = turns[-1]
            turns[-1] = Turn(last.label, last.speaker, last.kind, last.first, index, last.text_start)
    exchanges: list[Exchange] = []
    for position, turn in enumerate(turns):
        if turn.kind == "question":
            exchanges.append(Exchange(position, ()))
        elif turn.kind == "answer" and exchanges:
            last = exchanges[-1]
            exchanges[-1] = Exchange(last.question, (*last.answers, position))
    return Transcript(tuple(turns), tuple(exchanges), tuple(speakers.values()))
