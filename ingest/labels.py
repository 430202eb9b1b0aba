"""Speaker labels at the start of a paragraph: 'Mr JONES (Whitlam) (14:00):', 'Q', 'Sun Lijie:'.

A label is accepted by its shape alone when the shape is unambiguous (a title, capitals, Q/A, 'Name, role').
Bare capitalised words ('Zhao Lijian:', 'China Daily:') look the same as 'Regional Australia:' inside a
speech, so they come back with weak=True and parse_turns confirms them from the rest of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.names import (
    CONNECTORS,
    HEADING_WORDS,
    OFFICES,
    STARTERS,
    is_caps_word,
    is_name_words,
    is_plain_name,
    is_role,
    is_title,
    key,
)


@dataclass(frozen=True)
class LabelMatch:
    label: str  # as printed, without the separator
    name: str | None  # who the label names; None for anonymous labels (Q, A, Journalist, a group)
    role: str | None  # role printed in the label ('Cook—Prime Minister', 'member of ...')
    end: int  # offset just after the separator
    time: str | None = None  # time stamp printed in the label ('14:00')
    weak: bool = False  # bare capitalised words: a label only if the document confirms it
    hint: str | None = None  # kind the label itself implies: 'question' | 'answer' | 'procedural'
    titled: bool = False  # starts with an honorific or office ('Mr', 'Chairman', 'SECRETARY')


_Q_BARE = re.compile(r"\s*(Q)(?:\s*([:–—])|(?=\s+[^\sa-z0-9])|\s*$)")  # 'Q: ...', 'Q– the test ...'
_QA_TIGHT = re.compile(r"\s*(A|Follow-up)\s*:(?=[^\s/\d])")  # 'A:You raised ...': no space after the colon
# The label runs to the first colon outside parentheses that is followed by a space or the end,
# which rules out URLs, clock times ('7:06') and ratios.
_COLON = re.compile(r"\s*((?:[^:()\n]|\([^()\n]{0,240}\)){1,300}?)\s*:(?=\s|$)")
# 'Chairman HAMILTON.' / 'Mr. NIELDS. Mr. Secord, ...': period separator, only after a titled name in capitals.
_PERIOD = re.compile(r"\s*((?:[A-Za-z]+\.?[\s-]+){1,3}(?:[A-Z][A-Za-z'’\-]*[A-Z]\s?){1,3})\.(?=\s|$)")
_INTERJECTION = re.compile(r"\s*(([^:()\n]{2,80}?)\s+interject\s?ing)\s*[—–-]*\s*$")
_TIME = re.compile(r"\s*(\d{1,2}[:.]\d{2})\s*")
_GROUP = re.compile(
    r"(?:an?\s+|the\s+|some\s+|several\s+)?(?:(?:opposition|government|honourable|honorable|hon\.?|other|"
    r"crossbench|independent)\s+)?(?:members?|senators?|voices?)",
    re.IGNORECASE,
)
# Matched against the identity key, so Hansard's broken 'The SP EAKER' is still the chair.
_PRESIDING = re.compile(
    r"(?:the|mr|madam|madame)?(?:deputy|acting|assistant)?"
    r"(?:speaker|chair|chairman|chairwoman|chairperson|clerk|presidingofficer)"
)
_ANONYMOUS = re.compile(
    r"(?:.*\s)?(?:officials?|aide|participant|interpreter|translator|unidentified(?:\s.*)?|voice|"
    r"audience(?:\s+member)?|staff|photojournalist|staffer)",
    re.IGNORECASE,
)
_GENERIC = {
    "q": "question", "question": "question", "follow-up": "question", "follow up": "question",
    "followup": "question", "journalist": "question", "reporter": "question", "foreign journalist": "question",
    "questioner": "question", "a": "answer", "answer": "answer",
    "moderator": "procedural", "the moderator": "procedural", "operator": "procedural",
    "the operator": "procedural",
}  # fmt: skip
_NOT_LABELS = frozenset(
    """note notes source sources tel telephone phone fax email e-mail web website url address date time
    subject re update updated editor's note ps p.s nb n.b warning disclaimer copyright photo video caption
    location contact summary topic title keywords tags q&a faq end background agenda attachment attachments
    see also related read more transcript translation published posted credit image file breaking
    exclusive opinion analysis correction announcement watch listen live""".split()
)


def match_label(paragraph: str) -> LabelMatch | None:
    """Does this paragraph (or line) start with a speaker label?"""
    m = _Q_BARE.match(paragraph)
    if m:
        return LabelMatch("Q", None, None, m.end(2) if m.group(2) else m.end(1), hint="question")
    m = _QA_TIGHT.match(paragraph)
    if m:
        return LabelMatch(m.group(1), None, None, m.end(), hint=_GENERIC[m.group(1).casefold()])
    m = _INTERJECTION.match(paragraph)
    if m:
        return _interjection(m.group(1), m.group(2), m.end())
    m = _COLON.match(paragraph)
    if m:
        found = _read_label(m.group(1), m.end())
        if found:
            return found
    m = _PERIOD.match(paragraph)
    if m:
        found = _read_label(m.group(1), m.end())
        if found and found.titled and not found.weak and _caps_surname(found.name or ""):
            return found
    return None


def _interjection(label: str, who: str, end: int) -> LabelMatch | None:
    words = who.split()
    if _GROUP.fullmatch(who.strip()):
        return LabelMatch(label.strip(), None, None, end, hint="procedural")
    if _is_titled_name(words):
        return LabelMatch(label.strip(), " ".join(words), None, end, hint="procedural", titled=True)
    return None


@lru_cache(maxsize=4096)  # transcripts repeat the same few labels thousands of times
def _read_label(printed: str, end: int) -> LabelMatch | None:
    """Validate the text before the separator; None when it is not a speaker label."""
    printed = printed.strip()
    if len(printed) > 300:
        return None
    core, role, time = _peel_parentheses(printed)
    core = " ".join(core.split())
    if role and _is_office(role) and _is_titled_name(core.split()):
        return LabelMatch(printed, core, role, end, time, titled=True)  # 'The Secretary of ... (Mr. Straw)'
    if not core or not core[0].isupper() or len(core) > 120 or core.casefold() in _NOT_LABELS:
        return None  # a label starts with a capital: 'the CDC:' at the start of a wrapped line is prose
    found = _anonymous(core, printed, end)
    if found:
        return found
    if "," in core:
        return _name_and_role(core, printed, end, time)
    words = core.split()
    if len(words) > 12:
        return None
    if is_title(words[0]):
        return _titled(words, printed, role, end, time)
    if words[0].casefold() == "the" and len(words) > 1:
        return _the_office(words, printed, role, end, time)
    if all(is_caps_word(w) or w.casefold() in CONNECTORS for w in words) and is_caps_word(words[0]):
        return LabelMatch(printed, core, role, end, time)
    if _bare_name(words) and not role:
        return LabelMatch(printed, core, None, end, time, weak=True)
    return None


def _bare_name(words: list[str]) -> bool:
    """'Zhao Lijian', 'China Daily', 'Associated Press of Pakistan'; not 'Our Plan', 'Next Steps'."""
    lowered = [w.casefold() for w in words]
    return lowered[0] not in STARTERS and not HEADING_WORDS.intersection(lowered) and is_name_words(words, 6)


def _peel_parentheses(printed: str) -> tuple[str, str | None, str | None]:
    """Split 'Mr JONES (Whitlam) (14:00)' into core, role and time; office (name) swaps round."""
    core, role, time = printed, None, None
    while core.endswith(")") and "(" in core:
        start = core.rindex("(")
        inner = " ".join(core[start + 1 : -1].split())
        core = core[:start].rstrip()
        if _TIME.fullmatch(inner) and time is None:
            time = inner.replace(".", ":")
        elif role is None:
            role = inner
        else:
            return "", None, None
    if role and _is_titled_name(role.split()) and _is_office(core):
        core, role = role, core  # the office is printed first, the person in parentheses
    return core, role, time


def _is_office(text: str) -> bool:
    return any(part in OFFICES for w in text.casefold().split() for part in w.strip(",").split("-"))


def _is_titled_name(words: list[str]) -> bool:
    return len(words) >= 2 and is_title(words[0]) and is_name_words(words[1:], 4, after_title=True)


def _anonymous(core: str, printed: str, end: int) -> LabelMatch | None:
    lowered = core.casefold()
    if lowered in _GENERIC:
        return LabelMatch(printed, None, None, end, hint=_GENERIC[lowered])
    if _GROUP.fullmatch(core):
        return LabelMatch(printed, None, None, end, hint="procedural")
    if _PRESIDING.fullmatch(key(core)):
        return LabelMatch(printed, core, None, end, hint="procedural", titled=True)
    looks_like_label = core.isupper() or is_name_words(core.split(), 6)
    if looks_like_label and _ANONYMOUS.fullmatch(core):
        return LabelMatch(printed, None, None, end)
    return None


def _titled(words: list[str], printed: str, role: str | None, end: int, time: str | None) -> LabelMatch | None:
    rest = words[1:]
    while rest and is_title(rest[0]) and len(rest) > 1:
        rest = rest[1:]
    if not rest or not is_name_words(rest, 5, after_title=True):
        return None
    return LabelMatch(printed, " ".join(words), role, end, time, titled=True)


def _the_office(words: list[str], printed: str, role: str | None, end: int, time: str | None) -> LabelMatch | None:
    rest = words[1:]
    if not is_name_words(rest, 8):
        return None
    caps = all(is_caps_word(w) or w.casefold() in CONNECTORS for w in rest)
    if caps or any(w.casefold() in OFFICES for w in rest):
        return LabelMatch(printed, " ".join(words), role, end, time, titled=True)
    return LabelMatch(printed, " ".join(words), role, end, time, weak=True)  # an outlet: 'The Paper'


def _name_and_role(core: str, printed: str, end: int, time: str | None) -> LabelMatch | None:
    """'Lin Qing, member of Qingdao Municipal CPPCC and president of ...'."""
    name, role = (part.strip() for part in core.split(",", 1))
    words = name.split()
    titled = _is_titled_name(words)
    if not (titled or is_plain_name(words)) or not is_role(role):
        return None
    return LabelMatch(printed, name, role, end, time, titled=titled)


def _caps_surname(name: str) -> bool:
    return is_caps_word(name.split()[-1]) if name else False


def is_floor_label(m: LabelMatch) -> bool:
    """'Mr Dutton:' — titled, surname in mixed case, no seat: in Hansard, a member speaking from the floor."""
    return m.titled and m.hint is None and m.name is not None and not m.role and not _caps_surname(m.name)


def is_hansard_label(m: LabelMatch) -> bool:
    """'Mr MORRISON (Cook—Prime Minister) (14:00)': titled, surname in capitals, seat in parentheses."""
    seat = m.role is not None and m.label.endswith(")")
    return m.titled and seat and m.name is not None and _caps_surname(m.name)
