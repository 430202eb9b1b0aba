"""The JSON API: thin routes over the bot."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot import Bot, clean_question
from bot.answer import MAX_K, MAX_QUESTION_CHARS
from bot.conversation import PreviousTurn
from bot.hearings import MAX_FILTER_CHARS, exchange_payload
from index.embed import split_encoder_name
from web.conversation import ask_in_conversation_async
from web.errors import error_responses
from web.ratelimit import rate_limited

router = APIRouter()


async def get_bot(request: Request) -> Bot:
    return request.app.state.bot


class PreviousTurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=MAX_QUESTION_CHARS, description="the previous question")
    speaker: str | None = Field(None, max_length=MAX_FILTER_CHARS, description="who said its top passage")
    shown: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list, max_length=MAX_K, description="the ids of its passages ('what else' gets others)"
    )


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Documented, not enforced by pydantic: clean_question enforces them with a sentence a person can act on.
    question: str = Field(description=f"the question, 1 to {MAX_QUESTION_CHARS} characters, no control characters",
                          json_schema_extra={"minLength": 1, "maxLength": MAX_QUESTION_CHARS})
    k: int | None = Field(None, ge=1, le=MAX_K, description="how many passages to return; unset: CITYQA_TOP_K (3)")
    speaker: str | None = Field(
        None, max_length=MAX_FILTER_CHARS,
        description="answer only from what this speaker said: a name or a role fragment, e.g. 'sports bureau'",
    )
    context: PreviousTurnIn | None = Field(None, description="the previous turn, to read a follow-up question with")

    @field_validator("question")
    @classmethod
    def _question_is_askable(cls, question: str) -> str:
        return clean_question(question)


class DocumentRef(BaseModel):
    id: str
    title: str
    date: str | None
    url: str


class SpeakerRef(BaseModel):
    name: str
    role: str | None


class PassageOut(BaseModel):
    id: str
    text: str
    highlight: str
    score: float
    document: DocumentRef
    speaker: SpeakerRef | None
    paragraph: int = Field(description="the number of the paragraph it starts in, as the document view shows it")
    marked: bool = Field(description="whether the highlight shares a word with the question (else: first sentence)")
    permalink: str = Field(description="the document view at the sentence that holds the highlight (#p12-s3)")


class LeadOut(BaseModel):
    speaker: str
    role: str | None
    act: Literal["said", "asked", "answered", "named"]
    asker: str | None = Field(None, description="whose question an answer answers, when the record says")


class AskResponse(BaseModel):
    id: str = Field(description="the answer's stable id, for POST /api/feedback")
    question: str
    understood: str = Field(description="the question as answered: a follow-up read with the previous turn")
    abstained: bool = Field(description="true only when the record does not say (outcome 'abstained')")
    outcome: Literal["answered", "uncertain", "abstained"] = Field(
        description="answered; uncertain: the closest passages, which may not answer directly; abstained: the record "
        "does not say"
    )
    confidence: float = Field(description="the probability that the top passage answers the question, 0..1")
    answer: str
    lead: str | None = Field(None, description="who said the answer, for questions about people")
    lead_parts: LeadOut | None = Field(None, description="the lead in parts, for an interface in another language")
    record_language: Literal["en", "zh"] | None = Field(
        None, description="the language of the top passage, which is quoted as recorded"
    )
    passages: list[PassageOut]


class SpeakerOut(BaseModel):
    name: str
    role: str | None
    questions: int
    answers: int
    turns: int


class TurnOut(BaseModel):
    speaker: SpeakerRef | None
    text: str


class ExchangeOut(BaseModel):
    id: str
    document: DocumentRef
    question: TurnOut
    answers: list[TurnOut]


SpeakerFilter = Annotated[
    str | None, Query(max_length=MAX_FILTER_CHARS, description="a name or a role fragment, case-insensitive")
]


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    model: str
    encoder: str
    built_at: str


@router.get("/healthz", response_model=Health, tags=["service"])
def healthz(bot: Annotated[Bot, Depends(get_bot)]) -> dict[str, object]:
    manifest = bot.index.manifest
    return {"status": "ok", "documents": manifest.documents, "chunks": manifest.chunks,
            "model": split_encoder_name(manifest.model)[0], "encoder": manifest.encoder, "built_at": manifest.built_at}


@router.post("/api/ask", response_model=AskResponse, tags=["questions"], responses=error_responses(413, 429, 503),
             dependencies=[Depends(rate_limited)])
async def ask(body: AskRequest, request: Request, bot: Annotated[Bot, Depends(get_bot)]) -> dict[str, object]:
    """The passages of the record that answer a question, best first, with the answering sentence."""
    context = body.context
    previous = PreviousTurn(context.question, context.speaker, tuple(context.shown)) if context else None
    k = bot.top_k if body.k is None else body.k
    return await ask_in_conversation_async(request, bot, body.question, k, body.speaker, previous)


@router.get("/api/speakers", response_model=list[SpeakerOut], tags=["hearings"], responses=error_responses(413))
def speakers(bot: Annotated[Bot, Depends(get_bot)], speaker: SpeakerFilter = None) -> list[dict[str, object]]:
    """Everyone who speaks in the record or is presented in a roster, with how often they asked and answered."""
    return [
        {"name": s.name, "role": s.role, "questions": s.questions, "answers": s.answers, "turns": s.turns}
        for s in bot.hearings.speakers(speaker)
    ]


@router.get("/api/exchanges", response_model=list[ExchangeOut], tags=["hearings"], responses=error_responses(413))
def exchanges(
    bot: Annotated[Bot, Depends(get_bot)],
    speaker: SpeakerFilter = None,
    document: Annotated[str | None, Query(max_length=64, description="a hearing's document id")] = None,
) -> list[dict[str, object]]:
    """Who asked what and who answered, hearing by hearing; filtered by a speaker who asks or answers."""
    return [exchange_payload(e) for e in bot.hearings.exchanges(speaker, document or None)]
