"""Changing the corpus from the browser: file moves kept for undo, one background build at a time, a log.

Publishing or removing a document moves files at once (removed ones go to a trash folder under the data
folder) and asks for a build. One worker thread builds: incrementally (only new or changed passages are
embedded), into a new build directory that is swapped in atomically, then reloaded into the running app
(web.reload), so questions are answered throughout. A request made while a build runs waits for the next one;
requests that wait together are built together. Undo reverts the file moves of the last build and points the
index back at the build before it (the layout keeps it)."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fastapi import FastAPI

from index import Embedder, build_index
from index.build import BuildProgress
from index.layout import current_build
from ingest.loaders import sidecar_of
from web.admin_actions import ActionLog
from web.reload import reload_bot

log = logging.getLogger("cityqa.web")


@dataclass(frozen=True)
class Move:
    """A file moved by a staff action: `source` to `target` (None: it was created at `target`)."""

    source: str | None
    target: str


@dataclass
class BuildStatus:
    state: str = "idle"  # "idle" | "building"
    waiting: bool = False  # another build is queued behind the running one
    done: int = 0
    total: int = 0
    message: str = ""
    undoable: bool = False
    finished: int = 0  # builds finished since the server started (pages poll until it grows)


@dataclass
class _LastBuild:
    before: Path | None
    after: Path | None
    moves: list[Move] = field(default_factory=list)


class Publisher:
    """The one place that changes the corpus and the index of a running app."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        settings = app.state.settings
        self.corpus: Path = settings.corpus
        self.index: Path = settings.index
        self.trash: Path = settings.data / "trash"
        self.actions = ActionLog(settings.runtime_database())
        self.status = BuildStatus()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending_moves: list[Move] = []
        self._requested = False
        self._last: _LastBuild | None = None
        self._worker: threading.Thread | None = None
        self._started_build = False  # the worker has taken the current request (a new one must wait)

    # -- files ---------------------------------------------------------------------------------------------
    def move_in(self, path: Path, name: str) -> Path:
        """Moves a staged file (and its sidecar) into the corpus as `name`, replacing any file of that name."""
        target = self.corpus / name
        with self._lock:
            if target.exists():
                self._to_trash(target)
            for src, dst in _with_sidecars(path, target):
                if src.exists():
                    shutil.move(src, dst)  # a rename, or a copy when the data folder is on another disk
                    self._pending_moves.append(Move(None, _rel(dst, self.corpus)))
        return target

    def remove(self, path: Path) -> None:
        """Moves a corpus file and its sidecar to the trash."""
        with self._lock:
            self._to_trash(path)

    def keep_copy(self, path: Path) -> None:
        """Before a corpus file (a sidecar) is edited in place: keeps its content for undo."""
        with self._lock:
            if not path.exists():
                self._pending_moves.append(Move(None, _rel(path, self.corpus)))
                return
            copy = self.trash / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") / path.name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            self._pending_moves.append(Move(_rel(path, self.corpus), str(copy)))

    def _to_trash(self, path: Path) -> None:
        folder = self.trash / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        for src, dst in _with_sidecars(path, folder / path.name):
            if src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(src, dst)
                self._pending_moves.append(Move(_rel(src, self.corpus), str(dst)))

    # -- building ------------------------------------------------------------------------------------------
    def request_build(self) -> str:
        """Asks for a build of the corpus as it is now; says whether it starts at once or waits in line."""
        with self._lock:
            busy = self.status.state == "building" and self._started_build
            self._requested = True
            if busy:
                self.status = replace_status(self.status, waiting=True)
            else:  # shown at once, so that the page the request leads to already shows the build
                self.status = replace_status(self.status, state="building", done=0, total=0, message="Starting…")
            self._wake.notify()
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="cityqa-publish", daemon=True)
                self._worker.start()
        if busy:
            return "A build is running; yours waits in line and starts when it is done."
        return "Building the index; questions are answered from the current one until it is swapped in."

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._requested:
                    self._wake.wait()
                self._requested, moves, self._pending_moves = False, self._pending_moves, []
                self._started_build = True
                self.status = replace_status(self.status, state="building", waiting=False, done=0, total=0,
                                             message="Reading the corpus…")  # fmt: skip
            self._build(moves)

    def _build(self, moves: list[Move]) -> None:
        before = _current(self.index)
        progress = BuildProgress(start=self._started, advance=self._advanced)
        try:
            settings = self.app.state.settings
            report = build_index(self.corpus, self.index, _document_encoder(self.app), progress=progress,
                                 approximate_above=settings.approximate_above, qdrant=settings.qdrant_location())
            if not report.up_to_date:
                reload_bot(self.app)
            skipped = "".join(f" Skipped {e}." for e in report.skipped)
            message = (f"Done: {report.documents} documents, {report.chunks} passages "
                       f"({report.embedded} embedded, {report.reused} reused).{skipped}")  # fmt: skip
        except Exception as error:  # the worker must outlive any failure, or no build would ever run again
            log.exception("a build from the staff pages failed")
            message = f"The build failed: {error}. Still answering from the previous index."
        after = _current(self.index)
        with self._lock:
            self._started_build = False
            if self._last is not None and after == self._last.after and before == self._last.after:
                self._last.moves.extend(moves)  # nothing swapped: undo still reverts to the same build
            else:
                self._last = _LastBuild(before, after, moves)
            self.status = replace_status(self.status, state="building" if self._requested else "idle", waiting=False,
                                         message=message, finished=self.status.finished + 1,
                                         undoable=self._undoable(), done=self.status.total)  # fmt: skip

    def _started(self, total: int) -> None:
        self.status = replace_status(self.status, total=total, done=0, message=f"Embedding {total} new passages…")

    def _advanced(self, done: int) -> None:
        self.status = replace_status(self.status, done=min(self.status.total, self.status.done + done))

    def _undoable(self) -> bool:
        last = self._last
        return bool(last and (last.moves or last.before != last.after) and not self._pending_moves
                    and (last.before is None or last.before.exists()))  # fmt: skip

    def undo(self) -> str:
        """Reverts the last build's file moves and serves the build before it again; raises ValueError if it cannot."""
        with self._lock:
            if self.status.state == "building" or self._requested:
                raise ValueError("a build is running or waiting; undo once it is done")
            last = self._last
            if last is None or not self._undoable():
                raise ValueError("there is no publish to undo (only the last one can be undone, once)")
            for move in reversed(last.moves):
                here = self.corpus / move.target if move.source is None else Path(move.target)
                if move.source is None:
                    here.unlink(missing_ok=True)
                elif here.exists():  # a kept file someone deleted by hand cannot come back; the rest still does
                    shutil.move(here, self.corpus / move.source)
            if last.before is not None and last.before != last.after:
                link = self.index.with_name(f".{self.index.name}.undo-{os.getpid()}")
                link.unlink(missing_ok=True)
                link.symlink_to(os.path.relpath(last.before, self.index.parent))
                os.replace(link, self.index)
                os.utime(last.before)  # the newest other build is the one the layout keeps
            self._last = None
            self.status = replace_status(self.status, undoable=False, message="The last publish was undone.")
        reload_bot(self.app)
        return f"Undone: {len(last.moves)} file changes reverted; serving the previous index again."

    # -- history -------------------------------------------------------------------------------------------
    def record(self, who: str, action: str, what: str) -> None:
        """Appends one action to the staff actions log (in the runtime database, shared by replicas)."""
        self.actions.record(who, action, what)

    def history(self, limit: int = 100) -> list[dict[str, str]]:
        """The latest actions, newest first."""
        return self.actions.latest(limit)

    def status_json(self) -> dict[str, object]:
        return asdict(self.status)


def replace_status(status: BuildStatus, **changes: object) -> BuildStatus:
    """A new status object, so that a reader never sees one half updated."""
    return BuildStatus(**{**asdict(status), **changes})


def _document_encoder(app: FastAPI) -> Embedder:
    """The model the app encodes queries with."""
    return app.state.bot.retriever.embedder


def _with_sidecars(path: Path, target: Path) -> list[tuple[Path, Path]]:
    return [(path, target), (sidecar_of(path), sidecar_of(target))]


def _current(index: Path) -> Path | None:
    return current_build(index) if index.exists() else None


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
