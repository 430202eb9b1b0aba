"""Choosing the sentence of a passage that answers the question, and how well a passage covers it."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from bot.background import rarity
from index.lexical import content_terms, tokenize
from ingest.text import split_sentences

_NEUTRAL = 0.5  # the coverage of a question with no informative term: neither for nor against
_LONG_SENTENCE = 300  # a longer sentence is narrowed to the clauses around the matching words
_NAME_CHARS = 25  # a clause shorter than this, in a long list-like sentence, is taken for a name
_ROSTER_NAMES = 3  # a long sentence of at least so many names is a roster
_OPENS_LIST = re.compile(r"\b(?:such\s+as|including|like|namely)\s+[^,;，；]+[,，]\s*$", re.IGNORECASE)
_LAST_ITEM = re.compile(r"(?:and|or)\s", re.IGNORECASE)
_LIST_ITEMS, _LIST_ITEM_CHARS = 6, 80  # at most so many more items, each at most so long, are shown with a list
_SHORT_WORDS = 8  # a highlighted sentence of fewer words is shown with the one after it
HEADING_CREDIT = 0.5  # the share of a heading word's weight that each sentence under the heading earns
_HEADING_WORDS = 6  # a passage's first sentence of at most so many words, none a verb or a pronoun, is its heading
_NOT_IN_HEADINGS = frozenset("""is are was were be been being am will would shall should can could may might must has
have had do does did not no yes i we you he she it they me us him her them this that these those there here what who
why how when where thank thanks please ok okay sir madam""".split())
NEAR_CREDIT = 0.5  # the share of a question word's weight that a sentence word meaning it earns (dev half)
# A sentence that refers back ('That was the only way'), or goes on from the one before ('Also, the comments you
# quoted are pure nonsense.').
_REFERRING = re.compile(r"(?:This|That|These|Those|Such|Further|Furthermore|Moreover|Also|However|But|And|So"
                        r"|Therefore|Nevertheless|In\s+addition|Besides|Instead|Still|Yet|Even\s+so)\b")
_LEADING_CONJUNCTION = re.compile(r"(?:and|or|as well as)\s+", re.IGNORECASE)
# Thanks for the question, or praise of it, as a sentence of its own: 'I thank the member for her question ...'.
_COURTESY = re.compile(r"\W*(?:(?:Mr|Madam)\.?\s+(?:Deputy\s+)?Speaker,?\s+)?"
                       r"(?:I\s+(?:thank|appreciate)|thank\s+you|thanks(?!\s+to\b)"
                       r"|(?:that'?s|it'?s)?\s*(?:a\s+)?(?:good|great|fair|very\s+good)\s+question)"
                       r"\b[^.!?]{0,250}[.!?]?\s*$", re.IGNORECASE)


def term_weights(question: str, document_frequency: Callable[[str], int], chunks: int,
                 common: bool = False) -> dict[str, float]:
    """IDF weights of the question's informative terms. A term the corpus never uses weighs the most, as much
    less as English at large uses it ('really', 'going': bot.background).

    A term found in more than half of the passages (the city's name in its own hearings) tells
    nothing about which passage answers, so it is left out, unless `common`: within one passage it
    still tells which sentence answers ('the eight clusters' in a report about eight clusters)."""
    weights: dict[str, float] = {}
    for term in content_terms(question) - general_terms():
        frequency = document_frequency(term)
        if common or not is_common(frequency, chunks):
            weights[term] = math.log(1 + (chunks + 1) / (frequency + 0.5)) * (rarity(term) if not frequency else 1.0)
    return weights


def is_common(frequency: int, chunks: int) -> bool:
    """Whether a term found in `frequency` of `chunks` passages is in more than half of them."""
    return frequency * 2 > chunks


@lru_cache(maxsize=1)
def general_terms() -> frozenset[str]:
    """English words that say nothing of a topic ('have', 'too', 'were'; bm25s's longer list), as BM25 terms:
    BM25 keeps some of them, but they neither show that a passage answers nor that the record lacks something."""
    return frozenset(term for word in (*STOPWORDS_EN_PLUS, *_SAID_IN_PASSING) for term in tokenize(word))


# Function words run together ('they're', 'didnt'): BM25 keeps them as words of their own. Without the
# apostrophe only those that are no other word ('ill', 'shed' and 'well' are).
_CONTRACTIONS = [
    *(f"{word}{apostrophe}{end}" for word, ends in (
        ("i", "m ve ll d"), ("you", "re ve ll d"), ("we", "re ve ll d"), ("they", "re ve ll d"), ("he", "s ll d"),
        ("she", "s ll d"), ("it", "s ll d"), ("there", "s re ll d"), ("that", "s ll d"), ("who", "s ve ll d re"),
        ("what", "s re ve ll d"), ("do", "n't"), ("does", "n't"), ("did", "n't"), ("is", "n't"), ("are", "n't"),
        ("was", "n't"), ("were", "n't"), ("wo", "n't"), ("ca", "n't"), ("could", "n't"), ("would", "n't"),
        ("should", "n't"), ("have", "n't"), ("has", "n't"), ("had", "n't"), ("must", "n't"), ("need", "n't"),
        ("ai", "n't")) for end in ends.split() for apostrophe in ("'", "’") if not end.startswith("n")),
    *(f"{word}n{apostrophe}t" for word in "do does did is are was were wo ca could would should have has had must need"
      " ai".split() for apostrophe in ("'", "’")),
    *"""im ive youre youve theyre theyve weve didnt dont doesnt isnt arent wasnt werent couldnt wouldnt shouldnt
    havent hasnt hadnt whats thats theres hes shes""".split(),
]
# What a citizen types around a question ('wat online stuff did they say', 'can you tell me', 'according to'):
# no topic, though formal English seldom writes it (bot.background would weigh 'stuff' as a topic the record lacks).
# ...and how a question asks what kind of thing ('what sort of', 'which types of'; 'kind' is a stop word) or what is
# wanted ('what does the city want to build').
_SAID_IN_PASSING = """stuff thing things something anything anyone anybody someone somebody guy guys kinda sorta really
actually basically literally pretty okay ok hey hi please pls thanks thank like lot lots bunch whatever exactly even
tell know wondering wonder curious anyway btw maybe probably according kinds sort sorts type types want wants
wanted mr mrs ms mx dr""".split() + _CONTRACTIONS  # (an honorific is no topic: 'Mr. Sun' is named by 'Sun')


def coverage(weights: dict[str, float], text: str) -> float:
    """Share of the question's term weight that the text contains (0..1)."""
    total = sum(weights.values())
    if not total:
        return _NEUTRAL
    present = _terms(text)
    return sum(weight for term, weight in weights.items() if term in present) / total


def choose_highlight(weights: dict[str, float], text: str, skip: int = 0,
                     holds: Callable[[str], int] | None = None,
                     near: dict[str, dict[str, float]] | None = None, opening: float = 0.0,
                     favoured: Callable[[str], int] | None = None, favour: float = 0.0,
                     narrow: bool = True) -> tuple[int, int]:
    """The span of the sentence that shares the most question weight; the first sentence if none does.

    `skip` leaves out a printed speaker label at the start of the text. With `holds`, whether a sentence holds
    the kind of answer asked for (a number, a date; or how well, the higher the better), a sentence that does and
    shares a word with the question goes first: asked how many doctors the team had, 'The team of seven arrived'
    before 'The Chinese government sent the team of medical experts to help Cambodia'. With `near`
    (bot.wording.near_terms), a sentence word that means a question word without being it counts in part ('how
    many cops': '84 police officers'). The first sentence counts as sharing `opening` of the question's whole
    weight more than it does (asked yes or no, a reply's first sentence says which); a sentence `favoured` that
    shares a word, `favour` of it (asked which things, one that lists several). Without `narrow`, a long sentence
    is kept whole (a list asked for)."""
    sentences = _sentences(text, skip)
    if not sentences:
        return 0, len(text)
    scored = []
    # The opening of a reply is its first sentence after any thanks for the question ('I thank the member for her
    # question.', 'Thank you, Kaitlan.').
    first = next((i for i, (s, e, _) in enumerate(sentences) if not _COURTESY.match(text, s, e)), 0)
    # A heading ('Light luxury fashion industry cluster.') names what each sentence after it is about: its words
    # count for them too, in part, so that the one answering what is asked of it ('which textile park') goes first.
    # (Not in a speaker's turn: there a short first sentence is a reply, 'Usually orally.')
    heading = sentences[0][2] if not skip and len(sentences) > 1 \
        and _is_heading(text[sentences[0][0]:sentences[0][1]]) else frozenset()
    for i, (s, e, terms) in enumerate(sentences):
        score = _score(weights, terms, e - s) + _near_score(weights, terms, near or {})
        if i and heading:
            score += HEADING_CREDIT * sum(weight for term, weight in weights.items()
                                          if term in heading and term not in terms)
        if i == first:
            score += opening * sum(weights.values())
        if score > 0 and favoured is not None and favoured(text[s:e]):
            score += favour * sum(weights.values())
        scored.append((score > 0 and holds is not None and holds(text[s:e]), score, -i, s, e))
    best = max(scored)[1:]
    start, end = best[2], best[3]
    if narrow and end - start > _LONG_SENTENCE and best[0] > 0:
        start, end = _narrow(weights, text, start, end)
    following = -best[1] + 1
    # A sentence that refers back ('That was the only way to survive') goes with the one it refers to; one
    # referred to ('the Eritreans have offered use of the ports') with the one that refers to it ('That offer
    # has been rejected ...'), when the two are not too long together.
    chosen = -best[1]
    if _REFERRING.match(text, start) and chosen > 0 and end - sentences[chosen - 1][0] <= _LONG_SENTENCE:
        start = sentences[chosen - 1][0]
    elif following < len(sentences) and _REFERRING.match(text, sentences[following][0]) \
            and sentences[following][1] - start <= _LONG_SENTENCE:
        end = sentences[following][1]
        following += 1
    # A list's announcement ('the summit sent out three clear messages.') goes with the list's first item.
    elif following < len(sentences) and announces(text[start:end]) and opens_list(text, sentences[following][0]):
        end = sentences[following][1]
        following += 1
    # A reply often takes up the question's words before it answers ('We have had contact with Jamal Khashoggi's
    # family.' before 'The President has not himself spoken with them'): when the two together are no longer than
    # a highlight should be, the next sentence of the paragraph goes with the one chosen (not the heading of what
    # follows: 'The plan includes:'). On the dev half, +8 large-corpus highlights at 200 characters, +18 at 300;
    # longer pairs are narrowed again to the clauses around the question's words, which loses some.
    elif _joins(text, sentences, start, end, following) \
            and not announces(text[sentences[following][0]:sentences[following][1]]):
        end = sentences[following][1]
        following += 1
    # Asked for a kind of answer (a place, a date, a number) that the sentences shown do not hold, the next one that
    # holds it goes with them, when all are short together ('... there are discussions going on. Started today,
    # will go on again tomorrow over at Fort McNair here in town.').
    if holds is not None and not holds(text[start:end]) and _joins(text, sentences, start, end, following) \
            and holds(text[sentences[following][0]:sentences[following][1]]):
        end = sentences[following][1]
        following += 1
    # A short sentence seldom answers alone ('The answer is already in your question.' before 'It is America's
    # internal affair'; a list's heading before its items): the next one goes with it.
    if len(text[start:end].split()) < _SHORT_WORDS and following < len(sentences):
        next_start, next_end, _ = sentences[following]
        if next_end - next_start <= _LONG_SENTENCE:
            end = next_end
        else:  # ...up to a clause's end, when the next is long ('Boutique tourism industry cluster. Accelerate ...;')
            end = max(end, _clause_end(text, next_start, next_start + _LONG_SENTENCE))
    return start, end


def _is_heading(sentence: str) -> bool:
    """A short line naming a topic, with no verb or pronoun of a sentence ('Fashion sports industry cluster.')."""
    words = sentence.rstrip(" .:：。").split()
    return 0 < len(words) <= _HEADING_WORDS and sentence[:1].isupper() and "," not in sentence \
        and not any(word.lower().strip("'’\"") in _NOT_IN_HEADINGS for word in words)


def _joins(text: str, sentences: Sequence[tuple[int, int, frozenset[str]]], start: int, end: int,
           following: int) -> bool:
    """Whether the sentence at `following` may join the highlight `start`-`end`: there is one, in the same paragraph,
    and the two together are no longer than a highlight should be."""
    return following < len(sentences) and sentences[following][1] - start <= _LONG_SENTENCE \
        and "\n\n" not in text[end:sentences[following][0]]


# A list's announcement ends a sentence or passage ('... sent out four clear messages.', '... as follows:'); its first
# item opens one ('First, ...', '1.').
_ANNOUNCES = re.compile(r"(?::|\bas\s+follows\s*[.:]?|\bthe\s+following(?:\s+[\w'’-]+){0,3}\s*[.:]"
                        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+(?:[\w'’-]+\s+){0,2}"
                        r"[\w'’-]+s\s*[.:])\s*$", re.IGNORECASE)
_LIST_OPENS = re.compile(r"\W*(?:first(?:ly)?|1[.)]|\(1\)|one\s+is|to\s+begin\s+with)\b", re.IGNORECASE)


def announces(text: str) -> bool:
    """Whether the text ends announcing a list."""
    return _ANNOUNCES.search(text) is not None


def opens_list(text: str, at: int = 0) -> bool:
    """Whether the text, from `at`, opens a list with its first item."""
    return _LIST_OPENS.match(text, at) is not None


def first_item(text: str, skip: int = 0) -> tuple[int, int]:
    """The span of the first sentence after `skip` (a list's first item), with the next when it is short ('First,
    support for open trade.' and what it says)."""
    sentences = _sentences(text, skip)
    if not sentences:
        return 0, len(text)
    start, end, _ = sentences[0]
    if len(text[start:end].split()) < _SHORT_WORDS and len(sentences) > 1 \
            and sentences[1][1] - sentences[1][0] <= _LONG_SENTENCE:
        end = sentences[1][1]
    return start, end


def _clause_end(text: str, start: int, limit: int) -> int:
    """The end of the last whole clause of text[start:limit] (before a ';', else a ','), or `start` if none."""
    for marks in (";；", ",，"):
        cut = max(text.rfind(mark, start, limit) for mark in marks)
        if cut > start:
            return cut
    return start


def narrow_long(weights: dict[str, float], text: str, start: int, end: int, narrow: bool = True) -> tuple[int, int]:
    """A sentence longer than a highlight should be, narrowed to the clauses around its matching words;
    never starting with the conjunction of a list ('and Li Suman, ...' shows as 'Li Suman, ...')."""
    if narrow and end - start > _LONG_SENTENCE and _sentence_score(weights, text[start:end]) > 0:
        start, end = _narrow(weights, text, start, end)
    conjunction = _LEADING_CONJUNCTION.match(text, start, end)
    if conjunction and conjunction.end() < end:
        start = conjunction.end()
    return start, end


@lru_cache(maxsize=4096)
def _terms(text: str) -> frozenset[str]:
    return with_forms(frozenset(tokenize(text)))


# A verb's irregular forms, which stemming does not join ('held' is no form of 'hold' to it): a text holding one
# holds the others, so that 'when did they hold the meeting' meets 'the meeting was held'.
_IRREGULAR = """hold held|send sent|meet met|lead led|spend spent|build built|buy bought|bring brought|pay paid
|sell sold|win won|lose lost|keep kept|think thought|seek sought|fight fought|rise rose risen|grow grew grown growth
|give gave given|take took taken|write wrote written|speak spoke spoken|begin began begun|choose chose chosen
|fall fell fallen|drive drove driven|know knew known|go went gone|come came|become became|run ran|stand stood
|understand understood|tell told|feel felt|hear heard|mean meant|break broke broken|steal stole stolen
|throw threw thrown|draw drew drawn|fly flew flown|sit sat|eat ate eaten|hide hid hidden|strike struck|flee fled
|deal dealt|lend lent|sleep slept|withdraw withdrew withdrawn|arise arose arisen|forgive forgave forgiven
|swear swore sworn|wake woke woken|undertake undertook undertaken|forget forgot forgotten|freeze froze frozen
|shake shook shaken|catch caught|teach taught|bid bade|bear bore borne|tear tore torn|sink sank sunk|swim swam swum
|drink drank drunk|sing sang sung"""
_FORMS = {term: group for forms in _IRREGULAR.replace("\n", " ").split("|")
          for group in [frozenset(t for form in forms.split() for t in tokenize(form))] for term in group}


def with_forms(terms: frozenset[str]) -> frozenset[str]:
    """The terms and the other forms of the irregular verbs among them."""
    other = [_FORMS[term] for term in terms if term in _FORMS]
    return terms.union(*other) if other else terms


@lru_cache(maxsize=8192)
def _sentences(text: str, skip: int) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """The sentence spans of a passage with their terms; cached, as the same passages answer many questions."""
    return tuple((skip + s, skip + e, with_forms(frozenset(tokenize(text[skip + s : skip + e]))))
                 for s, e in split_sentences(text[skip:]))


def _sentence_score(weights: dict[str, float], sentence: str) -> float:
    return _score(weights, set(tokenize(sentence)), len(sentence))


def _score(weights: dict[str, float], terms: set[str] | frozenset[str], length: int) -> float:
    matched = sum(weight for term, weight in weights.items() if term in terms)
    # A slight preference for shorter sentences among equal matches: they point more precisely.
    return matched - 0.001 * length / 100


def _near_score(weights: dict[str, float], terms: frozenset[str], near: dict[str, dict[str, float]]) -> float:
    """What a sentence's words that mean the question's, without being them, add to its score: at most
    NEAR_CREDIT of each such word's weight."""
    total = 0.0
    for term, weight in weights.items():
        if term in terms or term not in near:
            continue
        total += weight * NEAR_CREDIT * max((c for t, c in near[term].items() if t in terms), default=0.0)
    return total


def _narrow(weights: dict[str, float], text: str, start: int, end: int) -> tuple[int, int]:
    """Within a long sentence, the run of comma-separated clauses around the best-matching clause."""
    clauses: list[tuple[int, int]] = []
    position = start
    for index in range(start, end):
        if text[index] in ",;，；" and index + 1 < end:
            clauses.append((position, index + 1))
            position = index + 1
    clauses.append((position, end))
    if len(clauses) < 3:
        return start, end
    scores = [_sentence_score(weights, text[s:e]) for s, e in clauses]
    best = max(range(len(clauses)), key=lambda i: (scores[i], -i))
    # In a roster ('Name, title, Name, title, ... and Name, title, responded to the inquiry'), the last clause says
    # what all of them did: a title the question names ('on behalf of the sports bureau') says which of them.
    if best == len(clauses) - 1 and sum(e - s < _NAME_CHARS for s, e in clauses) >= _ROSTER_NAMES:
        told = _terms(text[clauses[best][0]:clauses[best][1]])
        other = {i: _score({t: w for t, w in weights.items() if t not in told}, _terms(text[s:e]), e - s)
                 for i, (s, e) in enumerate(clauses[:-1])}
        naming = max(other, key=lambda i: (other[i], -i))
        if other[naming] > 0:
            best = naming
    first = last = best
    roster = sum(e - s < _NAME_CHARS for s, e in clauses) >= _ROSTER_NAMES
    # In "Name, title, Name, title" lists a short clause is a name, followed by its title; a longer
    # one is a title, preceded by its name: add that neighbour so the highlight says who and what.
    if clauses[best][1] - clauses[best][0] < _NAME_CHARS:
        last = min(len(clauses) - 1, best + 1)
    elif not roster and (window := _widest(weights, text, clauses, best)) is not None:
        first, last = window
    else:
        first = max(0, best - 1)
        # ...and a sentence's last clause ('..., and Li Suman, Director of ..., responded to the inquiry'), after a
        # title, with the name before it.
        if first > 0 and clauses[first][1] - clauses[first][0] >= _NAME_CHARS \
                and clauses[first - 1][1] - clauses[first - 1][0] < _NAME_CHARS:
            first -= 1
    # A clause that opens a list ('theme parks such as Evergrande Water World,') is shown with the list's other
    # items, up to the one after 'and' or before a semicolon: not cut after its first item.
    if _OPENS_LIST.search(text, clauses[last][0], clauses[last][1]):
        for following in range(last + 1, min(len(clauses), last + 1 + _LIST_ITEMS)):
            item = text[clauses[following][0] : clauses[following][1]].strip()
            if len(item) > _LIST_ITEM_CHARS:
                break
            last = following
            if _LAST_ITEM.match(item) or item.endswith((";", "；")):
                break
    span_start, span_end = clauses[first][0], clauses[last][1]
    while span_start < span_end and text[span_start].isspace():
        span_start += 1
    while span_end > span_start and text[span_end - 1] in " ,;，；":
        span_end -= 1
    return span_start, span_end


def _widest(weights: dict[str, float], text: str, clauses: list[tuple[int, int]], best: int) -> tuple[int, int] | None:
    """The run of clauses around `best`, no longer than a highlight should be, that holds more of the question's
    words than `best` with the clause before it ('Improve the tourism transportation system ..., actively promote
    island tourism, ... such as marine diving', asked about marine tourism and transport); None if none does."""
    def held(first: int, last: int) -> float:  # (not the preference for shorter text: a run is not a sentence)
        return _score(weights, _terms(text[clauses[first][0]:clauses[last][1]]), 0)

    default = held(max(0, best - 1), best)
    runs = [(held(first, last), -(clauses[last][1] - clauses[first][0]), first, last) for first in range(best + 1)
            for last in range(best, len(clauses)) if clauses[last][1] - clauses[first][0] <= _LONG_SENTENCE]
    top = max(runs, default=None)
    return (top[2], top[3]) if top is not None and top[0] > default + 1e-9 else None


def shares_a_word(question: str, sentence: str) -> bool:
    """Whether the sentence contains one of the question's meaningful words (stemmed)."""
    return bool(content_terms(question) & _terms(sentence))
