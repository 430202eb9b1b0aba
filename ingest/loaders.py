"""Reading a corpus folder: text, Markdown, HTML and PDF files, with metadata from a sidecar
`<name>.meta.json` or Markdown front matter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import URL_LINE, Paragraph, clean_paragraphs
from ingest.errors import IngestError
from ingest.models import Document
from ingest.overrides import FIELD as OVERRIDES_FIELD
from ingest.overrides import parse_overrides

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SIDECAR = ".meta.json"
_MAX_BYTES = 50 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_TITLE_MAX = 150


@dataclass(frozen=True)
class CorpusLoad:
    documents: tuple[Document, ...]
    skipped: tuple[IngestError, ...]


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The document files of a corpus folder, recursively, in a stable order."""
    if not corpus_dir.is_dir():
        raise IngestError(corpus_dir, "corpus folder not found; pass --corpus DIR or set CITYQA_CORPUS")
    return sorted(
        path
        for path in corpus_dir.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(corpus_dir).parts)
    )


def load_corpus(corpus_dir: Path) -> CorpusLoad:
    """Every readable document of the folder; each unreadable file is skipped with its reason."""
    documents: list[Document] = []
    skipped: list[IngestError] = []
    for path in corpus_files(corpus_dir):
        try:
            documents.append(load_document(path, corpus_dir))
        except IngestError as error:
            skipped.append(error)
    return CorpusLoad(tuple(documents), tuple(skipped))


def load_document(path: Path, corpus_dir: Path) -> Document:
    """One cleaned document; raises IngestError naming the file and what is wrong with it."""
    relative = path.relative_to(corpus_dir).as_posix()
    meta = _read_sidecar(path, relative)
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


def _read_sidecar(path: Path, relative: str) -> dict[str, object]:
    sidecar = path.with_name(path.stem + SIDECAR)
    if not sidecar.exists():
        return {}
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
        date=_text_field(meta, "date", relative),
        url=url,
        language=_text_field(meta, "language", relative) or "en",
        meta=extra,
        speaker_overrides=parse_overrides(meta.get(OVERRIDES_FIELD), relative),
    )


def _looks_like_title(text: str) -> bool:
    return len(text) <= _TITLE_MAX and not text.endswith((".", ":", "?", "!", "。")) and "\n" not in text


def _text_field(meta: dict[str, object], key: str, relative: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
        return str(value)
    raise IngestError(relative, f"metadata field '{key}' must be text, not {type(value).__name__}")
