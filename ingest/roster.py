"""Rosters in report prose: 'Sun Lijie, member of ..., Zhu Tieyi, Director of ..., and Li Suman, Director
of ..., responded to the inquiry ...'. Who is listed, with which role, and whether they answered or asked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.names import is_name_word, is_plain_name, is_role

_ANSWERING = ("responded", "respond", "answered", "answer", "replied", "reply", "briefed", "took questions")
_ASKING = ("asked", "questioned", "raised", "inquired", "enquired", "put questions")
_OTHER = ("attended", "spoke", "presided", "hosted", "chaired", "joined", "took part", "participated",
          "were present", "was present", "met", "delivered", "gave", "made", "introduced", "said")  # fmt: skip
_VERB = re.compile(r"\b(" + "|".join(_ANSWERING + _ASKING + _OTHER) + r")\b")
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\b[A-Z])[.!?]\s+(?=[A-Z0-9])")
_SEGMENT = re.compile(r",\s+")


@dataclass(frozen=True)
class RosterEntry:
    name: str  # as printed ('Sun Lijie')
    role: str  # as printed ('member of the Standing Committee of ... and Minister of Propaganda')
    answers: bool | None  # True: listed as answering; False: as asking; None: the verb says neither
    offset: int  # where the name starts in the paragraph


def parse_roster(paragraph: str) -> tuple[RosterEntry, ...]:
    """Every 'Name, role, Name, role, and Name, role, <verb> ...' sentence in a paragraph."""
    if paragraph.count(",") < 2:
        return ()
    entries: list[RosterEntry] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        entries.extend(_sentence_roster(paragraph[start : m.start() + 1], start))
        start = m.end()
    entries.extend(_sentence_roster(paragraph[start:], start))
    return tuple(entries)


def _sentence_roster(sentence: str, base: int) -> list[RosterEntry]:
    """Walk comma-separated segments: a name, its role (maybe over several segments), then a verb."""
    people: list[tuple[str, list[str], int]] = []
    pos = 0
    for i, segment in enumerate(_SEGMENT.split(sentence)):
        offset = sentence.find(segment, pos)
        pos = offset + len(segment)
        name = _leading_name(segment) if i else _trailing_name(segment)
        if name and (i == 0 or not people or people[-1][1]):
            people.append((name, [], offset + segment.rindex(name) if i == 0 else offset + segment.find(name)))
            continue
        if not people:
            return []
        verb = _VERB.match(segment)
        if verb:
            return _entries(people, verb.group(1), base)
        head, verb_inside = _split_at_verb(segment)
        if not is_role(head.strip()):
            return []
        people[-1][1].append(head.strip())
        if verb_inside:
            return _entries(people, verb_inside, base)
    return []


def _leading_name(segment: str) -> str | None:
    words = segment.split()
    if words and words[0] == "and":
        words = words[1:]
    return " ".join(words) if is_plain_name(words) else None


def _trailing_name(segment: str) -> str | None:
    """'Sun Lijie' in 'Officials including Sun Lijie'; the words before it must not be capitalised."""
    words = segment.split()
    for size in (3, 2):
        tail = words[-size:]
        before = words[-size - 1] if len(words) > size else None
        if len(words) >= size and is_plain_name(tail) and (before is None or not is_name_word(before)):
            return " ".join(tail)
    return None


def _split_at_verb(segment: str) -> tuple[str, str | None]:
    """'Director of Commerce responded to ...' -> ('Director of Commerce', 'responded')."""
    m = _VERB.search(segment)
    if not m or m.start() == 0:
        return segment, None
    return segment[: m.start()], m.group(1)


def _entries(people: list[tuple[str, list[str], int]], verb: str, base: int) -> list[RosterEntry]:
    if not people or not all(roles for _, roles, _ in people):
        return []
    answers = True if verb in _ANSWERING else False if verb in _ASKING else None
    return [RosterEntry(name, ", ".join(roles), answers, base + offset) for name, roles, offset in people]
