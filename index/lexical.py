"""The words BM25 sees: lower-cased, stemmed English without stop words, and segmented Chinese."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from ingest.text import is_cjk

TOKENIZER_VERSION = "en-snowball+jieba-2"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Question words and auxiliaries carry no topic: a question's "what did" must not match the record's.
_QUESTION_WORDS = """what which who whom whose when where why how do does did doing done can could would should
shall may might must will about many much my me i you your tell please any anything there here
next last come coming get got take took give say said says mention mentioned part place thing things kind way""".split()
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(_QUESTION_WORDS) | {"s"}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - jieba has no types
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """BM25 terms of a text, in order; Chinese runs are cut into words by jieba."""
    terms: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(text):
        terms.extend(_latin_terms(text[position : run.start()]))
        terms.extend(word for word in _jieba().lcut_for_search(run.group()) if word.strip())
        position = run.end()
    terms.extend(_latin_terms(text[position:]))
    return terms


def _latin_terms(text: str) -> list[str]:
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return _stemmer().stemWords([w for w in words if w not in _STOPWORDS])


def content_terms(text: str) -> set[str]:
    """The distinct terms of a question that carry meaning (what lexical coverage is measured on)."""
    return set(tokenize(text)) if is_cjk(text) else {t for t in tokenize(text) if len(t) > 1}
