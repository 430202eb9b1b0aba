"""How likely a passage answers, by the hand-set rules: what it shares with the question, and what it lacks.

The confidence is the question's weight the passage covers and its cosine, lowered by what the record lacks:
a word it never uses that no word of the passage means ('parking budget', 'Shenzhen'), or, asked when, how
much or where, no date, amount or place in the passage; raised a little when the passage holds the kind of
answer asked for. The factors were chosen on the dev half of bench/questions/ (docs/BENCHMARKS.md). The
score is raw; bot/calibration.py makes it the probability that the passage answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from bot.crosslingual import stem_variants
from bot.features import counted_words, counts, holds, lists, names_place
from bot.highlight import coverage
from bot.wording import (SAME_MEANING, ReadQuestion, abbreviated, asked_people, asked_places, calque, closeness, nearness,
                          passage_words, synonyms)
from index.lexical import tokenize
from ingest.names import OFFICES
from ingest.text import is_cjk, split_sentences

# The kinds of answer a passage visibly holds or lacks (a 'who' is in nearly every passage: a capitalised word).
STRICT_KINDS = frozenset({"money", "year", "duration", "clock", "future", "day", "date", "percent", "number", "place",
                          "address", "source"})
# 'what day', 'how much money': the words that say what kind of answer is wanted are not its topic. (Nor is
# 'held': asked when the beer festival is held, the day some other event was held does not answer.)
KIND_WORDS = {
    "money": frozenset("money cost costs price prices amount".split()),
    "year": frozenset("year years".split()),
    "duration": frozenset("long last lasted lasts take took takes time minutes hours days".split()),
    "day": frozenset("day days date dates".split()),
    "date": frozenset("day days date dates time times month months week weeks year held hold holds holding".split()),
    "future": frozenset("day days date dates time times month months week weeks year next upcoming held hold holds "
                        "holding".split()),
    "clock": frozenset("hour hours time times opening closing open close".split()),
    "percent": frozenset("percentage percentages percent share proportion rate".split()),
    "number": frozenset("number numbers amount amounts".split()),
    "place": frozenset("place places location locations venue venues building buildings".split()),
    "address": frozenset("address addresses".split()),
    "source": frozenset("wrote written write author writer reporter journalist newspaper paper outlet publication media "
                        "agency website report article story news piece source publisher published".split()),
}
_KIND_TERMS = {kind: frozenset(t for word in words for t in tokenize(word)) for kind, words in KIND_WORDS.items()}
ASKING_PENALTY = 0.6  # a passage that asks keeps this share of its fused score
LACKING_WORD = 0.5  # how much a missing word other than a name lowers the confidence, against a name
NEAR_WORD = 0.5  # how much of a missing word that a passage word comes near counts as covered, at most
HOLDING_KIND = 1.25  # the factor of a passage that holds the kind of answer asked for...
# ...and of one that lacks it: under the refusal threshold (a raw 0.3) however much else it shares, since asked
# what year, a passage without one cannot answer ('On January 22, the meeting was held').
LACKING_KIND = 0.28
# Asked who wrote or published the record, its byline answers whatever words the question shares with it
# ('who wrote this news report': '(Reporter Bo Keguo of Dazhong Daily Client)').
BYLINE = 0.6
# Asked when, a passage whose date is in no sentence with a word of the question ('On January 22, the meeting was
# held.', asked when the Qingdao beer festival starts) is less likely to answer. On the public questions
# (bench/abstention.py), 0.75 refused 3 more English no-answer ones and no answerable one; 0.6, one answerable more.
DATE_APART = 0.75
_DATED_KINDS = frozenset({"date", "day", "future", "year"})
# Asked what someone said, their own turn on a related topic is shown as possibly not answering directly (the
# product's default band: raw scores between 0.3 and 0.45, calibrated 0.3718 to 0.6166) rather than refused,
# whatever words the asker put it in ('which sectors did the propaganda minister say were hit hardest by covid':
# the record says 'epidemic'). These scores are raw: bot/calibration.py maps them to probabilities.
SPOKEN = 0.35
# Asked what the asker should do ('how do I get a fishing licence', 'where can I donate crutches', 'how to sign up
# as a citizen representative'), a hearing's record answers only where it tells people what to do ('you can apply
# online'): elsewhere a passage on the same topic keeps this share of its confidence.
OWN_ERRAND = 0.5
# A word of the asker's background that the passage lacks weighs at most this share of its weight, and all such
# words together at most BACKGROUND of the words asked.
BACKGROUND_WORD, BACKGROUND = 0.3, 0.15
# (Not what the asker wants to know or find in the record: 'where can I find who answered', 'how do I know'.)
_OWN_ERRAND = re.compile(r"(?:(?:\b(?:how|where|when|what|which|who)\b[^?]*?\b(?:do|can|should|could|would|must|may)"
                         r"|^\W*(?:can|should|do|could|may|must))\s+i"
                         r"|^\W*(?:how|where)\s+to"  # 'how to sign up as ...' (not 'how can you protest ...')
                         r")\s+(?!(?:find|read|know|see|learn|tell|understand|look|check|search)\b)", re.IGNORECASE)
_TELLS_WHAT_TO_DO = re.compile(r"\byou\s+(?:can|may|should|must|need|will\s+need)\b|\b(?:apply|register|sign\s+up|"
                               r"call|visit|contact|hotline|website|www\.|online\s+at)\b", re.IGNORECASE)
# Asked what is so here and now ('is the pool open on Sundays', 'brunch spots nearby', 'sunny this weekend', 'how
# much is a bus pass these days'), a record of hearings held before answers only where it gives the hours of what
# is asked about ('the pool opens at 9 am on Sundays'): elsewhere a passage keeps this share of its confidence.
# Not when the question asks what someone said of then ('what did she say she would do tomorrow'): that is the
# record's tomorrow.
HERE_AND_NOW = 0.5
_HERE_AND_NOW = re.compile(r"\b(?:nearby|near\s+me|around\s+here|close\s+to\s+me|this\s+weekend|tomorrow|tonight"
                           r"|right\s+now|these\s+days|at\s+the\s+moment"
                           r"|(?:open|opens|close|closes|closed)\s+on\s+(?:\w+\s+)?(?:\w+days?|holidays?|weekends?))\b"
                           r"|附近|明天|今晚|这个?周末|本周末", re.IGNORECASE)
# (a request to tell is the asker's: 'can you tell me what is on this weekend')
_REPORTED = re.compile(r"\b(?:say|says|said|saying|told|according|announced?|mentioned|promised|stated|reported)\b"
                       r"|说|表示|提到|宣布", re.IGNORECASE)
# MiniLM cosines of a question and a passage: about 0 for unrelated texts; from 0.12 they may share a topic.
_UNRELATED_COSINE, _RELATED_COSINE = 0.0, 0.12


def lacks(kind: str, text: str) -> bool:
    """Whether the question asks for a kind of answer that the text does not hold (a date, an amount, a place;
    or, in English, a person: for ranking only, since nearly every passage names someone, and a Chinese one may
    name someone without a title)."""
    return (kind in STRICT_KINDS or (kind == "person" and not is_cjk(text))) and not holds(kind, text)


def miscounts(counted: frozenset[str], text: str) -> bool:
    """Asked how many of something (`counted`), whether the text gives no number of it."""
    return bool(counted) and not counts(counted, text)


def _dated_beside(kind: str, text: str, weights: dict[str, float]) -> bool:
    """Whether a sentence of the text gives a date (a day, a year) and a word of the question."""
    sentences = [text[start:end] for start, end in split_sentences(text)] or [text]
    return any(holds(kind, sentence) and not weights.keys().isdisjoint(tokenize(sentence)) for sentence in sentences)


def _kind_factor(kind: str, counted: frozenset[str], text: str, uncounted: bool = False, named: bool = False) -> float:
    """A passage holding the kind of answer asked for is likelier to answer; one lacking it, much less. Asked how
    many of something, a number of something else ('a three-year plan', asked how many clusters) is neither,
    unless what is counted is `uncounted`: a thing the record never names, which no number in the passage counts
    in other words either ('how many boats': no number of vessels or yachts). A place `named` holds a place."""
    if not holds(kind, text) and not named:
        return LACKING_KIND
    if not miscounts(counted, text):
        return HOLDING_KIND
    return LACKING_KIND if uncounted else 1.0


def _uncounted(read: ReadQuestion, counted: frozenset[str], text: str,
               vectors: Callable[[Sequence[str]], np.ndarray]) -> bool:
    """Whether what is counted is words the record never uses, and no number in the text counts a word that
    means them ('how many cops': '84 police officers' counts them), by the model or the dictionary."""
    absent = [word for word, term in read.missing if term in counted]
    if not absent or len(absent) < len(counted):
        return False
    counted_there = counted_words(text)
    meant = closeness(absent, counted_there, vectors)
    terms = {term for word in counted_there for term in tokenize(word)}
    return all(meant[word] < SAME_MEANING and not _said_otherwise(word, terms) for word in absent)


def _said_otherwise(word: str, terms: set[str]) -> bool:
    """Whether `terms` (BM25 terms of a text) hold a word the dictionary gives for `word` ('pandemic': epidemic),
    or, for 'officials' or 'the panel', an official's title ('Director', 'Minister'), or, for 'the hearing', another
    name of a recorded event ('Meeting')."""
    if word.lower() in _OFFICIALS and terms & _TITLE_TERMS:
        return True
    if word.lower() in _EVENTS and terms & _EVENT_TERMS:
        return True
    return any(terms.intersection(tokenize(other)) for other in synonyms(word))


# A record names its officials by their titles, and seldom calls them officials, or the panel that answers.
_OFFICIALS = frozenset("official officials authorities panel panels panelists panellists leader leaders".split())
_OFFICIAL_TERMS = frozenset(t for word in _OFFICIALS for t in tokenize(word))
_TITLE_TERMS = frozenset(t for word in OFFICES for t in tokenize(word))
# ...and calls the event it records in its own way: asked when the hearing was, a record of a 'Questioning and
# Defense Meeting' says, as one of a sitting or a briefing does.
_EVENTS = frozenset("hearing hearings session sessions meeting meetings sitting sittings briefing briefings conference "
                    "conferences".split())
_EVENT_TERMS = frozenset(t for word in _EVENTS for t in tokenize(word))


def rules_confidence(read: ReadQuestion, kind: str, weights: dict[str, float], text: str, dense: float,
                     vectors: Callable[[Sequence[str]], np.ndarray], counted: frozenset[str] = frozenset(),
                     by_speaker: bool = False, passage: str = "", whole: bool = False) -> float:
    """How likely the passage `text` (cosine `dense` with the question) answers, between 0 and 1. A passage
    chosen `by_speaker` (who answered Mr Jones about net zero: the reply to his question) need not be close to
    the question's words in meaning: its question is. `passage` is what the passage itself says (without the
    document's title). A passage that is the `whole` of what was asked for (the one turn of someone asked what
    they said) covers a question that names no topic in full."""
    weights = {term: weight for term, weight in weights.items() if term not in _KIND_TERMS.get(kind, ())}
    said = set(tokenize(text))
    if not read.translated:
        # The asker's words about themselves, before what they ask ('I run a bar near the beach in Shinan.'), are
        # no topic a passage must hold: those it lacks weigh little, however long the story.
        told, asked = read.told
        background = set(tokenize(told)) - set(tokenize(asked)) - said
        told_weight = sum(weight for term, weight in weights.items() if term in background)
        if told_weight:
            asked_weight = sum(weight for term, weight in weights.items() if term not in background)
            share = min(BACKGROUND_WORD, BACKGROUND * asked_weight / told_weight)
            weights = {term: weight * (share if term in background else 1.0) for term, weight in weights.items()}
        # Asked which things the city is doing something with ('which theme parks are they pushing', 'the clusters
        # Qingdao is betting on'), the asker's verb for it is no topic: the record may put it otherwise ('promote',
        # 'focus on developing'). Not in a question asking yes or no ('are they cancelling the sailing week'), nor a
        # verb that undoes ('which theme parks are they scrapping').
        if not ASKS_YES_OR_NO.match(asked):
            doing = {term for match in _THEY_DO.finditer(asked) for term in tokenize(match.group(1))} - said - _UNDOING
            weights = {term: weight for term, weight in weights.items() if term not in doing}
    if read.translated:
        # A translation gives a word's senses in forms the stemmer keeps apart ('commercial commerce' for 商务): the
        # passage that has one form has the word.
        weights = {term: weight for term, weight in weights.items()
                   if term in said or not any(other in said and stem_variants(term, other) for other in weights)}
    missing = {term: word for word, term in read.missing if term in weights}
    # A title, an office or a body the record never names ('教育局局长', 'the Qingdao Education Bureau', 'did the mayor
    # attend'), or a city ('is shenzhen building one too'), is whom or what the question asks about: it weighs twice
    # the rest, so that a passage about anyone or anywhere else cannot answer.
    bodies = {word.lower() for span in _BODY_NAME.findall(read.text) for word in span.split()}
    bodies |= asked_places(read.text) | asked_people(read.text, roles=False)
    absent = {term for term, word in missing.items()
              if word in read.named and (read.translated or word.lower() in bodies)}
    if absent:
        rest = sum(weight for term, weight in weights.items() if term not in absent)
        weights |= {term: max(weights[term], 2 * rest / len(absent)) for term in absent}
    # A name means no other name (Shenzhen is not Guangdong); another word may be meant by a passage word.
    near = closeness([word for word in missing.values() if word not in read.named], passage_words(text), vectors)
    # ...and an abbreviation means what it abbreviates ('VR' the passage's 'Virtual Reality', and back).
    spelled = abbreviated(read.text, text, frozenset(missing.values()))
    # ...and a word the dictionary gives for the same Chinese word means it too ('pandemic': epidemic), or the
    # record's word-by-word translation of a Chinese word it glosses ('covid': 'new crown pneumonia').
    found = {word for word in missing.values() if near.get(word, 0.0) >= SAME_MEANING or word in spelled
             or (word not in read.named and (_said_otherwise(word, said) or calque(word, text) is not None))}
    total = sum(weights.values())
    meant = sum(weights[t] for t, word in missing.items() if word in found)
    # An official's title meets 'officials' or 'leaders' that the record uses elsewhere, as one it never uses.
    if said & _TITLE_TERMS:
        meant += sum(weight for term, weight in weights.items()
                     if term in _OFFICIAL_TERMS and term not in missing and term not in said)
    # A word a passage word comes near without meaning it ('panel', 'inquiry') is covered in part, as it is
    # lacking in part below.
    meant += NEAR_WORD * sum(weights[t] * float(nearness(near[word])) for t, word in missing.items()
                             if word not in found and word not in read.named)
    # A name the record never uses counts in full; another word, which a citizen may put differently, at most
    # half, and less the nearer a passage word comes to it.
    lacking = sum(weights[t] * (1.0 if word in read.named else LACKING_WORD * (1.0 - float(nearness(near[word]))))
                  for t, word in missing.items() if word not in found)
    if total:
        covered = (coverage(weights, text) * total + meant) / total
    else:  # no topic: neither for nor against, unless the passage is all that was asked for
        covered = 1.0 if whole else coverage(weights, text)
    confidence = max(0.0, min(1.0, 0.6 * covered + 0.4 * scaled_dense(dense)))
    if not by_speaker:
        confidence *= _relatedness(dense)
    if total:
        confidence *= 1.0 - lacking / total
    if kind in STRICT_KINDS:
        uncounted = bool(counted) and _uncounted(read, counted, text, vectors)
        # Asked where, a place named beside the question's words in the passage itself (not its title) says where
        # as 'in Portville' does; not through a translation, whose glosses may be beside anything.
        named = kind == "place" and not read.translated and names_place(frozenset(weights), passage)
        # ...and asked how many, a list of what is counted counts it ('venues such as Guoxin Financial Center and
        # Haitian Center').
        named = named or (kind == "number" and bool(counted) and lists(counted, passage or text))
        if kind in _DATED_KINDS and holds(kind, text) and not _dated_beside(kind, passage or text, weights):
            confidence *= DATE_APART
        confidence = min(1.0, confidence * _kind_factor(kind, counted, text, uncounted, named))
    if kind == "source" and holds(kind, text):
        confidence = max(confidence, BYLINE)
    if _OWN_ERRAND.search(read.text) and not _TELLS_WHAT_TO_DO.search(passage or text):
        confidence *= OWN_ERRAND
    asked = read.asked or read.text
    if _HERE_AND_NOW.search(asked) and not _REPORTED.search(asked) \
            and not (holds("clock", passage or text) and coverage(weights, text) == 1.0):  # it gives the hours
        confidence *= HERE_AND_NOW
    # ...unless a word of the question that the record uses elsewhere is not in it (about the ferry: not them),
    # or nothing in it comes near any word of the question (about the zoo).
    used = {term: weight for term, weight in weights.items() if term not in missing}
    near_some = not total or lacking < LACKING_WORD * total
    if by_speaker and dense >= _RELATED_COSINE and near_some and (not used or coverage(used, text) == 1.0):
        confidence = max(confidence, SPOKEN)
    return confidence


# A question asking yes or no ('did he say …', 'are they cancelling …'); not a request ('could you list the cities').
ASKS_YES_OR_NO = re.compile(r"^\W*(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b"
                            r"(?!\s+(?:you|u)\s+(?:please\s+)?"
                            r"(?:list|name|tell|give|show|explain|describe|enumerate)\b)",
                            re.IGNORECASE)
# Whoever a citizen says is doing something ('they're', 'Qingdao is'), and what they are doing ('pushing').
_THEY_DO = re.compile(r"\b(?:they(?:['’]?re|\s+(?:are|r))?|we(?:['’]re|\s+are)?"
                      r"|(?:the\s+)?(?:city|government|govt|qingdao)(?:['’]s|\s+is))\s+([a-z]+ing)\b", re.IGNORECASE)
_UNDOING = frozenset(term for word in """cancelling canceling scrapping cutting closing dropping delaying postponing
abandoning banning shutting stopping halting ending removing reducing suspending demolishing selling axing shelving
killing ditching scaling pausing""".split() for term in tokenize(word))


# A body's name ('Qingdao Education Bureau'): capitalised words ending in what a body is.
_BODY_NAME = re.compile(r"(?:\b[A-Z][\w'’-]*\s+(?:(?:of|for|and)\s+)?){1,4}(?:Bureau|Department|Ministry|Office"
                        r"|Committee|Commission|Council|Agency|Authority|Administration|Association|Corporation"
                        r"|Company)\b")


# Asked who ran a meeting ('who chaired the meeting', 'who moderated it'), a record that never names the role in any
# form does not say: the roster of those who answered is not who chaired. 'Hosted' and 'presided' are left out:
# 'hosting events' and 'President' share their stems.
_RUNNING_ROLES = {
    "chair": "chair chairs chaired chairing chairman chairmen chairwoman chairperson",
    "moderate": "moderate moderates moderated moderating moderator moderators",
    "convene": "convene convenes convened convening convener convenor",
    "emcee": "emcee emceed emcees mc",
}
_RUNNING = re.compile(r"\bwho\b.*?\b(" + "|".join(
    word for forms in _RUNNING_ROLES.values() for word in forms.split() if word != "mc") + r")\b", re.IGNORECASE)
_ROLE_TERMS = {form: frozenset(t for word in forms.split() for t in tokenize(word))
               for forms in _RUNNING_ROLES.values() for form in forms.split()}


def unrecorded_role(question: str, has_term: Callable[[str], bool]) -> str | None:
    """The role a 'who chaired / moderated / convened' question asks about, when the record never names it in any
    form ('chair', 'chairman', 'moderator' ...); None otherwise."""
    asked = _RUNNING.search(question)
    if asked is None:
        return None
    word = asked.group(1).lower()
    return None if any(has_term(term) for term in _ROLE_TERMS[word]) else word


def _relatedness(cosine: float) -> float:
    """1 for a passage the model finds at all related to the question, falling to 0 for one it finds unrelated
    whatever words they share ('Who composed The Four Seasons?' and a Lords debate on a four-week register)."""
    return max(0.0, min(1.0, (cosine - _UNRELATED_COSINE) / (_RELATED_COSINE - _UNRELATED_COSINE)))


def scaled_dense(cosine: float) -> float:
    """MiniLM cosine mapped to 0..1 between 'unrelated' (0.15) and 'clearly on point' (0.65)."""
    return max(0.0, min(1.0, (cosine - 0.15) / 0.5))


def demoted(score: float) -> float:
    """The fused score of a passage that asks rather than answers: lower by the same share whatever its sign
    (fused scores are z-scores, and 0.6 × a negative one would raise it)."""
    return score - (1 - ASKING_PENALTY) * abs(score)
