"""Feedback on answers (`POST /api/feedback`); the staff view of it is in web/admin.py."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from web.conversation import feedback_store
from web.errors import error_responses
from web.feedback_store import MAX_COMMENT_CHARS
from web.ratelimit import rate_limited

router = APIRouter()


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="the `id` of an answer from POST /api/ask")
    helpful: bool
    comment: str | None = Field(None, max_length=MAX_COMMENT_CHARS, description="what was wrong, optional")


class FeedbackOut(BaseModel):
    id: str
    helpful: bool
    recorded: bool


@router.post("/api/feedback", response_model=FeedbackOut, status_code=201, tags=["questions"],
             responses=error_responses(404, 413, 429, 503), dependencies=[Depends(rate_limited)])
def give_feedback(body: FeedbackIn, request: Request) -> dict[str, object]:
    """Whether an answer helped, with an optional comment (at most 500 characters)."""
    # 201 only once the feedback is committed; LogUnavailable (a 503) when it cannot be.
    if not feedback_store(request).add_feedback(body.id, body.helpful, (body.comment or "").strip() or None):
        raise HTTPException(404, f"no answer with id '{body.id}'; give feedback on an answer from POST /api/ask")
    return {"id": body.id, "helpful": body.helpful, "recorded": True}
