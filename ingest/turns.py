"""Speaker turns, speakers and question -> answer exchanges in a transcript or a report, read from its paragraphs.

Where a turn ends: a label opens a turn, and the unlabelled paragraphs after it continue it until
- the next label,
- a section heading ('=== Climate Change ===', '## Topic'),
- a byline or note ('(Reporter Bo Keguo ...)', 'Source: ...', 'Note: ...', 'END 12:45 P.M.'),
- a paragraph in the reporter's voice: it opens 'According to reports, ...' or 'It is reported ...' and
  has no first- or second-person word,
- or a paragraph that introduces a list ('... mainly includes:' followed by '- item' or '——item') and has
  no first- or second-person word (a speaker's own 'We will do three things:' stays in the turn).
Paragraphs after such a stop, and before the first label, belong to no turn.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.kinds import Pairing, TurnFacts, ends_asking, pair_turns
from ingest.labels import LabelMatch, is_floor_label, is_hansard_label, match_label
from ingest.models import Document, DocumentInfo, Exchange, Transcript, Turn, exchange_id
from ingest.names import FIRST_PERSON, is_title, key
from ingest.roster import RosterEntry, parse_roster
from ingest.speakers import Identities, Speaker, resolve_speakers

__all__ = ["LabelMatch", "Speaker", "match_label", "parse_turns", "transcript_paragraphs"]


_HEADING = re.compile(r"\s*(?:={2,}\s*\S.*?={2,}|#{1,6}\s+\S.*)\s*$")
# Bylines and notes end a turn. Phrases such as 'According to ...' do not on their own: spokespeople open
# paragraphs with 'According to media reports' and 'According to my information' (61 times in the MFA
# sample), so only the reporter's own 'According to reports, ...' / 'It is reported ...' with no I/we/you counts.
_BYLINE = re.compile(
    r"\s*(?:[(\[]\s*(?:reporter|source|editor|photo)\b|(?:reporter|editor)['’]?s note\b|(?:sources?|notes?)\s*:|"
    r"end\s+\d{1,2}[:.]\d{2})",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"\s*(?:according to reports|it (?:is|was) reported)\b", re.IGNORECASE)
_INTRO_CHARS = 5000  # a title or introduction that presents the speakers comes first; bounds the search
_LIST_ITEM = re.compile(r"\s*(?:——|[-•*·▪‣–—]|\d{1,2}[.)]\s|\(\d{1,2}\)\s?|[a-z][.)]\s)")


@dataclass
class _Span:
    first: int
    last: int
    label: LabelMatch
    headed: bool  # a section heading came between the previous turn and this one


def transcript_paragraphs(document: Document) -> list[str]:
    """The paragraphs the turn parser reads: headings and list items are never speech."""
    kinds = document.kinds or ("text",) * len(document.paragraphs)
    return [text if kind == "text" else "" for text, kind in zip(document.paragraphs, kinds)]


def parse_turns(document: Document) -> Transcript:
    """Turns, speakers and exchanges of a document, speakers named as the labels print them."""
    paragraphs = transcript_paragraphs(document)
    labels = [match_label(p) for p in paragraphs]
    roster = [(i, e) for i, p in enumerate(paragraphs) if labels[i] is None for e in parse_roster(p)]
    labels = _confirm_weak(paragraphs, labels, roster)
    # A section's heading ('=== Defence ===', marked by cleaning) starts a topic of question time; the title a
    # record opens with does not.
    headings = frozenset(i for i, kind in enumerate(document.kinds or ()) if kind == "heading" and i > 0)
    spans = _segment(paragraphs, labels, headings)
    identities = resolve_speakers(roster, [(s.first, s.label) for s in spans])
    hansard = any(is_hansard_label(s.label) for s in spans)
    facts = _facts(paragraphs, spans, identities, roster, hansard)
    pairing = pair_turns(facts, sectioned=any(s.headed for s in spans))
    turns = _turns(document, spans, pairing, identities)
    exchanges = tuple(
        Exchange(exchange_id(document.id, number), number, turns[q], tuple(turns[a] for a in answers))
        for number, (q, answers, _) in enumerate(pairing.exchanges, start=1)
    )
    return Transcript(turns, exchanges, identities.speakers)


def _turns(document: Document, spans: list[_Span], pairing: Pairing, identities: Identities) -> tuple[Turn, ...]:
    """The turns of the spans, numbered from 1, each knowing its place in the exchange it belongs to."""
    info = DocumentInfo.of(document)
    part_of: dict[int, tuple[int, str]] = {}
    for number, (question, answers, resumed) in enumerate(pairing.exchanges, start=1):
        part_of[question] = (number, "question")
        part_of.update({turn: (number, "answer") for turn in answers})
        part_of.update({turn: (number, "resumed") for turn in resumed})
    turns = []
    for index, (s, kind) in enumerate(zip(spans, pairing.kinds)):
        exchange, part = part_of.get(index, (None, None))
        words = list(document.paragraphs[s.first : s.last + 1])
        words[0] = words[0][_speech_start(words[0], s.label) :]
        turns.append(Turn(info, index + 1, s.label.label, identities.speaker_of(s.label), kind, s.first + 1,
                          s.last + 1, "\n\n".join(words), exchange, part))  # fmt: skip
    return tuple(turns)


def _confirm_weak(paragraphs: Sequence[str], labels: list[LabelMatch | None],
                  roster: list[tuple[int, RosterEntry]]) -> list[LabelMatch | None]:  # fmt: skip
    """Keep a bare-name label if the name is known, repeats, or was introduced before the first turn;
    once the document is seen to use bare names, also keep one next to another label ('CCTV:' before
    'Zhao Lijian:'). 'Regional Australia:' inside a Hansard answer meets none of these."""
    weak_names = {m.name for m in labels if m and m.weak and m.name}
    if not weak_names:
        return labels
    known = {key(e.name) for _, e in roster} | {key(m.name) for m in labels if m and m.name and not m.weak}
    counts = Counter(key(m.name) for m in labels if m and m.weak and m.name)
    first_label = next(i for i, m in enumerate(labels) if m)
    intro = "\n".join(paragraphs[:first_label])[:_INTRO_CHARS]
    known |= {key(name) for name in weak_names if counts[key(name)] >= 2 or _named_in(name, intro)}
    known |= _full_and_short(weak_names | {m.name for m in labels if m and m.name})
    sure = [m is not None and (not m.weak or key(m.name or "") in known or bool(_ASKED.match(p, m.end)))
            for m, p in zip(labels, paragraphs)]
    uses_bare_names = any(m is not None and m.weak and ok for m, ok in zip(labels, sure))
    # Where nearly every paragraph opens with a label (two bare names, or three labels at least), a bare name
    # that opens a sentence is one: a debate printed as 'Michael Foot: Further to …', 'Speaker: Order …', each
    # member speaking once.
    labelled = [m is not None for m in labels[first_label:]]
    printed_as_names = (len(weak_names) > 1 or sum(labelled) >= _LABELS_SEEN) \
        and sum(labelled) >= _LABELLED_SHARE * len(labelled)
    kept: list[LabelMatch | None] = []
    for i, (m, paragraph) in enumerate(zip(labels, paragraphs)):
        beside = (i > 0 and sure[i - 1]) or (i + 1 < len(labels) and sure[i + 1])
        opens = printed_as_names and m is not None and bool(_SENTENCE.match(paragraph, m.end))
        kept.append(m if m is not None and (sure[i] or (uses_bare_names and beside) or opens) else None)
    return kept


_LABELS_SEEN, _LABELLED_SHARE = 3, 0.8
_SENTENCE = re.compile(r"\s*[\"'‘“(\[]?[A-Z0-9]")


def _full_and_short(names: set[str]) -> set[str]:
    """Keys of names a transcript gives in full once and short after ('Barbara Roche:', then 'S. Roche:' or
    'Roche:'): both forms name one speaker, so each confirms the other. The short form is the surname alone or
    after initials and titles ('Western Australia:' does not shorten 'Regional Australia:')."""
    def surname(name: str) -> str:
        return key(name.split()[-1])

    def short(name: str) -> bool:
        return all(_INITIAL_WORD.fullmatch(word) or is_title(word) for word in name.split()[:-1])

    found: set[str] = set()
    for full in (name for name in names if len(name.split()) >= 2 and not short(name)):
        shortened = [name for name in names if name != full and short(name) and surname(name) == surname(full)]
        if shortened:
            found |= {key(full), *(key(name) for name in shortened)}
    return found


_INITIAL_WORD = re.compile(r"[A-Z]\.?")

# Hansard prints a written question as 'Rhys Morris: asked the Minister of Health whether ...': the words say
# that the bare name before them is a speaker's label, however short the debate.
_ASKED = re.compile(r"\s*asked\s+(?:the|whether|if|my)\b")


def _named_in(name: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def _segment(paragraphs: Sequence[str], labels: list[LabelMatch | None],
             headings: frozenset[int] = frozenset()) -> list[_Span]:
    spans: list[_Span] = []
    open_ = headed = False
    for i, p in enumerate(paragraphs):
        m = labels[i]
        if m is not None:
            spans.append(_Span(i, i, m, headed))
            open_, headed = True, False
        elif i in headings or _HEADING.match(p):
            open_, headed = False, True
        elif not p.strip():
            continue
        elif _BYLINE.match(p) or _in_reporter_voice(p) or _introduces_list(paragraphs, i):
            open_ = False
        elif open_:
            spans[-1].last = i
    return spans


def _in_reporter_voice(paragraph: str) -> bool:
    return bool(_REPORTED.match(paragraph)) and not FIRST_PERSON.search(paragraph)


def _introduces_list(paragraphs: Sequence[str], i: int) -> bool:
    text = paragraphs[i].rstrip()
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
    return text.endswith(":") and bool(_LIST_ITEM.match(nxt)) and not FIRST_PERSON.search(text)


def _speech_start(paragraph: str, m: LabelMatch) -> int:
    end = m.end
    while end < len(paragraph) and paragraph[end].isspace():
        end += 1
    return end


def _facts(paragraphs: Sequence[str], spans: list[_Span], identities: Identities,
           roster: list[tuple[int, RosterEntry]], hansard: bool) -> list[TurnFacts]:  # fmt: skip
    answering = {identities.key_of(e.name): e.answers for _, e in roster if e.answers is not None}
    facts = []
    pending_heading = False
    for s in spans:
        m = s.label
        hint = "procedural" if hansard and is_floor_label(m) else m.hint
        if hint is None and _ASKED.match(paragraphs[s.first], m.end):
            hint = "question"  # 'Rhys Morris: asked the Minister of Health whether ...'
        pending_heading |= s.headed
        headed = pending_heading and hint != "procedural"
        pending_heading &= not headed
        person = identities.key_of(m.name) if m.name else None
        speaker = person if person else (None if m.hint else key(m.label))
        texts = [paragraphs[s.first][_speech_start(paragraphs[s.first], m) :]]
        texts += paragraphs[s.first + 1 : s.last + 1]
        facts.append(TurnFacts(
            speaker, person is not None, hint, headed,
            any("?" in t for t in texts), ends_asking(texts[-1][-150:]), texts[0][:300],
            answering.get(person or "", False) if answering else None,
        ))  # fmt: skip
    return facts
