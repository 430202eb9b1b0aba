"""The JSON API: thin routes over the bot."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot import Bot, clean_question
from bot.answer import MAX_K, TOP_K
from bot.conversation import PreviousTurn
from bot.hearings import MAX_FILTER_CHARS
from bot.query import MAX_QUESTION_CHARS
from web.conversation import ask_in_conversation_async
from web.errors import error_responses
from web.ratelimit import rate_limited
from web.schema import AskResponse, ExchangeOut, Health, SpeakerOut

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
    k: int | None = Field(None, ge=1, le=MAX_K,
                          description=f"how many passages to return; unset: CITYQA_TOP_K ({TOP_K} unless set)")
    speaker: str | None = Field(
        None, max_length=MAX_FILTER_CHARS,
        description="answer only from what this speaker said: a name or a role fragment, e.g. 'sports bureau'",
    )
    context: PreviousTurnIn | None = Field(None, description="the previous turn, to read a follow-up question with")

    @field_validator("question")
    @classmethod
    def _question_is_askable(cls, question: str) -> str:
        return clean_question(question)


SpeakerFilter = Annotated[
    str | None, Query(max_length=MAX_FILTER_CHARS, description="a name or a role fragment, case-insensitive")
]


@router.get("/healthz", response_model=Health, tags=["service"])
def healthz(bot: Annotated[Bot, Depends(get_bot)]) -> Health:
    return Health.of(bot.index.manifest)


@router.post("/api/ask", response_model=AskResponse, tags=["questions"], responses=error_responses(413, 429, 503),
             dependencies=[Depends(rate_limited)])
async def ask(body: AskRequest, request: Request, bot: Annotated[Bot, Depends(get_bot)]) -> AskResponse:
    """The passages of the record that answer a question, best first, with the answering sentence."""
    context = body.context
    previous = PreviousTurn(context.question, context.speaker, tuple(context.shown)) if context else None
    k = bot.top_k if body.k is None else body.k
    return await ask_in_conversation_async(request, bot, body.question, k, body.speaker, previous)


@router.get("/api/speakers", response_model=list[SpeakerOut], tags=["hearings"], responses=error_responses(413))
def speakers(bot: Annotated[Bot, Depends(get_bot)], speaker: SpeakerFilter = None) -> list[SpeakerOut]:
    """Everyone who speaks in the record or is presented in a roster, with how often they asked and answered."""
    return [SpeakerOut.of(s) for s in bot.hearings.speakers(speaker)]


@router.get("/api/exchanges", response_model=list[ExchangeOut], tags=["hearings"], responses=error_responses(413))
def exchanges(
    bot: Annotated[Bot, Depends(get_bot)],
    speaker: SpeakerFilter = None,
    document: Annotated[str | None, Query(max_length=64, description="a hearing's document id")] = None,
) -> list[ExchangeOut]:
    """Who asked what and who answered, hearing by hearing; filtered by a speaker who asks or answers."""
    return [ExchangeOut.of(e) for e in bot.hearings.exchanges(speaker, document or None)]
