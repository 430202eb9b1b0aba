"""The one way to the runtime database: SQLite in the data folder (the default, embedded) or PostgreSQL when
CITYQA_DATABASE_URL names one, so that every replica of a server shares one question log, feedback and staff
sessions.

Callers write SQLite's SQL (`?` placeholders, `BEGIN IMMEDIATE`) and get connections that read it on either
engine; the schema is web/migrations.py's. Both engines run in autocommit mode, with explicit transactions
where several statements must commit together."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from web.migrations import migrate

_BUSY_SECONDS = 5.0
POSTGRES_SCHEMES = ("postgresql", "postgres")
INSTALL_POSTGRES = "pip install 'cityqa[postgres]'"

try:  # optional: only a PostgreSQL database needs it
    import psycopg
    from psycopg.pq import TransactionStatus

    ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, psycopg.Error)
except ImportError:  # pragma: no cover - the test extra installs it
    psycopg = None
    ERRORS = (sqlite3.Error, OSError)


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened as configured; the message says why and what to do."""


class PostgresConnection:
    """A psycopg connection in autocommit mode that reads cityqa's SQLite-flavoured SQL."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        if sql.strip().upper() == "BEGIN IMMEDIATE":
            sql = "BEGIN"  # PostgreSQL locks rows, not the database: a plain transaction does
        # cityqa's SQL holds no literal '?' or '%': placeholders are the only ones.
        return self._connection.execute(sql.replace("?", "%s"), list(parameters) or None)

    @property
    def in_transaction(self) -> bool:
        return self._connection.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self._connection.close()


def describe(url: str) -> str:
    """A database URL without its password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


class Database:
    """The runtime database at `url` (postgresql://...) or, without one, the SQLite file at `path`.
    The first connection migrates the schema; later ones do not check again."""

    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        if (path is None) == (url is None):
            raise ValueError("a database is a SQLite path or a PostgreSQL URL, exactly one of them")
        if url is not None and urlsplit(url).scheme not in POSTGRES_SCHEMES:
            raise ValueError(f"database URL '{describe(url)}' is not postgresql://user:password@host/name")
        self.path = path
        self.url = url
        self.dialect = "sqlite" if url is None else "postgresql"
        self._migrated = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({describe(self.url) if self.url else str(self.path)!r})"

    def connect(self) -> Any:
        """A new connection (sqlite3.Connection or PostgresConnection), the schema migrated. Errors: ERRORS."""
        connection = self._open_postgres() if self.url else self._open_sqlite()
        try:
            with self._lock:
                if not self._migrated:
                    migrate(connection, self.dialect)
                    self._migrated = True
        except BaseException:
            connection.close()
            raise
        return connection

    def _open_sqlite(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Other processes (a second worker, `cityqa` commands) may write too: wait for their lock, never fail.
        connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=_BUSY_SECONDS)
        try:
            _use_wal(connection)
            # In WAL mode NORMAL loses nothing when the process crashes, and the database is never corrupted;
            # only a power cut may drop the last commits. FULL would fsync on every question asked.
            connection.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            connection.close()
            raise
        return connection

    def _open_postgres(self) -> PostgresConnection:
        if psycopg is None:
            raise DatabaseUnavailable(f"a PostgreSQL database needs psycopg: {INSTALL_POSTGRES}")
        # Commits are durable before they are acknowledged (PostgreSQL's default synchronous_commit=on).
        connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name="cityqa")
        return PostgresConnection(connection)


def _use_wal(connection: sqlite3.Connection) -> None:
    """Puts the database file in WAL mode (once: the mode is kept in the file). Changing the mode does not wait
    for the busy timeout: while another connection opens a new file at the same moment (a server's workers and
    its question log at start-up) it fails at once with 'database is locked', so it is tried again for as long
    as a write would wait."""
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
