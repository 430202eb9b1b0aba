"""Sentence permalinks: every sentence of a document has an anchor (`#p12-s3`: paragraph 12, sentence 3), and a
passage's highlight is found among them so that a citation opens the document at the answering sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Passage
from index.store import Store
from ingest.text import split_sentences

_LOOKAHEAD = 8  # a long turn's chunk may hold several paragraphs: the highlight is searched that far on
_OPENING = 80  # characters of a passage that find where it starts in its first paragraph


@dataclass(frozen=True)
class SentenceRef:
    paragraph: int  # 1-based, as the document view numbers paragraphs
    sentence: int  # 1-based within the paragraph

    @property
    def anchor(self) -> str:
        return sentence_anchor(self.paragraph, self.sentence)

    def url(self, document_id: str) -> str:
        return f"/documents/{document_id}#{self.anchor}"


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph's text: a sentence with its anchor, or the space between two sentences."""

    text: str
    anchor: str | None


def sentence_anchor(paragraph: int, sentence: int) -> str:
    return f"p{paragraph}-s{sentence}"


def sentence_pieces(paragraph: int, text: str) -> list[Piece]:
    """The paragraph as its sentences (anchored) and the text between them, which together make up `text`."""
    pieces, position = [], 0
    for number, (start, end) in enumerate(split_sentences(text), start=1):
        if start > position:
            pieces.append(Piece(text[position:start], None))
        pieces.append(Piece(text[start:end], sentence_anchor(paragraph, number)))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:], None))
    return pieces


def sentence_of(paragraphs: Sequence[str], first: int, highlight: str, earlier: int = 0,
                opening: str = "") -> SentenceRef | None:  # fmt: skip
    """The sentence holding the start of `highlight`, searched from paragraph `first` (1-based) on, from where
    the passage's `opening` words stand in it (a piece of a long paragraph starts inside it), passing over the
    `earlier` times the passage says the same words before its highlight."""
    if not highlight:
        return None
    for number in range(first, min(first + _LOOKAHEAD, len(paragraphs) + 1)):
        text = paragraphs[number - 1]
        at = text.find(highlight, max(0, text.find(opening)) if number == first and opening else 0)
        while at >= 0 and earlier:
            at, earlier = text.find(highlight, at + len(highlight)), earlier - 1
        if at < 0:
            continue
        for sentence, (_, end) in enumerate(split_sentences(text), start=1):
            if at < end:
                return SentenceRef(number, sentence)
        return None
    return None


def passage_sentence(paragraphs: Sequence[str], passage: Passage) -> SentenceRef | None:
    """The sentence of the document (given as its `paragraphs`) that holds the passage's highlight: where the
    highlight's span is, when the passage says the same words twice."""
    chunk, highlight = passage.hit.chunk, passage.highlight_text
    earlier = chunk.text[: passage.highlight[0]].count(highlight) if highlight else 0
    return sentence_of(paragraphs, chunk.paragraph, highlight, earlier, chunk.text.split("\n", 1)[0][:_OPENING])


@lru_cache(maxsize=256)
def paragraphs_of(store: Store, document_id: str) -> tuple[str, ...]:
    """A document's paragraphs (none for an unknown id), kept: the same documents answer most questions."""
    found = store.document(document_id)
    return tuple(found.paragraphs) if found else ()
