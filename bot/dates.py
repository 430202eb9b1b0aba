"""The day or month a question names, for the records of that day: 'by December 2021, according to Morrison'.

A hearing's record is dated (its metadata, or the date in its file name or title). A question naming a month
and year, or a day, is about the sittings of that time: it is answered from the records dated then, when the
record has any. A year alone is not enough ('the 2050 target' is a topic, not a sitting).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from index.store import Store
from ingest.models import DocumentInfo

# Month names and their abbreviations, each with its number (the full name first in each group).
MONTHS = {name: number for number, names in enumerate((
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
    "september sep sept", "october oct", "november nov", "december dec"), start=1) for name in names.split()}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:1[5-9]|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_PATTERNS = (
    re.compile(rf"(?<!\d)(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?(?!\d)"),
    re.compile(rf"\b(?:(?P<day>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_MONTH})\.?,?\s+(?P<year>{_YEAR})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b", re.IGNORECASE),
    re.compile(rf"(?P<year>{_YEAR})\s*年\s*(?P<month>1[0-2]|0?[1-9])\s*月(?:\s*(?P<day>{_DAY})\s*[日号])?"),
)


def named_period(question: str) -> str | None:
    """The start of the ISO dates of the day or month the question names ('2021-12', '2021-12-02'), or None."""
    for pattern in _PATTERNS:
        found = pattern.search(question)
        if found:
            month = found["month"]
            number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            period = f"{found['year']}-{number:02d}"
            return f"{period}-{int(found['day']):02d}" if found["day"] else period
    return None


def within_period(focus: frozenset[int] | None, dated: frozenset[int] | None) -> frozenset[int] | None:
    """The rows a question is answered from: its focus's (a speaker's turns) of the records of the period it
    names; the focus's alone when none of them is of then."""
    if dated is None:
        return focus
    if focus is None:
        return dated
    return (focus & dated) or focus


def dated_rows(question: str, documents: Mapping[str, DocumentInfo], store: Store) -> frozenset[int] | None:
    """Rows of the records dated on the day or in the month the question names; None if it names none, or
    the record has none of then."""
    period = named_period(question)
    if period is None:
        return None
    dated = [info.id for info in documents.values() if info.date and info.date.startswith(period)]
    return store.document_rows(dated) if dated else None
