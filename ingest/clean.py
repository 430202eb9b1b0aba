"""From raw text to clean paragraphs: joins hard-wrapped lines, marks headings and list items,
and removes the noise that scraping leaves behind (stray markup tokens, truncated duplicates)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text import normalize
from ingest.turns import match_label


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "text"  # "text" | "heading" | "item"


_HEADING = re.compile(r"^(?:#{1,6}\s+(?P<md>.+?)\s*#*|={2,}\s*(?P<eq>.+?)\s*={2,})$")
_ITEM = re.compile(r"^(?:[-*•·▪●]\s+|—{1,2}\s*|-{2}\s*|\(?\d{1,2}[.)]\s+|[一二三四五六七八九十]+、)(?=\S)")
# Tag names that scrapers leave glued to the first word of a paragraph ("htmlOn January 22").
_MARKUP_TOKENS = "html|body|head|div|span|section|article|main|p|br|nbsp|doctype"
_GLUED_TOKEN = re.compile(rf"^(?:{_MARKUP_TOKENS})(?=[A-Z\u4e00-\u9fff])")
_LONE_TOKEN = re.compile(rf"^(?:<?/?(?:{_MARKUP_TOKENS})>?|&nbsp;)$", re.IGNORECASE)
URL_LINE = re.compile(r"^https?://\S+$")
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)
_WRAP_WIDTH = 100  # lines no longer than this, in a block of several, are taken as hard-wrapped
# A shorter line ending in a lower-case word is more likely a heading ('Background') than a wrapped line.
_WRAP_MIN = 40
_MID_SENTENCE_END = re.compile(r"(?:[a-z0-9,;]|\b(?:Mr|Mrs|Ms|Dr|Lt|Col|Gen|St|No)\.)$")
# A line that opens on a lower-case word carries on one that ends no sentence, whatever that ends on ('every
# high-level U.S' / 'official who testified', 'so I' / 'have nothing further', 'is not unprecedented —' / 'as a
# pretext'); a word hyphenated at the line's end is one word ('docu-' / 'ments').
_SENTENCE_END = re.compile(r"[.?!…。？！][\"'”’)\]]*$")
_LOWER_START = re.compile(r"^[a-z]")
_SPLIT_WORD = re.compile(r"(?<=[a-z])-$")
_DASH_ASIDE = re.compile(r"[—–]\s")  # '— say — speak': a spoken aside, not the '——item' of a list
_MIN_DUPLICATE = 40  # a shorter paragraph repeated at the start of another is left alone


def is_web_address(text: str) -> bool:
    """True for an http(s) address: the only kind of address that may become a link (never javascript:)."""
    return _WEB_ADDRESS.fullmatch(text) is not None


def clean_paragraphs(raw: str) -> list[Paragraph]:
    """The paragraphs of a raw text, with headings and list items marked and scraping noise removed."""
    paragraphs: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", normalize(raw)):
        for line in _block_lines(block):
            paragraph = _classify(_strip_markup(line))
            if paragraph is not None:
                paragraphs.append(paragraph)
    return _drop_truncated_duplicates(paragraphs)


def _block_lines(block: str) -> list[str]:
    """Hard-wrapped lines are joined; otherwise each line is its own paragraph.

    A block of short lines is hard-wrapped as a whole. In a block with long lines, a line still continues
    the one before when that one breaks off mid-sentence (Iran-Contra hearings wrap at 60 and 130
    characters: 3,536 such breaks; the MFA's one-paragraph lines: 1), or ends no sentence and the line opens
    on a lower-case word; a word hyphenated at a line's end is joined up again. A line that opens a speaker turn,
    a list item or a heading, or is a web address, starts a new paragraph; a dash that only continues a
    broken-off sentence ('for\n— say — speak for itself') is not a list item."""
    lines = [line for line in block.split("\n") if line]
    if len(lines) < 2:
        return lines
    wrapped = max(len(line) for line in lines[:-1]) <= _WRAP_WIDTH
    joined: list[str] = []
    for line in lines:
        if joined and _SPLIT_WORD.search(joined[-1]) and _LOWER_START.match(line) and not _opens_turn(line):
            joined[-1] = f"{joined[-1][:-1]}{line}"
        elif joined and _continues(joined[-1], line, wrapped):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """Does `line` carry on the paragraph whose text so far is `previous`?"""
    if _HEADING.match(line) or _opens_turn(line) or URL_LINE.match(line) or URL_LINE.match(previous):
        return False
    broken_off = _breaks_off(previous) or (_LOWER_START.match(line) is not None
                                           and _SENTENCE_END.search(previous) is None)
    if _ITEM.match(line):
        return bool(_DASH_ASIDE.match(line)) and broken_off and not _ITEM.match(previous)
    return wrapped or broken_off


def _breaks_off(text: str) -> bool:
    """The text stops mid-sentence: it is not short and ends on a lower-case word, a number or a comma."""
    return len(text) >= _WRAP_MIN and bool(_MID_SENTENCE_END.search(text))


def _opens_turn(line: str) -> bool:
    # A bare "Name:" label is only taken as one once the document confirms it; not here.
    label = match_label(line)
    return label is not None and not label.weak


def _strip_markup(line: str) -> str:
    if _LONE_TOKEN.match(line):
        return ""
    return _GLUED_TOKEN.sub("", line)


def _classify(line: str) -> Paragraph | None:
    line = line.strip()
    if not line:
        return None
    heading = _HEADING.match(line)
    if heading:
        return Paragraph(heading["md"] or heading["eq"], "heading")
    item = _ITEM.match(line)
    if item:
        return Paragraph(line[item.end() :].strip(), "item")
    return Paragraph(line)


def _drop_truncated_duplicates(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drops a paragraph that reappears whole at the start of a nearby one (a scraped, cut-off copy)."""
    kept: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        nearby = paragraphs[max(0, index - 3) : index] + paragraphs[index + 1 : index + 4]
        if len(text) >= _MIN_DUPLICATE and any(
            other.text.startswith(text) and len(other.text) > len(text) for other in nearby
        ):
            continue
        if kept and len(text) >= _MIN_DUPLICATE and kept[-1].text == text:
            continue
        kept.append(paragraph)
    return kept
