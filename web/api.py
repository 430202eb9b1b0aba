"""The JSON API: thin routes over the bot."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot import Bot, answer_payload, clean_question
from bot.answer import MAX_K, MAX_QUESTION_CHARS

router = APIRouter()


def get_bot(request: Request) -> Bot:
    return request.app.state.bot


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description=f"the question, 1 to {MAX_QUESTION_CHARS} characters")
    k: int = Field(3, ge=1, le=MAX_K, description="how many passages to return")

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


class AskResponse(BaseModel):
    question: str
    abstained: bool
    answer: str
    passages: list[PassageOut]


class Health(BaseModel):
    status: str
    documents: int
    chunks: int
    model: str
    built_at: str


@router.get("/healthz", response_model=Health, tags=["service"])
def healthz(bot: Annotated[Bot, Depends(get_bot)]) -> dict[str, object]:
    manifest = bot.index.manifest
    return {"status": "ok", "documents": manifest.documents, "chunks": manifest.chunks,
            "model": manifest.model, "built_at": manifest.built_at}


@router.post("/api/ask", response_model=AskResponse, tags=["questions"])
def ask(body: AskRequest, bot: Annotated[Bot, Depends(get_bot)]) -> dict[str, object]:
    """The passages of the record that answer a question, best first, with the answering sentence."""
    return answer_payload(bot.answer(body.question, k=body.k))
