"""A transcript as the record keeps it: numbered turns with their words, and question -> answer exchanges of
them, each knowing its document. The index stores these and returns them as they are; the bot, the pages and
the API read them.

`parse_turns` (ingest/turns.py) finds turns and exchanges as positions in a document's paragraphs; `recorded`
turns those positions into the record: turns and exchanges numbered from 1 within their document (as chunks
number their `exchange`), paragraphs numbered from 1 (as `Chunk.paragraph`), each exchange with a stable id.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Document, Speaker, content_hash
from ingest.turns import Transcript


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation shows of a document."""

    id: str
    title: str
    date: str | None
    url: str | None
    source: str

    @classmethod
    def of(cls, document: Document) -> DocumentInfo:
        return cls(document.id, document.title, document.date, document.url, document.source)


@dataclass(frozen=True)
class TurnRecord:
    """A speaker turn as the record keeps it, with the document it is in."""

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
    """A question and the turns that answer it (the asker's resumed turns are not among them)."""

    id: str  # exchange_id(document id, ordinal)
    ordinal: int  # 1-based within the document
    question: TurnRecord
    answers: tuple[TurnRecord, ...]

    @property
    def document(self) -> DocumentInfo:
        return self.question.document


def exchange_id(document_id: str, ordinal: int) -> str:
    """A stable id of an exchange: the hash of its document's (content-hash) id and its place in it."""
    return content_hash(document_id, str(ordinal))


def recorded(document: Document, transcript: Transcript) -> tuple[list[TurnRecord], list[ExchangeRecord]]:
    """The turns and exchanges of `transcript`, the transcript of `document`, as the record keeps them."""
    info = DocumentInfo.of(document)
    part_of: dict[int, tuple[int, str]] = {}
    for number, exchange in enumerate(transcript.exchanges, start=1):
        part_of[exchange.question] = (number, "question")
        part_of.update({turn: (number, "answer") for turn in exchange.answers})
        part_of.update({turn: (number, "resumed") for turn in exchange.resumed})
    turns = []
    for index, turn in enumerate(transcript.turns):
        exchange, part = part_of.get(index, (None, None))
        text = turn_text(document, turn.first, turn.last, turn.text_start)
        turns.append(TurnRecord(info, index + 1, turn.label, turn.speaker, turn.kind, turn.first + 1, turn.last + 1,
                                text, exchange, part))  # fmt: skip
    exchanges = [
        ExchangeRecord(exchange_id(document.id, number), number, turns[exchange.question],
                       tuple(turns[turn] for turn in exchange.answers))  # fmt: skip
        for number, exchange in enumerate(transcript.exchanges, start=1)
    ]
    return turns, exchanges


def turn_text(document: Document, first: int, last: int, text_start: int) -> str:
    """The words of a turn: its paragraphs joined by blank lines, the label left out of the first."""
    paragraphs = list(document.paragraphs[first : last + 1])
    paragraphs[0] = paragraphs[0][text_start:]
    return "\n\n".join(paragraphs)
