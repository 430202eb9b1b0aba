"""The named exceptions of cityqa. `CityqaError` is the base of every error a user can act on; it lives here,
in the lowest layer, so that every package may derive from it. The edges (web/errors.py, web/cli.py) turn it
into a response or an `Error: ...` line; anything else that escapes is a bug."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Mapping
from typing import ClassVar, TypeVar

T = TypeVar("T")


class CityqaError(Exception):
    """An error with a message for the user and the HTTP status it answers with at the web edge."""

    status: ClassVar[int] = 400

    @property
    def message(self) -> str:
        """What went wrong and how to fix it, in a sentence for the user."""
        return str(self)


def nearest(table: Mapping[type[CityqaError], T], error: CityqaError) -> T | None:
    """The entry of the nearest class of `error` in an edge's table (a subclass inherits its base's entry)."""
    return next((table[kind] for kind in type(error).__mro__ if kind in table), None)


class IngestError(CityqaError):
    """A corpus file that cannot be read as a document; the message names the file and the problem."""

    status = 422

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CorpusNotFound(IngestError):
    """The corpus folder does not exist; the edges add how to name another one."""

    status = 503
