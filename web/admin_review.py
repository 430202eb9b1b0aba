"""What ingest understood of one document, and the staff's corrections: metadata, speakers' names and roles.

A staged upload (`/admin/staged/<name>`) is previewed before it is published; a published document
(`/admin/record?source=<corpus file>`) can be corrected later, which rebuilds the index. Both write the
document's sidecar, so `cityqa ingest` sees the same corrections."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ingest import IngestError
from web.admin_documents import corpus_file, publisher_of, staged_or_404
from web.staff import CSRF_FIELD, Staff, require_staff, staff_of
from web.staging import META_FIELDS, clean_meta, read_meta, replaces_of, set_speaker, understand, update_meta
from web.templating import templates

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
Csrf = Annotated[str, Form(max_length=200)]  # only for routes whose one form field is the CSRF token


class MetaForm(BaseModel):
    """The details form: the CSRF token, the fields of web.staging.META_FIELDS and, for a published one, its file."""

    csrf: str = Field("", max_length=200)
    source: str = Field("", max_length=1000)
    title: str = Field("", max_length=300)
    date: str = Field("", max_length=300)
    url: str = Field("", max_length=300)
    hearing: str = Field("", max_length=300)
    language: str = Field("", max_length=300)


class SpeakerForm(BaseModel):
    """A speaker correction: the name the parser gave, and the name and role to show instead."""

    csrf: str = Field("", max_length=200)
    source: str = Field("", max_length=1000)
    printed: str = Field(max_length=300)
    speaker_name: str = Field("", max_length=300)
    role: str = Field("", max_length=300)
SHOWN_CHUNKS = 40


def _review(request: Request, staff: Staff, path: Path, root: Path, base: str, staged: bool, error: str = "",
            status: int = 200) -> Response:  # fmt: skip
    try:
        understood, problem = understand(path, root), ""
    except IngestError as failure:
        understood, problem = None, str(failure)
    meta = read_meta(path)
    context = {
        "understood": understood, "problem": problem, "error": error, "staged": staged, "base": base,
        "name": path.name, "replaces": replaces_of(path) if staged else None, "csrf": staff.csrf,
        "csrf_field": CSRF_FIELD, "meta": {key: meta.get(key, "") or "" for key in META_FIELDS},
        "source": path.relative_to(root).as_posix(), "shown_chunks": SHOWN_CHUNKS,
        "fixes": meta.get("speakers") if isinstance(meta.get("speakers"), dict) else {},
    }
    response = templates.TemplateResponse(request, "admin_document.html", context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _signed_in(request: Request) -> Staff:
    staff = staff_of(request)
    if staff is None:
        raise HTTPException(401, "sign in on /admin first")
    return staff


def _staging(request: Request) -> Path:
    return request.app.state.settings.data / "staging"


def _published(request: Request, source: str) -> Path:
    path = corpus_file(request, source)
    if path is None:
        raise HTTPException(404, f"no document '{source[:100]}' in the corpus; the documents page lists them")
    return path


@router.get("/admin/staged/{name}")
def staged_preview(request: Request, name: str) -> Response:
    staff = staff_of(request)
    if staff is None:
        return RedirectResponse("/admin", status_code=303)
    return _review(request, staff, staged_or_404(request, name), _staging(request), f"/admin/staged/{name}", True)


@router.post("/admin/staged/{name}/meta")
def staged_meta(request: Request, name: str, form: Annotated[MetaForm, Form()]) -> Response:
    staff = require_staff(request, form.csrf)
    path = staged_or_404(request, name)
    return _save_meta(request, staff, path, _staging(request), f"/admin/staged/{name}", True, form)


@router.post("/admin/staged/{name}/speaker")
def staged_speaker(request: Request, name: str, form: Annotated[SpeakerForm, Form()]) -> Response:
    staff = require_staff(request, form.csrf)
    set_speaker(staged_or_404(request, name), form.printed, form.speaker_name, form.role)
    publisher_of(request).record(staff.who, "correct speaker", f"{name}: {_fix(form)}")
    return RedirectResponse(f"/admin/staged/{name}#roster", status_code=303)


@router.post("/admin/staged/{name}/publish")
def staged_publish(request: Request, name: str, csrf: Csrf = "") -> Response:
    staff = require_staff(request, csrf)
    path = staged_or_404(request, name)
    try:
        understand(path, _staging(request))
    except IngestError as failure:
        return _review(request, staff, path, _staging(request), f"/admin/staged/{name}", True,
                       f"Not published: {failure}", status=400)  # fmt: skip
    replaces = replaces_of(path)
    target = corpus_file(request, replaces) if replaces else None
    publisher = publisher_of(request)
    final = target.relative_to(request.app.state.settings.corpus).as_posix() if target is not None else name
    publisher.move_in(path, final)
    path.with_name(name + ".replaces").unlink(missing_ok=True)
    publisher.record(staff.who, "replace" if target is not None else "publish", final)
    publisher.request_build()
    return RedirectResponse(f"/admin/documents?notice={'queued' if publisher.status.waiting else 'published'}",
                            status_code=303)  # fmt: skip


@router.post("/admin/staged/{name}/discard")
def staged_discard(request: Request, name: str, csrf: Csrf = "") -> Response:
    staff = require_staff(request, csrf)
    path = staged_or_404(request, name)
    for leftover in (path, path.with_name(path.stem + ".meta.json"), path.with_name(name + ".replaces")):
        leftover.unlink(missing_ok=True)
    publisher_of(request).record(staff.who, "discard", name)
    return RedirectResponse("/admin/documents?notice=discarded", status_code=303)


@router.get("/admin/record")
def record_page(request: Request, source: Annotated[str, Query(max_length=1000)]) -> Response:
    staff = staff_of(request)
    if staff is None:
        return RedirectResponse("/admin", status_code=303)
    corpus = request.app.state.settings.corpus
    return _review(request, staff, _published(request, source), corpus, "/admin/record", False)


@router.post("/admin/record/meta")
def record_meta(request: Request, form: Annotated[MetaForm, Form()]) -> Response:
    staff = require_staff(request, form.csrf)
    path = _published(request, form.source)
    return _save_meta(request, staff, path, request.app.state.settings.corpus, "/admin/record", False, form)


@router.post("/admin/record/speaker")
def record_speaker(request: Request, form: Annotated[SpeakerForm, Form()]) -> Response:
    staff = require_staff(request, form.csrf)
    path = _published(request, form.source)
    publisher = publisher_of(request)
    publisher.keep_copy(path.with_name(path.stem + ".meta.json"))
    set_speaker(path, form.printed, form.speaker_name, form.role)
    publisher.record(staff.who, "correct speaker", f"{form.source}: {_fix(form)}")
    publisher.request_build()
    return RedirectResponse("/admin/documents?notice=saved", status_code=303)


def _fix(form: SpeakerForm) -> str:
    return f"{form.printed} -> {form.speaker_name or form.printed}" + (f" ({form.role})" if form.role else "")


def _save_meta(request: Request, staff: Staff, path: Path, root: Path, base: str, staged: bool,
               form: MetaForm) -> Response:  # fmt: skip
    try:
        changes = clean_meta(form.model_dump(include=set(META_FIELDS)))
    except ValueError as error:
        return _review(request, staff, path, root, base, staged, f"Not saved: {error}", status=400)
    publisher = publisher_of(request)
    if not staged:
        publisher.keep_copy(path.with_name(path.stem + ".meta.json"))
    update_meta(path, changes)
    what = path.relative_to(root).as_posix()
    publisher.record(staff.who, "edit metadata", f"{what}: " + ", ".join(f"{k}={v}" for k, v in changes.items() if v))
    if staged:
        return RedirectResponse(base, status_code=303)
    publisher.request_build()
    return RedirectResponse("/admin/documents?notice=saved", status_code=303)
