"""A conversation with the record: follow-up questions read with the previous turn, and the chat's answer object.

Rewriting is deterministic, a few patterns and no model. With the previous turn (its question and the
speaker of its top passage):

- a pronoun (he, she, they, him, her, his, their) stands for that speaker: 'what else did he say?' after an
  answer by Sun Lijie is 'what did Sun Lijie say?', answered with passages the previous answer did not show
  ('else': see `wants_more` and `without_shown`);
- 'and X?', 'what about X?', 'how about X?' ask the previous question again about X. When the previous
  question names the speaker who answered it, X takes that name's place: after 'What did Sun Lijie say?',
  'and Li Suman?' is 'What did Li Suman say?'. Otherwise X replaces the previous question's topic: after 'What
  is planned for the clusters?', 'and the sports cluster?' is 'What is planned for the sports cluster?'. The
  topic is what follows the last preposition, or the noun after 'which', or what follows 'who is' / 'what is';
  a question of another shape gives way to the new topic alone.

In Chinese, '那X呢？' ('and X?') asks the previous question again about X: in place of the word of the same kind
(体育局 for 商务局, by their last character: both are bureaus), or of the name of the one who spoke, or of the
words the question opens with (its topic: '海洋旅游要打造什么品牌' then '时尚体育呢'); and 他, 她, 他们 stand for
the speaker, as the English pronouns do.

Anything else is asked as typed. The rewritten question is shown to the user as 'the question as understood'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.crosslingual import FUNCTION_WORDS, segment
from bot.models import Answer
from bot.speakers import lead_for
from index.store import Store
from ingest.models import content_hash
from ingest.text import is_cjk

_PRONOUN = re.compile(r"\b(he|she|they|him|her|them|his|their)\b", re.IGNORECASE)
_ELSE = re.compile(r"(?<=\w)\s+else\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = frozenset({"his", "their"})
_OTHER_TOPIC = re.compile(r"^(?:and|what about|how about|and what about|and how about)\s+(?P<topic>.+?)\s*[?？]*$",
                          re.IGNORECASE)  # fmt: skip
# The topic of a question is what follows its last preposition ('planned for the clusters'), or else what
# follows its question word and verb ('Who is the Minister of Propaganda').
_LAST_PREPOSITION = re.compile(
    r"^(?P<head>.*\b(?:for|about|of|on|in|with|regarding|to)\s+)(?P<topic>[^?？]+?)\s*[?？]*$", re.IGNORECASE
)
_WH_NOUN = re.compile(
    r"^(?P<head>which\s+)(?P<topic>.+?)"
    r"(?P<tail>\s+(?:will|is|are|was|were|do|does|did|has|have|can)\b[^?？]*)[?？]*$",
    re.IGNORECASE,
)
_WH_VERB = re.compile(r"^(?P<head>(?:who|what)\s+(?:is|are|was|were)\s+)"
                      r"(?P<topic>[^?？]+?)\s*[?？]*$", re.IGNORECASE)  # fmt: skip
# '那体育局呢？', '还有林青呢', '时尚体育呢': and X?
_OTHER_TOPIC_ZH = re.compile(r"^(?:那么?|还有|那还有|那么还有)?(?P<topic>[^呢]+?)呢[啊呀]?[？?。!！]*$")
_PRONOUNS_ZH = frozenset("他 她 他们 她们 他的 她的".split())
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


@dataclass(frozen=True)
class PreviousTurn:
    """What a follow-up is read with: the previous question, who said the passage that answered it, and the
    ids of the passages the previous answer showed (a 'what else' follow-up is answered with others)."""

    question: str
    speaker: str | None = None
    shown: tuple[str, ...] = ()


def understand(question: str, previous: PreviousTurn | None) -> str:
    """The question as the bot will answer it: `question` itself unless it leans on the previous turn."""
    if previous is None or not previous.question.strip():
        return question
    other_zh = _OTHER_TOPIC_ZH.match(question.strip())
    if other_zh:
        topic = other_zh.group("topic")
        if is_cjk(previous.question):
            return _with_topic_zh(previous.question, topic, previous.speaker)
        named = _naming(previous.question, previous.speaker)  # 'What did Sun Lijie say?', '那林青呢'
        return f"{named.group('head')}{topic}{named.group('tail')}" if named else f"{topic}？"
    if previous.speaker and ("他" in question or "她" in question):  # '他还说了什么': what else did Sun Lijie say
        words = [word for word, _ in segment(question)]  # a pronoun of its own, not 其他 ('other')
        if any(word in _PRONOUNS_ZH for word in words):
            return "".join(f" {previous.speaker} " if word in _PRONOUNS_ZH else word for word in words).strip()
    other = _OTHER_TOPIC.match(question)
    if other:
        named = _naming(previous.question, previous.speaker)
        if named:  # 'and Li Suman?' after 'What did Sun Lijie say?': the other person, the same question
            return f"{named.group('head')}{other.group('topic')}{named.group('tail')}"
        return _with_topic(previous.question, other.group("topic"))
    if previous.speaker and _PRONOUN.search(question):
        # 'What else did he say?': 'else' means 'from them', not a topic the answer must contain.
        question = _ELSE.sub("", question)
        return _PRONOUN.sub(lambda m: _name_for(m.group(1), previous.speaker or ""), question)
    return question


def wants_more(question: str, previous: PreviousTurn | None) -> bool:
    """Whether a follow-up asks for more than the previous answer showed ('what else did he say?')."""
    return previous is not None and bool(previous.shown) and _ELSE.search(question) is not None


def without_shown(answer: Answer, shown: Sequence[str], k: int, store: Store) -> Answer:
    """`answer` (asked for `k` passages more than were shown) without the passages already shown; as it was
    when it has no other passage. The lead names whoever said the new top passage."""
    fresh = tuple(p for p in answer.passages if p.hit.chunk.id not in set(shown))[:k]
    if not fresh:
        return replace(answer, passages=answer.passages[:k])
    lead = lead_for(fresh[0].hit.chunk, store) if answer.lead else None
    return replace(answer, passages=fresh, lead=lead)


def _naming(question: str, name: str | None) -> re.Match[str] | None:
    if not name:
        return None
    return re.match(rf"^(?P<head>.*?)(?<!\w){re.escape(name)}(?P<tail>(?!\w).*)$", question, re.IGNORECASE)


def _name_for(pronoun: str, name: str) -> str:
    return f"{name}'s" if pronoun.lower() in _POSSESSIVE else name


def _with_topic(previous: str, topic: str) -> str:
    previous = " ".join(previous.split())
    for pattern in (_LAST_PREPOSITION, _WH_NOUN, _WH_VERB):
        found = pattern.match(previous)
        if found:
            tail = found.group("tail") if "tail" in pattern.groupindex else ""
            if pattern is _WH_NOUN:  # 'which the sports cluster' reads 'which sports cluster'
                topic = _ARTICLE.sub("", topic)
            return f"{found.group('head')}{topic}{tail}?"
    return f"{topic}?"


def _with_topic_zh(previous: str, topic: str, speaker: str | None) -> str:
    """The previous question asked about `topic` instead: in place of its word of the same kind, its speaker's
    name, or the words it opens with; `topic` alone when it has none of them."""
    words = segment(previous)
    spans, at = [], 0
    for word, tag in words:  # each word's place in the question
        found = previous.find(word, at)
        if found < 0:
            continue
        spans.append((found, found + len(word), word, tag))
        at = found + len(word)
    # A word of the same kind: its last character the topic's (体育局 for 商务局), not a question word
    same = [(start, end) for start, end, word, tag in spans if len(word) > 1 and word[-1] == topic[-1]
            and word not in FUNCTION_WORDS and word != topic]
    # ...or, asked about someone else ('那林青呢'), the name of the one it asked about
    is_name = all(tag in _NAME_TAGS for _, tag in segment(topic))
    named = [(start, end) for start, end, word, tag in spans
             if is_name and (tag in _NAME_TAGS or (speaker and word.lower() == speaker.lower()))]
    # ...or the words it opens with, up to its first verb, question word or particle
    opening = 0
    for start, end, word, tag in spans:
        if (tag.startswith(("v", "r", "u", "y", "p", "d", "x")) and tag != "vn") or word in FUNCTION_WORDS:
            break
        opening = end
    replaced = same or named or ([(0, opening)] if opening else [])
    if not replaced:
        return f"{topic}？"
    start, end = replaced[0]
    return f"{previous[:start]}{topic}{previous[end:]}"


def answer_id(answer: Answer) -> str:
    """A stable id of an answer: the same question answered from the same passages has the same id."""
    return content_hash(answer.question, *(p.hit.chunk.id for p in answer.passages))
