"""The web app's runtime state: every question asked and the feedback on answers, in the runtime database
(web/database.py: SQLite in WAL mode, or PostgreSQL shared by replicas; the schema is web/migrations.py's).

It lives apart from the read-only index, under the `data` setting. No IP address or other identifier of the
person asking is stored: a question's text, when, the interface language, and how it was answered.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from web.database import ERRORS as DATABASE_ERRORS
from web.database import Database

from web.log_writer import LogUnavailable, LogWriter, Write

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


_UNLOGGED_KEPT = 10_000


class FeedbackStore:
    """Questions and feedback. Writes go through one writer thread (see web/log_writer.py) and are committed in
    batches; reads share one connection of their own, serialised by a lock. Opening never fails: a database that
    cannot be written (read-only folder, full disk) is reported by `failures`, `last_failure` and LogUnavailable."""

    def __init__(self, database: Database | Path) -> None:
        self.database = database if isinstance(database, Database) else Database(path=database)
        self.path = self.database.path
        self._writer = LogWriter(self._connect)
        self._writer.open_soon()  # creates the database now, or reports why it cannot
        self._reader: Any = None
        self._unlogged: OrderedDict[str, None] = OrderedDict()  # answers whose question could not be logged
        self._unlogged_lock = threading.Lock()
        self._lock = threading.Lock()  # of the reading connection

    def _connect(self) -> Any:
        """A connection of the runtime database (SQLite waits for other writers' locks, never fails on them)."""
        return self.database.connect()

    @property
    def last_failure(self) -> str | None:
        """Why the latest write that failed failed; None while none has."""
        return self._writer.last_failure

    @property
    def written(self) -> int:
        """Writes committed by this process."""
        return self._writer.written

    @property
    def failures(self) -> int:
        """Writes this process could not commit."""
        return self._writer.failures

    def _run(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                self._reader = self._reader or self._connect()
                return self._reader.execute(sql, parameters).fetchall()
            except DATABASE_ERRORS as error:
                if self._reader is not None:
                    self._reader.close()
                    self._reader = None
                raise LogUnavailable(f"the question log could not be read ({error})") from error

    def log_question(self, asked: AskedQuestion) -> None:
        """Logs a question and returns once it is committed (LogUnavailable if it cannot be)."""
        self._writer.write(_question_insert(asked))

    def log_question_later(self, asked: AskedQuestion) -> None:
        """Queues a question's log line and returns at once; a failure is counted and logged, never raised."""
        written = self._writer.submit_later(_question_insert(asked))
        written.add_done_callback(lambda done: self._not_logged(asked.answer_id) if done.exception() else None)

    def _not_logged(self, answer_id: str) -> None:
        """Remembers (boundedly) an answer whose question could not be logged: its feedback is a 503, not a 404."""
        with self._unlogged_lock:
            self._unlogged[answer_id] = None
            while len(self._unlogged) > _UNLOGGED_KEPT:
                self._unlogged.popitem(last=False)

    def flush(self) -> None:
        """Waits until the questions queued so far are written (or have failed), e.g. before reading them."""
        self._writer.flush()

    def knows_answer(self, answer_id: str) -> bool:
        return bool(self._run("SELECT 1 FROM questions WHERE answer_id = ? LIMIT 1", [answer_id]))

    def logged_answer(self, answer_id: str) -> LoggedAnswer | None:
        """The last time the answer `answer_id` was given, as the log keeps it (questions queued so far included)."""
        self.flush()
        rows = self._run("SELECT question, understood, abstained, answer, asked_at FROM questions WHERE answer_id = ? "
                         "ORDER BY id DESC LIMIT 1", [answer_id])  # fmt: skip
        return LoggedAnswer(rows[0][0], rows[0][1], bool(rows[0][2]), rows[0][3], rows[0][4]) if rows else None

    def add_feedback(self, answer_id: str, helpful: bool, comment: str | None) -> bool:
        """Records feedback on an answer logged before (queued questions included) and returns once it is
        committed: True, or False when no question has that answer id. LogUnavailable when it cannot be written,
        or when the question it is on could not be logged."""
        if comment is not None and len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"comment is longer than {MAX_COMMENT_CHARS} characters ({len(comment)})")

        def insert(connection: Any) -> bool | None:
            cursor = connection.execute(
                "INSERT INTO feedback (given_at, answer_id, helpful, comment) SELECT ?, ?, ?, ? "
                "WHERE EXISTS (SELECT 1 FROM questions WHERE answer_id = ?)",
                [_now(), answer_id, int(helpful), comment or None, answer_id],
            )
            if cursor.rowcount == 1:
                return True
            # Asked on the writer thread, so after the question's own write (queued before) has succeeded or failed.
            with self._unlogged_lock:
                return None if answer_id in self._unlogged else False

        recorded = self._writer.write(insert)
        if recorded is None:
            raise LogUnavailable("the question this feedback is on could not be logged")
        return bool(recorded)

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
        """Commits the questions still queued, then closes the database."""
        self._writer.close()
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


def _question_insert(asked: AskedQuestion) -> Write:
    row = [_now(), asked.question, asked.understood, int(asked.abstained), asked.top_passage, asked.answer_id,
           asked.answer, asked.language, asked.channel]

    def insert(connection: Any) -> None:
        connection.execute(
            "INSERT INTO questions (asked_at, question, understood, abstained, top_passage, answer_id, answer, "
            "language, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row,
        )

    return insert


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
