"""Cutting a document into chunks that respect its structure.

A chunk is a paragraph, a list item (carrying its list's introduction as heading; the introduction
itself travels with the first item) or a speaker's turn; short paragraphs of one turn are joined,
long ones split at sentence ends. A chunk never mixes two speakers, and every chunk knows the
paragraph number that citations point at.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Chunk, Document, Transcript, Turn
from ingest.naming import name_speakers
from ingest.overrides import apply_overrides
from ingest.text import split_sentences
from ingest.turns import parse_turns, transcript_paragraphs

# 4: speakers named for readers (ingest/naming.py), broken-off lines joined; 5: dates from file names; 6: an
# answer indexed with the question it answers; 7: ... by BM25 alone; 8: Hansard "X: asked the ..." labels;
# 9: a name given in full once and short after ("Barbara Roche:", "S. Roche:"), tabled questions ("... [130335]");
# 10: a list's introduction joined with its first item; 11: a short reply embedded with its question; 12: a debate
# printed as bare names, each member speaking once ("Michael Foot:", "Charles Pannell:"), read as turns; 13: a
# reply of up to 12 words embedded with its question (8 before: "No, sir, not to him or anyone on his staff.");
# 14: ... one bare name in such a debate too ("Danesfort: May I ask ..."); 15: "etc." before a capital ends a sentence;
# 16: "hon." does not ("the hon. Member"); "No." is an abbreviation only before a number ("No. 11", not "No. The");
# 17: a line opening on a lower-case word carries on one that ends no sentence, and 'docu-' / 'ments' is one word;
# 18: a section's heading that cleaning marked ('=== Defence ===') starts a topic of question time again;
# 19: 'Q–' or 'Q—' with no space before the dash is a question's label too
CHUNKER_VERSION = "19"
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
    turn: Turn | None  # the speaker turn it belongs to
    speech_start: int  # where the words start, after a speaker label


def chunk_document(document: Document, transcript: Transcript | None = None) -> list[Chunk]:
    """The chunks of a document, in reading order."""
    transcript = transcript or transcribe(document)
    asked = {answer.ordinal: _asked(exchange.question) for exchange in transcript.exchanges
             for answer in exchange.answers}
    chunks: list[Chunk] = []
    for group in _group(_units(document, transcript)):
        first = group[0]
        turn = first.turn
        text = "\n\n".join(unit.text for unit in group)
        for start, piece in _split_long(text):
            chunks.append(
                Chunk(
                    document_id=document.id,
                    paragraph=first.number,
                    text=piece,
                    heading=first.heading,
                    speaker=turn.speaker if turn else None,
                    exchange=turn.exchange if turn and turn.part != "resumed" else None,  # resuming is no part of it
                    speech_start=max(0, first.speech_start - start),
                    context=(document.title, asked[turn.ordinal]) if turn and turn.ordinal in asked
                    else (document.title,),
                )
            )
    return chunks


def _asked(question: Turn) -> str:
    """The words of a question turn, for its answers: the start and the end of a long one (what it is about,
    and what it asks), cut at spaces."""
    words = " ".join(question.text.split())
    if len(words) <= _ASKED_CHARS:
        return words
    half = _ASKED_CHARS // 2
    return f"{words[:half].rsplit(' ', 1)[0]} … {words[-half:].split(' ', 1)[-1]}"


def transcribe(document: Document) -> Transcript:
    """The speaker turns and exchanges of a document, with its speakers named as readers should see them and
    the staff's corrections (keyed by those names) applied."""
    return apply_overrides(named_transcript(document), document.speaker_overrides)


def named_transcript(document: Document) -> Transcript:
    """The speaker turns and exchanges as parsed, with speakers named as readers should see them (no corrections:
    its names are the keys of the staff's corrections)."""
    return name_speakers(parse_turns(document), document.title, transcript_paragraphs(document))


def _kinds(document: Document) -> tuple[str, ...]:
    return document.kinds or ("text",) * len(document.paragraphs)


def _units(document: Document, transcript: Transcript) -> list[_Unit]:
    turn_of = {paragraph: turn for turn in transcript.turns
               for paragraph in range(turn.first_paragraph - 1, turn.last_paragraph)}  # fmt: skip
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
        speech_start = _speech_start(turn, document.paragraphs) if turn and index + 1 == turn.first_paragraph else 0
        units.append(_Unit(index + 1, text, section, turn, speech_start))
        list_intro = text.rstrip(":：").strip() if text.endswith((":", "：")) else None
    return units


def _speech_start(turn: Turn, paragraphs: tuple[str, ...]) -> int:
    """Where the words of `turn` start in its first paragraph, after the label: its text is the rest of that
    paragraph, then its other paragraphs each after a blank line."""
    later = sum(len(p) + 2 for p in paragraphs[turn.first_paragraph : turn.last_paragraph])
    return len(paragraphs[turn.first_paragraph - 1]) - (len(turn.text) - later)


def _group(units: list[_Unit]) -> list[list[_Unit]]:
    """Consecutive short paragraphs of the same speaker turn travel together, and a list's introduction ('the
    eight clusters mainly include:') with its first item: alone it says what follows, not what it is."""
    groups: list[list[_Unit]] = []
    for unit in units:
        previous = groups[-1] if groups else None
        size = sum(len(u.text) + 2 for u in previous) + len(unit.text) if previous is not None else 0
        if previous is not None and (
            (unit.turn is not None and previous[-1].turn is unit.turn and size <= _JOIN_CHARS)
            or (len(previous) == 1 and previous[0].text.endswith((":", "：")) and previous[0].turn is unit.turn
                and unit.number == previous[0].number + 1 and size <= MAX_CHARS)
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
