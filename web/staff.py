"""Who may change the record: the admin session of web.admin (used as it is), and a CSRF token per session.

The CSRF token is an HMAC of the session cookie under the admin token, so it needs no storage and changes
with the session. Requests signed in with the bearer header carry no cookie a browser could send on its
own, so they need no CSRF token."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request
from starlette.exceptions import HTTPException

from web import admin

CSRF_FIELD = "csrf"


@dataclass(frozen=True)
class Staff:
    who: str  # names the session in the actions log, without revealing it: 'session 3fa2c1d0'
    csrf: str  # the token every form of this session sends back


def staff_of(request: Request) -> Staff | None:
    """The signed-in staff session of a request, or None; 404 when /admin is off."""
    token = admin._token(request)
    if not admin._signed_in(request, token):
        return None
    cookie = request.cookies.get(admin.SESSION_COOKIE, "")
    if not cookie:
        return Staff("bearer token", "")
    csrf = hmac.new(token.encode(), b"cityqa csrf\x1f" + cookie.encode(), hashlib.sha256).hexdigest()
    return Staff(f"session {hashlib.sha256(cookie.encode()).hexdigest()[:8]}", csrf)


def require_staff(request: Request, form_csrf: str | None) -> Staff:
    """The staff session of a state-changing request whose CSRF token matches; 401 or 403 otherwise."""
    staff = staff_of(request)
    if staff is None:
        raise HTTPException(401, "sign in on /admin first")
    if staff.csrf and not hmac.compare_digest((form_csrf or "").encode(), staff.csrf.encode()):
        raise HTTPException(403, "the form's security token is missing or out of date; reload the page and try again")
    return staff
