"""Documents and chunks in SQLite: written once per build, then read-only.

A chunk's row number is its position in the vector index, so the metadata of k hits is k lookups.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexCorrupt
from index.layout import REBUILD_HINT
from ingest.models import Chunk, Document, Speaker

_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, date TEXT, url TEXT,
    language TEXT NOT NULL, meta TEXT NOT NULL, paragraphs TEXT NOT NULL, kinds TEXT NOT NULL
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL, document_id TEXT NOT NULL REFERENCES documents(id),
    paragraph INTEGER NOT NULL, text TEXT NOT NULL, heading TEXT, speaker_name TEXT, speaker_role TEXT,
    exchange INTEGER, speech_start INTEGER NOT NULL, context TEXT NOT NULL, embedding_key TEXT NOT NULL
);
CREATE INDEX chunks_by_document ON chunks(document_id, paragraph);
CREATE INDEX chunks_by_embedding ON chunks(embedding_key);
"""
_CHUNK_COLUMNS = "document_id, paragraph, text, heading, speaker_name, speaker_role, exchange, speech_start, context"


def write_store(path: Path, documents: Sequence[Document], chunks: Sequence[Chunk], keys: Sequence[str]) -> None:
    """Writes a new database with the documents and chunks; chunk i gets row i."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        connection.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (d.id, d.source, d.title, d.date, d.url, d.language, json.dumps(d.meta),
                 json.dumps(d.paragraphs, ensure_ascii=False), json.dumps(d.kinds))
                for d in documents
            ],
        )
        connection.executemany(
            f"INSERT INTO chunks (row, id, {_CHUNK_COLUMNS}, embedding_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (row, c.id, c.document_id, c.paragraph, c.text, c.heading,
                 c.speaker.name if c.speaker else None, c.speaker.role if c.speaker else None,
                 c.exchange, c.speech_start, json.dumps(c.context, ensure_ascii=False), key)
                for row, (c, key) in enumerate(zip(chunks, keys, strict=True))
            ],
        )
        connection.commit()
    finally:
        connection.close()


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation shows of a document."""

    id: str
    title: str
    date: str | None
    url: str | None
    source: str


class Store:
    """Read-only access to a built index's documents and chunks, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise IndexCorrupt(f"{path} is missing; {REBUILD_HINT}")
        try:
            self._connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._connection.execute("SELECT count(*) FROM chunks").fetchone()
        except sqlite3.DatabaseError as error:
            raise IndexCorrupt(f"{path} is not a readable index database ({error}); {REBUILD_HINT}") from None
        self._lock = threading.Lock()

    def _query(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, tuple(parameters)).fetchall()

    def chunk_count(self) -> int:
        return int(self._query("SELECT count(*) FROM chunks")[0][0])

    def chunks(self, rows: Sequence[int]) -> list[Chunk]:
        """The chunks at the given rows, in the given order."""
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = {r[0]: _chunk(r[1:]) for r in self._query(f"SELECT row, {_CHUNK_COLUMNS} FROM chunks WHERE row IN ({marks})", rows)}
        return [found[row] for row in rows]

    def embedding_keys(self) -> list[str]:
        return [r[0] for r in self._query("SELECT embedding_key FROM chunks ORDER BY row")]

    def document(self, document_id: str) -> Document | None:
        rows = self._query("SELECT * FROM documents WHERE id = ?", [document_id])
        return _document(rows[0]) if rows else None

    def document_infos(self) -> dict[str, DocumentInfo]:
        rows = self._query("SELECT id, title, date, url, source FROM documents ORDER BY source")
        return {r[0]: DocumentInfo(*r) for r in rows}

    def documents(self) -> list[Document]:
        return [_document(r) for r in self._query("SELECT * FROM documents ORDER BY source")]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE document_id = ? ORDER BY row", [document_id])
        return [_chunk(r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _chunk(row: Sequence) -> Chunk:
    document_id, paragraph, text, heading, name, role, exchange, speech_start, context = row
    return Chunk(
        document_id=document_id, paragraph=paragraph, text=text, heading=heading,
        speaker=Speaker(name, role) if name else None, exchange=exchange,
        speech_start=speech_start, context=tuple(json.loads(context)),
    )


def _document(row: Sequence) -> Document:
    _id, source, title, date, url, language, meta, paragraphs, kinds = row
    return Document(
        source=source, title=title, paragraphs=tuple(json.loads(paragraphs)), kinds=tuple(json.loads(kinds)),
        date=date, url=url, language=language, meta=tuple(tuple(pair) for pair in json.loads(meta)),
    )
