"""The question's words against the record's: spelled as the record spells them, or missing from it.

A citizen types 'comerce' or 'centre' where the record says 'commerce' and 'center': such a word is read as
the record's closest word. A word the record never uses, even so ('parking', 'Shenzhen', 'budget'), is a
sign that the record may not say what was asked, unless a word of the passage means the same (soccer and
football, evening and night), which the embedding model tells by the two words alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.background import passages_using, rarity
from bot.cedict import calques, chinese_places, pinyin_syllables, place_names, senses_glossing
from bot.dates import MONTHS
from bot.highlight import general_terms
from index.lexical import tokenize
from index.store import Store
from ingest.names import OFFICES, TITLES
from ingest.text import is_cjk

_LATIN = re.compile(r"[a-z]+")


def _without_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Offices that no other office means (a 'head' or a 'boss' may be a director: not these).
_OFFICES = frozenset("""mayor mayors governor governors premier premiers senator senators ambassador ambassadors
treasurer treasurers councillor councillors councilor councilors alderman aldermen sheriff sheriffs""".split())
_YEAR = re.compile(r"(?<![\d.,])(?:1[5-9]|20)\d\d(?![\d.,]?\d)")
# Edits allowed for a term of that many letters: short words have too many near neighbours. Two letters swapped
# ('fahsion') count as one edit.
_SHORTEST_CORRECTED, _ONE_EDIT_UP_TO = 4, 7
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SLIPS_TRIED = 3  # record terms one letter from a word spelled right, tried as what was meant (most used first)
# Two words whose MiniLM vectors are this close mean the same here (soccer/football 0.83, evening/night 0.78,
# spending/consumption 0.66; mayor/municipal 0.63, malls/shopping 0.59, budget/funds 0.58, Shenzhen/Qingdao 0.46
# are related words, not the same thing). Chosen on the dev half of bench/questions/fresh_seed_en.jsonl.
SAME_MEANING = 0.65
# Below it, a word still half-meant (competition/championship 0.61) counts less against a passage than one
# that nothing in it comes near: the penalty grows from nothing at SAME_MEANING to full at UNRELATED.
UNRELATED = 0.45
_MEANT_PER_WORD = 2  # passage words searched for one word the record lacks


def nearness(cosine: float | np.ndarray) -> float | np.ndarray:
    """How near in meaning two words of this cosine are: 0 at UNRELATED or below, 1 at SAME_MEANING or above."""
    return np.clip((cosine - UNRELATED) / (SAME_MEANING - UNRELATED), 0.0, 1.0)


class Vocabulary:
    """The record's BM25 terms, read from the index once, the first time a question needs them."""

    def __init__(self, store: Store, words: frozenset[str] = frozenset()) -> None:
        self._store = store
        self._words = words  # English words spelled right (the embedding model's own): never respelled

    @cached_property
    def _latin(self) -> tuple[list[str], dict[str, int]]:
        counts = {term: chunks for term, chunks in self._store.vocabulary() if _LATIN.fullmatch(term)}
        return list(counts), counts

    @cached_property
    def _accented(self) -> dict[str, str]:
        """The record's terms with accents ('ergänzungsschul'), by their spelling without them."""
        folded = ((_without_accents(term), term) for term, _ in self._store.vocabulary() if not _LATIN.fullmatch(term))
        return {plain: term for plain, term in folded if _LATIN.fullmatch(plain)}

    def spelled(self, word: str, term: str) -> str | None:
        """The record's term closest in spelling to `term` (the BM25 term of `word`, which the record does not
        use), or None: for a word too short to tell, or one spelled right that the record does not use ('mayor'
        is not a misspelled 'major'). A word typed without the record's accents is the record's word."""
        if len(term) < _SHORTEST_CORRECTED or not _LATIN.fullmatch(term) or word in self._words:
            return None
        if term in self._accented:
            return self._accented[term]
        terms, counts = self._latin
        # An English word one slip away whose term the record uses is what was meant: 'siling' is the record's
        # 'sailing', though its term 'sile' is one letter from the record's 'sale'.
        meant = {t for variant in _one_edit(word) if variant in self._words and _same_start(word, variant)
                 for t in tokenize(variant)[:1] if t in counts}
        if meant:
            return max(meant, key=lambda t: (counts[t], t))
        limit = 1 if len(term) <= _ONE_EDIT_UP_TO else 2
        # A slip seldom falls on the first letter: 'vistors' is no 'history' (term 'histor'), though one edit
        # from it; two first letters swapped are one slip ('fahsion', 'ofr').
        found = [match for match in process.extract(term, terms, scorer=OSA.distance, score_cutoff=limit, limit=8)
                 if _same_start(term, match[0])]
        if found:
            # The fewest edits; among equals, the word the record uses most.
            return min(found, key=lambda match: (match[1], -counts[match[0]]))[0]
        # A word spelled as it sounds ('speshal': special, 'nashional': national): the record's word it sounds as.
        sounded = {t for variant in _sounded(word) for t in tokenize(variant)[:1] if t in counts}
        if sounded:
            return max(sounded, key=lambda t: (counts[t], t))
        # A slip near the end of a word hides its stem ('impeachmnet' is no 'impeachment', whose term is
        # 'impeach'): the word one edit away whose term the record uses.
        edited = {t for variant in _one_edit(word) if _same_start(word, variant)
                  for t in tokenize(variant)[:1] if t in counts}
        return max(edited, key=lambda t: (counts[t], t)) if edited else None

    def english(self, word: str) -> str | None:
        """For a word that is no English word (the model's) and that the record does not use, the English word
        one edit away that English text uses most ('anyting': anything; 'bilt': built), or None. A possessive
        keeps its ending ("nwespaper's": newspaper's)."""
        owner = _POSSESSIVE.search(word)
        if owner is not None:
            found = self.english(word[: owner.start()])
            return found + owner.group() if found is not None else None
        if len(word) < _SHORTEST_CORRECTED or word in self._words or not _LATIN.fullmatch(word) \
                or any(base in self._words for base in _bases(word) if len(base) > _SHORTEST_BASE):
            return None  # (an inflection of an English word; not of a short one: 'socer' is no 'soc' + 'er')
        near = [variant for variant in _one_edit(word) if variant in self._words]
        if not near:
            return None
        return max(near, key=lambda w: (_everyday(w), w))

    def english_for(self, word: str, term: str) -> str | None:
        """The English word one slip from `word` whose BM25 term is `term` (the record's term it was read as):
        'bulding', read as the record's 'build', is 'building'; None if there is none."""
        if not _LATIN.fullmatch(word):
            return None
        near = [v for v in _one_edit(word) if v in self._words and tokenize(v)[:1] == [term]]
        return max(near, key=lambda w: (_everyday(w), w)) if near else None

    def slipped(self, word: str, before: str | None, after: str | None,
                together: Callable[[str, str], bool]) -> str | None:
        """For a word spelled right that the record does not use, the record's term one letter away that makes
        one of the record's phrases with the question's word `before` or `after` it (terms): 'sailing weak' is
        the record's 'Sailing Week'; 'the mayor say' makes no phrase of 'major'."""
        if word not in self._words or len(word) < _SHORTEST_CORRECTED or (before is None and after is None):
            return None
        _, counts = self._latin
        own = tokenize(word)[:1]
        near = {t for variant in _one_edit(word) for t in tokenize(variant)[:1] if t in counts and [t] != own}
        for term in sorted(near, key=lambda t: (-counts[t], t))[:_SLIPS_TRIED]:
            if (before and together(before, term)) or (after and together(term, after)):
                return term
        return None


def _same_start(typed: str, meant: str) -> bool:
    """Whether a word typed could be a slip on `meant` by its first letters: the same first letter, or the first two
    swapped."""
    return typed[:1] == meant[:1] or (len(typed) > 1 and len(meant) > 1 and typed[:2] == meant[1::-1][:2])


# English endings, and what a base form ends in instead: 'grilling' is 'grill' + ing, 'hoped' 'hope' + d.
_ENDINGS = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ies", "y"), ("es", ""), ("s", ""),
            ("ly", ""), ("er", ""), ("est", ""))
_SHORTEST_BASE = 3


def _bases(word: str) -> set[str]:
    """The base forms an English word may be inflected from ('grilling': grill, grille; 'running': run)."""
    found = set()
    for ending, base_end in _ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            found.add(stem + base_end)
            if len(stem) > 1 and stem[-1] == stem[-2] and not base_end:  # running: run
                found.add(stem[:-1])
    return {base for base in found if len(base) >= _SHORTEST_BASE}


_SYNONYM_WORDS = 4  # the Chinese words consulted per English word, those it glosses most directly first


@lru_cache(maxsize=4096)
def synonyms(word: str) -> frozenset[str]:
    """English words that mean `word` by way of a Chinese word both gloss alone ('pandemic': epidemic, 大流行;
    'evenings': night), each the last word of its gloss ('major epidemic': epidemic); see `cedict.senses_glossing`."""
    forms = {word.lower(), *_bases(word.lower())}
    found = sorted({senses for form in forms for senses in senses_glossing(form)})
    return frozenset(gloss.split()[-1] for _, senses in found[:_SYNONYM_WORDS] for gloss in senses
                     if gloss.split()[-1] not in forms)


def _everyday(word: str) -> int:
    """How much English text uses a word: a stop word or filler ('which', 'anything') more than any other."""
    terms = tokenize(word)
    return passages_using(terms[0]) if terms and terms[0] not in general_terms() else 1 << 30


# Spellings of the same sound ('sh' for the 'ci' of 'special'), tried on a word the record lacks.
_SOUNDS = (("sh", "ci"), ("sh", "ti"), ("f", "ph"), ("k", "c"), ("s", "c"), ("z", "s"), ("j", "g"))


def _sounded(word: str) -> set[str]:
    """The spellings of `word` with one of its sounds written another way ('speshal': specal, special ...)."""
    return {word[:i] + other + word[i + len(said):] for said, other in _SOUNDS
            for i in range(1, len(word)) if word.startswith(said, i)}


@lru_cache(maxsize=1024)
def _one_edit(word: str) -> frozenset[str]:
    """The spellings one edit away from `word`: a letter left out, swapped with the next, changed or put in (made
    once per word: a word's slips are looked up in the record's terms and in English's)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return frozenset({a + b[1:] for a, b in splits if b}
                     | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
                     | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
                     | {a + c + b for a, b in splits for c in _LETTERS})


# How people type on a phone: shorthand for common English words, read as the words (never a word the record
# itself uses: a name 'Wen' stays a name).
CHAT_WORDS = {
    "u": "you", "ur": "your", "r": "are", "y": "why", "wat": "what", "wut": "what", "wht": "what", "wats": "what is",
    "wich": "which", "wen": "when", "whn": "when", "wher": "where", "whr": "where", "hw": "how", "whos": "who is",
    "pls": "please", "plz": "please", "ppl": "people", "govt": "government", "gov": "government", "bc": "because",
    "cuz": "because", "coz": "because", "abt": "about", "thx": "thanks", "tmrw": "tomorrow", "tmr": "tomorrow",
    "yday": "yesterday", "b4": "before", "w/": "with", "w/o": "without", "yr": "year", "yrs": "years",
    "dept": "department", "intl": "international", "natl": "national", "mgmt": "management", "prez": "president",
    "pres": "president", "info": "information", "k": "okay", "wanna": "want to", "gonna": "going to", "gotta": "got to",
    "dunno": "do not know", "smth": "something", "sth": "something", "ppls": "people's", "becuz": "because",
    "hq": "headquarters", "hqs": "headquarters", "mgr": "manager", "avg": "average", "approx": "approximately",
    "reps": "representatives", "admin": "administration", "q&a": "question and answer session",
    "q&as": "question and answer sessions", "q": "question", "qs": "questions", "biz": "business", "n": "and",
    "mtg": "meeting", "mtgs": "meetings", "hrs": "hours", "mins": "minutes", "thru": "through", "bout": "about",
    "journo": "journalist", "journos": "journalists",
    # contractions typed without their apostrophe
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "cannot", "couldnt": "could not",
    "wont": "will not", "wouldnt": "would not", "shouldnt": "should not", "isnt": "is not", "arent": "are not",
    "wasnt": "was not", "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "im": "I am", "ive": "I have", "youre": "you are", "theyre": "they are", "thats": "that is", "whats": "what is",
    "hows": "how is", "wheres": "where is", "whens": "when is", "whys": "why is", "theres": "there is",
}
_CAPITALISED_CHAT = frozenset({"hq"})  # shorthand written in capitals as often as not
# A month as a date abbreviates it, beside a day or a year ('Nov 2021', 'Sept. 11', '13 Aug'; not 'did it mar').
_FULL_MONTHS = {number: name.capitalize() for name, number in reversed(MONTHS.items())}  # the first name: the full one
_MONTHS = {name: _FULL_MONTHS[number] for name, number in MONTHS.items() if name != _FULL_MONTHS[number].lower()}
_SHORT_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_SHORT = re.compile(rf"\b({_SHORT_MONTH})\b\.?(?=\s*\d)|(?<=\d\s)({_SHORT_MONTH})\b\.?", re.IGNORECASE)
# A date in figures after a word that dates ('on 1/22', 'since 22/1/2021'), or with its year: read as the month's
# name and the day where it can be only one ('1/22' is January 22 however the asker orders them; not '3/4', nor the
# '24/7' of a service always open).
_NUMERIC_DATE = re.compile(r"(?:\b(?P<word>on|since|from|until|till|by|before|after)\s+)?(?<![\d/.,])"
                           r"(?P<first>\d{1,2})/(?P<second>\d{1,2})(?:/(?P<year>\d{4}))?(?![\d/]|\.\d)", re.IGNORECASE)
_LAST_DAY = 31


def _date_in_words(match: re.Match[str]) -> str:
    first, second, months = int(match["first"]), int(match["second"]), len(_FULL_MONTHS)
    if not (match["word"] or match["year"]):
        return match.group()
    if (first == second and 1 <= first <= months) or 1 <= first <= months < second <= _LAST_DAY:
        month, day = first, second
    elif 1 <= second <= months < first <= _LAST_DAY:
        month, day = second, first
    else:
        return match.group()
    date = f"{_FULL_MONTHS[month]} {day}" + (f", {match['year']}" if match["year"] else "")
    return f"{match['word']} {date}" if match["word"] else date


_CHAT = re.compile(r"(?<![\w.'’/-])(" + "|".join(sorted(map(re.escape, CHAT_WORDS), key=len, reverse=True))
                   + r")(?![\w.'’/-])", re.IGNORECASE)


# A question word or a pronoun run together with its verb ('when'd they meet', 'what're they building', 'who's in
# charge'): the words, unless the record (a transcript of speech) writes the same contraction.
_CONTRACTED = re.compile(r"\b(what|when|where|who|how|why|which|i|you|he|she|we|they|it)['’](d|ll|re|ve|s)\b",
                         re.IGNORECASE)
_CONTRACTED_VERBS = {"ll": "will", "re": "are", "ve": "have"}
# 's: 'has' before 'been' or 'got' ('who's been appointed'), else 'is' ('what's planned'); after a question word only
# (not 'it's').
_HAS = re.compile(r"\s+(?:been|got|gotten|had)\b", re.IGNORECASE)
# 'd: 'had' before a past participle ('he'd been briefed', 'they'd closed it'); else 'did' after a question word
# ('when'd they meet'), 'would' after a pronoun ('they'd do').
_PARTICIPLE = re.compile(r"\s+(?:been|better|had|done|gone|seen|said|told|made|got|gotten|given|taken|known|heard|met"
                         r"|paid|sent|left|kept|held|found|brought|bought|built|won|lost|written|spoken|[a-z]+ed)\b",
                         re.IGNORECASE)
_QUESTION_WORDS = frozenset("what when where who how why which".split())

_AUXILIARY = re.compile(r"\s+(?:did|does|do|is|was|are|were|will|would|can|could|has|have|had|should)\b", re.IGNORECASE)


# A chat's greetings and thanks around a question ('Hi! …', '… Thanks!', '你好，…谢谢'), and a request to tell
# before it ('Please tell me: …', 'can you tell me …'): no words of what is asked.
_GREETING = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening|day))\b"
                       r"(?:\s+(?:there|all|everyone|team))?|你好|您好|大家好)[\s,，!！.。:：;；~-]*", re.IGNORECASE)
_THANKS = re.compile(r"(?<=[\w?？。.!！)\]])[\s,，.。!！;；~-]*(?:\b(?:(?:many\s+)?thanks|thank\s+you|thx|ty|cheers|"
                     r"much\s+appreciated|appreciate\s+it|please|pls|plz)\b|谢谢|多谢|感谢)"
                     r"(?:\s+(?:a\s+lot|so\s+much|very\s+much|in\s+advance))?(?:[\s,，]*(?:你|您|大家))?[\s!！.。~:)]*$",
                     re.IGNORECASE)
_TELL_ME = re.compile(r"^\W*(?:(?:(?:please|pls|plz)\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?)?"
                      r"(?:tell|let)\s+me(?:\s+know)?"
                      r"|i(?:\s+(?:want|wanna|would\s+like|need)|['’]d\s+like)\s+to\s+know"
                      # 'I was wondering, who …', 'just wondering when …', 'do you know where …', 'any idea which …'
                      r"|i\s+wonder|(?:i\s+(?:was|am|have\s+been)\s+|i['’]?m\s+|i['’]ve\s+been\s+|just\s+)?wondering"
                      r"|(?:do|does)\s+(?:you|u|anyone|anybody)\s+know|any\s+idea)"
                      # (then what is asked, after a comma or a colon ('Please tell me: …') or as a question ('tell me
                      # who talked about …', 'I want to know which …'): not 'tell me if …')
                      r"(?:\s*[,:;–—-]+\s*|\s+(?=(?:who|whom|whose|what|whats|when|where|which|how|why|wat|wot|wen"
                      r"|did|does|do|is|are|was|were|can|could|will|has|have)\b))"
                      # ...or asked to tell anything ('can you tell me head of culture and tourism bureau')
                      r"|^\W*(?:(?:please|pls|plz)\s+)?(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?tell\s+me\s+"
                      r"(?!(?:if|whether|about)\b)"
                      # ...and a Chinese asker's ('我想知道…', '请问一下，…', '能告诉我…')
                      r"|^\W*(?:我?想(?:知道|了解(?:一下)?|问(?:问|一下|下)?)|请问(?:一下)?|(?:你|您)?(?:能|可以)(?:不能)?告诉我"
                      r"|麻烦问(?:一下)?|打听一下)[\s,，:：]*", re.IGNORECASE)


# ...and a chat's word that a question follows ('Quick question: …', 'quick one -', 'random q,', 'question for you:').
_QUICK_ONE = re.compile(r"^\W*(?:(?:(?:a|one|just\s+a)\s+)?(?:quick|random|small|simple)\s+(?:one|question|q)"
                        r"|question)(?:\s+for\s+(?:you|u|ya))?(?:\s*[:,;.!–—-]+\s*|\s+(?=(?:who|what|when|where|which"
                        r"|how|why|did|does|do|is|are|was|were|can|could|will)\b))", re.IGNORECASE)


def without_pleasantries(question: str) -> str:
    """The question without the greetings, thanks and request to tell around it; the question itself if nothing
    else is left ('thanks!' alone)."""
    bare = _TELL_ME.sub("", _QUICK_ONE.sub("", _THANKS.sub("", _GREETING.sub("", question))))
    return bare if bare.strip(" ?？!！.。") else question


def as_typed(question: str) -> str:
    """The question as it is meant however it was typed: full-width letters and digits as ASCII ones ('ＣＢＡ', '８大'),
    as a Chinese input method may type them; without a phone's emoji; with one question mark where a chat types
    several ('when??') and none for a full stop at its end (not an initial's: 'D.C.'); without a chat's greetings
    and thanks around it ('Hi! …', '… Thanks!'); in small letters when typed in capitals ('WHO ANSWERED LIN QING?'),
    whose capitals mark no names."""
    question = _EMPHASIS.sub(lambda m: m.group()[0], _without_emoji(question.translate(_HALF_WIDTH)))
    question = without_pleasantries(_FULL_STOP.sub("", question))
    letters = [char for char in question if char.isascii() and char.isalpha()]
    if len(letters) >= _SHOUTED_FROM and sum(char.isupper() for char in letters) >= _SHOUTED * len(letters):
        question = question.lower()
    return question


def _without_emoji(text: str) -> str:
    """The text without the pictures a phone's keyboard types ('🙏', '🤔', '👍🏽'), which say nothing asked."""
    if text.isascii():
        return text
    kept = "".join(char for char in text if unicodedata.category(char) not in _PICTURES and char not in _JOINERS)
    return re.sub(r"\s{2,}", " ", kept).strip() if kept != text else text


_PICTURES = frozenset({"So", "Sk"})  # symbols: emoji and their skin tones
_JOINERS = frozenset("\u200d\ufe0f")  # the zero-width joiner and the emoji presentation selector
_FULL_STOP = re.compile(r"(?<!\b[A-Za-z])[.。]\s*$")  # a question typed with a full stop ('which federation HQ.')
_EMPHASIS = re.compile(r"[?？][?？!！]+|[!！][!！?？]+")  # a chat's '??', '?!' and '!!!': one mark (its first)
_SHOUTED, _SHOUTED_FROM = 0.8, 8  # the share of a question's letters in capitals, of at least so many letters
_HALF_WIDTH = {wide: wide - 0xFEE0 for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for wide in range(start, end + 1)}


def spelled_out(question: str, known: Callable[[str], bool]) -> str:
    """The question with chat shorthand and contractions written out ('wat day did u go' -> 'what day did you go',
    'when'd they meet' -> 'when did they meet'); shorthand or a contraction the record uses as a word is left as
    it is (a transcript of speech says 'he'd')."""
    def expand(match: re.Match[str]) -> str:
        short = match.group(1)
        terms = tokenize(short)
        # ...unless it opens the question before a verb ('wen did', whatever Wen the record names)
        opening = not question[: match.start()].strip() and _AUXILIARY.match(question, match.end())
        # 'Wat' begins a sentence; 'R' or 'U' alone may be an initial ('HQ' is written in capitals)
        if (terms and known(terms[0]) and not opening) or (len(short) < 3 and not short.islower()
                                                            and short.lower() not in _CAPITALISED_CHAT):
            return short
        return CHAT_WORDS[short.lower()]

    def uncontract(match: re.Match[str]) -> str:
        word, ending = match.group(1), match.group(2).lower()
        terms = tokenize(match.group())  # none for "what's": both are stop words
        if (terms and known(terms[0])) or (ending == "s" and word.lower() not in _QUESTION_WORDS):
            return match.group()
        if ending == "s":
            return f"{word} {'has' if _HAS.match(match.string, match.end()) else 'is'}"
        verb = _CONTRACTED_VERBS.get(ending) or ("had" if _PARTICIPLE.match(match.string, match.end())
                                                 else "did" if word.lower() in _QUESTION_WORDS else "would")
        return f"{word} {verb}"
    question = _MONTH_SHORT.sub(lambda m: _MONTHS[(m.group(1) or m.group(2)).lower()], question)
    question = _NUMERIC_DATE.sub(_date_in_words, question)
    return _names_rejoined(_CONTRACTED.sub(uncontract, _CHAT.sub(expand, question)), known)


# A name's syllables typed apart or run together ('Sun Li Jie', 'li-jie', 'sunlijie'), where the record writes them
# as its own words ('Sun Lijie'): at most this many letters a syllable.
_SYLLABLE = 6
_SYLLABLES = re.compile(rf"(?<![\w'’-])([A-Za-z]{{1,{_SYLLABLE}}})([\s-])"
                        rf"(?=([A-Za-z]{{1,{_SYLLABLE}}})(?![\w-]|['’](?![sS]\b)))")  # (a possessive may follow)
_RUN_TOGETHER = re.compile(r"(?<![\w'’-])[A-Za-z]{5,}(?![\w'’-])")


def _pinyin_word(word: str) -> bool:
    """Whether a word is two pinyin syllables run together, as a Chinese given name is ('lijie', 'jinghua')."""
    return any(word[:at].lower() in pinyin_syllables() and word[at:].lower() in pinyin_syllables()
               for at in range(2, len(word) - 1))


def _names_rejoined(question: str, known: Callable[[str], bool]) -> str:
    """The question with a Chinese name's pinyin syllables written as the record writes them: two joined when the
    record uses the joined word and English seldom does ('Li Jie': Lijie); a word the record does not use split in
    two that it does use, the second two syllables English seldom uses ('sunlijie': sun lijie)."""
    def named(word: str) -> bool:
        terms = tokenize(word)
        return len(terms) == 1 and known(terms[0]) and rarity(terms[0]) >= 1.0

    def syllables(*words: str) -> bool:  # (not 'a' or 'e', which English uses)
        return all(len(word) > 1 and word.lower() in pinyin_syllables() for word in words)

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(3)
        return first if syllables(first, second) and named(first + second) else match.group(0)

    def used(word: str) -> bool:
        terms = tokenize(word)
        return bool(terms) and all(known(term) for term in terms)

    def split(match: re.Match[str]) -> str:  # (the letters first: most words of a question are no syllables)
        word = match.group()
        for at in range(2, len(word) - 1):
            head, tail = word[:at], word[at:]
            if syllables(head) and _pinyin_word(tail) and used(head) and named(tail) and not used(word):
                return f"{head} {tail}"
        return word
    return _RUN_TOGETHER.sub(split, _SYLLABLES.sub(join, question))


@dataclass(frozen=True)
class ReadQuestion:
    """A question as the record would spell it: the text searched, and what the record does not use."""

    text: str  # the question, followed by the record's spelling of the terms it misspells (BM25 terms)
    # the question's own terms not weighed: those respelled, and the other parts of a compound the record lacks
    misspelled: frozenset[str] = frozenset()
    missing: tuple[tuple[str, str], ...] = ()  # (word, its term) of the words the record never uses, however spelled
    named: frozenset[str] = frozenset()  # missing words written with a capital ('Shenzhen') or naming who spoke
    translated: bool = False  # asked in another language: `text` is its translation, every gloss of every word
    asked: str = ""  # translated: the question as asked
    # terms searched for words the record lacks ('football' for 'soccer'), each with its share of the word's weight:
    # a phrase standing in for one word ('new crown pneumonia' for 'covid') weighs as that word
    stand_ins: tuple[tuple[str, float], ...] = ()
    respelled: tuple[tuple[str, str], ...] = ()  # (term as asked, the term meant: the record's or an English word's)
    meant: str = ""  # the question with its slips written as the words meant ('fashon school': fashion school)
    typed: str = ""  # the question as typed, without the record's spellings added to `text`

    @cached_property
    def told(self) -> tuple[str, str]:
        """What the asker tells besides what they ask, and what they ask (`told_and_asked`); nothing told, read
        through a translation."""
        return ("", self.text) if self.translated else told_and_asked(self.meant or self.typed)


# Whom a question says spoke ('what did the mayor say'), not a noun after 'and' ('did this whole question and
# answer session go down').
_SAYER = re.compile(r"\b(?:did|does|do|has|have|had|will|would|can|could)\s+((?:[A-Za-z][\w'’-]*\s+){1,3}?)"
                    r"(?<!\band\s)(?<!\bor\s)"
                    r"(?:say|tell|mention|talk|speak|explain|promise|propose|announce|answer|respond|reply)\b",
                    re.IGNORECASE)


# The one asked about by role ('who is the architect of the sailing center', 'who is qingdao's party secretary'):
# like an office, a role the record never names is someone it does not mention.
_ROLE_ASKED = re.compile(r"\bwho(?:\s+(?:is|was|are|were)|['’]s)\s+"
                         r"(?:(?:the|a|an|its|their)\s+(?:[\w-]+['’]s\s+)?|[\w-]+['’]s\s+)"  # the, the city’s
                         r"((?:[A-Za-z][\w-]*\s+){0,2}?[A-Za-z][\w-]*)"
                         r"\s*(?:\b(?:of|for|at|in|on|behind|to|that|who|which|when|during)\b|[?.!,]|$)", re.IGNORECASE)
# ...but not a word for whoever leads or speaks ('who is the head of the commerce bureau': its Director).
_ANYONE = frozenset("""head heads chief boss leader leaders person people one official officials representative
representatives guy man woman individual member members main top""".split())


_DIGITS = {word: str(n) for n, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                                  "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
                                                  .split())}

_NUMBER_WORDS = {digits: word for word, digits in _DIGITS.items()}


def read_question(question: str, known: Callable[[str], bool], vocabulary: Vocabulary,
                  together: Callable[[str, str], bool] | None = None) -> ReadQuestion:
    """'who heads the comerce bureau' is searched as 'who heads the comerce bureau commerc'; in 'parking
    budget for the sailing week', 'budget' is missing when the record never says it. With `together` (whether
    two terms stand side by side in the record), a word typed for another ('sailing weak') is read as meant."""
    added, misspelled, missing = [], set(), []
    respelled: dict[str, str] = {}  # a misspelled term: the term meant
    written: dict[str, str] = {}  # a misspelled word: the English word meant, where one is one slip away
    named = {m.group().lower() for m in _WORD.finditer(question) if m.start() > 0 and m.group()[0].isupper()}
    # Whoever the question says spoke ('what did the mayor say') is someone, as a name is: if the record never
    # mentions a mayor, no other word of it means him.
    named |= {w.lower() for m in _SAYER.finditer(question) for w in _WORD.findall(m.group(1))}
    # An office is someone too: where the record has no mayor, its minister is not one.
    named |= {w.lower() for w in _WORD.findall(question) if w.lower() in _OFFICES}
    # ...and so is a role asked about ('who is the architect of ...').
    named |= asked_people(question)
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(question)))
    for word in words:
        terms = tokenize(word)
        lacked = _lacked_compound(word, terms, known, vocabulary)
        if lacked is not None:
            # 'old-school', 'after-dark': one thing the record does not name, however it uses 'school' or 'after'.
            missing.append((word, lacked))
            misspelled.update(term for term in terms if term != lacked)
            continue
        if "-" in word and len(terms) > 1:
            # 'e-commecre': each part a word of its own, which may be a slip (a name's parts are names)
            parts = [part for part in word.split("-") if _WORD.fullmatch(part) and part not in words]
            words += parts
            named |= set(parts) if word in named else set()
            continue
        if not terms or known(terms[0]) or terms[0] in general_terms():
            continue
        if _DIGITS.get(word) and known(_DIGITS[word]):  # 'nine questioners': the record's '9 questioners'
            added.append(_DIGITS[word])
            misspelled.add(terms[0])
            respelled[terms[0]] = _DIGITS[word]
            continue
        spelled = vocabulary.spelled(word, terms[0])
        english = vocabulary.english(word) if spelled is None else None
        if english is not None and word in named and english.lower() not in _ANYONE | _OFFICES \
                and not (word.islower() and _NO_NAME.fullmatch(english)):
            # a name is not a slip ('qing': not 'king'); a word for whoever speaks is ('oficials'), and so is
            # one no name is, read as part of who spoke ('what did Li Suman atcually say': actually)
            english = None
        if english is not None:
            # A slip on a word the record does not use either ('anyting'): the word meant, filler or missing.
            misspelled.add(terms[0])
            written[word] = english
            for term in tokenize(english)[:1]:
                respelled[terms[0]] = term
                if known(term):
                    added.append(term)
                elif term not in general_terms():
                    added.append(english)
                    missing.append((english, term))
        elif spelled is None:
            missing.append((word, terms[0]))
        else:
            added.append(spelled)
            misspelled.add(terms[0])
            respelled[terms[0]] = spelled
            english = vocabulary.english_for(word, spelled)
            if english is not None:
                written[word] = english
    for digits in dict.fromkeys(re.findall(r"(?<![\d.,])\d{1,2}(?![\d.,]?\d)", question)):
        word = _NUMBER_WORDS.get(digits)  # '8 industry groups': the record's 'eight industrial clusters'
        if word is not None and not known(digits) and known(word):
            added.append(word)
    if together is not None and missing:
        sequence = [respelled.get(t, t) for t in tokenize(question)]  # misspelled neighbours as the record spells them
        for word, term in list(missing):
            at = sequence.index(term) if term in sequence else -1
            if at < 0:
                continue
            before, after = sequence[at - 1] if at > 0 else None, sequence[at + 1] if at + 1 < len(sequence) else None
            meant = vocabulary.slipped(word, before, after, together)
            if meant is not None:
                missing.remove((word, term))
                added.append(meant)
                misspelled.add(term)
    # A place typed in lower case is named as one with a capital ('is shenzhen building one too').
    named |= {word for word, _ in missing if word not in named and word.isalpha() and word in place_names()}
    # A year the record never writes is a time it does not cover, as a name it lacks is someone it does not
    # mention ('the 2019 meeting').
    for year in dict.fromkeys(_YEAR.findall(question)):
        if not known(year):
            missing.append((year, year))
            named.add(year)
    if together is not None:
        # A title or a name of several words ('Pride and Prejudice', 'Mona Lisa') is something the record lacks
        # when it never writes two of them side by side, though it uses each ('pride' alone is not the novel).
        for words in _named_phrases(question):
            # ...not counting a title before a name ('Director Che': the record writes 'Che Jinghua, Director of …')
            while words and words[0].lower().rstrip(".") in _TITLED:
                words = words[1:]
            # each word with its own term ('When Senator Rudman': 'When' has none)
            pairs = [(w.lower(), terms[0]) for w in words if (terms := tokenize(w))]
            terms = [t for _, t in pairs]
            if len(terms) > 1 and all(known(t) for t in terms) \
                    and not any(together(a, b) for a, b in pairwise(terms)):
                missing += [pair for pair in pairs if pair not in missing]
                named |= {w for w, _ in pairs}
    text = f"{question} {' '.join(dict.fromkeys(added))}" if added else question
    meant = _WORD.sub(lambda m: _as_meant(m.group(), written), question) if written else ""
    return ReadQuestion(text, frozenset(misspelled), tuple(missing), frozenset(named) & {w for w, _ in missing},
                        respelled=tuple(respelled.items()), meant=meant, typed=question)


# The end of a sentence typed in a chat, whatever case the next one opens in ('... last night. who is chu lianyu');
# not an abbreviation's full stop ('Mr. Nunn', 'the U.S. plan').
_SENTENCE_END = re.compile(r"(?<=[?!？！。])\s*|(?<=[a-z]{2}[.])\s+(?<!\b[MD]r[.]\s)(?<!\bMrs[.]\s)")
# An asking sentence that refers back to someone or something told before it ('What did she say?', 'When will it
# open?'). Not 'they', which a citizen says of the city or its officials ('what are they building').
_REFERS_BACK = re.compile(r"\b(?:he|she|him|her|his|hers|it)\b", re.IGNORECASE)


# A Chinese sentence asks with a question word anywhere in it ('其他几个局长和会长是谁').
_ASKS_IN_CHINESE = re.compile(r"谁|什么|啥|哪|几[个位次名项家条种]|多少|吗|呢|怎么|怎样|为什么|为何|何时|是否|有没有|是不是")
_OPENS_ASKING = re.compile(r"^\W*(?:(?:and|but|so|also|or)\s+)?(?:who|whom|whose|what|whats|when|where|which|why"
                           r"|how|did|does|do|is|are|was|were|will|would|can|could|should|has|have)\b", re.IGNORECASE)


# A chat's question run on into what the asker tells, with no stop between ('who is chu lianyu I live in Licang and
# my wife asked me', 'who is sun lijie Quick question from a taxi driver'): the telling starts with the asker's 'I'
# or 'My' after a word that cannot lead into it, as 'how do I apply' or 'what did my son miss' do, and goes on for a
# clause. ('I' follows no preposition: 'which paper is this from I saw it on WeChat' runs on; 'from my son' need not.)
_RUN_ON = re.compile(r"(?<=[\w'’])\s+(?=(?P<mine>My|Our)\s+\S+\s+\S+\s+\S|(?:I|i|I['’]m|i['’]m|I['’]ve|I['’]d|We"
                     r"|We['’]re)\s+\S+\s+\S+\s+\S|[Qq]uick\s+(?:question|q)\b)")
_LEADS_ON = frozenset("""do does did can could should would will shall may might must am is are was were have has had
what who where when why how which whom whose and or but if that so because as than let tell show give help whether
unless until while once then know think mean guess hope say said wish""".split())
_LEADS_ON_TO_MINE = _LEADS_ON | frozenset("to for of with about from by at in on into after before like".split())


def _run_on(sentence: str) -> tuple[str, str] | None:
    """A sentence not ending in a question mark split where the asker's telling runs on from the question, or None."""
    if sentence.endswith(("?", "？")):
        return None
    for match in _RUN_ON.finditer(sentence):
        words = _WORD.findall(sentence[: match.start()])
        if words and words[-1].lower() not in (_LEADS_ON_TO_MINE if match.group("mine") else _LEADS_ON):
            return sentence[: match.start()], sentence[match.end():]
    return None


def runs_on(question: str, asked: str) -> bool:
    """Whether what the question asks (`asked`, as `told_and_asked` reads it) runs on into what the asker tells, with
    no stop between: it is no sentence of the question's own (nor a Chinese sentence's clauses after the asker's
    own: '我住在李沧，' before '孙立杰说了什么？')."""
    return not any(sentence == asked
                   or (sentence.endswith(asked) and _CHINESE_CLAUSE_END.search(sentence[: -len(asked)]))
                   for sentence in _SENTENCE_END.split(question.strip()))


# A Chinese clause the asker opens with themselves ('我住在李沧区，', '我家孩子在海大读书，'), which asks nothing; not
# 'our city' ('我市', '我们市'), which is what an official question is about.
_OF_THE_ASKER = re.compile(r"^\s*(?:我(?!们?[市国省区县])|俺|咱|本人)")
_CHINESE_CLAUSE_END = re.compile(r"[，,；;]\s*$")


def _told_in_chinese(sentence: str) -> tuple[str, str] | None:
    """A Chinese sentence that opens with the asker telling of themselves, split after the clauses that ask
    nothing ('我退休了，在家看新闻，' before '孙立杰说了什么？': the second clause's subject is still the asker): (told,
    asked), or None."""
    clauses = re.split(r"(?<=[，,；;])", sentence)
    told = 0
    while told < len(clauses) - 1 and (told or _OF_THE_ASKER.match(clauses[told])) \
            and not _ASKS_IN_CHINESE.search(clauses[told]) and is_cjk(clauses[told]):
        told += 1
    if not told:
        return None
    return "".join(clauses[:told]).strip(), "".join(clauses[told:]).strip()


def told_and_asked(question: str) -> tuple[str, str]:
    """The sentences of a question that only tell and the one that asks ('I run a noodle shop near the station.',
    'Who heads the commerce bureau?'): the one sentence that ends in a question mark or opens as a question does, told
    before or after, or else the last; nothing told when the question is one sentence, asks in several, or the one
    that asks refers to what was told ('What did she say?'). A question run on into a telling sentence is the
    sentence that asks, whatever it opens with."""
    sentences = [sentence for sentence in _SENTENCE_END.split(question.strip()) if sentence]
    run_on = [_run_on(sentence) for sentence in sentences]
    if sum(split is not None for split in run_on) == 1:
        i = next(i for i, split in enumerate(run_on) if split is not None)
        asked, told = run_on[i]
        if not any(_OPENS_ASKING.match(s) or s.endswith(("?", "？")) for s in sentences[:i] + sentences[i + 1:]):
            return " ".join(sentences[:i] + [told] + sentences[i + 1:]), asked
    asking = [i for i, sentence in enumerate(sentences)
              if sentence.endswith(("?", "？")) or _OPENS_ASKING.match(sentence) or _ASKS_IN_CHINESE.search(sentence)]
    at = asking[0] if len(asking) == 1 else len(sentences) - 1
    if len(sentences) < 2 or len(asking) > 1 or _REFERS_BACK.search(sentences[at]):
        # (one Chinese sentence may still open with what the asker tells of themselves: '我住在李沧区，…')
        told = _told_in_chinese(sentences[-1]) if len(sentences) == 1 else None
        return told if told is not None else ("", question)
    return " ".join(sentences[:at] + sentences[at + 1 :]), sentences[at]


_CLAUSE = re.compile(r"[^,.;:?!]+")
_ASKER = re.compile(r"\b(?:i|i['’]m|i['’]ve|my|me|we|our)\b", re.IGNORECASE)


_OFFICE_ASKED = re.compile(r"\b([A-Za-z]+)\b(?!\s+[A-Z])")
_SAID_BY = re.compile(_SAYER.pattern.replace("{1,3}?", "{1,6}?"), re.IGNORECASE)


_NO_NAME = re.compile(r"[a-z]{3,}(?:ly|ed|ing)")  # an adverb or a verb's participle ('actually', 'mentioned')


def _as_meant(word: str, written: dict[str, str]) -> str:
    """A word of a question with its slips written as the words meant, a hyphenated one part by part."""
    if word.lower() in written:
        return written[word.lower()]
    return "-".join(written.get(part.lower(), part) for part in word.split("-")) if "-" in word else word


def asked_people(question: str, roles: bool = True) -> frozenset[str]:
    """The words of whom a question asks about by office, by what they said or, with `roles`, by role ('did the
    mayor attend', 'what did the education bureau director say', 'who is the architect of …'), in lower case, but
    words for whoever leads. A role may be put in other words than the record's ('the main crew': its 'prime
    crew'), an office or a speaker's body seldom."""
    words = [w for m in _ROLE_ASKED.finditer(question) for w in _WORD.findall(m.group(1))] if roles else []
    # ...a name typed with capitals may be the record's in another form ('Angus Taylor': 'Mr TAYLOR'), not a role
    # (but where it names someone, the words around the name say who they are: 'Zhu Tieyi from the tourism side')
    words += [w for m in _SAID_BY.finditer(question) if not _CAPITALISED.search(m.group(1))
              for w in _WORD.findall(m.group(1))]
    # 'did the mayor attend', not a title before a name ('Senator Rudman': the record may say 'Mr. RUDMAN')
    words += [m.group(1) for m in _OFFICE_ASKED.finditer(question) if m.group(1).lower() in _OFFICES]
    return frozenset(w.lower() for w in words if w.lower() not in _ANYONE)


def asked_places(question: str) -> frozenset[str]:
    """The Chinese cities and districts a question asks about ('is shenzhen building one too': shenzhen), in lower
    case; not where the asker says they live ('I live in Shibei, ...'): that is who asks, not what about."""
    places = chinese_places()
    words = (_POSSESSIVE.sub("", word).lower() for clause in _CLAUSE.findall(question) if not _ASKER.search(clause)
             for word in _WORD.findall(clause))  # ("shanghai's": shanghai)
    return frozenset(word for word in words if word in places)


_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _lacked_compound(word: str, terms: list[str], known: Callable[[str], bool], vocabulary: Vocabulary) -> str | None:
    """For a hyphenated word of several terms one of which the record never uses, and is no slip on one of its
    words, that term: the compound is what the record lacks ('old-school' businesses are not about a school).
    None for any other word."""
    if "-" not in word or len(terms) < 2:
        return None
    parts = {tokenize(part)[0]: part for part in word.split("-") if tokenize(part)}
    unknown = [term for term in terms if not known(term) and term not in general_terms()]
    if not unknown or any(vocabulary.spelled(parts.get(term, term), term) is not None for term in unknown):
        return None
    return unknown[0]


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_NAME_LINKS = frozenset("and of the de for".split())
_TITLE_CASE = 0.6  # a question with more of its words capitalised is written in title case: no sign of a name


_TITLED = OFFICES | TITLES


def _named_phrases(question: str) -> list[list[str]]:
    """Runs of two or more capitalised words ('Pride and Prejudice': Pride, Prejudice), leaving out the
    question's opening word when it is no name ('Who', 'What')."""
    words = question.split()
    bare = [w.strip(".,;:!?()\"“”'‘’") for w in words]
    if sum(bool(_CAPITALISED.fullmatch(w)) for w in bare[1:] if w) > _TITLE_CASE * (len(bare) - 1):
        return []
    runs, run = [], []
    for i, word in enumerate(bare):
        if _CAPITALISED.fullmatch(word) and not (i == 0 and word.lower() in general_terms()):
            run.append(word)
            if word != words[i] or word.endswith(("'s", "’s")):  # punctuation or a possessive ends a name
                runs.append(run)
                run = []
        elif word.lower() in _NAME_LINKS and run:
            continue
        else:
            runs.append(run)
            run = []
    runs.append(run)
    return [r for r in runs if len(r) > 1]


def closeness(words: Sequence[str], passage_words: Sequence[str],
              vectors: Callable[[Sequence[str]], np.ndarray]) -> dict[str, float]:
    """For each of `words`, the cosine of the passage word closest in meaning (0 when the passage has none)."""
    if not words or not passage_words:
        return {word: 0.0 for word in words}
    rows = vectors([*words, *passage_words])
    best = (rows[: len(words)] @ rows[len(words):].T).max(axis=1)
    return {word: float(cosine) for word, cosine in zip(words, best)}


def near_terms(question: str, terms: Collection[str], text: str,
               vectors: Callable[[Sequence[str]], np.ndarray]) -> dict[str, dict[str, float]]:
    """For each of the question's `terms`, the terms of the text's other words that come near it in meaning,
    with how near: 0 at UNRELATED, 1 at SAME_MEANING or nearer ('cops': police; 'hold': organize)."""
    asked: dict[str, str] = {}  # a term: the question's word for it
    for word in _WORD.findall(question):
        for term in tokenize(word)[:1]:
            if term in terms:
                asked.setdefault(term, word.lower())
    found = [(word, tokenize(word)[:1]) for word in passage_words(text)]
    found = [(word, spelled[0]) for word, spelled in found if spelled and spelled[0] not in general_terms()]
    if not asked or not found:
        return {}
    rows = vectors([*asked.values(), *(word for word, _ in found)])
    credits = nearness(rows[: len(asked)] @ rows[len(asked):].T)
    near: dict[str, dict[str, float]] = {}
    for term, row in zip(asked, credits):
        for (_, other), credit in zip(found, row.tolist()):
            if credit > 0 and other != term:
                near.setdefault(term, {})[other] = max(credit, near.get(term, {}).get(other, 0.0))
    return near


def passage_words(text: str) -> list[str]:
    """The distinct English words of a passage, lower-cased."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))


def meant_words(words: Sequence[str], passages: Sequence[str],
                vectors: Callable[[Sequence[str]], np.ndarray]) -> list[str]:
    """For each of `words` (which the record never uses), the passages' words that mean it, if any do (at most
    two): 'spending more in the evenings' finds 'consumption' and 'night' in the passage on the night economy."""
    found = list(dict.fromkeys(w for text in passages for w in passage_words(text)))
    if not words or not found:
        return []
    rows = vectors([*words, *found])
    closeness = rows[: len(words)] @ rows[len(words):].T
    # the two nearest ('grew': grow, growth), so that each passage saying it either way is found
    nearest = np.argsort(-closeness, axis=1, kind="stable")[:, :_MEANT_PER_WORD]
    return list(dict.fromkeys(found[j] for i, row in enumerate(nearest) for j in row
                              if closeness[i, j] >= SAME_MEANING))


def calque(word: str, text: str) -> str | None:
    """The words of `text` that translate `word` from Chinese one piece at a time, if any do: 'covid' in a record
    that says 'the new crown pneumonia epidemic' (新冠肺炎, COVID-19) -> 'new crown pneumonia'."""
    words = [w.lower() for w in _WORD.findall(text)]
    present = set(words)
    for cut in calques(word.lower()):
        if any(piece.isdisjoint(present) for piece in cut):
            continue
        for start in range(len(words) - len(cut) + 1):
            if all(words[start + i] in piece for i, piece in enumerate(cut)):
                return " ".join(words[start : start + len(cut)])
    return None


def calqued(words: Sequence[str], passages: Sequence[str]) -> list[str]:
    """For each of `words` (which the record never uses), the passages' phrases that translate it from Chinese
    one piece at a time (see `calque`)."""
    return list(dict.fromkeys(found for word in words for text in passages
                              if (found := calque(word, text)) is not None))


_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")  # 'VR', 'BWF'; not 'COVID-19'
_LINKING = frozenset("of and for the in on at to".split())  # skipped inside a spelled-out name ('Bank of China')
_SHORTEST_FROM_WORDS = 3  # an abbreviation made from lower-case question words has at least this many letters


def abbreviated(question: str, text: str, missing: frozenset[str]) -> dict[str, list[str]]:
    """The `missing` words of the question (lower-cased) that the text writes otherwise, as an abbreviation or
    spelled out, each with the text's words for it: 'a VR park' meets 'Virtual Reality Industrial Park'
    ({'vr': ['virtual', 'reality']}), 'the badminton world federation' meets 'BWF Headquarters'
    ({'badminton': ['bwf'], 'world': ['bwf'], 'federation': ['bwf']})."""
    if not missing:
        return {}
    found: dict[str, list[str]] = {}
    text_words = _WORD.findall(text)
    for short in dict.fromkeys(_CAPITALS.findall(question)):
        if short.lower() in missing:
            for start, end in _initial_runs(text_words, short.lower(), capitalised=True):
                found.setdefault(short.lower(), []).extend(w.lower() for w in text_words[start:end])
    question_words = _WORD.findall(question)
    for short in dict.fromkeys(_CAPITALS.findall(text)):
        for start, end in _initial_runs(question_words, short.lower(), capitalised=len(short) < _SHORTEST_FROM_WORDS):
            spelled = [w.lower() for w in question_words[start:end] if w.lower() not in _LINKING]
            if missing.intersection(spelled):
                for word in spelled:
                    found.setdefault(word, []).append(short.lower())
    return {word: list(dict.fromkeys(words)) for word, words in found.items()}


def _initial_runs(words: Sequence[str], letters: str, capitalised: bool) -> list[tuple[int, int]]:
    """The runs of `words` whose initials spell `letters` (linking words inside a run skipped; with
    `capitalised`, only words written with a capital count)."""
    runs = []
    for start, first in enumerate(words):
        if first.lower() in _LINKING:
            continue
        end, matched = start, 0
        while end < len(words) and matched < len(letters):
            word = words[end]
            if matched and word.lower() in _LINKING:
                end += 1
                continue
            if word[0].lower() != letters[matched] or (capitalised and not word[0].isupper()):
                break
            matched, end = matched + 1, end + 1
        if matched == len(letters):
            runs.append((start, end))
    return runs


def abbreviations(question: str, texts: Sequence[str], missing: frozenset[str]) -> list[str]:
    """The words of `texts` that abbreviate or spell out the `missing` words of the question."""
    return list(dict.fromkeys(w for words in abbreviated(question, "\n".join(texts), missing).values() for w in words))
