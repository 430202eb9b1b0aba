"""Named exceptions for index problems; each message says how to fix it."""

from __future__ import annotations


class IndexLoadError(Exception):
    """The index on disk cannot be used as it is (missing, for another model, damaged)."""


class IndexNotFound(IndexLoadError):
    """There is no built index at the configured path."""


class IndexMismatch(IndexLoadError):
    """The index was built with settings other than the configured ones."""


class IndexCorrupt(IndexLoadError):
    """A file of the index is missing or damaged."""
