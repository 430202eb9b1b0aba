"""Speakers, turns and exchanges as the store writes and reads them.

A speaker is one (name, role) pair across the corpus, with a URL slug; turns and exchanges are
numbered from 1 within their document, as chunks number their `exchange`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import Document, Speaker, content_hash
from ingest.turns import Transcript

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


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation shows of a document."""

    id: str
    title: str
    date: str | None
    url: str | None
    source: str


@dataclass(frozen=True)
class TurnRecord:
    """A speaker turn as the index keeps it, with the document it is in: what the bot, the pages and the API read."""

    document: DocumentInfo
    ordinal: int  # 1-based within the document
    label: str  # as printed
    speaker: Speaker | None
    kind: str  # 'question' | 'answer' | 'procedural' | 'statement'
    first_paragraph: int  # 1-based, like Chunk.paragraph
    last_paragraph: int
    text: str  # the words, without the printed label
    exchange: int | None  # 1-based ordinal of the exchange it belongs to
    part: str | None  # 'question', 'answer' or 'resumed' within that exchange

    @property
    def document_id(self) -> str:
        return self.document.id


@dataclass(frozen=True)
class ExchangeRecord:
    """A question and the turns that answer it, in one document."""

    id: str  # exchange_id(document id, ordinal)
    ordinal: int  # 1-based within the document
    question: TurnRecord
    answers: tuple[TurnRecord, ...]

    @property
    def document(self) -> DocumentInfo:
        return self.question.document


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


def exchange_id(document_id: str, ordinal: int) -> str:
    return content_hash(document_id, str(ordinal))


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
        part_of: dict[int, tuple[int, str]] = {}
        for number, exchange in enumerate(transcript.exchanges, start=1):
            part_of[exchange.question] = (number, "question")
            part_of.update({turn: (number, "answer") for turn in exchange.answers})
            part_of.update({turn: (number, "resumed") for turn in exchange.resumed})
            connection.execute(
                "INSERT INTO exchanges VALUES (?, ?, ?, ?, ?)",
                (exchange_id(document.id, number), document.id, number, exchange.question + 1,
                 json.dumps([turn + 1 for turn in exchange.answers])),
            )  # fmt: skip
        for index, turn in enumerate(transcript.turns):
            exchange, part = part_of.get(index, (None, None))
            speaker = turn.speaker
            connection.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.id, index + 1, turn.label, ids[speaker] if speaker else None,
                 speaker.name if speaker else None, speaker.role if speaker else None, turn.kind,
                 turn.first + 1, turn.last + 1, turn_text(document, turn.first, turn.last, turn.text_start),
                 exchange, part),
            )  # fmt: skip


def turn_text(document: Document, first: int, last: int, text_start: int) -> str:
    """The words of a turn: its paragraphs joined by blank lines, the label left out of the first."""
    paragraphs = list(document.paragraphs[first : last + 1])
    paragraphs[0] = paragraphs[0][text_start:]
    return "\n\n".join(paragraphs)


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


def turn_record(row: Sequence) -> TurnRecord:
    ordinal, label, name, role, kind, first, last, text, exchange, part = row[5:]
    speaker = Speaker(name, role) if name else None
    return TurnRecord(DocumentInfo(*row[:5]), ordinal, label, speaker, kind, first, last, text, exchange, part)
