"""What the bot returns: ranked passages with their highlight, and the answer built from them."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Chunk, DocumentInfo, Turn

NOT_IN_RECORD = "The record does not say. None of the indexed hearings answers this question."

# The three outcomes of a question, as the API, the chat, the widget and the CLI name them.
ANSWERED, UNCERTAIN, ABSTAINED = "answered", "uncertain", "abstained"


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the scores each retriever gave it."""

    row: int
    chunk: Chunk
    score: float
    dense: float  # cosine similarity to the question (0 when the dense retriever missed it)
    lexical: float  # BM25 score (0 when it shares no term with the question)


@dataclass(frozen=True)
class Passage:
    hit: Hit
    document: DocumentInfo
    highlight: tuple[int, int]  # span of the answering sentence in hit.chunk.text
    marked: bool = False  # the highlight shares a word with the question (else it is only the first sentence)

    @property
    def highlight_text(self) -> str:
        start, end = self.highlight
        return self.hit.chunk.text[start:end]

    @property
    def url(self) -> str:
        return document_url(self.document.id, self.hit.chunk.paragraph)


@dataclass(frozen=True)
class Lead:
    """Who said the top passage, and in answer to whom, for questions about people; or, when the top passage is
    the question a bare reply confirms ('Correct, sir.'), who replied what. Structured, so that the interface
    can say it in its own language; `text` is the English the API and the CLI give."""

    speaker: str
    role: str | None
    act: str  # one of LEAD_ACTS: said, asked, answered, named or confirmed
    asker: str | None = None  # whose question an answer answers, when the record says
    reply: str | None = None  # confirmed: the short reply ('Correct, sir.') to the question shown
    several: bool = False  # named: `speaker` is several ('Zhu Tieyi (…), Che Jinghua (…) and Li Suman (…)')

    @property
    def who(self) -> str:
        return f"{self.speaker} ({self.role})" if self.role else self.speaker

    @property
    def text(self) -> str:
        """'Sun Lijie (...) answered Lin Qing's question:'."""
        if self.act == "named" and self.several:
            return f"{self.who} are named in the record but do not speak in it. Where the record names them:"
        if self.act == "named":
            return f"{self.who} is named in the record but does not speak in it. Where the record names them:"
        if self.act == "confirmed":
            to = f"{self.asker}'s question" if self.asker else "the question"
            return f"{self.who} answered “{self.reply}” to {to}:"
        if self.act != "answered":
            return f"{self.who} {self.act}:"
        return f"{self.who} answered {self.asker}'s question:" if self.asker else f"{self.who} answered the question:"


LEAD_ACTS = ("said", "asked", "answered", "named", "confirmed")


@dataclass(frozen=True)
class Answer:
    question: str
    abstained: bool
    passages: tuple[Passage, ...]
    confidence: float  # calibrated probability that the top passage answers the question
    lead: Lead | None = None  # who said the top passage, for questions about people: 'Sun Lijie (...) said:'
    uncertain: bool = False  # not abstained, but the top passage may not answer directly (the closest passages)
    # The ranked passages however the question was decided: for evaluating retrieval apart from abstention
    # (`passages` is empty when the record does not say, so that nothing unrelated is offered).
    closest: tuple[Passage, ...] = ()

    @property
    def unsaid(self) -> bool:
        """The record does not say, because the person asked about is named in it but never speaks."""
        return self.lead is not None and self.lead.act == "named"

    @property
    def outcome(self) -> str:
        """answered, uncertain (may not answer directly: the closest passages) or abstained (the record does not say)."""
        if self.abstained:
            return ABSTAINED
        return UNCERTAIN if self.uncertain else ANSWERED

    @property
    def text(self) -> str:
        """The top passage's highlight, after its lead; or the plain 'not in the record' message (or, asked what
        someone said who never speaks, that they are named but do not speak, and where)."""
        if not self.passages or (self.abstained and not self.unsaid):
            return NOT_IN_RECORD
        highlight = self.passages[0].highlight_text
        return f"{self.lead.text} {highlight}" if self.lead else highlight


def document_url(document_id: str, paragraph: int) -> str:
    """Where the document view shows a paragraph (relative to the site root)."""
    return f"/documents/{document_id}#p{paragraph}"


def turn_url(turn: Turn) -> str:
    """Where the document view shows the paragraph a turn starts in."""
    return document_url(turn.document_id, turn.first_paragraph)
