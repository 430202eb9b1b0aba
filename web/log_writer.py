"""One writer thread per runtime database (SQLite or PostgreSQL, web/database.py): writes queue up, and whatever
is queued is committed together.

Requests never write on the event loop or wait for a lock of their own: they hand a write to the thread and
either go on (a question's log line) or wait for its commit (feedback, acknowledged only once durable). When
the database cannot be written (disk full, read-only folder) the failure is logged once, counted and kept for
the staff view, and every later batch tries again: answering never depends on it."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from web.database import ERRORS as DATABASE_ERRORS

from ingest.errors import CityqaError

log = logging.getLogger("cityqa.web")
Write = Callable[[Any], object]  # given a connection of web/database.py (sqlite3, or PostgreSQL's adapter)
MAX_BATCH = 256  # writes per commit at most
MAX_QUEUED = 10_000  # beyond this a write that nobody waits for is dropped (and counted), not queued
_STOP = object()


class LogUnavailable(CityqaError):
    """The database could not be written; `str()` says why (for the log), `message` what the user is told."""

    status = 503

    @property
    def message(self) -> str:
        return "your feedback could not be recorded just now; please try again later"


@dataclass
class _Queued:
    write: Write
    future: Future = field(default_factory=Future)
    counted: bool = True  # False for the writer's first open, which writes no question or feedback


class LogWriter:
    """Runs writes on one thread, `MAX_BATCH` to a transaction. `connect` opens the writer's connection; it is
    called again after a failure, so a database that becomes writable again is written again."""

    def __init__(self, connect: Callable[[], Any], name: str = "cityqa-log-writer") -> None:
        self._connect = connect
        self._connection: Any = None
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self.written = 0  # writes committed
        self.failures = 0  # writes that could not be committed (or were dropped with the queue full)
        self.last_failure: str | None = None  # why the latest failed write failed
        self._failing = False  # whether the latest batch failed
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def open_soon(self) -> None:
        """Opens the database on the writer thread now (a failure is logged and kept in `last_failure`)."""
        self._queue.put(_Queued(lambda connection: None, counted=False))

    def submit(self, write: Write) -> Future:
        """A future of `write(connection)`'s result once committed; LogUnavailable when it could not be."""
        queued = _Queued(write)
        self._queue.put(queued)
        return queued.future

    def submit_later(self, write: Write) -> Future:
        """Queues a write nobody waits for; never blocks, never raises (a failure is counted, and set on the
        future returned; with more than MAX_QUEUED writes waiting it is dropped at once)."""
        queued = _Queued(write)
        if self._queue.qsize() >= MAX_QUEUED:
            reason = f"more than {MAX_QUEUED} writes are waiting; one was dropped"
            self._failed(1, reason)
            queued.future.set_exception(LogUnavailable(f"the question log could not be written ({reason})"))
        else:
            self._queue.put(queued)
        return queued.future

    def flush(self, timeout: float = 30.0) -> None:
        """Waits until the writes queued before are done: committed, or failed."""
        queued = _Queued(lambda connection: None, counted=False)
        self._queue.put(queued)
        try:
            queued.future.result(timeout=timeout)
        except LogUnavailable:
            pass

    def write(self, write: Write, timeout: float = 30.0) -> object:
        """Runs `write` and waits until it is committed."""
        return self.submit(write).result(timeout=timeout)

    def close(self) -> None:
        """Commits what is queued, then stops the thread and closes the connection."""
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            batch, stop = self._take()
            if batch:
                self._commit(batch)
            if stop:
                if self._connection is not None:
                    self._connection.close()
                return

    def _take(self) -> tuple[list[_Queued], bool]:
        """The writes queued now (waiting for the first), up to MAX_BATCH; whether the writer should stop."""
        batch: list[_Queued] = []
        item = self._queue.get()
        while True:
            if item is _STOP:
                return batch, True
            batch.append(item)
            if len(batch) >= MAX_BATCH:
                return batch, False
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return batch, False

    def _commit(self, batch: list[_Queued]) -> None:
        try:
            connection = self._connection or self._open()
            connection.execute("BEGIN IMMEDIATE")
            try:
                results = [queued.write(connection) for queued in batch]
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:  # SQLite may have rolled back already (a full disk at COMMIT)
                    connection.execute("ROLLBACK")
                raise
        except DATABASE_ERRORS as error:
            self._drop_connection()
            self._failed(sum(queued.counted for queued in batch), f"{type(error).__name__}: {error}")
            failure = LogUnavailable(f"the question log could not be written ({error})")
            for queued in batch:
                queued.future.set_exception(failure)
            return
        except BaseException as error:  # noqa: BLE001 - a write's own bug: its callers hear of it, the thread goes on
            log.exception("a write to the question log failed")
            for queued in batch:
                queued.future.set_exception(error)
            return
        with self._lock:
            self.written += sum(queued.counted for queued in batch)
            recovered, self._failing = self._failing, False
        if recovered:
            log.warning("the question log is written again")
        for queued, result in zip(batch, results):
            queued.future.set_result(result)

    def _open(self) -> Any:
        self._connection = self._connect()
        return self._connection

    def _drop_connection(self) -> None:
        """Drops the connection after a failure, so that the next batch opens a fresh one."""
        if self._connection is not None:
            try:
                self._connection.close()
            except DATABASE_ERRORS:
                pass
            self._connection = None

    def _failed(self, writes: int, reason: str) -> None:
        with self._lock:
            self.failures += writes
            first, self._failing, self.last_failure = not self._failing, True, reason
        if first:  # once per outage, not once per question
            log.error("the question log cannot be written, answering goes on without it: %s", reason)
