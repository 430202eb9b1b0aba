"""Who is who: label and roster names resolved to one Speaker per person ('Mr MORRISON:' is the
'Mr MORRISON (Cook—Prime Minister)' of an earlier label; 'Sun Lijie:' is the roster's Sun Lijie)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.labels import LabelMatch
from ingest.models import Speaker
from ingest.names import is_title, key
from ingest.roster import RosterEntry


@dataclass(frozen=True)
class Identities:
    speakers: tuple[Speaker, ...]  # in order of first appearance
    by_key: dict[str, Speaker] = field(default_factory=dict)  # canonical key -> speaker
    alias: dict[str, str] = field(default_factory=dict)  # key of a printed name -> canonical key

    def key_of(self, name: str) -> str:
        k = key(name)
        return self.alias.get(k, k)

    def speaker_of(self, m: LabelMatch) -> Speaker | None:
        return self.by_key.get(self.key_of(m.name)) if m.name else None


@dataclass
class _Person:
    name: str
    role: str | None
    position: tuple[int, int]
    plain: bool  # printed without a title ('Sun Lijie'): a short titled label may refer to it by surname


def resolve_speakers(roster: list[tuple[int, RosterEntry]], labels: list[tuple[int, LabelMatch]]) -> Identities:
    """One Speaker per person named by a roster entry or a label, in order of first appearance."""
    named = [((i, e.offset), e.name, e.role, False) for i, e in roster]
    named += [((i, 0), m.name, m.role, m.titled) for i, m in labels if m.name]
    people: dict[str, _Person] = {}
    alias: dict[str, str] = {}
    for position, name, role, titled in sorted(named, key=lambda item: item[0]):
        k = key(name)
        canonical = alias.get(k) or (k if k in people else _by_surname(name, titled, people)) or k
        alias[k] = canonical
        person = people.get(canonical)
        if person is None:
            people[canonical] = _Person(name, role, position, plain=not titled)
        elif role and not person.role:
            person.name, person.role = name, role  # the form printed with a role is the fullest
    ordered = sorted(people.items(), key=lambda item: item[1].position)
    by_key = {k: Speaker(p.name, p.role) for k, p in ordered}
    return Identities(tuple(by_key.values()), by_key, alias)


def _by_surname(name: str, titled: bool, people: dict[str, _Person]) -> str | None:
    """'Mr MORRISON' -> the one untitled 'Scott Morrison' already named, if exactly one."""
    words = name.split()
    if not titled or len(words) < 2 or not is_title(words[0]):
        return None
    surname = key(words[-1])
    matches = [k for k, p in people.items() if p.plain and key(p.name.split()[-1]) == surname]
    return matches[0] if len(matches) == 1 else None
