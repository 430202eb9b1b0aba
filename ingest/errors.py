"""The named exceptions of ingestion; the CLI turns them into one line each."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A corpus file that cannot be read as a document; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
