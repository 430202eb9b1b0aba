"""The document view that citations link to (the chat pages are in web/chat_pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from bot import Bot
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    found = bot.index.store.document(document_id)
    if found is None:
        raise HTTPException(404, f"no document with id '{document_id}'")
    paragraphs = list(enumerate(zip(found.paragraphs, found.kinds or ("text",) * len(found.paragraphs)), start=1))
    return templates.TemplateResponse(
        request, "document.html", {"document": found, "document_id": document_id, "paragraphs": paragraphs}
    )
