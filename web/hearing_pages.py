"""Staff pages: every exchange as a filterable, paginated table (cards on a phone) with a CSV export, and a page
per speaker."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from bot import Bot, Exchange, turn_url
from bot.hearings import MAX_FILTER_CHARS, narrowed
from web.api import get_bot
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)

SpeakerParam = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]
DocumentParam = Annotated[str | None, Query(max_length=64)]
DateParam = Annotated[str | None, Query(max_length=32)]
PAGE_SIZE = 25
CSV_COLUMNS = ("hearing", "date", "questioner", "questioner role", "question", "answered by", "answerer role",
               "answer", "link")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    """The filters of /exchanges: `speaker` (asks or answers; a name or role fragment, as for the API), the
    `official` who answers and the `questioner` (exact names), the hearing `document` and its `date`."""

    speaker: str | None = None
    official: str | None = None
    questioner: str | None = None
    document: str | None = None
    date: str | None = None

    def query(self, **more: object) -> str:
        pairs = [(k, v) for k, v in (*vars(self).items(), *more.items()) if v]
        return urlencode(pairs)

    def apply(self, bot: Bot) -> list[Exchange]:
        return narrowed(bot.hearings.exchanges(self.speaker, self.document), self.official, self.questioner, self.date)


def filters(speaker: SpeakerParam = None, official: SpeakerParam = None, questioner: SpeakerParam = None,
            document: DocumentParam = None, date: DateParam = None) -> Filters:  # fmt: skip
    return Filters(speaker or None, official or None, questioner or None, document or None, date or None)


@router.get("/exchanges")
def exchanges_page(request: Request, bot: Annotated[Bot, Depends(get_bot)],
                   chosen: Annotated[Filters, Depends(filters)],
                   page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:  # fmt: skip
    found = chosen.apply(bot)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    if page > pages:
        raise HTTPException(404, f"there is no page {page}: these filters give {pages} page{'s' * (pages != 1)}")
    start = (page - 1) * PAGE_SIZE
    speakers = bot.hearings.speakers()
    documents = list(bot.hearings.documents.values())
    query = chosen.query()
    context = {
        "exchanges": found[start : start + PAGE_SIZE], "total": len(found), "first": start + 1, "page": page,
        "pages": pages, "filters": chosen, "speakers": speakers,
        "officials": [s for s in speakers if s.answers], "questioners": [s for s in speakers if s.questions],
        "slugs": {(s.name, s.role): s.slug for s in speakers}, "documents": documents,
        "dates": sorted({d.date for d in documents if d.date}),
        "previous_url": f"/exchanges?{chosen.query(page=page - 1)}" if page > 1 else None,
        "next_url": f"/exchanges?{chosen.query(page=page + 1)}" if page < pages else None,
        "csv_url": "/exchanges.csv" + (f"?{query}" if query else ""),
    }  # fmt: skip
    return templates.TemplateResponse(request, "exchanges.html", context)


@router.get("/exchanges.csv")
def exchanges_csv(request: Request, bot: Annotated[Bot, Depends(get_bot)],
                  chosen: Annotated[Filters, Depends(filters)]) -> Response:  # fmt: skip
    """The exchanges as a spreadsheet (every page): one row per answer, UTF-8 with a byte-order mark for Excel."""
    found = chosen.apply(bot)
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


def csv_rows(exchanges: list[Exchange], site: str) -> Iterator[tuple[str, ...]]:
    for exchange in exchanges:
        question = exchange.question
        asker = question.speaker
        start = (exchange.document.title, exchange.document.date or "", asker.name if asker else "",
                 (asker.role or "") if asker else "", question.text)  # fmt: skip
        for answer in exchange.answers or (None,):
            who = answer.speaker if answer else None
            yield (*start, who.name if who else "", (who.role or "") if who else "", answer.text if answer else "",
                   site + turn_url(question))  # fmt: skip


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
