"""Feedback on answers (`POST /api/feedback`) and the staff view of what the bot could not answer (`/admin`).

/admin is off (404) unless CITYQA_ADMIN_TOKEN is set. Staff sign in with the token as a bearer header or
through the login form, which sets an HttpOnly, SameSite=Strict cookie holding an HMAC of the token (never
the token itself). Every comparison is constant-time; the token is never logged.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from index.errors import IndexLoadError
from web.conversation import feedback_store
from web.errors import error_responses
from web.feedback_store import MAX_COMMENT_CHARS
from web.log_writer import LogUnavailable
from web.ratelimit import rate_limited
from web.reload import reload_bot
from web.templating import templates

router = APIRouter()
SESSION_COOKIE = "cityqa_admin"


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


def _token(request: Request) -> str:
    secret = request.app.state.settings.admin_token
    if secret is None or not secret.get_secret_value():
        raise HTTPException(404, "Not Found")
    return secret.get_secret_value()


def _session_value(token: str) -> str:
    return hmac.new(token.encode(), b"cityqa admin session", hashlib.sha256).hexdigest()


def _signed_in(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return hmac.compare_digest(cookie.encode(), _session_value(token).encode())


def _login(request: Request, failed: bool = False) -> Response:
    return templates.TemplateResponse(request, "admin_login.html", {"failed": failed}, status_code=401)


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
def admin(request: Request) -> Response:
    token = _token(request)
    if not _signed_in(request, token):
        return _login(request)
    store = feedback_store(request)
    context: dict[str, object] = {"counts": None, "unanswered": [], "unhelpful": [], "log_failures": store.failures,
                                  "log_problem": store.last_failure}  # fmt: skip
    try:
        store.flush()  # staff see every question answered so far
        context.update(counts=store.counts(), unanswered=store.unanswered(), unhelpful=store.unhelpful())
    except LogUnavailable as error:
        context["log_problem"] = str(error)
    response = templates.TemplateResponse(request, "admin.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/admin/login", response_class=HTMLResponse, include_in_schema=False)
def admin_login(request: Request, token: Annotated[str, Form(max_length=500)] = "") -> Response:
    expected = _token(request)
    if not hmac.compare_digest(token.encode(), expected.encode()):
        return _login(request, failed=True)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(SESSION_COOKIE, _session_value(expected), httponly=True, samesite="strict", path="/admin",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.post("/admin/reload", include_in_schema=False)
def admin_reload(request: Request) -> Response:
    """Serves the index that CITYQA_INDEX points at now (after `cityqa ingest`), without dropping a request."""
    token = _token(request)
    if not _signed_in(request, token):
        raise HTTPException(401, "send the admin token as a bearer header", headers={"WWW-Authenticate": "Bearer"})
    try:
        manifest = reload_bot(request.app).index.manifest
    except IndexLoadError as error:
        raise HTTPException(409, f"{error}; still serving the previous index") from None
    return JSONResponse({"reloaded": True, "documents": manifest.documents, "chunks": manifest.chunks,
                         "built_at": manifest.built_at})  # fmt: skip


@router.post("/admin/logout", include_in_schema=False)
def admin_logout(request: Request) -> Response:
    _token(request)
    response = RedirectResponse("/admin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/admin", httponly=True, samesite="strict")
    return response
