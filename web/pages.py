"""The document view that citations link to (the chat pages are in web/chat_pages.py): every sentence has an
anchor (`#p12-s3`), and a citation from the chat adds `?answer=<id>` for the way back to the conversation."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from bot import Bot
from bot.citations import sentence_pieces
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
_ANSWER_ID = re.compile(r"^[0-9a-f]{1,64}$")


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str, bot: Annotated[Bot, Depends(get_bot)],
             answer: Annotated[str | None, Query(max_length=64)] = None) -> Response:  # fmt: skip
    found = bot.index.store.document(document_id)
    if found is None:
        raise HTTPException(404, f"no document with id '{document_id[:64]}'")
    kinds = found.kinds or ("text",) * len(found.paragraphs)
    paragraphs = []
    for number, (text, kind) in enumerate(zip(found.paragraphs, kinds), start=1):
        turn = bot.index.store.turn_at(document_id, number)
        speaker = turn.speaker if turn is not None else None
        paragraphs.append((number, kind, sentence_pieces(number, text), speaker))
    back = f"/#answer-{answer}" if answer and _ANSWER_ID.match(answer) else None
    context = {"document": found, "document_id": document_id, "paragraphs": paragraphs, "back": back}
    return templates.TemplateResponse(request, "document.html", context)
