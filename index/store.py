"""Documents, chunks, speakers, turns and exchanges in SQLite: written once per build, then read-only.

A chunk's row number is its position in the vector index, so the metadata of k hits is k lookups.
A turn covers paragraphs first..last (1-based); the chunks of a turn are those starting in that range.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.errors import IndexCorrupt
from index.layout import REBUILD_HINT
from index.lexical import tokenize
from index.records import TURN_COLUMNS, SpeakerSummary, read_turn, speaker_match_sql, write_hearings
from ingest.models import Chunk, Document, DocumentInfo, Exchange, Speaker, Transcript, Turn, exchange_id

_KEPT = 8192  # turns and word frequencies kept per open build (see Store.__init__)
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
CREATE TABLE terms (term TEXT PRIMARY KEY, chunks INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT,
    search TEXT NOT NULL  -- ' name role ', lower-cased, for word-prefix matching
);
CREATE TABLE turns (
    document_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL, label TEXT NOT NULL,
    speaker_id INTEGER REFERENCES speakers(id), speaker_name TEXT, speaker_role TEXT, kind TEXT NOT NULL,
    first_paragraph INTEGER NOT NULL, last_paragraph INTEGER NOT NULL, text TEXT NOT NULL,
    exchange INTEGER, part TEXT,  -- the 1-based exchange the turn belongs to, as 'question', 'answer' or 'resumed'
    PRIMARY KEY (document_id, ordinal)
);
CREATE INDEX turns_by_speaker ON turns(speaker_id);
CREATE INDEX turns_by_exchange ON turns(document_id, exchange);
CREATE TABLE exchanges (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    question_turn INTEGER NOT NULL, answer_turns TEXT NOT NULL, UNIQUE (document_id, ordinal)
);
"""
_CHUNK_COLUMNS = "document_id, paragraph, text, heading, speaker_name, speaker_role, exchange, speech_start, context"


def write_store(path: Path, documents: Sequence[Document], chunks: Sequence[Chunk], keys: Sequence[str],
                transcripts: Sequence[Transcript]) -> None:  # fmt: skip
    """Writes a new database with the documents, their transcripts and the chunks; chunk i gets row i."""
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
        connection.executemany("INSERT INTO terms VALUES (?, ?)", _passage_term_counts(chunks).items())
        write_hearings(connection, documents, transcripts)
        connection.commit()
    finally:
        connection.close()


def _passage_term_counts(chunks: Sequence[Chunk]) -> Counter[str]:
    """In how many passages each BM25 term occurs, counting the passages' own words only (not the
    document title every chunk carries): how telling a word of a question is about a passage."""
    counts: Counter[str] = Counter()
    for chunk in chunks:
        counts.update(set(tokenize(chunk.passage_text)))
    return counts


@dataclass(frozen=True)
class DocumentStats:
    """What the document lists show of an indexed document: its metadata and what the parser found in it."""

    id: str
    source: str
    title: str
    date: str | None
    url: str | None
    language: str
    meta: tuple[tuple[str, str], ...]
    chunks: int
    turns: int
    unnamed_turns: int  # turns whose label names nobody ('Q', 'A')
    exchanges: int
    speakers: tuple[Speaker, ...]  # in order of first appearance


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
        # A build never changes, and every answer asks which turn each of its candidate passages is in and how
        # common each word of the question is: those are kept rather than asked of SQLite again.
        self._turn_at = lru_cache(maxsize=_KEPT)(self._read_turn_at)
        self._passage_frequency = lru_cache(maxsize=_KEPT)(self._read_passage_frequency)

    def _query(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, tuple(parameters)).fetchall()

    def passage_frequency(self, term: str) -> int:
        """In how many passages a term occurs (see _passage_term_counts)."""
        return self._passage_frequency(term)

    def _read_passage_frequency(self, term: str) -> int:
        found = self._query("SELECT chunks FROM terms WHERE term = ?", [term])
        return int(found[0][0]) if found else 0

    def vocabulary(self) -> list[tuple[str, int]]:
        """Every BM25 term of the passages with the number of passages it occurs in."""
        return [(str(term), int(chunks)) for term, chunks in self._query("SELECT term, chunks FROM terms")]

    def chunk_count(self) -> int:
        return int(self._query("SELECT count(*) FROM chunks")[0][0])

    def chunks(self, rows: Sequence[int]) -> list[Chunk]:
        """The chunks at the given rows, in the given order."""
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = {r[0]: _chunk(r[1:]) for r in self._query(f"SELECT row, {_CHUNK_COLUMNS} FROM chunks WHERE row IN ({marks})", rows)}
        return [found[row] for row in rows]

    def payloads(self) -> list[tuple[str, str | None, str | None]]:
        """(document id, speaker name, document date) of every chunk, by row: what search filters read."""
        return [tuple(r) for r in self._query("SELECT c.document_id, c.speaker_name, d.date FROM chunks c "
                                              "JOIN documents d ON d.id = c.document_id ORDER BY c.row")]  # fmt: skip

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

    def document_stats(self) -> list[DocumentStats]:
        """Every document with its counts of chunks, turns and exchanges and its speakers, by source."""
        rows = self._query(
            "SELECT d.id, d.source, d.title, d.date, d.url, d.language, d.meta,"
            " (SELECT count(*) FROM chunks c WHERE c.document_id = d.id),"
            " (SELECT count(*) FROM turns t WHERE t.document_id = d.id),"
            " (SELECT count(*) FROM turns t WHERE t.document_id = d.id AND t.speaker_name IS NULL),"
            " (SELECT count(*) FROM exchanges e WHERE e.document_id = d.id)"
            " FROM documents d ORDER BY d.source"
        )
        speakers: dict[str, dict[Speaker, None]] = {}
        for document_id, name, role in self._query(
            "SELECT document_id, speaker_name, speaker_role FROM turns WHERE speaker_name IS NOT NULL"
            " ORDER BY document_id, ordinal"
        ):
            speakers.setdefault(document_id, {})[Speaker(name, role)] = None
        return [
            DocumentStats(r[0], r[1], r[2], r[3], r[4], r[5], tuple(tuple(p) for p in json.loads(r[6])), *r[7:],
                          tuple(speakers.get(r[0], {})))  # fmt: skip
            for r in rows
        ]

    def paragraph_chunks(self, document_id: str, first: int, last: int) -> list[tuple[int, Chunk]]:
        """(row, chunk) of the chunks of a document that start in paragraphs `first` to `last`, in order."""
        rows = self._query(f"SELECT row, {_CHUNK_COLUMNS} FROM chunks WHERE document_id = ?"
                           " AND paragraph BETWEEN ? AND ? ORDER BY row", [document_id, first, last])
        return [(r[0], _chunk(r[1:])) for r in rows]

    def document_chunks(self, document_id: str) -> list[Chunk]:
        rows = self._query(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE document_id = ? ORDER BY row", [document_id])
        return [_chunk(r) for r in rows]

    def speakers(self, match: str | None = None) -> list[SpeakerSummary]:
        """Every speaker in order of first appearance, or those whose name or role `match` fits."""
        where, parameters = speaker_match_sql(match) if match is not None else ("1", [])
        return self._speakers(where, parameters)

    def speaker(self, slug: str) -> SpeakerSummary | None:
        found = self._speakers("speakers.slug = ?", [slug])
        return found[0] if found else None

    def _speakers(self, where: str, parameters: Sequence[object]) -> list[SpeakerSummary]:
        rows = self._query(
            "SELECT speakers.id, slug, name, role, count(t.kind = 'question' OR NULL), count(t.kind = 'answer' OR NULL), "
            f"count(t.ordinal) FROM speakers LEFT JOIN turns t ON t.speaker_id = speakers.id WHERE {where} "
            "GROUP BY speakers.id ORDER BY speakers.id",
            parameters,
        )
        return [SpeakerSummary(*row) for row in rows]

    def turns_of(self, speaker: str) -> list[Turn]:
        """The turns of the speakers `speaker` matches (a name or a role fragment), in reading order."""
        where, parameters = speaker_match_sql(speaker)
        return self._turns(f"t.speaker_id IN (SELECT id FROM speakers WHERE {where})", parameters)

    def speaker_turns(self, speaker_id: int) -> list[Turn]:
        return self._turns("t.speaker_id = ?", [speaker_id])

    def _turns(self, where: str, parameters: Sequence[object]) -> list[Turn]:
        rows = self._query(
            f"SELECT {TURN_COLUMNS} FROM turns t JOIN documents d ON d.id = t.document_id WHERE {where} "
            "ORDER BY d.source, t.ordinal",
            parameters,
        )
        return [read_turn(row) for row in rows]

    def turn_at(self, document_id: str, paragraph: int) -> Turn | None:
        """The turn that paragraph `paragraph` (1-based) of a document belongs to, if any."""
        return self._turn_at(document_id, paragraph)

    def _read_turn_at(self, document_id: str, paragraph: int) -> Turn | None:
        found = self._turns("t.document_id = ? AND ? BETWEEN t.first_paragraph AND t.last_paragraph",
                            [document_id, paragraph])  # fmt: skip
        return found[0] if found else None

    def exchanges(self, speaker: str | None = None, document: str | None = None) -> list[Exchange]:
        """Exchanges in reading order; with `speaker`, those in which a matching speaker asks or answers."""
        conditions, parameters = ["1"], []
        if speaker is not None:
            where, words = speaker_match_sql(speaker)
            conditions.append(
                "EXISTS (SELECT 1 FROM turns s JOIN speakers ON speakers.id = s.speaker_id WHERE "
                f"s.document_id = e.document_id AND s.exchange = e.ordinal AND s.part != 'resumed' AND {where})"
            )
            parameters += words
        if document is not None:
            conditions.append("e.document_id = ?")
            parameters.append(document)
        rows = self._query(
            f"SELECT e.id, {TURN_COLUMNS} FROM exchanges e JOIN documents d ON d.id = e.document_id "
            "JOIN turns t ON t.document_id = e.document_id AND t.exchange = e.ordinal AND t.part != 'resumed' "
            f"WHERE {' AND '.join(conditions)} ORDER BY d.source, e.ordinal, t.ordinal",
            parameters,
        )
        return _exchanges(rows)

    def exchange(self, document_id: str, ordinal: int) -> Exchange | None:
        rows = self._query(
            f"SELECT e.id, {TURN_COLUMNS} FROM exchanges e JOIN documents d ON d.id = e.document_id "
            "JOIN turns t ON t.document_id = e.document_id AND t.exchange = e.ordinal AND t.part != 'resumed' "
            "WHERE e.id = ? ORDER BY t.ordinal",
            [exchange_id(document_id, ordinal)],
        )
        found = _exchanges(rows)
        return found[0] if found else None

    def document_rows(self, document_ids: Sequence[str]) -> frozenset[int]:
        """Rows of the chunks of the given documents."""
        rows = self._query(f"SELECT row FROM chunks WHERE document_id IN ({','.join('?' * len(document_ids)) or 'NULL'})",
                           document_ids)
        return frozenset(row[0] for row in rows)

    def turn_rows(self, speakers: Sequence[int] | None = None, part: str | None = None,
                  exchanged_with: Sequence[int] | None = None) -> frozenset[int]:  # fmt: skip
        """Rows of the chunks of turns: by the given speakers, as the given part of an exchange ('question',
        'answer'), in exchanges where one of `exchanged_with` asks or answers."""
        conditions, parameters = ["1"], []
        if speakers is not None:
            conditions.append(f"t.speaker_id IN ({','.join('?' * len(speakers)) or 'NULL'})")
            parameters += speakers
        if part is not None:
            conditions.append("t.part = ?")
            parameters.append(part)
        if exchanged_with is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM turns o WHERE o.document_id = t.document_id AND o.exchange = t.exchange "
                f"AND o.ordinal != t.ordinal AND o.speaker_id IN ({','.join('?' * len(exchanged_with)) or 'NULL'}))"
            )
            parameters += exchanged_with
        rows = self._query(
            "SELECT c.row FROM turns t JOIN chunks c ON c.document_id = t.document_id "
            f"AND c.paragraph BETWEEN t.first_paragraph AND t.last_paragraph WHERE {' AND '.join(conditions)}",
            parameters,
        )
        return frozenset(row[0] for row in rows)

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
    stored_id, source, title, date, url, language, meta, paragraphs, kinds = row
    document = Document(
        source=source, title=title, paragraphs=tuple(json.loads(paragraphs)), kinds=tuple(json.loads(kinds)),
        date=date, url=url, language=language, meta=tuple(tuple(pair) for pair in json.loads(meta)),
    )
    document.__dict__["id"] = stored_id  # the id computed at ingest, not hashed again (Document.id caches there)
    return document


def _exchanges(rows: Sequence[Sequence]) -> list[Exchange]:
    """Exchanges from (exchange id, turn columns...) rows ordered by exchange, then turn."""
    turns: dict[str, list[Turn]] = {}
    for row in rows:
        turns.setdefault(row[0], []).append(read_turn(row[1:]))
    exchanges = []
    for identifier, parts in turns.items():
        question = next(t for t in parts if t.part == "question")
        answers = tuple(t for t in parts if t.part == "answer")
        exchanges.append(Exchange(identifier, question.exchange or 0, question, answers))
    return exchanges
