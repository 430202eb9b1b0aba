"""The wire format: what the API returns, the chat's pages render and `cityqa ask --json` prints, each model
built by its `of` from the core dataclasses (an `Answer`, a `SpeakerSummary`, an `Exchange`, ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel, Field

from bot.citations import passage_sentence
from bot.conversation import answer_id
from bot.models import ABSTAINED, ANSWERED, LEAD_ACTS, UNCERTAIN, Answer, Lead, Passage, turn_url
from index.embed import split_encoder_name
from index.layout import Manifest
from index.records import SpeakerSummary
from ingest.models import DocumentInfo, Exchange, Speaker, Turn
from ingest.text import is_cjk

Outcome = Literal[ANSWERED, UNCERTAIN, ABSTAINED]  # type: ignore[valid-type]
Act = Literal[LEAD_ACTS]  # type: ignore[valid-type]


class DocumentRef(BaseModel):
    id: str
    title: str
    date: str | None
    url: str = Field(description="the document view at the paragraph cited")

    @classmethod
    def of(cls, document: DocumentInfo, url: str) -> DocumentRef:
        return cls(id=document.id, title=document.title, date=document.date, url=url)


class SpeakerRef(BaseModel):
    name: str
    role: str | None

    @classmethod
    def of(cls, speaker: Speaker | None) -> SpeakerRef | None:
        return cls(name=speaker.name, role=speaker.role) if speaker else None


class PassageOut(BaseModel):
    id: str
    text: str
    highlight: str = Field(description="the answering sentence: text[highlight_span[0]:highlight_span[1]]")
    highlight_span: tuple[int, int] = Field(
        description="[start, end] of the highlight in text, in characters (Unicode code points)"
    )
    score: float
    document: DocumentRef
    speaker: SpeakerRef | None
    paragraph: int = Field(description="the number of the paragraph it starts in, as the document view shows it")
    marked: bool = Field(description="whether the highlight shares a word with the question (else: first sentence)")
    permalink: str = Field(description="the document view at the sentence that holds the highlight (#p12-s3)")

    @classmethod
    def of(cls, passage: Passage, paragraphs: Callable[[str], Sequence[str]]) -> PassageOut:
        """`paragraphs` gives a document's paragraphs by its id, to find the sentence the permalink points at."""
        chunk, document = passage.hit.chunk, passage.document
        found = passage_sentence(paragraphs(document.id), passage)
        return cls(id=chunk.id, text=chunk.text, highlight=passage.highlight_text, highlight_span=passage.highlight,
                   score=round(float(passage.hit.score), 6), document=DocumentRef.of(document, passage.url),
                   speaker=SpeakerRef.of(chunk.speaker), paragraph=chunk.paragraph, marked=passage.marked,
                   permalink=found.url(document.id) if found else passage.url)  # fmt: skip


class LeadOut(BaseModel):
    speaker: str
    role: str | None
    act: Act
    asker: str | None = Field(None, description="whose question an answer answers, when the record says")
    reply: str | None = Field(None, description="confirmed: the short reply ('Correct, sir.') to the question shown")
    several: bool = Field(False, description="named: the speaker field names several people, none of whom speaks")

    @classmethod
    def of(cls, lead: Lead) -> LeadOut:
        return cls(**asdict(lead))


class AskResponse(BaseModel):
    id: str = Field(description="the answer's stable id, for POST /api/feedback")
    question: str
    understood: str = Field(description="the question as answered: a follow-up read with the previous turn")
    abstained: bool = Field(description="true only when the record does not say (outcome 'abstained')")
    outcome: Outcome = Field(
        description="answered; uncertain: the closest passages, which may not answer directly; abstained: the record "
        "does not say"
    )
    confidence: float = Field(description="the probability that the top passage answers the question, 0..1")
    answer: str
    lead: str | None = Field(None, description="who said the answer, for questions about people and for a bare "
                             "reply ('Correct, sir.') shown with the question it confirms")
    lead_parts: LeadOut | None = Field(None, description="the lead in parts, for an interface in another language")
    record_language: Literal["en", "zh"] | None = Field(
        None, description="the language of the top passage, which is quoted as recorded"
    )
    passages: list[PassageOut]

    @property
    def unsaid(self) -> bool:
        """Abstained because the person asked about is named in the record but never speaks (said, with where)."""
        return self.abstained and self.lead_parts is not None and self.lead_parts.act == "named"

    @classmethod
    def of(cls, answer: Answer, asked: str, paragraphs: Callable[[str], Sequence[str]]) -> AskResponse:
        """The answer to the question `asked`, answered as `answer.question` (the question as understood)."""
        lead = answer.lead if not answer.abstained or answer.unsaid else None
        top = answer.passages[0].hit.chunk.text if answer.passages else None
        return cls(id=answer_id(answer), question=asked, understood=answer.question, abstained=answer.abstained,
                   outcome=answer.outcome, confidence=round(float(answer.confidence), 4), answer=answer.text,
                   lead=lead.text if lead else None, lead_parts=LeadOut.of(lead) if lead else None,
                   record_language=None if top is None else "zh" if is_cjk(top) else "en",
                   passages=[PassageOut.of(p, paragraphs) for p in answer.passages])  # fmt: skip


class SpeakerOut(BaseModel):
    name: str
    role: str | None
    questions: int
    answers: int
    turns: int

    @classmethod
    def of(cls, speaker: SpeakerSummary) -> SpeakerOut:
        return cls(name=speaker.name, role=speaker.role, questions=speaker.questions, answers=speaker.answers,
                   turns=speaker.turns)  # fmt: skip


class TurnOut(BaseModel):
    speaker: SpeakerRef | None
    text: str

    @classmethod
    def of(cls, turn: Turn) -> TurnOut:
        return cls(speaker=SpeakerRef.of(turn.speaker), text=turn.text)


class ExchangeOut(BaseModel):
    id: str
    document: DocumentRef = Field(description="the hearing, its url at the question's paragraph")
    question: TurnOut
    answers: list[TurnOut]

    @classmethod
    def of(cls, exchange: Exchange) -> ExchangeOut:
        question = exchange.question
        return cls(id=exchange.id, document=DocumentRef.of(exchange.document, turn_url(question)),
                   question=TurnOut.of(question), answers=[TurnOut.of(a) for a in exchange.answers])


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    model: str
    encoder: str
    built_at: str

    @classmethod
    def of(cls, manifest: Manifest) -> Health:
        return cls(status="ok", documents=manifest.documents, chunks=manifest.chunks,
                   model=split_encoder_name(manifest.model)[0], encoder=manifest.encoder, built_at=manifest.built_at)
