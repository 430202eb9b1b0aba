"""Staff pages: every exchange as a filterable table with a CSV export, and a page per speaker."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from bot import Bot, ExchangeView
from bot.hearings import MAX_FILTER_CHARS
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)

SpeakerParam = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]
DocumentParam = Annotated[str | None, Query(max_length=64)]
CSV_COLUMNS = ("hearing", "date", "questioner", "questioner role", "question", "answered by", "answerer role",
               "answer", "link")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@router.get("/exchanges")
def exchanges_page(request: Request, bot: Annotated[Bot, Depends(get_bot)],
                   speaker: SpeakerParam = None, document: DocumentParam = None) -> Response:  # fmt: skip
    speaker, document = speaker or None, document or None
    found = bot.hearings.exchanges(speaker, document)
    speakers = bot.hearings.speakers()
    query = urlencode({key: value for key, value in (("speaker", speaker), ("document", document)) if value})
    context = {
        "exchanges": found, "speaker": speaker or "", "document": document or "",
        "speakers": speakers, "slugs": {(s.name, s.role): s.slug for s in speakers},
        "documents": list(bot.hearings.documents.values()),
        "csv_url": "/exchanges.csv" + (f"?{query}" if query else ""),
    }
    return templates.TemplateResponse(request, "exchanges.html", context)


@router.get("/exchanges.csv")
def exchanges_csv(request: Request, bot: Annotated[Bot, Depends(get_bot)],
                  speaker: SpeakerParam = None, document: DocumentParam = None) -> Response:  # fmt: skip
    """The exchanges as a spreadsheet: one row per answer, UTF-8 with a byte-order mark so Excel reads it."""
    found = bot.hearings.exchanges(speaker or None, document or None)
    site = str(request.base_url).rstrip("/")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([safe_cell(cell) for cell in row] for row in csv_rows(found, site))
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="exchanges.csv"'},
    )


def csv_rows(exchanges: list[ExchangeView], site: str) -> Iterator[tuple[str, ...]]:
    for exchange in exchanges:
        question = exchange.question
        asker = question.speaker
        start = (exchange.document.title, exchange.document.date or "", asker.name if asker else "",
                 (asker.role or "") if asker else "", question.text)  # fmt: skip
        for answer in exchange.answers or (None,):
            who = answer.speaker if answer else None
            yield (*start, who.name if who else "", (who.role or "") if who else "", answer.text if answer else "",
                   site + question.url)  # fmt: skip


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@router.get("/speakers")
def speakers_page(request: Request, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    return templates.TemplateResponse(request, "speakers.html", {"speakers": bot.hearings.speakers()})


@router.get("/speakers/{slug}")
def speaker_page(request: Request, slug: str, bot: Annotated[Bot, Depends(get_bot)]) -> Response:
    speaker = bot.hearings.speaker(slug)
    if speaker is None:
        raise HTTPException(404, f"no speaker '{slug[:60]}'; the speakers page lists them all")
    turns = bot.hearings.turns_of(speaker)
    return templates.TemplateResponse(request, "speaker.html", {"speaker": speaker, "turns": turns})
