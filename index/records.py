"""Speakers, turns and exchanges as the store writes and reads them.

A speaker is one (name, role) pair across the corpus, with a URL slug. Turns and exchanges are written and
read back as ingest's `Turn` and `Exchange` (ingest/models.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import Document, DocumentInfo, Speaker, Transcript, Turn

_WORD = re.compile(r"[^\W_]+")
# Words that say nothing about who someone is: "minister of propaganda" matches "propaganda minister".
FILLER_WORDS = frozenset("a an and at for in of on the to".split())


@dataclass(frozen=True)
class SpeakerSummary:
    """A speaker of the record and how often they asked, answered and spoke."""

    id: int
    slug: str
    name: str
    role: str | None
    questions: int
    answers: int
    turns: int

    @property
    def speaker(self) -> Speaker:
        return Speaker(self.name, self.role)


def search_words(text: str) -> list[str]:
    """The lower-cased words a speaker filter is matched on, without filler words."""
    return [w for w in _WORD.findall(text.lower()) if w not in FILLER_WORDS]


def speaker_match_sql(query: str) -> tuple[str, list[str]]:
    """A WHERE condition on `speakers` that holds when every word of `query` starts a word of the
    speaker's name or role ('sports bureau' finds 'Director of Qingdao Sports Bureau')."""
    words = search_words(query)
    if not words:
        return "0", []
    return " AND ".join(["speakers.search LIKE ?"] * len(words)), [f"% {w}%" for w in words]


def write_hearings(connection: sqlite3.Connection, documents: Sequence[Document],
                   transcripts: Sequence[Transcript]) -> None:  # fmt: skip
    """Writes the speakers, turns and exchanges of each document's transcript."""
    ids: dict[Speaker, int] = {}
    slugs: set[str] = set()
    for transcript in transcripts:
        # Transcript.speakers holds everyone who speaks, and roster members who never do.
        for speaker in (*transcript.speakers, *(t.speaker for t in transcript.turns if t.speaker)):
            if speaker not in ids:
                ids[speaker] = len(ids) + 1
                connection.execute(
                    "INSERT INTO speakers VALUES (?, ?, ?, ?, ?)",
                    (ids[speaker], _unique_slug(speaker.name, ids[speaker], slugs), speaker.name, speaker.role,
                     _search_text(speaker)),
                )  # fmt: skip
    for document, transcript in zip(documents, transcripts, strict=True):
        for exchange in transcript.exchanges:
            connection.execute(
                "INSERT INTO exchanges VALUES (?, ?, ?, ?, ?)",
                (exchange.id, document.id, exchange.ordinal, exchange.question.ordinal,
                 json.dumps([turn.ordinal for turn in exchange.answers])),
            )  # fmt: skip
        for turn in transcript.turns:
            speaker = turn.speaker
            connection.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.id, turn.ordinal, turn.label, ids[speaker] if speaker else None,
                 speaker.name if speaker else None, speaker.role if speaker else None, turn.kind,
                 turn.first_paragraph, turn.last_paragraph, turn.text, turn.exchange, turn.part),
            )  # fmt: skip


def _search_text(speaker: Speaker) -> str:
    return " " + " ".join(_WORD.findall(f"{speaker.name} {speaker.role or ''}".lower())) + " "


def _unique_slug(name: str, number: int, taken: set[str]) -> str:
    slug = "-".join(_WORD.findall(name.lower())) or f"speaker-{number}"
    if slug in taken:
        slug = f"{slug}-{number}"
    taken.add(slug)
    return slug


# Read from `turns t JOIN documents d`.
TURN_COLUMNS = ("d.id, d.title, d.date, d.url, d.source, t.ordinal, t.label, t.speaker_name, t.speaker_role, t.kind, "
                "t.first_paragraph, t.last_paragraph, t.text, t.exchange, t.part")  # fmt: skip


def read_turn(row: Sequence) -> Turn:
    ordinal, label, name, role, kind, first, last, text, exchange, part = row[5:]
    speaker = Speaker(name, role) if name else None
    return Turn(DocumentInfo(*row[:5]), ordinal, label, speaker, kind, first, last, text, exchange, part)
