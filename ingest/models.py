"""The data classes that cross package boundaries: a cleaned document, the chunks cut from it, and its speaker
turns and question -> answer exchanges. The index stores these and returns them as they are; the bot, the pages
and the API read them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property


def content_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex id derived from the given strings."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Speaker:
    """Who said something: the name as printed in its fullest form, and the role printed with it."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class SpeakerOverride:
    """A correction staff made to a speaker the parser found: `printed` is the name as the parser gave it."""

    printed: str
    name: str
    role: str | None = None


@dataclass(frozen=True)
class Document:
    """A cleaned source document: its paragraphs, numbered from 1, are what citations point at."""

    source: str  # path relative to the corpus folder, e.g. "hearings/2024-05.md"
    title: str
    paragraphs: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # per paragraph: "text", "heading" or "item"
    date: str | None = None
    url: str | None = None  # where the original was published, when known
    language: str = "en"
    meta: tuple[tuple[str, str], ...] = ()  # further metadata as printed (outlet, reporter, ...)
    speaker_overrides: tuple[SpeakerOverride, ...] = ()  # from the sidecar's "speakers"; applied by transcribe()

    @cached_property
    def id(self) -> str:  # hashed once: every chunk of the document carries it (per chunk it was quadratic)
        return content_hash(self.source, *self.paragraphs, length=12)

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything an index shows of the document changes: its text, metadata or corrections."""
        overrides = (f"{o.printed}\t{o.name}\t{o.role or ''}" for o in self.speaker_overrides)
        meta = (f"{k}\t{v}" for k, v in self.meta)
        return content_hash(self.id, self.title, self.date or "", self.url or "", self.language, *meta, "\x1e", *overrides)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


SHORT_REPLY_WORDS = 12  # a reply this short is embedded with the question it answers


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: one paragraph, list item or speaker turn (or a piece of a long one)."""

    document_id: str
    paragraph: int  # 1-based number of the document paragraph the chunk starts in
    text: str  # the passage exactly as shown to the user
    heading: str | None = None  # the section heading or list introduction it sits under
    speaker: Speaker | None = None
    exchange: int | None = None  # ordinal of the question-answer exchange this turn belongs to
    speech_start: int = 0  # offset in text where the words start, after a printed speaker label
    # The document's title (embedded and indexed), then, for a turn that answers, the question it answers (indexed
    # by BM25 alone: see `lexical_text`).
    context: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def id(self) -> str:  # hashed once per chunk object: answers repeat it on every request
        return content_hash(self.document_id, str(self.paragraph), self.text)

    @property
    def label(self) -> str | None:
        """'Name (role)' of the speaker, as the embedded and indexed text starts with it."""
        if self.speaker is None:
            return None
        return f"{self.speaker.name} ({self.speaker.role})" if self.speaker.role else self.speaker.name

    @property
    def passage_text(self) -> str:
        """What the passage itself says: its heading, speaker label and words, without the title."""
        return "\n".join(part for part in (self.heading, self._spoken_text) if part)

    @property
    def _spoken_text(self) -> str:
        if self.speaker is None:
            return self.text
        return f"{self.label}: {self.text[self.speech_start:]}"

    @property
    def asked(self) -> str | None:
        """For a turn that answers, the question it answers in the asker's words (shortened), else None."""
        return self.context[1] if len(self.context) > 1 else None

    @property
    def embedding_text(self) -> str:
        """The text embedded for this chunk: its document title, heading, speaker and words. The title matters
        for BM25 across documents (SciFact nDCG@10 0.653 without it, 0.686 with it); within one document it only
        adds a term every chunk shares. A short reply ('Admiral Poindexter's office.') is embedded with the
        question it answers, without which it says nothing of what it is about."""
        parts = (*self.context[:1], self.heading, self._spoken_text, self.asked if self._short_reply else None)
        return "\n".join(part for part in parts if part)

    @property
    def lexical_text(self) -> str:
        """The text BM25 indexes: the embedded text, then the question the turn answers, which finds a reply
        that does not repeat it ('It was a quick conversation', asked whether he took notes when he saw Casey).
        A longer reply is embedded without the question, which would outweigh what it says."""
        return f"{self.embedding_text}\n{self.asked}" if self.asked and not self._short_reply else self.embedding_text

    @property
    def _short_reply(self) -> bool:
        return self.asked is not None and len(self.text[self.speech_start:].split()) <= SHORT_REPLY_WORDS


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
class Turn:
    """A speaker turn: who spoke and their words, numbered within its document (as chunks number their
    `exchange`), its paragraphs numbered from 1 (as `Chunk.paragraph`)."""

    document: DocumentInfo
    ordinal: int  # 1-based within the document
    label: str  # as printed, without the separator
    speaker: Speaker | None  # None when the label names nobody ('Q', 'A', 'Opposition members')
    kind: str  # 'question' | 'answer' | 'procedural' | 'statement'
    first_paragraph: int  # 1-based, like Chunk.paragraph
    last_paragraph: int  # inclusive
    text: str  # the words: its paragraphs joined by blank lines, without the printed label
    exchange: int | None = None  # 1-based ordinal of the exchange it belongs to
    part: str | None = None  # 'question', 'answer' or 'resumed' (the asker continuing before any answer)

    @property
    def document_id(self) -> str:
        return self.document.id


@dataclass(frozen=True)
class Exchange:
    """A question and the turns that answer it (the asker's resumed turns are not among them)."""

    id: str  # exchange_id(document id, ordinal)
    ordinal: int  # 1-based within the document
    question: Turn
    answers: tuple[Turn, ...]

    @property
    def document(self) -> DocumentInfo:
        return self.question.document


def exchange_id(document_id: str, ordinal: int) -> str:
    """A stable id of an exchange: the hash of its document's (content-hash) id and its place in it."""
    return content_hash(document_id, str(ordinal))


@dataclass(frozen=True)
class Transcript:
    """The turns and exchanges of one document, and its speakers."""

    turns: tuple[Turn, ...]
    exchanges: tuple[Exchange, ...]
    speakers: tuple[Speaker, ...]  # distinct speakers in order of first appearance, roster members included

    def respoken(self, turns: Iterable[Turn], speakers: Iterable[Speaker]) -> Transcript:
        """The transcript with its turns replaced by `turns` (the same turns with other speakers), the
        exchanges made of them, and `speakers` as its speakers."""
        turns = tuple(turns)
        by_ordinal = {turn.ordinal: turn for turn in turns}
        exchanges = tuple(
            replace(e, question=by_ordinal[e.question.ordinal], answers=tuple(by_ordinal[a.ordinal] for a in e.answers))
            for e in self.exchanges
        )
        return Transcript(turns, exchanges, tuple(dict.fromkeys(speakers)))
