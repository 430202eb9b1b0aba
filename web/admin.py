"""The staff view of what the bot could not answer (`/admin`), its sign-in, and the index reload.

/admin is off (404) unless CITYQA_ADMIN_TOKEN is set (16 characters at least, checked at start-up). Staff sign
in with the token as a bearer header, or through the login form, which starts a session (web/admin_sessions.py):
an HttpOnly, SameSite=Strict cookie with a random id that expires and that signing out revokes. Wrong tokens are
limited per client address (429 with Retry-After); every comparison is constant-time; the token is never logged.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from index.errors import IndexLoadError
from web.admin_sessions import AdminSessions
from web.database import ERRORS as DATABASE_ERRORS
from web.conversation import feedback_store
from web.log_writer import LogUnavailable
from web.metrics import count
from web.ratelimit import Rate, RateLimiter, client_address, too_many
from web.reload import reload_bot
from web.settings import Settings
from web.shared_limits import make_rate_limiter
from web.templating import templates

router = APIRouter(include_in_schema=False)
SESSION_COOKIE = "cityqa_admin"
WRONG_TOKENS = Rate(5, 60.0)  # wrong tokens per client address: 5 at once, then one more every 12 s


def install_admin(app: FastAPI, settings: Settings) -> None:
    """The routes of /admin, its sessions (in the data folder) and its limiter of wrong tokens."""
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    app.state.admin_sessions = AdminSessions(settings.runtime_database(), token,
                                             lifetime=settings.admin_session_minutes * 60)  # fmt: skip
    redis_url = settings.redis_url.get_secret_value() if settings.redis_url else None
    app.state.admin_failures = make_rate_limiter(WRONG_TOKENS, redis_url, namespace="cityqa-admin")
    app.include_router(router)


def _token(request: Request) -> str:
    secret = request.app.state.settings.admin_token
    if secret is None or not secret.get_secret_value():
        raise HTTPException(404, "Not Found")
    return secret.get_secret_value()


def _token_is_right(request: Request, given: str, token: str) -> bool:
    """Compares a token given by a client; past the limit of wrong ones, 429 whatever it is."""
    limiter: RateLimiter = request.app.state.admin_failures  # or a SharedRateLimiter: the same calls
    client = client_address(request)
    wait = limiter.wait(client)
    if wait:
        count(request, "admin_sign_in_refused")
        raise too_many(wait, "too many wrong admin tokens from your address")
    if hmac.compare_digest(given.encode(), token.encode()):
        return True
    limiter.take(client)
    count(request, "admin_sign_in_refused")
    return False


def _signed_in(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        return _token_is_right(request, given.strip(), token)
    sessions: AdminSessions = request.app.state.admin_sessions
    return sessions.valid(request.cookies.get(SESSION_COOKIE, ""))


def _login(request: Request, failed: bool = False) -> Response:
    return templates.TemplateResponse(request, "admin_login.html", {"failed": failed}, status_code=401)


@router.get("/admin", response_class=HTMLResponse)
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


@router.post("/admin/login", response_class=HTMLResponse)
def admin_login(request: Request, token: Annotated[str, Form(max_length=500)] = "") -> Response:
    if not _token_is_right(request, token, _token(request)):
        return _login(request, failed=True)
    sessions: AdminSessions = request.app.state.admin_sessions
    try:
        session = sessions.start()
    except DATABASE_ERRORS as error:
        raise HTTPException(503, f"sign-in needs a writable data folder ({error}); meanwhile send the token as a "
                                 "bearer header") from None  # fmt: skip
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(SESSION_COOKIE, session, max_age=int(sessions.lifetime), httponly=True, samesite="strict",
                        path="/admin", secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.post("/admin/reload")
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


@router.post("/admin/logout")
def admin_logout(request: Request) -> Response:
    """Revokes the session (its cookie signs no one in any more, even if copied) and drops the cookie."""
    _token(request)
    sessions: AdminSessions = request.app.state.admin_sessions
    try:
        sessions.end(request.cookies.get(SESSION_COOKIE, ""))
    except DATABASE_ERRORS as error:
        raise HTTPException(503, f"the session could not be ended ({error}); try again") from None
    response = RedirectResponse("/admin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/admin", httponly=True, samesite="strict")
    return response
