"""Security headers on every response, as plain ASGI middleware (cheap on the hot path).

Pages may be framed by this site only, except `/embed`, the widget's chat: the origins allowed to embed it
(the `allowed_origins` setting) are added to its `frame-ancestors`, and it sends no X-Frame-Options then
(that header cannot name other origins and would block them)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EMBED_PATH = "/embed"
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)
CONTENT_SECURITY_POLICY = _POLICY.format(ancestors="'self'")
_COMMON = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin")]


def content_security_policy(frame_ancestors: Sequence[str] = ()) -> str:
    return _POLICY.format(ancestors=" ".join(["'self'", *frame_ancestors]))


class SecurityHeaders:
    def __init__(self, app: ASGIApp, allowed_origins: Sequence[str] = ()) -> None:
        self.app = app
        same_origin = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()), *_COMMON,
                       (b"x-frame-options", b"SAMEORIGIN")]  # fmt: skip
        embed = [(b"content-security-policy", content_security_policy(allowed_origins).encode()), *_COMMON]
        self._headers = same_origin
        self._embed_headers = embed if allowed_origins else same_origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self._embed_headers if scope["path"] == EMBED_PATH else self._headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
