"""The words BM25 sees: lower-cased, stemmed English without stop words; Chinese as jieba words
plus overlapping character pairs (which catch names and terms the segmenter cuts differently)."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from ingest.text import is_cjk

# BM25 saturation and length normalisation: Anserini's BEIR settings, better than bm25s's defaults
# (1.5, 0.75) on Chinese (XQuAD-zh hit@1 0.933 against 0.928) and as good on English.
BM25_K1, BM25_B = 0.9, 0.4
TOKENIZER_VERSION = f"en-snowball+jieba-bigram-3;bm25-{BM25_K1}-{BM25_B}"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Question words and auxiliaries carry no topic: a question's "what did" must not match the record's.
_QUESTION_WORDS = """what which who whom whose when where why how do does did doing done can could would should
shall may might must will about many much my me i you your tell please any anything there here
next last come coming get got take took give say said says mention mentioned part place thing things kind way""".split()
_STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(_QUESTION_WORDS) | {"s"}
# Chinese function words and question words ("什么", "哪个", "多少"): frequent, and no help in finding a passage.
_CJK_STOPWORDS = frozenset("""的 了 是 在 和 与 及 或 等 也 就 都 而 被 把 对 从 为 以 于 之 其 这 那 有 个 一 上 中 下
吗 呢 吧 啊 什么 哪 哪个 哪些 哪里 哪儿 谁 多少 几 何 怎么 怎样 如何 为什么 什么样 是否 是不是 哪一 哪年 时候""".split())


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
    """BM25 terms of a text, in order."""
    terms: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(text):
        terms.extend(_latin_terms(text[position : run.start()]))
        terms.extend(_cjk_terms(run.group()))
        position = run.end()
    terms.extend(_latin_terms(text[position:]))
    return terms


def _cjk_terms(run: str) -> list[str]:
    words = [w for w in _jieba().lcut_for_search(run) if w.strip() and w not in _CJK_STOPWORDS]
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    return words + [pair for pair in pairs if pair not in _CJK_STOPWORDS]


def _latin_terms(text: str) -> list[str]:
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return _stemmer().stemWords([w for w in words if w not in _STOPWORDS])


def is_stopword(word: str) -> bool:
    """True for an English function or question word ("the", "what", "said")."""
    return word.lower() in _STOPWORDS


def content_terms(text: str) -> set[str]:
    """The distinct terms of a question that carry meaning (what lexical coverage is measured on)."""
    terms = _question_terms(text)
    return set(terms) if is_cjk(text) else {t for t in terms if len(t) > 1}


@lru_cache(maxsize=1024)
def _question_terms(text: str) -> tuple[str, ...]:
    """A question's terms, kept for the latest questions: an answer asks for them once per passage it
    highlights, and the question is tokenised once."""
    return tuple(tokenize(text))
