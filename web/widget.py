"""`/widget.js`, the one script a city site adds to embed the chat: cacheable, with an ETag; and `/favicon.ico`."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)
WIDGET = Path(__file__).parent / "static" / "widget.js"
FAVICON = Path(__file__).parent / "static" / "favicon.ico"
CACHE_CONTROL = "public, max-age=3600"  # an hour: a new version reaches the city sites the same day


@lru_cache(maxsize=1)
def _widget() -> tuple[bytes, str]:
    source = WIDGET.read_bytes()
    return source, '"' + hashlib.sha256(source).hexdigest()[:20] + '"'


@router.get("/widget.js")
def widget(request: Request) -> Response:
    source, etag = _widget()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(source, media_type="text/javascript; charset=utf-8", headers=headers)


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at the root (the pages also name /static/favicon.svg)."""
    return Response(FAVICON.read_bytes(), media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})
