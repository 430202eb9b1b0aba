"""Named exceptions for index problems; each message says how to fix it."""

from __future__ import annotations

from ingest.errors import CityqaError


class IndexLoadError(CityqaError):
    """The index on disk cannot be used as it is (missing, for another model, damaged)."""

    status = 503


class IndexNotFound(IndexLoadError):
    """There is no built index at the configured path."""


class IndexMismatch(IndexLoadError):
    """The index was built with settings other than the configured ones."""


class IndexCorrupt(IndexLoadError):
    """A file of the index is missing or damaged."""


class Overloaded(CityqaError):
    """More questions are waiting to be embedded than the server accepts; the caller should retry shortly."""

    status = 503

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ModelNotFound(CityqaError, ValueError):
    """The configured embedding model is not a folder or a bundled model name."""

    status = 503
