"""Reading a corpus folder: text, Markdown, HTML and PDF files, with metadata from a sidecar
`<name>.meta.json` or Markdown front matter."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import URL_LINE, Paragraph, clean_paragraphs, is_web_address
from ingest.errors import CorpusNotFound, IngestError
from ingest.models import Document
from ingest.overrides import FIELD as OVERRIDES_FIELD
from ingest.overrides import parse_overrides

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SIDECAR = ".meta.json"
_MAX_BYTES = 50 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_TITLE_MAX = 150
# A record without a date in its metadata is often named or titled by it: 2021-12-02_questions_without_notice.txt.
_ISO_DATE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")


@dataclass(frozen=True)
class CorpusLoad:
    documents: tuple[Document, ...]
    skipped: tuple[IngestError, ...]


def corpus_files(corpus_dir: Path) -> tuple[list[Path], list[IngestError]]:
    """The document files of a corpus folder, recursively, in a stable order; and the folder links that lead
    out of it, each as the reason it is not read. Links to folders are never followed (the files of one
    inside the corpus are read where they are); a link to a file is checked when it is read (load_document)."""
    if not corpus_dir.is_dir():
        raise CorpusNotFound(corpus_dir, "corpus folder not found")
    root = corpus_dir.resolve()
    files: list[Path] = []
    outside: list[IngestError] = []
    for folder, folders, names in os.walk(corpus_dir):  # does not descend into linked folders
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            path = Path(folder, name)
            if path.is_symlink() and _outside(path, root):
                outside.append(IngestError(path.relative_to(corpus_dir).as_posix(), _outside_reason(path)))
        for name in names:
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_file() or (path.is_symlink() and _outside(path, root)):  # no pipes or devices
                files.append(path)
    return sorted(files), outside


def load_corpus(corpus_dir: Path) -> CorpusLoad:
    """Every readable document of the folder; each unreadable file is skipped with its reason."""
    documents: list[Document] = []
    paths, skipped = corpus_files(corpus_dir)
    for path in paths:
        try:
            documents.append(load_document(path, corpus_dir))
        except IngestError as error:
            skipped.append(error)
    return CorpusLoad(tuple(documents), tuple(sorted(skipped, key=lambda error: error.path)))


def load_document(path: Path, corpus_dir: Path) -> Document:
    """One cleaned document; raises IngestError naming the file and what is wrong with it."""
    relative = path.relative_to(corpus_dir).as_posix()
    root = corpus_dir.resolve()
    if _outside(path, root):  # a link to /etc/passwd must not become a document that answers quote
        raise IngestError(relative, _outside_reason(path))
    meta = _read_sidecar(path, relative, root)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raw = _read_pdf(path, relative)
    else:
        raw = _decode(_read_bytes(path, relative), relative)
    if suffix in (".md", ".markdown"):
        raw, front = _split_front_matter(raw, relative)
        meta = {**front, **meta}
    if suffix in (".html", ".htm"):
        from ingest.html import html_to_text

        raw, html_title = html_to_text(raw)
        meta.setdefault("title", html_title)
    paragraphs = clean_paragraphs(raw)
    if not paragraphs:
        raise IngestError(relative, "no text after cleaning (empty file?)")
    return _build_document(relative, paragraphs, meta)


def _read_bytes(path: Path, relative: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(relative, f"cannot be read ({error.strerror or error})") from None
    if len(data) > _MAX_BYTES:
        raise IngestError(relative, f"larger than {_MAX_BYTES // 2**20} MB; split it into smaller files")
    return data


def _decode(data: bytes, relative: str) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(relative, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            relative, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); re-save it as UTF-8"
        ) from None


def _read_pdf(path: Path, relative: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as error:
        raise IngestError(relative, f"unreadable PDF ({error})") from None


def _outside(path: Path, root: Path) -> bool:
    """True when the path, its links followed, is not inside the (resolved) corpus folder."""
    return not path.resolve().is_relative_to(root)


def _outside_reason(path: Path) -> str:
    return f"links to {path.resolve()}, outside the corpus folder; not read"


def sidecar_of(path: Path) -> Path:
    """Where the metadata of the document at `path` is kept: `<name>.meta.json` beside it."""
    return path.with_name(path.stem + SIDECAR)


def _read_sidecar(path: Path, relative: str, root: Path) -> dict[str, object]:
    sidecar = sidecar_of(path)
    if not sidecar.exists():
        return {}
    if _outside(sidecar, root):
        raise IngestError(relative, f"metadata {sidecar.name} {_outside_reason(sidecar)}")
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(relative, f"metadata {sidecar.name} is not valid JSON ({error})") from None
    if not isinstance(meta, dict):
        raise IngestError(relative, f"metadata {sidecar.name} must be a JSON object")
    return meta


def _split_front_matter(raw: str, relative: str) -> tuple[str, dict[str, object]]:
    match = _FRONT_MATTER.match(raw.lstrip("\ufeff"))
    if not match:
        return raw, {}
    import yaml

    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise IngestError(relative, f"front matter is not valid YAML ({error})") from None
    if not isinstance(front, dict):
        raise IngestError(relative, "front matter must be a mapping of keys to values")
    if "source_url" in front and "url" not in front:
        front["url"] = front["source_url"]
    return raw[match.end() :], front


def _build_document(relative: str, paragraphs: list[Paragraph], meta: dict[str, object]) -> Document:
    url = _text_field(meta, "url", relative)
    if url is not None and not is_web_address(url):  # it becomes a link: javascript: would run on a click
        raise IngestError(relative, f"metadata field 'url' must be an http:// or https:// address, not '{url[:80]}'")
    # A plain-text record often opens with its title line and the address it was published at.
    if len(paragraphs) > 1 and paragraphs[0].kind == "text" and _looks_like_title(paragraphs[0].text):
        paragraphs[0] = Paragraph(paragraphs[0].text, "heading")
    if len(paragraphs) > 1 and URL_LINE.match(paragraphs[1].text):
        url = url or paragraphs[1].text
        del paragraphs[1]
    title = _text_field(meta, "title", relative)
    if not title:
        first = paragraphs[0]
        title = first.text if first.kind == "heading" else Path(relative).stem.replace("-", " ").replace("_", " ")
    known = {"title", "url", "date", "language", "source_url", OVERRIDES_FIELD}
    extra = tuple((key, str(value)) for key, value in meta.items() if key not in known and value is not None)
    return Document(
        source=relative,
        title=title,
        paragraphs=tuple(p.text for p in paragraphs),
        kinds=tuple(p.kind for p in paragraphs),
        date=_text_field(meta, "date", relative) or _date_in(Path(relative).name, title),
        url=url,
        language=_text_field(meta, "language", relative) or "en",
        meta=extra,
        speaker_overrides=parse_overrides(meta.get(OVERRIDES_FIELD), relative),
    )


def _date_in(*texts: str) -> str | None:
    """The first ISO date (YYYY-MM-DD) in the file's name or its title, when the metadata gives none."""
    found = next((match for text in texts if (match := _ISO_DATE.search(text))), None)
    return "-".join(found.groups()) if found else None


def _looks_like_title(text: str) -> bool:
    return len(text) <= _TITLE_MAX and not text.endswith((".", ":", "?", "!", "。")) and "\n" not in text


def _text_field(meta: dict[str, object], key: str, relative: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
        return str(value)
    raise IngestError(relative, f"metadata field '{key}' must be text, not {type(value).__name__}")
