"""Plain-text rules shared by cleaning, chunking and highlighting: normalising, lines, sentences."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters, and invisible ones (zero-width spaces and joiners, BOM, soft hyphen). One pattern:
# str.translate with a dict looks up every character in Python, ten times slower on a large file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# A sentence ends at . ! ? (and their CJK forms) followed by a space and a capital, digit or quote;
# or glued to a capitalised word ("cluster.Accelerate"), which scraped text often has.
_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["'”’)]?\s+(?=["'“‘(]?[A-Z0-9\u4e00-\u9fff])"""
    r"""|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])"""
    r"""|(?<=[。！？；])"""
)
# Abbreviations after which a full stop does not end a sentence ('the hon. Member', 'the right hon. Gentleman';
# 'etc.' ends a list, and before a capital the sentence: '... football stadium, etc. Steadily organize ...').
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|vs|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Inc|Ltd|Co|U\.S|e\.g|i\.e|[Hh]on|Rt)\.|\b[A-Z]\.)$"
)
# 'No.' before a number is one ('No. 11'); before a word, the answer ('No. The hon. Member ...').
_NUMBER_ABBREVIATION = re.compile(r"\bNos?\.$")


def normalize(text: str) -> str:
    """Unicode NFC, unified newlines, no invisible or control characters, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph, covering all its non-space text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _abbreviation_ends(text[start : match.start()], text[match.end() : match.end() + 1]):
            continue
        end = match.start()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _abbreviation_ends(before: str, following: str) -> bool:
    """Whether the full stop ending `before` is an abbreviation's, given the character after the space."""
    return bool(_ABBREVIATIONS.search(before) or (_NUMBER_ABBREVIATION.search(before) and following.isdigit()))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_cjk(text: str) -> bool:
    """True when most letters of the text are CJK ideographs."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    cjk = sum(1 for ch in letters if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return cjk * 2 >= len(letters)
