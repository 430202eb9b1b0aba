"""Named exceptions of the question-answering core."""

from __future__ import annotations


class BadQuestion(ValueError):
    """A question that cannot be asked as given; the message says why."""
