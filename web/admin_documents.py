"""Staff keep the record from the browser: the list of documents, uploads, fetches, removal, builds, undo.

Every page needs the admin session (web.staff); every POST also its CSRF token. The preview and correction
pages of one document are in web.admin_review."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from ingest import IngestError, load_document
from ingest.loaders import corpus_files
from web.publishing import Publisher
from web.staff import CSRF_FIELD, Staff, require_staff, staff_of
from web.staging import staged_file, staged_files
from web.templating import templates
from web.uploads import MAX_FILES, Upload, UploadRejected, check_upload, display_name, fetch_url, generated_name

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
UPLOAD_PATH = "/admin/documents/upload"
SORTS = ("source", "title", "date", "added", "chunks", "turns", "exchanges")
NOTICES = {
    "published": "Published. The index is being rebuilt; the document answers questions once the build is done.",
    "queued": "Published. Another build is running: yours waits in line and starts when it is done.",
    "removed": "Removed. The index is being rebuilt without it.",
    "saved": "Saved. The index is being rebuilt with the change.",
    "discarded": "The upload was discarded.",
    "undone": "The last publish was undone; the previous index is served again.",
}
_publisher_lock = threading.Lock()


@dataclass(frozen=True)
class DocumentRow:
    source: str
    title: str
    date: str
    hearing: str
    language: str
    chunks: int
    speakers: str
    turns: int
    exchanges: int
    added: str
    warnings: tuple[str, ...]


def publisher_of(request: Request) -> Publisher:
    """The app's publisher, made on first use (the app's lifespan does not need to know about it)."""
    with _publisher_lock:
        if getattr(request.app.state, "publisher", None) is None:
            request.app.state.publisher = Publisher(request.app)
        return request.app.state.publisher


def upload_limit(request: Request) -> int:
    return request.app.state.settings.upload_max_mb * 2**20


def document_rows(request: Request) -> list[DocumentRow]:
    """Every file of the corpus, with what the current index holds of it (a file it lacks gets a warning)."""
    settings = request.app.state.settings
    stats = {s.source: s for s in request.app.state.bot.index.store.document_stats()}
    try:
        files, _ = corpus_files(settings.corpus)
    except IngestError:
        files = []
    rows = []
    for path in files:
        source = path.relative_to(settings.corpus).as_posix()
        added = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M")
        s = stats.get(source)
        if s is None:
            why = _why_missing(path, settings.corpus)
            rows.append(DocumentRow(source, source, "", "", "", 0, "", 0, 0, added, (why,)))
            continue
        warnings = []
        if not s.turns:
            warnings.append("no speaker turns found")
        if s.unnamed_turns:
            warnings.append(f"{s.unnamed_turns} turns name no speaker (e.g. 'Q')")
        if s.speakers and all(not speaker.role for speaker in s.speakers):
            warnings.append("no speaker has a role")
        speakers = ", ".join(f"{p.name} ({p.role})" if p.role else p.name for p in s.speakers)
        rows.append(DocumentRow(source, s.title, s.date or "", dict(s.meta).get("hearing", ""), s.language, s.chunks,
                                speakers, s.turns, s.exchanges, added, tuple(warnings)))  # fmt: skip
    return rows


def _why_missing(path: Path, corpus: Path) -> str:
    """Why a corpus file is not in the index: ingest's reason when it cannot be read (parsed again only here)."""
    try:
        load_document(path, corpus)
    except IngestError as error:
        return f"not in the index: {error}"
    return "not in the index yet: the next build adds it"


def _page(request: Request, staff: Staff, notices: list[str], status: int = 200, q: str = "", sort: str = "added",
          order: str = "desc") -> Response:  # fmt: skip
    rows = document_rows(request)
    if q:
        needle = q.casefold()
        rows = [r for r in rows if needle in " ".join((r.source, r.title, r.hearing, r.speakers, r.date)).casefold()]
    rows.sort(key=lambda r: getattr(r, sort), reverse=order == "desc")
    publisher = publisher_of(request)
    context = {
        "rows": rows, "q": q, "sort": sort, "order": order, "sorts": SORTS, "csrf": staff.csrf,
        "csrf_field": CSRF_FIELD, "notices": notices, "staged": staged_files(_staging(request)),
        "status": publisher.status, "history": publisher.history(20),
        "max_mb": request.app.state.settings.upload_max_mb,
        "accept": ".txt,.md,.markdown,.html,.htm,.pdf",
    }
    response = templates.TemplateResponse(request, "admin_documents.html", context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _staging(request: Request) -> Path:
    return request.app.state.settings.data / "staging"


@router.get("/admin/documents")
def documents(request: Request, q: Annotated[str, Query(max_length=200)] = "",
              sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "added",
              order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
              notice: Annotated[str, Query(max_length=20)] = "") -> Response:  # fmt: skip
    staff = staff_of(request)
    if staff is None:
        return RedirectResponse("/admin", status_code=303)
    return _page(request, staff, [NOTICES[notice]] if notice in NOTICES else [], q=q.strip(), sort=sort, order=order)


@router.post(UPLOAD_PATH)
async def upload(request: Request) -> Response:
    """One or several files into the staging folder; one accepted file leads straight to its preview."""
    async with request.form(max_files=MAX_FILES + 1, max_fields=20) as form:  # closes the spooled files
        staff = require_staff(request, str(form.get(CSRF_FIELD, "")))
        replaces = str(form.get("replaces", "")) or None
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            return _page(request, staff, ["Choose a file to upload."], status=400)
        if len(files) > MAX_FILES or (replaces and len(files) > 1):
            return _page(request, staff, [f"Upload at most {1 if replaces else MAX_FILES} files at a time."], 400)
        limit, staged, rejected = upload_limit(request), [], []
        for file in files:
            try:
                if file.size is not None and file.size > limit:  # refused before it is read into memory
                    raise UploadRejected(f"{display_name(file.filename)}: {file.size / 2**20:.1f} MB is over the "
                                         f"{limit / 2**20:.0f} MB limit; split it into smaller files")  # fmt: skip
                staged.append(stage(request, check_upload(file.filename, await file.read(), limit), replaces))
            except UploadRejected as error:
                rejected.append(f"Not stored: {error}")
    return _after_staging(request, staff, "upload", staged, rejected)


@router.post("/admin/documents/fetch")
def fetch(request: Request, url: Annotated[str, Form(max_length=2000)],
          csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    """A document from an http(s) URL into the staging folder (see web.uploads for what is refused)."""
    staff = require_staff(request, csrf)
    settings = request.app.state.settings
    try:
        upload = fetch_url(url.strip(), upload_limit(request), allow_loopback=settings.admin_fetch_loopback)
        return _after_staging(request, staff, "fetch", [stage(request, upload, None, source_url=url.strip())], [])
    except UploadRejected as error:
        return _after_staging(request, staff, "fetch", [], [f"Not fetched: {error}"])


def stage(request: Request, upload: Upload, replaces: str | None, source_url: str = "") -> str:
    """Writes an accepted upload to the staging folder under a generated name; returns that name."""
    from web.staging import read_meta, write_meta

    staging = _staging(request)
    staging.mkdir(parents=True, exist_ok=True)
    target = None
    if replaces:
        target = corpus_file(request, replaces)
        if target is None:
            raise UploadRejected(f"{upload.original}: the document to replace is not in the corpus any more")
    name = generated_name(upload.original, upload.suffix if target is None else target.suffix)
    path = staging / name
    path.write_bytes(upload.data)
    meta = read_meta(target) if target is not None else {}
    write_meta(path, {**meta, "url": meta.get("url") or source_url or None})
    if target is not None:
        path.with_name(name + ".replaces").write_text(replaces or "", encoding="utf-8")
    return name


def _after_staging(request: Request, staff: Staff, how: str, staged: list[str], rejected: list[str]) -> Response:
    publisher = publisher_of(request)
    for name in staged:
        publisher.record(staff.who, how, f"staged {name}")
    if len(staged) == 1 and not rejected:
        return RedirectResponse(f"/admin/staged/{staged[0]}", status_code=303)
    notices = rejected + [f"Staged {name}: preview it below, then publish." for name in staged]
    return _page(request, staff, notices, status=200 if staged else 400)


def corpus_file(request: Request, source: str) -> Path | None:
    """The corpus file whose relative name is `source`, looked up among the corpus files (never joined)."""
    corpus = request.app.state.settings.corpus
    try:
        return next((p for p in corpus_files(corpus)[0] if p.relative_to(corpus).as_posix() == source), None)
    except IngestError:
        return None


@router.post("/admin/documents/remove")
def remove(request: Request, source: Annotated[str, Form(max_length=1000)],
           csrf: Annotated[str, Form(max_length=200)] = "") -> Response:  # fmt: skip
    staff = require_staff(request, csrf)
    path = corpus_file(request, source)
    if path is None:
        raise HTTPException(404, f"no document '{source[:100]}' in the corpus")
    publisher = publisher_of(request)
    publisher.remove(path)
    publisher.record(staff.who, "remove", source)
    publisher.request_build()
    return RedirectResponse("/admin/documents?notice=removed", status_code=303)


@router.get("/admin/documents/status")
def build_status(request: Request) -> Response:
    """The build's progress, for the progress bar (polled)."""
    if staff_of(request) is None:
        raise HTTPException(401, "sign in on /admin first")
    return JSONResponse(publisher_of(request).status_json(), headers={"Cache-Control": "no-store"})


@router.post("/admin/documents/undo")
def undo(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    staff = require_staff(request, csrf)
    publisher = publisher_of(request)
    try:
        what = publisher.undo()
    except ValueError as error:
        return _page(request, staff, [f"Nothing was undone: {error}."], status=409)
    publisher.record(staff.who, "undo", what)
    return RedirectResponse("/admin/documents?notice=undone", status_code=303)


def staged_or_404(request: Request, name: str) -> Path:
    path = staged_file(_staging(request), name)
    if path is None:
        raise HTTPException(404, f"no staged upload '{name[:100]}'; it was published or discarded")
    return path
