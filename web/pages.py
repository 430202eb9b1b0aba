"""The HTML pages: the chat (which works without JavaScript) and the document view citations link to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from bot import Bot, BadQuestion, answer_payload
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


@router.get("/")
def chat(request: Request) -> Response:
    return templates.TemplateResponse(request, "chat.html", {"exchange": None, "error": None})


@router.post("/")
def chat_form(request: Request, bot: Annotated[Bot, Depends(get_bot)], question: Annotated[str, Form()] = "") -> Response:
    """The no-JavaScript path: the form posts here and the page comes back with the answer."""
    settings = request.app.state.settings
    try:
        answer = bot.answer(question, k=settings.top_k)
    except BadQuestion as error:
        context = {"exchange": None, "error": str(error), "question": question}
        return templates.TemplateResponse(request, "chat.html", context, status_code=422)
    return templates.TemplateResponse(request, "chat.html", {"exchange": answer_payload(answer), "error": None})


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    found = bot.index.store.document(document_id)
    if found is None:
        raise HTTPException(404, f"no document with id '{document_id}'")
    paragraphs = list(enumerate(zip(found.paragraphs, found.kinds or ("text",) * len(found.paragraphs)), start=1))
    return templates.TemplateResponse(
        request, "document.html", {"document": found, "document_id": document_id, "paragraphs": paragraphs}
    )
