"""The web app's runtime state: every question asked and the feedback on answers, in the runtime database
(web/database.py: SQLite in WAL mode, or PostgreSQL shared by replicas).

It lives apart from the read-only index, under the `data` setting. No IP address or other identifier of the
person asking is stored: a question's text, when, the interface language, and how it was answered.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from web.database import Database

MAX_COMMENT_CHARS = 500


@dataclass(frozen=True)
class AskedQuestion:
    question: str
    understood: str
    abstained: bool
    top_passage: str | None
    answer_id: str
    answer: str
    language: str
    channel: str


@dataclass(frozen=True)
class LoggedAnswer:
    """What the question log keeps of an answer given: the question as asked and as understood, the answer's text."""

    question: str
    understood: str
    abstained: bool
    answer: str
    asked_at: str


@dataclass(frozen=True)
class Unanswered:
    question: str
    times: int
    last_asked: str


@dataclass(frozen=True)
class Unhelpful:
    question: str
    answer: str
    comment: str | None
    given_at: str


@dataclass(frozen=True)
class Counts:
    asked: int
    abstained: int
    helpful: int
    unhelpful: int


class FeedbackStore:
    """Questions and feedback; one connection shared by the request threads, serialised by a lock."""

    def __init__(self, database: Database | Path) -> None:
        self.database = database if isinstance(database, Database) else Database(path=database)
        self.path = self.database.path
        self._connection = self.database.connect()
        self._lock = threading.Lock()

    def _run(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            cursor = self._connection.execute(sql, parameters)
            return cursor.fetchall() if cursor.description else []  # an INSERT returns no rows

    def log_question(self, asked: AskedQuestion) -> None:
        self._run(
            "INSERT INTO questions (asked_at, question, understood, abstained, top_passage, answer_id, answer, "
            "language, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_now(), asked.question, asked.understood, int(asked.abstained), asked.top_passage, asked.answer_id,
             asked.answer, asked.language, asked.channel],
        )

    def knows_answer(self, answer_id: str) -> bool:
        return bool(self._run("SELECT 1 FROM questions WHERE answer_id = ? LIMIT 1", [answer_id]))

    def logged_answer(self, answer_id: str) -> LoggedAnswer | None:
        """The last time the answer `answer_id` was given, as the log keeps it."""
        rows = self._run("SELECT question, understood, abstained, answer, asked_at FROM questions WHERE answer_id = ? "
                         "ORDER BY id DESC LIMIT 1", [answer_id])  # fmt: skip
        return LoggedAnswer(rows[0][0], rows[0][1], bool(rows[0][2]), rows[0][3], rows[0][4]) if rows else None

    def add_feedback(self, answer_id: str, helpful: bool, comment: str | None) -> None:
        if comment is not None and len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"comment is longer than {MAX_COMMENT_CHARS} characters ({len(comment)})")
        self._run("INSERT INTO feedback (given_at, answer_id, helpful, comment) VALUES (?, ?, ?, ?)",
                  [_now(), answer_id, int(helpful), comment or None])  # fmt: skip

    def unanswered(self, limit: int = 100) -> list[Unanswered]:
        """Questions the bot abstained on, the most often asked first (case and spacing ignored)."""
        rows = self._run(
            "SELECT min(question), count(*), max(asked_at) FROM questions WHERE abstained = 1 "
            "GROUP BY lower(understood) ORDER BY count(*) DESC, max(asked_at) DESC LIMIT ?",
            [limit],
        )
        return [Unanswered(*row) for row in rows]

    def unhelpful(self, limit: int = 100) -> list[Unhelpful]:
        """Answers marked unhelpful, newest first, with the question they answered."""
        rows = self._run(
            "SELECT q.question, q.answer, f.comment, f.given_at FROM feedback f JOIN questions q ON q.id = "
            "(SELECT max(id) FROM questions WHERE answer_id = f.answer_id) WHERE f.helpful = 0 "
            "ORDER BY f.id DESC LIMIT ?",
            [limit],
        )
        return [Unhelpful(*row) for row in rows]

    def counts(self) -> Counts:
        asked, abstained = self._run("SELECT count(*), coalesce(sum(abstained), 0) FROM questions")[0]
        helpful, unhelpful = self._run(
            "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) FROM feedback"
        )[0]
        return Counts(asked, abstained, helpful, unhelpful)

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
