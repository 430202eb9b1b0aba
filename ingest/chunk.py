"""Cutting a document into chunks that respect its structure.

A chunk is a paragraph, a list item (carrying its list's introduction as heading) or a speaker's
turn; short paragraphs of one turn are joined, long ones split at sentence ends. A chunk never
mixes two speakers, and every chunk knows the paragraph number that citations point at.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Chunk, Document, Speaker
from ingest.naming import name_speakers
from ingest.overrides import apply_overrides
from ingest.text import split_sentences
from ingest.turns import Transcript, Turn, parse_turns

# 4: speakers named for readers (ingest/naming.py), broken-off lines joined; 5: dates from file names; 6: an
# answer indexed with the question it answers
CHUNKER_VERSION = "6"
MAX_CHARS = 1000  # MiniLM reads 256 word pieces, about 1,000 characters of English
_PIECE_CHARS = 800  # target size when a long paragraph is split
_JOIN_CHARS = 600  # short paragraphs of one turn are joined up to this size
_ASKED_CHARS = 400  # of a long question, its start and its end are indexed with the answer, this much in all


@dataclass(frozen=True)
class _Unit:
    """A paragraph with the structure it sits in."""

    number: int  # 1-based paragraph number
    text: str
    heading: str | None
    turn: int | None  # index of the speaker turn it belongs to
    speech_start: int  # where the words start, after a speaker label


def chunk_document(document: Document, transcript: Transcript | None = None) -> list[Chunk]:
    """The chunks of a document, in reading order."""
    transcript = transcript or transcribe(document)
    exchange_of = {
        turn: number
        for number, exchange in enumerate(transcript.exchanges, start=1)
        for turn in (exchange.question, *exchange.answers)
    }
    asked = {turn: _asked(document, transcript.turns[exchange.question])
             for exchange in transcript.exchanges for turn in exchange.answers}
    chunks: list[Chunk] = []
    for group in _group(_units(document, transcript)):
        first = group[0]
        speaker = transcript.turns[first.turn].speaker if first.turn is not None else None
        text = "\n\n".join(unit.text for unit in group)
        for start, piece in _split_long(text):
            chunks.append(
                Chunk(
                    document_id=document.id,
                    paragraph=first.number,
                    text=piece,
                    heading=first.heading,
                    speaker=speaker,
                    exchange=exchange_of.get(first.turn) if first.turn is not None else None,
                    speech_start=max(0, first.speech_start - start),
                    context=(document.title, asked[first.turn]) if first.turn in asked else (document.title,),
                )
            )
    return chunks


def _asked(document: Document, question: Turn) -> str:
    """The words of a question turn, for its answers: the start and the end of a long one (what it is about,
    and what it asks), cut at spaces."""
    words = " ".join(document.paragraphs[question.first : question.last + 1])[question.text_start :].strip()
    if len(words) <= _ASKED_CHARS:
        return words
    half = _ASKED_CHARS // 2
    return f"{words[:half].rsplit(' ', 1)[0]} … {words[-half:].split(' ', 1)[-1]}"


def transcript_paragraphs(document: Document) -> list[str]:
    """The paragraphs the turn parser reads: headings and list items are never speech."""
    return [text if kind == "text" else "" for text, kind in zip(document.paragraphs, _kinds(document))]


def transcribe(document: Document) -> Transcript:
    """The speaker turns and exchanges of a document, with its speakers named as readers should see them and
    the staff's corrections (keyed by those names) applied."""
    return apply_overrides(named_transcript(document), document.speaker_overrides)


def named_transcript(document: Document) -> Transcript:
    """The speaker turns and exchanges as parsed, with speakers named as readers should see them (no corrections:
    its names are the keys of the staff's corrections)."""
    paragraphs = transcript_paragraphs(document)
    return name_speakers(parse_turns(paragraphs), document.title, paragraphs)


def _kinds(document: Document) -> tuple[str, ...]:
    return document.kinds or ("text",) * len(document.paragraphs)


def _units(document: Document, transcript: Transcript) -> list[_Unit]:
    turn_of: dict[int, int] = {}
    for index, turn in enumerate(transcript.turns):
        for paragraph in range(turn.first, turn.last + 1):
            turn_of[paragraph] = index
    units: list[_Unit] = []
    section: str | None = None
    list_intro: str | None = None
    for index, (text, kind) in enumerate(zip(document.paragraphs, _kinds(document))):
        if kind == "heading":
            section, list_intro = text, None
            continue
        if kind == "item":
            units.append(_Unit(index + 1, text, list_intro or section, None, 0))
            continue
        turn = turn_of.get(index)
        speech_start = transcript.turns[turn].text_start if turn is not None and index == transcript.turns[turn].first else 0
        units.append(_Unit(index + 1, text, section, turn, speech_start))
        list_intro = text.rstrip(":：").strip() if text.endswith((":", "：")) else None
    return units


def _group(units: list[_Unit]) -> list[list[_Unit]]:
    """Consecutive short paragraphs of the same speaker turn travel together."""
    groups: list[list[_Unit]] = []
    for unit in units:
        previous = groups[-1] if groups else None
        if (
            previous is not None
            and unit.turn is not None
            and previous[-1].turn == unit.turn
            and sum(len(u.text) + 2 for u in previous) + len(unit.text) <= _JOIN_CHARS
        ):
            previous.append(unit)
        else:
            groups.append([unit])
    return groups


def _split_long(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs: the text itself, or pieces of about _PIECE_CHARS cut at sentence ends."""
    if len(text) <= MAX_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = end = 0
    for sentence_start, sentence_end in _bounded_sentences(text):
        if end > start and sentence_end - start > _PIECE_CHARS:
            pieces.append((start, text[start:end]))
            start = sentence_start
        end = sentence_end
    pieces.append((start, text[start:end]))
    return pieces


def _bounded_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with any sentence longer than MAX_CHARS cut at spaces."""
    spans: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        while end - start > MAX_CHARS:
            cut = text.rfind(" ", start, start + _PIECE_CHARS)
            cut = cut if cut > start else start + _PIECE_CHARS
            spans.append((start, cut))
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        spans.append((start, end))
    return spans
