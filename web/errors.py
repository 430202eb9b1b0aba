"""One place that turns errors into responses: JSON `{"detail": ...}` for the API, a page otherwise."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from bot import BadFilter, BadQuestion
from index.errors import Overloaded
from web.log_writer import LogUnavailable
from web.metrics import count
from web.templating import templates

log = logging.getLogger("cityqa.web")
UNPARSABLE_BODY = "There was an error parsing the body"


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

    @app.exception_handler(BadQuestion)
    async def _bad_question(request: Request, error: BadQuestion) -> Response:
        return error_response(request, 422, str(error))

    @app.exception_handler(BadFilter)
    async def _bad_filter(request: Request, error: BadFilter) -> Response:
        return error_response(request, 422, str(error))

    @app.exception_handler(Overloaded)
    async def _overloaded(request: Request, error: Overloaded) -> Response:
        count(request, "overload_shed")
        response = error_response(request, 503, str(error))
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(LogUnavailable)
    async def _log_unavailable(request: Request, error: LogUnavailable) -> Response:
        response = error_response(request, 503, "your feedback could not be recorded just now; please try again later")
        response.headers["Retry-After"] = "60"
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
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on our side; the error was logged")
