"""A limit on the size of request bodies, as plain ASGI middleware: the largest valid request (a question, its
previous turn and a speaker filter) is a few kilobytes, so anything past the limit is refused with 413 before it
is read into memory."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import error_response

MAX_BODY_BYTES = 64 * 1024


def too_large(limit: int) -> str:
    return f"body: the request body is larger than {limit // 1024} KB"


class BodyLimit:
    """413 when `Content-Length` says the body is too large; when it does not say, counts the bytes as they come."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger or {}  # path -> its own limit (file uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.strip().isdigit() and int(declared) > limit:
            response = error_response(Request(scope), 413, too_large(limit))
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, too_large(limit))  # rendered by the app's error handler
            return message

        await self.app(scope, counting_receive, send)
