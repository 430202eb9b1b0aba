"""Staff sessions of /admin: random ids that expire and that signing out revokes.

The cookie holds a random session id (256 bits); the database holds only its SHA-256, so reading the database
signs no one in. The sessions live in the runtime database (SQLite in the data folder, or the PostgreSQL that
replicas share), so every worker thread, process and replica agrees on them; a restart keeps them, a new admin
token does not (`token_digest` no longer matches)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from web.database import ERRORS as DATABASE_ERRORS
from web.database import Database



def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class AdminSessions:
    """Sessions of `lifetime` seconds for the admin token whose SHA-256 is `token_digest`."""

    def __init__(self, database: Database | Path, token: str, lifetime: float,
                 clock: Callable[[], float] = time.time) -> None:  # fmt: skip
        if lifetime <= 0:
            raise ValueError(f"a session's lifetime must be positive, not {lifetime}")
        self.database = database if isinstance(database, Database) else Database(path=database)
        self.lifetime = lifetime
        self._token_digest = _digest(token)
        self._clock = clock

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """A connection of its own per call: sign-ins are rare, and no connection is shared across threads."""
        connection = self.database.connect()
        try:
            yield connection
        finally:
            connection.close()

    def start(self) -> str:
        """A new session's id, for the cookie (web.database.ERRORS when the data folder cannot be written)."""
        session = secrets.token_urlsafe(32)
        now = self._clock()
        with self._connection() as connection:
            connection.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])
            connection.execute("INSERT INTO sessions (digest, expires_at, token_digest) VALUES (?, ?, ?)",
                               [_digest(session), now + self.lifetime, self._token_digest])  # fmt: skip
        return session

    def valid(self, session: str) -> bool:
        """Whether `session` is a live session of this token (False when the database cannot be read)."""
        if not session or len(session) > 100:
            return False
        try:
            with self._connection() as connection:
                row = connection.execute("SELECT 1 FROM sessions WHERE digest = ? AND expires_at > ? AND "
                                         "token_digest = ?", [_digest(session), self._clock(), self._token_digest])
                return row.fetchone() is not None
        except DATABASE_ERRORS:
            return False

    def end(self, session: str) -> None:
        """Revokes `session`: its cookie signs no one in any more, wherever it is kept."""
        if not session:
            return
        with self._connection() as connection:
            connection.execute("DELETE FROM sessions WHERE digest = ?", [_digest(session)])
