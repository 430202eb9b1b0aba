"""Questions the empty chat suggests, drawn from the index: who spoke, what the lists plan, what was asked."""

from __future__ import annotations

import re

from index.store import Store

_MAX_TOPIC_WORDS = 7
_MAX_QUESTION_CHARS = 110
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


def suggested_questions(store: Store, limit: int = 4) -> list[str]:
    """A few questions the record answers, in a fixed order: what the first official who answered said, what the
    first listed item plans, the first question put at a hearing (when its first sentence is a question), what
    the first questioner asked about, what the second listed item plans. Deterministic for one index."""
    speakers = store.speakers()
    answerer = [f"What did {s.name} say?" for s in speakers if s.answers][:1]
    questioner = [f"What did {s.name} ask about?" for s in speakers if s.questions][:1]
    topics = [f"What is planned for the {topic}?" for topic in _list_topics(store)][:2]
    asked = _exchange_questions(store)[:1]
    chosen: list[str] = []
    # One of each kind first, so that a few suggestions still show every kind of question the record answers.
    for question in [*answerer, *topics[:1], *asked, *questioner, *topics[1:]]:
        if question not in chosen and len(question) <= _MAX_QUESTION_CHARS:
            chosen.append(question)
    return chosen[:limit]


def _list_topics(store: Store) -> list[str]:
    """The short lead phrase of each list item ('Waterfront park. Plant four hundred trees ...' → 'waterfront
    park'), from English documents, in reading order."""
    topics = []
    for document in store.documents():
        if document.language != "en":
            continue
        for text, kind in zip(document.paragraphs, document.kinds):
            if kind != "item":
                continue
            lead = re.split(r"[.:;。]", text.lstrip("-•* "), maxsplit=1)[0].strip()
            lead = _LEADING_ARTICLE.sub("", lead)
            if 1 <= len(lead.split()) <= _MAX_TOPIC_WORDS:
                topics.append(lead[0].lower() + lead[1:] if not lead[:2].isupper() else lead)
    return topics


def _exchange_questions(store: Store) -> list[str]:
    """The first sentence of each question asked at a hearing, when it is itself a question."""
    found = []
    for exchange in store.exchanges():
        sentence = re.split(r"(?<=[?？])\s", exchange.question.text.strip(), maxsplit=1)[0]
        if sentence.endswith(("?", "？")):
            found.append(sentence)
    return found
