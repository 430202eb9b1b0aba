"""Speakers as readers should see them: names printed in capitals made readable and linked to the full name
the document gives, an unnamed asker shown by role, an unnamed answer given to the spokesperson.

parse_turns reports what the labels print ('MS. PSAKI', 'Q', 'A'); name_speakers turns that into who spoke:
- a titled label in capitals reads as a name ('MS. PSAKI' -> 'Ms. Psaki', 'THE CHAIRMAN' -> 'The Chairman'),
  and becomes the full name and role when the title or the introduction names exactly one official with that
  surname ('Press Briefing by Press Secretary Jen Psaki' -> Jen Psaki, Press Secretary);
- a question under an anonymous label ('Q', 'Follow-up', 'Journalist') is asked by a role, not an invented
  person: 'a reporter' at a press event, else 'a questioner' ('Journalist' stays 'a journalist');
- an answer under a bare 'A' is the spokesperson's when the title or introduction names exactly one
  ('Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference');
- an anonymous speaker's turn is shown by the office printed ('SENIOR ADMINISTRATION OFFICIAL:' ->
  'a Senior Administration Official', 'FBI OFFICIAL:' -> 'an FBI Official').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.labels import match_label
from ingest.models import Speaker, Transcript, Turn
from ingest.names import CONNECTORS, OFFICES, ROLE_WORDS, TITLES, is_caps_word, is_title, key

_INTRO_CHARS = 3000  # the title and opening lines that present the speakers
_PRESS = re.compile(
    r"\b(?:press|briefing|reporters?|journalists?|media|news conference|gaggle|spokes(?:person|man|woman))\b",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][a-zà-ÿ][\w\-]*(?:['’][A-Z][\w\-]*)?"  # 'Jean-Pierre', "O'Brien"; not "Shuang's"
# 'Spokesperson Geng Shuang's', 'Press Secretary Jen Psaki,': the spokesperson word, then two or three name words.
_SPOKESPERSON = re.compile(
    rf"\b(?:[Ss]pokes(?:person|man|woman)|Press Secretary)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}?)"
    rf"(?=['’]s\b|\s*[,;:(]|\s+(?:and|at|on|of|in|to|en|aboard|Aboard)\b|\s*$)"
)
_ROLE_WORD = re.compile(r"[A-Z][\w'’.\-]*|of|for|the|on|to")  # 'Senior Advisor to the President'
_ANONYMOUS_ASKERS = {"q": None, "question": None, "follow-up": None, "follow up": None, "followup": None,
                     "journalist": "a journalist", "foreign journalist": "a foreign journalist",
                     "reporter": "a reporter", "questioner": "a questioner"}  # fmt: skip
_ANSWER_LABELS = {"a", "answer"}
_HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame".split())  # part of a name, never of a role
_OFFICE_PARTS = (ROLE_WORDS | OFFICES | TITLES) - _HONORIFICS


def name_speakers(transcript: Transcript, title: str, paragraphs: Sequence[str]) -> Transcript:
    """The transcript with readable, linked speakers and the unnamed askers and answerers filled in."""
    if not transcript.turns:
        return transcript
    context = _context(title, paragraphs, transcript.turns[0].first_paragraph - 1)
    spokesperson = spokesperson_named_in(context)
    officials = officials_named_in(context, [s.name for s in transcript.speakers])
    if spokesperson and all(key(o.name) != key(spokesperson.name) for o in officials):
        officials.append(spokesperson)
    asker = "a reporter" if _PRESS.search(context) else "a questioner"
    linked = _merge_short_forms({s: link_speaker(s, officials) for s in transcript.speakers})
    turns = tuple(_named_turn(t, linked, asker, spokesperson) for t in transcript.turns)
    speakers = [linked[s] for s in transcript.speakers]
    if spokesperson and any(t.speaker == spokesperson for t in turns):
        speakers.append(spokesperson)
    return transcript.respoken(turns, speakers)


def _context(title: str, paragraphs: Sequence[str], first_turn: int) -> str:
    intro = " ".join(p for p in paragraphs[:first_turn] if p)
    return " ".join(f"{title} {intro}".split())[:_INTRO_CHARS]


def _named_turn(turn: Turn, linked: dict[Speaker, Speaker], asker: str, spokesperson: Speaker | None) -> Turn:
    label = turn.label.casefold()
    if turn.speaker is not None:
        speaker: Speaker | None = linked.get(turn.speaker, turn.speaker)
    elif turn.kind == "question" and label in _ANONYMOUS_ASKERS:
        speaker = Speaker(_ANONYMOUS_ASKERS[label] or asker)
    elif turn.kind == "answer" and label in _ANSWER_LABELS:
        speaker = spokesperson
    elif turn.kind != "procedural" and _names_a_role_only(turn.label):
        speaker = Speaker(role_as_speaker(turn.label))
    else:
        return turn
    return replace(turn, speaker=speaker)


def _names_a_role_only(label: str) -> bool:
    """'SENIOR ADMINISTRATION OFFICIAL', 'WHITE HOUSE AIDE': a label that names an office but no person."""
    found = match_label(f"{label}: .")
    return found is not None and found.name is None and found.hint is None


def role_as_speaker(label: str) -> str:
    """'SENIOR ADMINISTRATION OFFICIAL' -> 'a Senior Administration Official'; short capitals stay acronyms."""
    words = label.split()
    if label.isupper():
        words = [w if len(w) <= 3 else w.capitalize() for w in words]
    first = words[0]
    vowel_sound = first[:1] in "AEIOU" or (len(first) <= 3 and first.isupper() and first[:1] in "FHLMNRSX")
    return f"{'an' if vowel_sound else 'a'} {' '.join(words)}"


def readable_name(name: str) -> str:
    """'MS. PSAKI' -> 'Ms. Psaki', 'THE EARL OF CRAWFORD' -> 'The Earl of Crawford', 'Mr McINTOSH' ->
    'Mr McIntosh'. Only a titled name is changed: 'CCTV' is an outlet, not a shouted name, and a short word in
    capitals stays an acronym ('The BBC') unless an honorific or capitals throughout say it is a name."""
    words = name.split()
    if len(words) < 2 or not (is_title(words[0]) or words[0].casefold() == "the"):
        return name
    personal = words[0].casefold().rstrip(".") in _HONORIFICS or name.isupper()
    return " ".join(_readable_word(w, i == 0, personal) for i, w in enumerate(words))


def _readable_word(word: str, first: bool, personal: bool) -> str:
    if word.casefold() in CONNECTORS and not first:
        return word.casefold()
    letters = word.rstrip(".")
    if not (is_caps_word(letters) or (word.isupper() and len(letters) > 1)) or (len(letters) <= 3 and not personal):
        return word
    prefix = re.match(r"Mc|Mac|O['’]|D['’]", word)
    head, rest = (prefix.group(), word[prefix.end() :]) if prefix else ("", word)
    return head + "-".join(part[:1].upper() + part[1:].lower() for part in rest.split("-"))


def link_speaker(speaker: Speaker, officials: Sequence[Speaker]) -> Speaker:
    """A titled speaker as the one official of the same surname the document names in full, else readable;
    a bare name as the official of that name ('Zhao Lijian:' is the title's Spokesperson Zhao Lijian)."""
    same_name = [o for o in officials if key(o.name) == key(speaker.name)]
    if same_name:
        return Speaker(same_name[0].name, speaker.role or same_name[0].role)
    readable = readable_name(speaker.name)
    if readable == speaker.name and not is_title(speaker.name.split()[0]):
        return speaker
    surname = key(speaker.name.split()[-1])
    same = [o for o in officials if key(o.name.split()[-1]) == surname]
    if len(same) == 1:
        return Speaker(same[0].name, speaker.role or same[0].role)
    return Speaker(readable, speaker.role)


def _merge_short_forms(linked: dict[Speaker, Speaker]) -> dict[Speaker, Speaker]:
    """'Mr. Walsh' is the 'Mr. S. Walsh' who spoke before, when exactly one fuller form has that title and
    surname (Hansard prints the initials or the office at a member's first speech only)."""
    shown = list(dict.fromkeys(linked.values()))
    merged: dict[Speaker, Speaker] = {}
    for printed, speaker in linked.items():
        words = speaker.name.split()
        fuller = [
            other for other in shown
            if len(words) == 2 and is_title(words[0]) and len(other.name.split()) > 2
            and key(other.name.split()[0]) == key(words[0]) and key(other.name.split()[-1]) == key(words[-1])
        ]  # fmt: skip
        merged[printed] = Speaker(fuller[0].name, speaker.role or fuller[0].role) if len(fuller) == 1 else speaker
    return merged


def spokesperson_named_in(context: str) -> Speaker | None:
    """The one spokesperson or press secretary the title or introduction names, with the role printed."""
    found = {m.group("name"): _role_before(context, m.start("name")) for m in _SPOKESPERSON.finditer(context)}
    if len(found) != 1:
        return None
    name, role = next(iter(found.items()))
    return Speaker(name, role)


def officials_named_in(context: str, printed: Sequence[str]) -> list[Speaker]:
    """Officials named in full, with a role before the name, whose surname a printed label repeats
    ('NSC Coordinator for Strategic Communications John Kirby' for 'MR. KIRBY')."""
    officials: dict[str, Speaker] = {}
    surnames = {n.split()[-1] for n in printed if len(n.split()) > 1 and is_title(n.split()[0])}
    for surname in surnames:
        if len(surname) < 2:
            continue
        pattern = rf"\b(?P<first>{_NAME_WORD})\s+(?P<last>(?i:{re.escape(surname)}))\b"
        for m in re.finditer(pattern, context):
            first, last = m.group("first"), m.group("last")
            if is_title(first) or first.casefold() in CONNECTORS or not last[:1].isupper() or last.isupper():
                continue
            role = _role_before(context, m.start())
            if role:
                officials.setdefault(key(f"{first} {last}"), Speaker(f"{first} {last}", role))
    return list(officials.values())


def _role_before(context: str, end: int) -> str | None:
    """The capitalised words just before a name that hold an office ('Foreign Ministry Spokesperson')."""
    words = context[:end].split()
    taken: list[str] = []
    for word in reversed(words):
        if not _ROLE_WORD.fullmatch(word) or word.endswith((",", ";", ":")):
            break
        taken.insert(0, word)
    while taken and (taken[0].casefold() in CONNECTORS):
        taken.pop(0)
    while taken and taken[-1].casefold().rstrip(".") in _HONORIFICS:
        taken.pop()  # 'Chief Medical Advisor Dr. Anthony Fauci'
    if not any(w.casefold().rstrip(".") in _OFFICE_PARTS for w in taken):
        return None
    return " ".join(taken)
