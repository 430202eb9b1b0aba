"""Documents on their way into the corpus, and the sidecar metadata of any document.

An upload waits in a staging folder (outside the corpus, so no build sees it) until staff publish it; its
metadata and speaker corrections are written to its sidecar `<name>.meta.json` there and travel with it.
The corpus folder stays the source of truth: `cityqa ingest` reads the same sidecars."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest import Chunk, Document, IngestError, load_document
from ingest.chunk import chunk_document, named_transcript
from ingest.loaders import sidecar_of
from ingest.models import SpeakerOverride, Transcript, Turn
from ingest.overrides import FIELD as OVERRIDES_FIELD
from ingest.overrides import apply_overrides, overrides_field, parse_overrides

STAGED_NAME = re.compile(r"[0-9a-z][0-9a-z-]{0,80}\.(?:txt|md|markdown|html|htm|pdf)")
META_FIELDS = ("title", "date", "url", "hearing", "language")
_FIELD_CHARS = 300


@dataclass(frozen=True)
class Understood:
    """What ingest makes of a document: the transcript as parsed, as corrected, and the chunks."""

    document: Document
    parsed: Transcript  # before staff corrections: its speaker names are the keys of the corrections
    transcript: Transcript
    chunks: tuple[Chunk, ...]

    @staticmethod
    def turn_text(turn: Turn, limit: int = 300) -> str:
        """The first `limit` characters of a turn's words, for the preview."""
        return turn.text if len(turn.text) <= limit else turn.text[: limit - 1] + "…"


def understand(path: Path, root: Path) -> Understood:
    """Parses a file as `cityqa ingest` would; raises IngestError naming the problem."""
    document = load_document(path, root)
    parsed = named_transcript(document)
    transcript = apply_overrides(parsed, document.speaker_overrides)
    return Understood(document, parsed, transcript, tuple(chunk_document(document, transcript)))


def read_meta(path: Path) -> dict[str, object]:
    """The sidecar of a document as a dict; {} when it has none or it cannot be read."""
    try:
        meta = json.loads(sidecar_of(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def write_meta(path: Path, meta: dict[str, object]) -> None:
    """Writes the sidecar whole and renames it into place; empty fields are left out."""
    kept = {key: value for key, value in meta.items() if value not in (None, "", {}, [])}
    sidecar = sidecar_of(path)
    partial = sidecar.with_name(f".{sidecar.name}.partial")
    partial.write_text(json.dumps(kept, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, sidecar)


def clean_meta(form: dict[str, str]) -> dict[str, str]:
    """The metadata fields of a form, trimmed; raises ValueError for a source URL that is not http(s)."""
    meta = {key: " ".join(str(form.get(key, "")).split())[:_FIELD_CHARS] for key in META_FIELDS}
    if meta["url"] and not re.match(r"https?://\S+$", meta["url"]):
        raise ValueError("source URL: give an address starting with http:// or https://")
    if meta["language"] and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", meta["language"]):
        raise ValueError("language: give a language code such as en or zh")
    return meta


def update_meta(path: Path, changes: dict[str, str]) -> None:
    write_meta(path, {**read_meta(path), **changes})


def set_speaker(path: Path, printed: str, name: str, role: str) -> None:
    """Records a correction of the speaker the parser calls `printed`; an unchanged name and no role removes it."""
    meta = read_meta(path)
    try:
        overrides = {o.printed: o for o in parse_overrides(meta.get(OVERRIDES_FIELD), path.name)}
    except IngestError:
        overrides = {}  # a hand-broken field is replaced by what staff set now
    name, role = " ".join(name.split())[:200] or printed, " ".join(role.split())[:200]
    if name == printed and not role:
        overrides.pop(printed, None)
    else:
        overrides[printed] = SpeakerOverride(printed, name, role or None)
    meta[OVERRIDES_FIELD] = overrides_field(tuple(overrides.values()))
    write_meta(path, meta)


def staged_files(staging: Path) -> list[Path]:
    """The uploads waiting in the staging folder, newest first."""
    if not staging.is_dir():
        return []
    found = [p for p in staging.iterdir() if p.is_file() and STAGED_NAME.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def staged_file(staging: Path, name: str) -> Path | None:
    """The staged upload called `name`, looked up among the staged files (a name is never joined as a path)."""
    return next((p for p in staged_files(staging) if p.name == name), None)


def replaces_of(path: Path) -> str | None:
    """The corpus file a staged upload will replace when published, if any."""
    marker = path.with_name(path.name + ".replaces")
    return marker.read_text(encoding="utf-8").strip() or None if marker.exists() else None
