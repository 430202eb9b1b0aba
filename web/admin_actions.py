"""The staff actions log of /admin/documents (who published, replaced, removed or undid what, and when), in the
runtime database (web/database.py), so that every replica shows the same history."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from web.database import Database


class ActionLog:
    """Appends and reads staff actions; one connection, opened at the first use, serialised by a lock."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection = None
        self._lock = threading.Lock()

    def _execute(self, sql: str, parameters: list[object]) -> list[tuple]:
        with self._lock:
            if self._connection is None:
                self._connection = self.database.connect()
            try:
                cursor = self._connection.execute(sql, parameters)
                return cursor.fetchall() if cursor.description else []
            except BaseException:
                self._connection.close()  # a broken connection is opened again by the next call
                self._connection = None
                raise

    def record(self, who: str, action: str, what: str) -> None:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        self._execute("INSERT INTO admin_actions (at, who, action, what) VALUES (?, ?, ?, ?)", [at, who, action, what])

    def latest(self, limit: int = 100) -> list[dict[str, str]]:
        """The latest actions, newest first."""
        rows = self._execute("SELECT at, who, action, what FROM admin_actions ORDER BY id DESC LIMIT ?", [limit])
        return [{"at": at, "who": who, "action": action, "what": what} for at, who, action, what in rows]

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
