"""The chat pages: `/` with the site around it and `/embed` for the widget's frame, both working without JavaScript
(the form posts back, carrying the previous turn in hidden fields), and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from functools import partial

from bot import Bot, BadQuestion
from bot.citations import paragraphs_of
from bot.conversation import PreviousTurn, answer_id as id_of_answer
from bot.hearings import MAX_FILTER_CHARS
from web.api import get_bot
from web.conversation import ask_in_conversation, feedback_store, suggestions
from web.embed_options import EmbedOptions, embed_options
from web.feedback_store import MAX_COMMENT_CHARS
from web.i18n import COOKIE, LANGUAGES, MESSAGES, language_of
from web.overload import admitted
from web.ratelimit import question_rate_limited, rate_limited
from web.schema import AskResponse
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
PAGES = {"/": "chat.html", "/embed": "embed.html"}
ONE_YEAR = 365 * 24 * 3600


def _page(request: Request, context: dict[str, object], status: int = 200) -> Response:
    path = request.url.path
    embedded = path == "/embed"
    options = embed_options(request) if embedded else EmbedOptions()
    # The frame keeps its language (a city site's frame may not send our cookie) and the widget's options in
    # its URL, so that the no-JS form and "New conversation" keep them.
    kept = [("lang", language_of(request)), ("color", options.accent or ""), ("welcome", options.welcome or ""),
            *(("suggest", s) for s in options.suggestions)]  # fmt: skip
    action = f"/embed?{urlencode([(k, v) for k, v in kept if v])}" if embedded else path
    page = {"exchange": None, "error": None, "question": "", "notice": None, "action": action,
            "embedded": embedded, "suggestions": list(options.suggestions) or suggestions(request),
            "welcome": options.welcome, "accent": options.accent, **context}  # fmt: skip
    return templates.TemplateResponse(request, PAGES[path], page, status_code=status)


def _answer(request: Request, bot: Bot, question: str, previous: PreviousTurn | None, channel: str) -> Response:
    try:
        exchange = ask_in_conversation(request, bot, question, bot.top_k,
                                       previous=previous, channel=channel)  # fmt: skip
    except BadQuestion as error:  # said in the page's language where it has words for it
        said = MESSAGES[language_of(request)].get(error.kind, str(error))
        return _page(request, {"error": said, "question": question}, status=422)
    return _page(request, {"exchange": exchange})


@router.get("/", dependencies=[Depends(question_rate_limited), Depends(admitted)])
@router.get("/embed", dependencies=[Depends(question_rate_limited), Depends(admitted)])
def chat(request: Request, bot: Annotated[Bot, Depends(get_bot)],
         q: Annotated[str | None, Query(max_length=1000)] = None) -> Response:  # fmt: skip
    """The chat; `?q=` asks a question straight away (the suggested questions are such links)."""
    if q is None:
        return _page(request, {})
    return _answer(request, bot, q, None, "form")


@router.post("/", dependencies=[Depends(rate_limited), Depends(admitted)])
@router.post("/embed", dependencies=[Depends(rate_limited), Depends(admitted)])
def chat_form(
    request: Request,
    bot: Annotated[Bot, Depends(get_bot)],
    question: Annotated[str, Form(max_length=2000)] = "",
    previous_question: Annotated[str, Form(max_length=1000)] = "",
    previous_speaker: Annotated[str, Form(max_length=MAX_FILTER_CHARS)] = "",
    previous_shown: Annotated[str, Form(max_length=2000)] = "",
    answer_id: Annotated[str, Form(max_length=64)] = "",
    helpful: Annotated[str, Form(max_length=5)] = "",
    comment: Annotated[str, Form(max_length=MAX_COMMENT_CHARS)] = "",
) -> Response:
    """The no-JavaScript path: a question (with the previous turn) or the feedback on an answer."""
    if answer_id:
        return _feedback(request, answer_id, helpful, comment)
    shown = tuple(previous_shown.split())
    previous = PreviousTurn(previous_question, previous_speaker or None, shown) if previous_question else None
    return _answer(request, bot, question, previous, "form")


def _feedback(request: Request, answer_id: str, helpful: str, comment: str) -> Response:
    unknown = HTTPException(422, "feedback: say whether the answer helped, on an answer given here")
    if helpful not in ("true", "false"):
        raise unknown
    if not feedback_store(request).add_feedback(answer_id, helpful == "true", comment.strip() or None):
        raise unknown
    return _page(request, {"notice": "thanks"})


@router.get("/a/{answer_id}")
def shared_answer(request: Request, answer_id: str, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    """An answer given here, read-only, for anyone with the link. The log keeps the question, not the passages:
    the question as understood is answered again, and shown in full when that gives the same answer (same id);
    otherwise (the record changed, or the answer was a 'what else' follow-up) the answer's text as logged."""
    logged = feedback_store(request).logged_answer(answer_id[:64])
    if logged is None:
        raise HTTPException(404, f"no answer '{answer_id[:64]}' was given here; ask it in the chat")
    try:
        again = bot.answer(logged.understood)
    except BadQuestion:
        again = None
    exchange = None
    if again is not None and id_of_answer(again) == answer_id:
        exchange = AskResponse.of(again, logged.question, partial(paragraphs_of, bot.index.store))
    context = {"exchange": exchange, "logged": logged, "read_only": True, "target": ""}
    return templates.TemplateResponse(request, "shared.html", context)


@router.get("/language/{code}")
def switch_language(code: str, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:  # noqa: A002
    """Remembers the interface language in a cookie and goes back to the page (on this site only)."""
    if code not in LANGUAGES:
        raise HTTPException(404, f"no interface language '{code[:10]}'; there are: {', '.join(LANGUAGES)}")
    target = urlsplit(next)
    local = next.startswith("/") and not next.startswith("//") and "\\" not in next and not target.netloc
    back = next if local else "/"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response
