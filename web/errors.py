"""One place that turns errors into responses: JSON `{"detail": ...}` for the API, a page otherwise."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from bot import UnknownSpeaker
from index.errors import Overloaded
from ingest.errors import CityqaError, CorpusNotFound, nearest
from web.log_writer import LogUnavailable
from web.metrics import count
from web.templating import templates

log = logging.getLogger("cityqa.web")
UNPARSABLE_BODY = "There was an error parsing the body"

# The web's words added to a core error's message: the lower layers do not know the routes or the settings.
HINTS: dict[type[CityqaError], str] = {
    UnknownSpeaker: "GET /api/speakers lists who spoke",
    CorpusNotFound: "set CITYQA_CORPUS to the corpus folder",
}
# Headers a core error answers with, beside its status.
HEADERS: dict[type[CityqaError], Callable[[CityqaError], dict[str, str]]] = {
    Overloaded: lambda error: {"Retry-After": str(getattr(error, "retry_after", 1))},
    LogUnavailable: lambda error: {"Retry-After": "60"},
}


def user_message(error: CityqaError) -> str:
    """The error's message for the web, with the web's hint when the table has one."""
    hint = nearest(HINTS, error)
    return f"{error.message}; {hint}" if hint else error.message


class ErrorOut(BaseModel):
    detail: str = Field(description="what was wrong, in a sentence that names the field and the fix")


def error_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI entries for the errors a route may answer with, each `{"detail": ...}`."""
    return {status: {"model": ErrorOut, "description": HTTPStatus(status).phrase} for status in statuses}


def document_errors(app: FastAPI) -> None:
    """Every 422 is `{"detail": "<sentence>"}` (see `readable`), not FastAPI's list of validation errors."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        if app.openapi_schema is None:
            schema = build()
            schema.get("components", {}).get("schemas", {})["HTTPValidationError"] = ErrorOut.model_json_schema()
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/admin/reload")


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
    detail = detail.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate in a message must not break it
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail}, status_code=status
    )


def install_error_handlers(app: FastAPI) -> None:
    document_errors(app)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 422, readable(error))

    @app.exception_handler(CityqaError)
    async def _known(request: Request, error: CityqaError) -> Response:
        if isinstance(error, Overloaded):
            count(request, "overload_shed")
        response = error_response(request, error.status, user_message(error))
        headers = nearest(HEADERS, error)
        response.headers.update(headers(error) if headers else {})
        return response

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else "request failed"
        if error.status_code == 400 and detail == UNPARSABLE_BODY:  # FastAPI's words for a body that is not UTF-8
            return error_response(request, 422, "body: is not valid JSON (it must be UTF-8)")
        response = error_response(request, error.status_code, detail)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        # A bug: logged with its traceback under an id the user can quote, never shown to them.
        request_id = secrets.token_hex(6)
        log.error("bug on %s %s (request %s)", request.method, request.url.path, request_id, exc_info=error)
        response = error_response(request, 500, f"something went wrong on our side; the error was logged as "
                                                 f"request {request_id}")
        response.headers["X-Request-Id"] = request_id
        return response
