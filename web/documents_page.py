"""The public list of documents in the record: each with its date and speakers, linked from the site header."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bot import Bot
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/documents")
def documents_page(request: Request, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    documents = sorted(bot.index.store.document_stats(), key=lambda d: (d.date or "", d.title), reverse=True)
    return templates.TemplateResponse(request, "documents.html", {"documents": documents})
