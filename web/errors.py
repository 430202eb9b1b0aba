"""One place that turns errors into responses: JSON `{"detail": ...}` for the API, a page otherwise."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from bot import BadFilter, BadQuestion
from index.errors import Overloaded
from web.templating import templates

log = logging.getLogger("cityqa.web")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def readable(error: RequestValidationError) -> str:
    """Validation errors as one sentence a person can act on: 'question: question is empty'."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "body"
        message = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
        if item.get("type") == "json_invalid":
            where, message = "body", "is not valid JSON"
        parts.append(f"{where}: {message}")
    return "; ".join(parts) or "the request is not valid"


def error_response(request: Request, status: int, detail: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail}, status_code=status
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 422, readable(error))

    @app.exception_handler(BadQuestion)
    async def _bad_question(request: Request, error: BadQuestion) -> Response:
        return error_response(request, 422, str(error))

    @app.exception_handler(BadFilter)
    async def _bad_filter(request: Request, error: BadFilter) -> Response:
        return error_response(request, 422, str(error))

    @app.exception_handler(Overloaded)
    async def _overloaded(request: Request, error: Overloaded) -> Response:
        response = error_response(request, 503, str(error))
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else "request failed"
        response = error_response(request, error.status_code, detail)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on our side; the error was logged")
