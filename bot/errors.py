"""Named exceptions of the question-answering core."""

from __future__ import annotations

from ingest.errors import CityqaError


class BadQuestion(CityqaError, ValueError):
    """A question that cannot be asked as given; the message says why. A ValueError too, so that a pydantic
    validator that raises it reports a 422 on its field. `kind` names the problem for an interface that says
    it in its own language ('empty', 'no_words'), where it has a message of its own for it."""

    status = 422

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class BadFilter(CityqaError, ValueError):
    """A filter (speaker, hearing) that cannot be applied as given; the message names the field."""

    status = 422


class UnknownSpeaker(BadFilter):
    """No speaker of the record matches the speaker filter."""


class BadInputFile(CityqaError, ValueError):
    """A question file or benchmark given to evaluate that cannot be read; the message names the file and line."""
