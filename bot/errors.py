"""Named exceptions of the question-answering core."""

from __future__ import annotations


class BadQuestion(ValueError):
    """A question that cannot be asked as given; the message says why."""


class BadFilter(ValueError):
    """A filter (speaker, hearing) that cannot be applied as given; the message names the field."""


class UnknownSpeaker(BadFilter):
    """No speaker of the record matches the speaker filter."""
