"""Answering a question from the record: retrieve, highlight, and decide whether the record answers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property, partial
from itertools import pairwise
from pathlib import Path

import numpy as np

from bot.answer_model import AnswerModel, CandidateFeatures, Judged, judge
from bot.background import NAME_RARITY, rarity
from bot.cache import AnswerCache, CacheKey
from bot.calibration import FITTED, Calibration
from bot.crosslingual import (
    QueryTranslator, absent_people, absent_places, absent_things, asked_part, record_languages,
)
from bot.dates import dated_rows, within_period
from bot.errors import BadQuestion
from bot.evidence import ASKS_YES_OR_NO, STRICT_KINDS, demoted, lacks, miscounts, rules_confidence, unrecorded_role
from bot.features import (TextVectors, asks_for_several, asks_what_is_done, counted_terms, counts, gives, gives_several,
                          holds, lists, names_place, numbered, question_terms, question_type, says_what_is_done)
from bot.hearings import Hearings, chosen_speakers
from bot.highlight import (announces, choose_highlight, coverage, first_item, general_terms, is_common, narrow_long,
                           opens_list, shares_a_word, term_weights)
from bot.models import Answer, Hit, Lead, Passage
from bot.query import Ask, Checked, Query, clean_question, queries_of
from bot.retrieve import LEXICAL_WEIGHT, Retriever, followed_by
from bot.speakers import (Focus, about_a_topic, about_asking, asks_who_spoke, everyday_in, focus_of, lead_for, names,
                          question_answered, silent_lead, silent_speakers, subject_speakers, wants_the_asking)
from bot.suggestions import suggested_questions
from bot.wording import (ReadQuestion, Vocabulary, abbreviations, as_typed, asked_places, calqued, meant_words,
                          near_terms, read_question, runs_on, spelled_out, told_and_asked)
from index.embed import Embedder, model_words
from index.lexical import tokenize
from index.loaded import load_index
from index.records import SpeakerSummary
from ingest.models import SHORT_REPLY_WORDS, Chunk, Turn
from ingest.names import OFFICES, TITLES

MAX_K = 50
# A Bot's defaults, which the settings refer to. The two confidences are probabilities that the top passage
# answers (bot/calibration.json, fitted on public questions by bench/calibrate.py); they are where the rules'
# raw scores of 0.3 and 0.45, the thresholds set before the calibration, fall (0.3718 and 0.6166 with the
# shipped fit).
TOP_K = 3  # passages per answer
MIN_CONFIDENCE = FITTED.threshold(0.3)  # below: the record does not say
# Below ANSWER_CONFIDENCE (and not below MIN_CONFIDENCE): the closest passages, which may not answer directly.
ANSWER_CONFIDENCE = FITTED.threshold(0.45)
_RERANK_EXTRA = 3  # candidates beyond k, so that a demoted passage can be replaced
_ASKING_FACTOR = 0.5  # a passage that asks (the asker's turn, or a question) answers less often, whatever the model
_MENTION_DEPTH = 200  # passages looked at for the mentions of a name
_PHRASE_DEPTH, _PHRASE_DEEPER = 10, 100  # passages looked at for two words side by side: first, and at most
_LANGUAGE_SAMPLE = 400  # passages read to tell which languages the record is written in
_WORDS_KEPT = 20_000  # word vectors kept, for the meaning of words the record does not use
_JUDGED = 6  # the fused ranking's first passages that the answer model judges and reranks, whatever k
_COUNTED_DEPTH = 12  # asked how many of something, candidates looked at for a passage that counts it
# A turn longer than a passage is cut into pieces for the index; the piece found is shown with the rest of its turn,
# up to this many characters in all (chosen on the dev halves).
_WHOLE_TURN = 2000
# Asked of someone's speech who answered or when they spoke, and their replies do not say: any passage may.
_WHEN = frozenset({"date", "day", "year"})
_ASKED_OF_ANY_PASSAGE = _WHEN | {"person"}
# A reply that says nothing without its question ('Correct, sir.', 'Yes, I believe so.'): at most this many
# words, each an everyday word or one of these.
_BARE_REPLY = 6
# Asked yes or no, a reply says so first ('China has received the proposal.', 'I have heard nothing of this
# nature.'), often in none of the question's words: its first sentence counts as sharing this share of the
# question's weight more than it does. Chosen on the dev halves (0.45 and 0.6 alike: +4 highlights, -2).
_REPLY_OPENING = 0.5
# Asked which things, a sentence listing several counts as sharing this share of the question's weight more than it
# does (chosen on the dev halves: 0.25 kept none of the +5 highlights, 0.5 and 1.0 all; the seed report, lists
# throughout, lost 3 held-out highlights when such a sentence always went first).
_LISTING = 0.5
_CONFIRMING = frozenset(t for w in """yes yeah no nope correct incorrect right wrong true sir madam ma'am exactly
absolutely certainly sure indeed recall remember believe think""".split() for t in tokenize(w))


# A reply of courtesies alone ('Okay.', 'Thank you, go ahead.') or cut off before it says anything ('The
# President —', interrupted) answers nothing, however close the question it follows.
_COURTESIES = frozenset("""okay ok alright thank thanks you go ahead please hi hello good morning afternoon evening
everyone everybody all well so um uh oh awesome great appreciate appreciated guys folks cool perfect wonderful excellent
nice""".split())
_CUT_OFF = re.compile(r"(?:[—–]|--|-|\.\.\.|…)\W*$")
_ALL_RIGHT = re.compile(r"\ball\s+right\b")


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’&-]*")
_GLOSS = re.compile(r"\b[a-z]+\b")


# The kinds of answer a reporter's or a questioner's own words may state ('the ban takes effect on August 13'); not
# 'next' ('in the next step' is no date of the next meeting) or a place.
_STATED_KINDS = frozenset({"money", "year", "date", "day", "percent", "clock"})
_HOW_MUCH = re.compile(r"\bhow\s+much\b", re.IGNORECASE)


def says_nothing(chunk: Chunk, replying: bool = False) -> bool:
    """Whether a speaker's short turn is courtesies alone or cut off ('Okay.', 'The President —'); or, `replying`,
    a question back ('Say — what is the criticism?')."""
    speech = chunk.text[chunk.speech_start:].strip()
    words = re.findall(r"[a-z']+", _ALL_RIGHT.sub("alright", speech.lower()))
    if chunk.speaker is None or not words or len(speech.split()) > SHORT_REPLY_WORDS:
        return False
    return bool(_CUT_OFF.search(speech)) or (replying and speech.endswith("?")) \
        or all(word in _COURTESIES for word in words)


def candidate_depth(k: int) -> int:
    """How many candidates are retrieved for `k` passages shown (the first `_JUDGED` are judged and reranked,
    so that the answer and its confidence do not depend on how many passages are asked for)."""
    return max(k + _RERANK_EXTRA, _JUDGED)


class Bot:
    """Answers questions over one loaded index with `top_k` passages unless a call asks for another k. Below
    `min_confidence` the record does not say; below `answer_confidence` the closest passages are shown as
    possibly not answering directly."""

    def __init__(self, retriever: Retriever, min_confidence: float = MIN_CONFIDENCE, cache: AnswerCache | None = None,
                 answer_confidence: float | None = None, model: AnswerModel | None = None, top_k: int = TOP_K,
                 calibration: Calibration | None = FITTED) -> None:
        answer_confidence = max(min_confidence, ANSWER_CONFIDENCE) if answer_confidence is None else answer_confidence
        if not 1 <= top_k <= MAX_K:
            raise ValueError(f"top_k must be between 1 and {MAX_K}, got {top_k}")
        if not 0.0 <= min_confidence <= answer_confidence <= 1.0:
            raise ValueError(f"need 0 <= min_confidence ({min_confidence}) <= answer_confidence "
                             f"({answer_confidence}) <= 1")
        self.retriever = retriever
        self.index = retriever.index
        self.top_k = top_k
        self.min_confidence = min_confidence
        self.answer_confidence = answer_confidence
        self.model = model  # None: the hand-set confidence and highlight rules (the default until the model holds)
        # The rules' score as a probability (bot/calibration.json); None: the raw score, to fit a calibration on.
        self.calibration = calibration
        self.features = CandidateFeatures(retriever.embedder.encode_queries) if model is not None else None
        self._documents = self.index.store.document_infos()
        self.hearings = Hearings(self.index.store, self._documents)
        self._speakers = self.index.store.speakers()
        self._everyday = everyday_in(self.index.store)  # a word too common in the record to name a speaker alone
        self.cache = cache  # None: every question is answered afresh
        self._build = f"{self.index.directory}@{self.index.manifest.built_at}"
        self.translator = QueryTranslator(self.index.has_term, record_languages(self._sample_texts()))
        self.vocabulary = Vocabulary(self.index.store, model_words(self.index.manifest.model))
        self.words = TextVectors(retriever.embedder.encode_queries, _WORDS_KEPT)  # words alone, for their meaning

    @cached_property
    def suggestions(self) -> list[str]:
        """The questions an empty chat suggests, from this bot's index (a new index, a new bot: new ones)."""
        return suggested_questions(self.index.store)

    def _sample_texts(self) -> list[str]:
        step = max(1, len(self.index) // _LANGUAGE_SAMPLE)
        return [chunk.text for chunk in self.index.store.chunks(list(range(0, len(self.index), step)))]

    def answer(self, question: str, k: int | None = None, speaker: str | None = None) -> Answer:
        return self.answer_all([Ask(question, k, speaker)])[0]

    def cached(self, question: str, k: int | None = None, speaker: str | None = None) -> Answer | None:
        """The answer already given to this question, if the cache holds it; never computes one
        (cheap enough for an event loop: a server answers repeated questions without a worker thread)."""
        k = self.top_k if k is None else k
        if self.cache is None or not 1 <= k <= MAX_K:
            return None
        return self.cache.get(self._cache_key(clean_question(question), k, speaker))

    def answer_many(self, questions: Sequence[str], k: int | None = None, speaker: str | None = None) -> list[Answer]:
        """Answers for several questions, embedded together, with `k` passages (default: `top_k`); with
        `speaker`, only from the turns of the speakers it matches (a name or a role fragment, as for exchanges)."""
        return self.answer_all([Ask(question, k, speaker) for question in questions])

    def check(self, ask: Ask) -> None:
        """Raises BadQuestion or BadFilter (UnknownSpeaker) when `ask` cannot be answered, as answering it would."""
        self._checked(ask)

    def answer_all(self, asks: Sequence[Ask]) -> list[Answer]:
        """Answers for several questions, each with its own k and speaker filter, searched together (a server's
        micro-batch: bot.batcher); raises for the first that cannot be answered (see `check`)."""
        checked = [self._checked(ask) for ask in asks]
        if self.cache is None:
            return self._answer_many(checked)
        keys = [self._cache_key(c.question, c.k, c.speaker) for c in checked]
        answers = [self.cache.get(key) for key in keys]
        missing = [i for i, answer in enumerate(answers) if answer is None]
        for i, answer in zip(missing, self._answer_many([checked[i] for i in missing]) if missing else []):
            self.cache.put(keys[i], answer)
            answers[i] = answer
        return answers

    def _checked(self, ask: Ask) -> Checked:
        k = self.top_k if ask.k is None else ask.k
        if not 1 <= k <= MAX_K:
            raise BadQuestion(f"k must be between 1 and {MAX_K}, got {k}")
        return Checked(clean_question(ask.question), k, ask.speaker, chosen_speakers(self.index.store, ask.speaker))

    def _cache_key(self, cleaned: str, k: int, speaker: str | None) -> CacheKey:
        return self.cache.key(self._build, cleaned, k, speaker)

    def _answer_many(self, asks: list[Checked]) -> list[Answer]:
        # A question that tells something of the asker besides what it asks ('I live in Licang and my wife asked me
        # about this last night. Which officials attended?') is also answered from what it asks alone: the words
        # told ('night', 'live') may lead the search to passages about them. Whichever answer is surer is given;
        # a question run on into what is told, with no stop between, is answered from what it asks alone.
        read = [told_and_asked(as_typed(ask.question)) for ask in asks]
        alone = [(i, replace(ask, question=asked)) for i, (ask, (told, asked)) in enumerate(zip(asks, read)) if told]
        answers = self._answer_each([*asks, *(ask for _, ask in alone)])
        given = answers[: len(asks)]
        for (i, ask), answer in zip(alone, answers[len(asks):]):
            if answer.confidence > given[i].confidence or runs_on(as_typed(asks[i].question), ask.question):
                given[i] = replace(answer, question=given[i].question)
        return given

    def _answer_each(self, asks: list[Checked]) -> list[Answer]:
        # A question in the other language than the record's is searched, embedded and judged through its
        # translation (bot.crosslingual); the answer keeps the question as asked.
        # (as meant however it was typed, bot.wording; in the characters the translation reads: '孫立傑說了什麼' as
        # '孙立杰说了什么')
        asked = [self.translator.readable(as_typed(ask.question)) for ask in asks]
        queried = [self.translator.query_for(q) for q in asked]
        translated = [q != a for q, a in zip(queried, asked)]
        # A question in the record's language is read with its chat shorthand written out ('wat day': what day).
        cleaned = [q if t else spelled_out(q, self.index.has_term) for q, t in zip(queried, translated)]
        # A translation renders the names it holds in pinyin, capitalised ('Sun Lijie'); a gloss that is also part of
        # a speaker's name ('sun', for 日 in 日期) names no one, and weighs nothing in judging the answer.
        unnamed = [self._glosses_naming_no_one(q) if t else q for q, t in zip(cleaned, translated)]
        # A translated question holds every gloss of each word ('flood', 'clan'): those the record does not use
        # are the dictionary's other senses, not something the record lacks.
        read = [self._translated(u, a) if t else self._places_named_within(
                    read_question(q, self.index.has_term, self.vocabulary, self._together))
                for q, u, a, t in zip(cleaned, unnamed, asked, translated)]
        # Embedded as understood, its slips written as the words meant ('fashon school': the model reads 'fashon'
        # as something else); searched with the record's spelling of its words (bot.wording).
        embedded = queries_of([r.meant or q for r, q in zip(read, cleaned)], self.retriever.embedder.encode_queries)
        queries = [Query(r.text, q.vector) for r, q in zip(read, embedded)]
        cleaned = unnamed
        # Who a question is about is read from what it asks, not from the background told before ('…, 政协委员都在
        # 提问，请问这场会是哪一天开的': not what the CPPCC member asked); the English the same (bot.speakers).
        parts = [asked_part(a) if t else a for a, t in zip(asked, translated)]
        about = [self._glosses_naming_no_one(self.translator.query_for(part)) if part != a else r.meant or q
                 for q, a, part, r in zip(cleaned, asked, parts, read)]
        focuses = [focus_of(q, self.index.store, self._speakers, ask.chosen, self._mentions, self._everyday)
                   for q, ask in zip(about, asks)]
        # Asked what someone said who is named in the record but never speaks: where they are named (not when
        # the question names someone the record lacks: the education bureau's director is not the sports one).
        silent = [silent_speakers(q, self._speakers, self._everyday)
                  if focus is None and ask.chosen is None and not r.named else []
                  for q, focus, ask, r in zip(about, focuses, asks, read)]
        for i, named in enumerate(silent):
            rows = frozenset().union(*(self._mentions(s.name) for s in named)) if named else frozenset()
            if rows:
                focuses[i] = Focus(rows, tuple(named), frozenset(), about_speech=False)
            else:
                silent[i] = []
        # (as typed, or with its slips written as the words meant: 'wats the adress'; in what is asked, not in what
        # the asker tells first: 'Quick question from a taxi driver. Who all was on the panel?')
        kinds = [(question_type(_asked(r.meant)) if r.meant else "") or question_type(_asked(a))
                 or question_type(_asked(q)) for a, q, r in zip(asked, cleaned, read)]
        # Asked how many of something, a passage that counts it is looked for a little deeper.
        depths = [max(candidate_depth(ask.k), _COUNTED_DEPTH if kind == "number" else 0)
                  for ask, kind in zip(asks, kinds)]
        # A question naming a day or a month is answered from the records of then, when there are any.
        allowed = [within_period(f.rows if f else None, dated_rows(a, self._documents, self.index.store))
                   for f, a in zip(focuses, asked)]
        results = self.retriever.search_many(queries, depths, allowed)
        # A word the record never uses is searched again as the record's word that means it (soccer: football).
        # A name means no other name (Shenzhen is not Guangdong): only other words are.
        # An abbreviation is searched again spelled out as the record writes it, and a name spelled out as the
        # record abbreviates it (a VR park: Virtual Reality); a word the record translates from Chinese piece by
        # piece, as the record writes it (covid: new crown pneumonia).
        meant: list[list[str]] = []
        for q, r, hits in zip(cleaned, read, results):
            judged = [h.chunk.text for h in hits[:_JUDGED]]
            lacking = [w for w, _ in r.missing if w not in r.named]
            meant.append(meant_words(lacking, judged, self.words.of)
                         + abbreviations(q, judged, frozenset(w for w, _ in r.missing)) + calqued(lacking, judged))
        again = [i for i, words in enumerate(meant) if words]
        if again:
            for i in again:
                own = set(tokenize(read[i].text))  # the stand-ins of words the record lacks, not its own words
                shares = {t: 1 / len(terms) for w in meant[i]
                          if (terms := [t for t in dict.fromkeys(tokenize(w)) if t not in own]) for t in terms}
                read[i] = replace(read[i], text=f"{read[i].text} {' '.join(meant[i])}", stand_ins=tuple(shares.items()))
                queries[i] = Query(read[i].text, queries[i].vector)
            more = self.retriever.search_many([queries[i] for i in again], [depths[i] for i in again],
                                              [allowed[i] for i in again])
            for i, hits in zip(again, more):
                results[i] = hits
        short = [i for i, f in enumerate(focuses)
                 if f is not None and not f.about_speech and len(results[i]) < depths[i]]
        if short:
            # Asked who someone is: where the person is named comes first, the rest of the record fills the
            # remaining places (searched with the vectors already made).
            more = self.retriever.search_many([queries[i] for i in short], [depths[i] for i in short])
            for i, hits in zip(short, more):
                results[i] = followed_by(results[i], hits, depths[i])
        answers = [self._answer(*parts) for parts in zip(read, kinds, (q.vector for q in queries), results,
                                                         (ask.k for ask in asks), focuses, silent)]
        # Asked who answered (or, naming no one, to list those who did), the replies are searched first; when none of
        # them answers ('which officials responded on behalf of the organizer': the record's narration says who did),
        # the whole record is, as for any question. So too asked when someone spoke ('on what day did Sun Lijie
        # answer'): the record's narration says when, not the reply, even when a reply answers with no date. Not
        # asked what someone named said: then only they answer.
        unfocused = [i for i, (answer, focus, kind, ask) in enumerate(zip(answers, focuses, kinds, asks))
                     if (answer.abstained or kind in _WHEN and self._undated(answer, kind))
                     and focus is not None and focus.about_speech
                     and (kind in _ASKED_OF_ANY_PASSAGE or not focus.speakers) and ask.chosen is None
                     and not silent[i]]
        if unfocused:
            anywhere = [within_period(None, dated_rows(asked[i], self._documents, self.index.store)) for i in unfocused]
            more = self.retriever.search_many([queries[i] for i in unfocused], [depths[i] for i in unfocused], anywhere)
            for i, hits in zip(unfocused, more):
                again = self._answer(read[i], kinds[i], queries[i].vector, hits, asks[i].k)
                if not again.abstained and (answers[i].abstained or not self._undated(again, kinds[i])):
                    answers[i] = again
        # Asked what someone who never speaks said about something, the record does not say: it is said so,
        # with where the record names them (asked only what they said, that is the answer: 'named, but silent');
        # read in what is asked, not in what the asker tells first ('I read the news about the meeting.').
        answers = [self._unsaid(answer, named) if named and about_a_topic(r.told[1]) else answer
                   for answer, named, r in zip(answers, silent, read)]
        return [replace(self._whole_turns(answer, ask.k), question=ask.question) for answer, ask in zip(answers, asks)]

    def _whole_turns(self, answer: Answer, k: int) -> Answer:
        """The answer with each passage that is a piece of a long turn shown with the rest of the turn (up to
        `_WHOLE_TURN` characters around it), and the pieces a passage shown before holds left out, `k` at most."""
        shown: dict[int, tuple[Passage, frozenset[int]]] = {}

        def whole(passages: Sequence[Passage]) -> tuple[Passage, ...]:
            result, held = [], set[int]()
            for passage in passages:
                if passage.hit.row in held:
                    continue
                if passage.hit.row not in shown:
                    shown[passage.hit.row] = self._whole_turn(passage)
                passage, rows = shown[passage.hit.row]
                held |= rows
                result.append(passage)
            return tuple(result[:k])

        return replace(answer, passages=whole(answer.passages), closest=whole(answer.closest))

    def _whole_turn(self, passage: Passage) -> tuple[Passage, frozenset[int]]:
        """A passage with the pieces of its turn around it, the following before the earlier, while the whole stays
        within `_WHOLE_TURN` characters (a reply's answer often follows the sentence that repeats the question, in
        the next piece); and the rows of the pieces it holds."""
        hit = passage.hit
        chunk, store = hit.chunk, self.index.store
        turn = store.turn_at(chunk.document_id, chunk.paragraph) if chunk.speaker is not None else None
        if turn is None:
            return passage, frozenset({hit.row})
        pieces = [(row, piece) for row, piece in store.paragraph_chunks(chunk.document_id, turn.first_paragraph,
                                                                          turn.last_paragraph)
                  if piece.speaker == chunk.speaker]
        at = next((i for i, (row, _) in enumerate(pieces) if row == hit.row), None)
        if at is None or len(pieces) == 1:
            return passage, frozenset({hit.row})
        first = last = at
        size = len(chunk.text)
        while True:
            grown = size
            for i in (last + 1, first - 1):
                if 0 <= i < len(pieces) and abs(pieces[i][0] - pieces[at][0]) == abs(i - at) \
                        and size + len(pieces[i][1].text) + 2 <= _WHOLE_TURN:
                    size += len(pieces[i][1].text) + 2
                    first, last = min(first, i), max(last, i)
            if size == grown:
                break
        if first == last:
            return passage, frozenset({hit.row})
        text, offset = "", 0
        for i in range(first, last + 1):
            piece = pieces[i][1]
            if i > first:  # a long paragraph's pieces (which start in the same paragraph) are one paragraph
                text += " " if piece.paragraph == pieces[i - 1][1].paragraph else "\n\n"
            if i == at:
                offset = len(text)
            text += piece.text
        opening = pieces[first][1]
        merged = replace(hit, chunk=replace(opening, text=text))
        start, end = passage.highlight
        return (replace(passage, hit=merged, highlight=(start + offset, end + offset)),
                frozenset(row for row, _ in pieces[first : last + 1]))

    def _unsaid(self, answer: Answer, silent: Sequence[SpeakerSummary]) -> Answer:
        named = frozenset().union(*(self._mentions(s.name) for s in silent))
        return replace(answer, abstained=True, uncertain=False,
                       passages=tuple(p for p in answer.closest if p.hit.row in named))

    @cached_property
    def _name_parts(self) -> frozenset[str]:
        """The parts of speakers' names that are no everyday English word ('sun', 'lin'; not 'general', 'house')."""
        parts = {part.lower() for speaker in self._speakers for part in re.findall(r"[A-Za-z]+", speaker.name)}
        return frozenset(part for part in parts if all(rarity(term) >= NAME_RARITY for term in tokenize(part)))

    def _glosses_naming_no_one(self, translation: str) -> str:
        return _GLOSS.sub(lambda m: "" if m.group() in self._name_parts else m.group(), translation)

    def _translated(self, translation: str, asked: str) -> ReadQuestion:
        """A question asked in the other language, read through its translation: only the people it names by a
        title the record never uses ('青岛市长': a mayor) are missing; another gloss the record does not use is
        one of the dictionary's other senses."""
        absent = [(word, term) for title in absent_people(asked, self.index.has_term) for word in title.split()
                  for term in tokenize(word)[:1]]
        # ...and so are the places it names that the record never does ('深圳': Shenzhen), or only in a longer name.
        places = absent_places(asked, lambda term: self.index.has_term(term)
                               and not self._named_within(term, translation))
        absent += [(place.lower(), term) for place in places for term in tokenize(place)[:1]]
        unsaid = [place for place in places if not set(tokenize(place)) & set(tokenize(translation))]
        # ...and the words the asker typed in the record's letters, no gloss of anything ('青岛GDP涨多少': GDP),
        # unless the record spells them another way ('Erganzungsschulen': Ergänzungsschulen).
        absent += [(word.lower(), term) for word in _LATIN_WORD.findall(asked) for term in tokenize(word)[:1]
                   if not self.index.has_term(term) and self.vocabulary.spelled(word.lower(), term) is None]
        # ...and the things it names that the record has no word for ('青岛马拉松': marathon), searched and weighed
        # as an English word the record lacks is (unless the record has a word near it: 'sailboat', 'sailing').
        things = absent_things(asked, self.index.has_term)
        absent += [(word.lower(), term) for word in things for term in tokenize(word)[:1]]
        said = set(tokenize(translation))
        text = " ".join([translation, *unsaid, *(word for word in things if not set(tokenize(word)) & said)])
        unnamed = {word.lower() for word in things}
        return ReadQuestion(text, missing=tuple(absent),
                            named=frozenset(word for word, _ in absent if word not in unnamed),
                            translated=True, asked=asked)

    def _places_named_within(self, read: ReadQuestion) -> ReadQuestion:
        """The question read with the cities it asks about that the record names only within longer names as
        missing, as it does those the record never names ('compare to Shanghai', over a record naming the
        'Shanghai Cooperation Organization')."""
        missing = {term for _, term in read.missing}
        within = [(place, term) for place in sorted(asked_places(read.text)) for term in tokenize(place)[:1]
                  if term not in missing and self.index.has_term(term) and self._named_within(place, read.text)]
        if not within:
            return read
        return replace(read, missing=(*read.missing, *within), named=read.named | {place for place, _ in within})

    def _named_within(self, place: str, question: str) -> bool:
        """Whether the record names `place` only as the start of longer names ('Shanghai Cooperation
        Organization') none of whose other words the question uses."""
        rows = self._mentions(place)
        if not rows:
            return False
        asked = set(tokenize(question))
        pattern = re.compile(rf"(?<!\w){re.escape(place)}(?!\w)(?:\s+([A-Z][\w'’-]*))?", re.IGNORECASE)
        for chunk in self.index.store.chunks(sorted(rows)):
            for found in pattern.finditer(chunk.text):
                following = found.group(1)
                if following is None or not following[0].isupper() or asked.intersection(tokenize(following)):
                    return False
        return True

    def _together(self, first: str, second: str) -> bool:
        """Whether the record has the two BM25 terms side by side ('sail', 'week': 'Sailing Week'). The passages
        richest in both come first; when the two are common ('Foreign Office' in a record of Foreign Ministry
        briefings), the few that write them together may come after many more."""
        _, rows = self.index.lexical_search(f"{first} {second}", _PHRASE_DEEPER)
        found = rows.tolist()
        for start in range(0, len(found), _PHRASE_DEPTH):
            for chunk in self.index.store.chunks(found[start : start + _PHRASE_DEPTH]):
                if (first, second) in pairwise(tokenize(chunk.text)):
                    return True
        return False

    def _mentions(self, name: str) -> frozenset[int]:
        """Rows of the passages that name someone (by the whole name), found through the lexical index."""
        _, rows = self.index.lexical_search(name, _MENTION_DEPTH)
        found = rows.tolist()
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        return frozenset(row for row, chunk in zip(found, self.index.store.chunks(found)) if pattern.search(chunk.text))

    def _answer(self, read: ReadQuestion, kind: str, vector: np.ndarray, hits: list[Hit], k: int,
                focus: Focus | None = None, silent: Sequence[SpeakerSummary] = ()) -> Answer:
        question = read.text
        frequency, chunks = self.index.term_document_frequency, len(self.index)
        unwanted = read.misspelled | (focus.ignored_terms if focus is not None else frozenset())
        # The sentence that answers is chosen by every word of the question, however common in the record; the
        # confidence only by those that tell passages apart (translated, only by the glosses the record uses).
        shares = dict(read.stand_ins)  # a phrase standing in for one word weighs as that word
        marks = {t: w * shares.get(t, 1.0) for t, w in term_weights(question, frequency, chunks, common=True).items()
                 if t not in unwanted}
        absent = {term for _, term in read.missing}  # translated: the people it names whom the record lacks
        weights = {t: w for t, w in marks.items() if not is_common(frequency(t), chunks)
                   and (not read.translated or self.index.has_term(t) or t in absent)
                   and t not in shares}  # a stand-in counts once, as the word it stands in for
        speech = focus is not None and focus.about_speech  # else it asks who someone is, or about no one
        if not marks and focus is None and not silent:
            # No word of it says what about ('who?', 'how many?', 'thanks'): no passage answers it more than another.
            return self._decided(question, 0.0, (), speech, silent)
        # Asked who someone is, the speaker label ('Lin Qing, member of ...:') may be the answer itself.
        introduces = focus is not None and not speech
        if self.model is None:
            # Asked what someone said who spoke once, their one turn is all they said.
            once = speech and bool(focus.speakers) and sum(s.turns for s in focus.speakers) == 1
            answer = self._answer_by_rules(read, kind, weights, marks, hits, k, speech, introduces, silent, vector,
                                           once)
            # Asked who chaired or moderated, a record that never names the role does not say (not: who answered).
            # (asked in Chinese, by its translation: '谁主持' reads 'who chaired')
            if not silent and any(unrecorded_role(text, self.index.has_term) is not None
                                  for text in dict.fromkeys((read.asked or question, question))):
                return self._decided(question, 0.0, answer.closest, speech, silent)
            return answer
        first, rest = hits[:_JUDGED], hits[_JUDGED:]
        skips = [0 if introduces else hit.chunk.speech_start for hit in first]
        # A turn that answers stands for the question it answers: 'who answered Mr Jones about net zero'.
        contexts = [question_answered(hit.chunk, self.index.store) if speech else "" for hit in first]
        terms = question_terms(question, weights)
        judged = judge(self.model, self.features.candidates(terms, vector, first, skips, contexts, self.model.sentence))
        # The asker's own turn, or a passage whose best sentence is a question, repeats what is asked.
        # It goes after every passage that does not ask, so that the reply comes before the question it answers.
        scored = [(self._adjusted(j), not introduces and self._asks(j), j) for j in judged]
        scored = [(p, j) for p, _, j in sorted(scored, key=lambda triple: (triple[1], -triple[0]))]
        confidence = scored[0][0] if scored else 0.0
        # Passages beyond the judged ones keep the retriever's order, highlighted by their shared words.
        judged += [Judged(hit, choose_highlight(weights, hit.chunk.text, 0 if introduces else hit.chunk.speech_start),
                          0.0, False) for hit in rest]
        ranked = [j for _, j in scored] + judged[len(scored):]
        # (a few more than k: a piece of a turn shown whole with another leaves its place to the next)
        closest = tuple(self._passage(question, weights, j) for j in ranked[:k + _RERANK_EXTRA])
        return self._decided(question, confidence, closest, speech, silent)

    def _answer_by_rules(self, read: ReadQuestion, kind: str, weights: dict[str, float], marks: dict[str, float],
                         hits: list[Hit], k: int, speech: bool, introduces: bool,
                         silent: Sequence[SpeakerSummary], vector: np.ndarray, once: bool = False) -> Answer:
        """The hand-set way: the sentence sharing the most question weight, and a confidence of coverage and
        cosine. Passages that ask go after those that answer; then those that lack what the question asks for.
        `once`: the question asks what someone said who spoke once in the record."""
        question = read.text
        counted = counted_terms(question, general_terms()) if kind == "number" else frozenset()
        counted = frozenset(dict(read.respelled).get(term, term) for term in counted)  # 'clustres': clusters
        # The sentence with a number, if asked for; asked how many of something, one with a number of it first.
        # ...asked why, one giving a reason ('because …'), though a passage without one may still answer.
        amount = kind == "number" and not counted and _HOW_MUCH.search(read.meant or question) is not None
        holding = partial(_giving, kind, counted, amount=amount) if kind in STRICT_KINDS or kind == "reason" else None
        if kind == "place" and not read.translated:  # ...or a named place beside a word of the question
            holding = partial(_placing, frozenset(weights))
        if kind == "person" and not read.translated and not introduces:
            holding = self._naming  # asked who: the sentence naming people of the record ('Sun Lijie, member of …')
        # Asked which things, a sentence that lists several ('Seoul, Tokyo, Yokohama and Tehran') counts as sharing
        # more of the question than it does: not always first, since a record of lists has them everywhere.
        # ...and a long sentence listing them is shown whole, not narrowed to the clause that matches best ('which
        # officials answered': all five of the roster, not its last name).
        many = not read.translated and asks_for_several(read.meant or question)
        several = gives_several if holding is None and many else None
        judged = [Judged(hit, choose_highlight(marks, hit.chunk.text, 0 if introduces else hit.chunk.speech_start,
                                               holding, favoured=several, favour=_LISTING, narrow=not many),
                         hit.score, False)
                  for hit in hits]
        listed = False  # the first passage is the list another announces, its first item highlighted
        if introduces:
            # Asked who someone is, their own turn's label ('Lin Qing, member of ...:') answers; among the first
            # candidates, the one whose chosen sentence holds the most of the question's words comes first.
            head = sorted(judged[:_JUDGED], reverse=True,
                          key=lambda j: (coverage(weights, j.hit.chunk.text[slice(*j.highlight)]), j.probability))
            judged = head + judged[_JUDGED:]
        else:
            # Asked what someone asked, or who asked, the asker's turn answers: the passages that answer go after.
            wanted = not speech and (wants_the_asking(question) or wants_the_asking(read.asked))
            judged = [replace(j, asks=self._asks(j) != wanted or self._says_nothing(j)) for j in judged]
            # Among the first candidates, those that ask go after those that answer (as with the model); deeper
            # ones are only demoted, so that an unrelated passage never jumps ahead of a question on the topic.
            order = partial(sorted, key=lambda j: demoted(j.probability) if j.asks else j.probability, reverse=True)
            judged = order(judged)
            first = {j.hit.row for j in judged[:_JUDGED]}
            # Asked what someone said, the candidates are that speaker's turns; asked about the asking, the asker's.
            if not speech and not about_asking(question):
                lifted = self._replies_lent(judged, marks, holding, vector)
                first |= lifted.keys()  # joining the first candidates, pushing none of them out
                judged = order([lifted.pop(j.hit.row, j) for j in judged] + list(lifted.values()))
            # Asked how many of something, a deeper passage that counts it joins the first candidates (not
            # through a translation, whose glosses may count something else).
            deeper = [j for j in judged if j.hit.row not in first][:_COUNTED_DEPTH - _JUDGED] \
                if counted and not read.translated else []
            chosen = first | {j.hit.row for j in deeper if not miscounts(counted, j.hit.chunk.text)}
            head = [j for j in judged if j.hit.row in chosen]
            # Asked when, how much or where, a passage without a date, an amount or a place cannot answer.
            # Asked how many of something, one that gives a number of it goes before numbers of other things.
            # Asked about someone who speaks in the record, their own turns go before others' on the topic.
            subjects = subject_speakers(question, self._speakers) if not speech and not read.translated else []
            subject = self.index.store.turn_rows([s.id for s in subjects]) if subjects else frozenset()
            # ...but when what is counted is a thing the record names, a number of something else ('a three-year
            # plan', asked how many theme parks) no more answers than no number at all.
            named_count = bool(counted) and not read.translated and not counted & {term for _, term in read.missing}
            # Asked what date, how much or what share, a passage that asks and states one (the reporter's 'the ban
            # takes effect on August 13') goes before replies that hold none.
            stated = kind in _STATED_KINDS
            # A list of what is counted ('venues such as Guoxin Financial Center and Haitian Center') counts it.
            listing = partial(lists, counted) if counted else lambda text: False
            # Asked about 'the eight clusters', a passage giving that number of them ('eight major industrial
            # clusters mainly includes:') is where the record introduces them.
            given = {pair for pair in numbered(read.meant or question) if pair[1] in marks}
            # ...and a bare reply with a number ('It's 869.') counts what its question asked to count.
            replied = {j.hit.row for j in head if counted and self._counts_as_asked(counted, j.hit.chunk)}
            # (what is counted may be in the passage's own words: 'how many US companies', '192 American
            # businesses')
            said = {j.hit.row: self._same_as(question, counted, j.hit.chunk.text)
                    for j in head} if counted and not read.translated else {}
            judged = sorted(head, key=lambda j: (not stated and j.asks,
                                                 not named_count and lacks(kind, j.hit.chunk.text)
                                                 and not listing(j.hit.chunk.text), j.asks,
                                                 bool(given) and given.isdisjoint(numbered(j.hit.chunk.text)),
                                                 bool(counted) and not counts(counted, j.hit.chunk.text,
                                                                              said=said.get(j.hit.row, frozenset()))
                                                 and j.hit.row not in replied,
                                                 bool(counted) and not counts(counted, j.hit.chunk.text, shares=False,
                                                                              said=said.get(j.hit.row, frozenset()))
                                                 and j.hit.row not in replied,
                                                 bool(subject) and j.hit.row not in subject)) \
                + [j for j in judged if j.hit.row not in chosen]
            if asks_what_is_done(read.asked or question):
                judged = self._doing_first(judged, len(head))
            if kind == "person" and speech:
                judged = self._named_first(judged, len(head))
            judged = self._said_in_full(judged, len(head), marks)
            announced = self._list_announced(judged)
            listed = bool(judged) and announced[0].hit.row != judged[0].hit.row
            judged = announced
        if judged and not listed:
            # The top passage's sentence is chosen also by the words that mean the question's ('how many cops':
            # '84 police officers'), which only its own words are compared with, as its confidence does below.
            top = judged[0]
            near = near_terms(question, marks, top.hit.chunk.text, self.words.of)
            judged[0] = replace(top, highlight=choose_highlight(
                marks, top.hit.chunk.text, 0 if introduces else top.hit.chunk.speech_start, holding, near,
                _REPLY_OPENING if not introduces and ASKS_YES_OR_NO.match(read.asked or question)
                and self._opens_reply(top.hit.chunk) else 0.0, favoured=several, favour=_LISTING, narrow=not many))
        # (a few more than k: a piece of a turn shown whole with another leaves its place to the next)
        closest = tuple(self._passage(question, marks, j, not many) for j in judged[:k + _RERANK_EXTRA])
        if closest and kind == "person" and not introduces and not listed and self._names_the_speaker(read, closest[0]):
            closest = (_with_label(closest[0]), *closest[1:])
        # A reply stands for the question it answers ('It is America's internal affair', asked about impeachment).
        context = question_answered(closest[0].hit.chunk, self.index.store) if closest else ""
        confidence = 0.0
        if closest:
            text = f"{closest[0].hit.chunk.embedding_text}\n{context}"
            confidence = rules_confidence(read, kind, weights, text, self._closeness(read, closest[0].hit),
                                          self.words.of, counted,
                                          by_speaker=speech, passage=closest[0].hit.chunk.passage_text,
                                          whole=once)
            if self.calibration is not None:
                confidence = self.calibration.probability(confidence)
        # A bare reply ('Correct, sir.') is shown as the question it confirms, which says what was confirmed.
        confirmed = self._confirmed(question, marks, holding, closest[0]) if closest and not silent else None
        if confirmed is not None:
            shown, lead = confirmed
            closest = (shown, *(p for p in closest[1:] if p.hit.row != shown.hit.row))
            return self._decided(question, confidence, closest, speech, silent, lead)
        # Asked who did something ('who moved that the House go into Committee'), who said the passage may be the
        # answer itself: the lead names them, as it does for questions about what was said.
        return self._decided(question, confidence, closest, speech or (kind == "person" and not introduces), silent)

    def _confirmed(self, question: str, marks: dict[str, float], holding: Callable[[str], int] | None,
                   top: Passage) -> tuple[Passage, Lead] | None:
        """For a top passage that is a bare reply to a question ('Correct, sir.' to '... you spent $19 million
        for arms, correct?'), the passage of that question, highlighted, and the lead that quotes the reply."""
        chunk, store = top.hit.chunk, self.index.store
        turn = self._bare_reply(chunk)
        if turn is None or turn.exchange is None or turn.speaker is None:
            return None
        exchange = store.exchange(chunk.document_id, turn.exchange)
        if exchange is None:
            return None
        asked = exchange.question
        found = store.paragraph_chunks(chunk.document_id, asked.first_paragraph, asked.last_paragraph)
        if not found:
            return None
        row, shown = found[-1]  # the end of the question: what the reply says yes or no to
        near = near_terms(question, marks, shown.text, self.words.of)
        hit = Hit(row, shown, top.hit.score, top.hit.dense, top.hit.lexical)
        passage = self._passage(question, marks, Judged(hit, choose_highlight(
            marks, shown.text, shown.speech_start, holding, near), top.hit.score, False))
        lead = Lead(turn.speaker.name, turn.speaker.role or None, "confirmed",
                    asked.speaker.name if asked.speaker else None, " ".join(turn.text.split()))
        return passage, lead

    @staticmethod
    def _undated(answer: Answer, kind: str) -> bool:
        """Whether an answer's first passage lacks the date, day or year asked for."""
        return bool(answer.passages) and lacks(kind, answer.passages[0].hit.chunk.text)

    def _opens_reply(self, chunk: Chunk) -> bool:
        """Whether the passage is the start of a reply to a question (its first sentence answers it directly
        more often than any other: 'He was here in the White House.')."""
        turn = self.index.store.turn_at(chunk.document_id, chunk.paragraph)
        return turn is not None and turn.part == "answer" and turn.first_paragraph == chunk.paragraph \
            and chunk.speech_start > 0

    def _closeness(self, read: ReadQuestion, hit: Hit) -> float:
        """The passage's closeness in meaning to the question: when the asker also tells something ('I saw something
        on WeChat about the fashion city plan.'), the mean of its cosines with the whole question and with the
        sentence that asks, so that the telling alone cannot make a passage close."""
        told, asked = read.told
        if not told:
            return hit.dense
        vector = self.retriever.embedder.encode_queries([asked])[0]
        return (hit.dense + float(self.index.similarity(vector, [hit.row])[0])) / 2

    def _counts_as_asked(self, counted: frozenset[str], chunk: Chunk) -> bool:
        """Whether the passage is a bare reply giving a number ('It's 869.') to a question asking how many of what
        is counted ('what is the number of additional nurses needed ...')."""
        turn = self.index.store.turn_at(chunk.document_id, chunk.paragraph)
        if turn is None or turn.part != "answer" or turn.exchange is None or len(turn.text.split()) > _BARE_REPLY \
                or not holds("number", turn.text):
            return False
        exchange = self.index.store.exchange(chunk.document_id, turn.exchange)
        return exchange is not None and not counted.isdisjoint(tokenize(exchange.question.text))

    def _bare_reply(self, chunk: Chunk) -> Turn | None:
        """The turn of a passage that is a bare reply ('Yes, it was.', 'I have not.'), or None."""
        turn = self.index.store.turn_at(chunk.document_id, chunk.paragraph)
        if turn is None or turn.part != "answer" or len(turn.text.split()) > _BARE_REPLY:
            return None
        return turn if set(tokenize(turn.text)) <= _CONFIRMING | general_terms() else None

    def _said_in_full(self, judged: list[Judged], among: int, marks: dict[str, float]) -> list[Judged]:
        """A bare reply first ('I have not.') goes after a reply of the same speaker in the same record, among the
        first candidates, whose chosen sentence says something the question asks about ('I do not believe in
        rising above the law at all'); not after one about something else ('Correct, sir.' to '$19 million for
        arms, correct?' stays first)."""
        top = judged[0].hit.chunk if judged else None
        if top is None or top.speaker is None or self._bare_reply(top) is None:
            return judged
        fuller = next((j for j in judged[1:among] if not j.asks and j.hit.chunk.document_id == top.document_id
                       and j.hit.chunk.speaker == top.speaker and self._bare_reply(j.hit.chunk) is None
                       and coverage(marks, j.hit.chunk.text[slice(*j.highlight)]) > 0), None)
        return judged if fuller is None else [fuller, *(j for j in judged if j is not fuller)]

    def _list_announced(self, judged: list[Judged]) -> list[Judged]:
        """A first passage that announces a list ('To summarize, this summit sent out four clear messages.') gives way
        to the list, when the next passage of the same turn opens it ('First, support to multilateralism. ...')."""
        top = judged[0] if judged else None
        if top is None or not announces(top.hit.chunk.text) or top.hit.row + 1 >= len(self.index):
            return judged
        row = top.hit.row + 1
        following = self.index.store.chunks([row])[0]
        chunk = top.hit.chunk
        if following.document_id != chunk.document_id or not opens_list(following.text, following.speech_start):
            return judged
        turn = self.index.store.turn_at(chunk.document_id, chunk.paragraph)
        next_turn = self.index.store.turn_at(following.document_id, following.paragraph)
        if turn is None or next_turn is None or turn.first_paragraph != next_turn.first_paragraph:
            return judged
        # ...its first item highlighted, which the question's words need not be in
        opening = first_item(following.text, following.speech_start)
        listed = next((j for j in judged if j.hit.row == row), None)
        listed = replace(listed, highlight=opening) if listed is not None else Judged(
            Hit(row, following, top.hit.score, top.hit.dense, 0.0), opening, top.probability, False)
        return [listed, *(j for j in judged if j.hit.row != row)]

    def _decided(self, question: str, confidence: float, closest: tuple[Passage, ...], speech: bool,
                 silent: Sequence[SpeakerSummary], lead: Lead | None = None) -> Answer:
        abstained = confidence < self.min_confidence and not silent
        if silent:
            lead = silent_lead(silent)
        elif speech and closest and lead is None:  # (a bare reply's lead is given)
            lead = lead_for(closest[0].hit.chunk, self.index.store)
            top = closest[0]
            label = top.hit.chunk.text[: top.hit.chunk.speech_start]
            if lead is not None and lead.role and top.highlight[0] < len(label) and lead.role in label:
                lead = replace(lead, role=None)  # the highlight opens on the label that gives it
        # Nothing unrelated is offered as 'related' when the record does not say.
        return Answer(question, abstained, () if abstained else closest, confidence, lead,
                      uncertain=not abstained and confidence < self.answer_confidence, closest=closest)

    def _same_as(self, question: str, terms: frozenset[str], text: str) -> frozenset[str]:
        """The terms of the text's words that mean one of the question's `terms` ('businesses' for companies)."""
        near = near_terms(question, terms, text, self.words.of)
        return frozenset(other for found in near.values() for other, credit in found.items() if credit >= 1.0)

    def _doing_first(self, judged: list[Judged], among: int) -> list[Judged]:
        """Asked what will be done, the part of the first passage's turn that says what should or will be done goes
        before its part on how things are ('... the most affected by the new crown pneumonia epidemic', then
        'should continue to introduce favorable policies ...'), among the first candidates."""
        top = judged[0].hit.chunk if judged else None
        turn = self.index.store.turn_at(top.document_id, top.paragraph) if top is not None else None
        if turn is None or turn.speaker is None or says_what_is_done(top.text):
            return judged
        doing = next((j for j in judged[1:among] if j.hit.chunk.document_id == top.document_id and not j.asks
                      and turn.first_paragraph <= j.hit.chunk.paragraph <= turn.last_paragraph
                      and says_what_is_done(j.hit.chunk.text)), None)
        return judged if doing is None else [doing, *(j for j in judged if j is not doing)]

    def _named_first(self, judged: list[Judged], among: int) -> list[Judged]:
        """Asked who answered, the start of a turn, which names its speaker ('Sun Lijie: The culture, tourism …'),
        goes before the rest of the same turn when the rest came first."""
        top = judged[0].hit.chunk if judged else None
        if top is None or top.speaker is None or top.speech_start > 0:
            return judged
        turn = self.index.store.turn_at(top.document_id, top.paragraph)
        if turn is None or turn.first_paragraph == top.paragraph:
            return judged
        start = next((j for j in judged[:among] if j.hit.chunk.document_id == top.document_id
                      and j.hit.chunk.paragraph == turn.first_paragraph and j.hit.chunk.speech_start > 0), None)
        return judged if start is None else [start, *(j for j in judged if j is not start)]

    def _replies_lent(self, judged: list[Judged], marks: dict[str, float],
                      holding: Callable[[str], int] | None, vector: np.ndarray) -> dict[int, Judged]:
        """A question among the first candidates lends its score to the start of the reply it got, which may say
        nothing of its words ('Taiwan is part of China', asked about Tsai Ing-wen's interview): by row, the
        starts that it scores higher, and those the retriever missed (which then join the candidates)."""
        store, lent, starts = self.index.store, dict[int, float](), dict[int, Chunk]()
        for j in judged[:_JUDGED]:
            chunk = j.hit.chunk
            turn = store.turn_at(chunk.document_id, chunk.paragraph)
            if turn is None or turn.part != "question" or turn.exchange is None:
                continue
            exchange = store.exchange(chunk.document_id, turn.exchange)
            if exchange is None or not exchange.answers:
                continue
            reply = exchange.answers[0]
            found = store.paragraph_chunks(chunk.document_id, reply.first_paragraph, reply.first_paragraph)
            if found:
                row, starts[row] = found[0]
                lent[row] = max(lent.get(row, -np.inf), j.probability)  # (a share of it was worse on dev)
        had = {j.hit.row: j for j in judged}
        missed = [row for row in lent if row not in had]
        cosines = dict(zip(missed, self.index.similarity(vector, missed).tolist())) if missed else {}
        lifted = {row: replace(had[row], probability=score) for row, score in lent.items()
                  if row in had and score > had[row].probability}
        for row in missed:
            start = starts[row]
            lifted[row] = Judged(Hit(row, start, lent[row], cosines[row], 0.0), choose_highlight(
                marks, start.text, start.speech_start, holding), lent[row], False)
        return lifted

    @cached_property
    def _named_people(self) -> re.Pattern[str] | None:
        names = sorted({s.name for s in self._speakers if len(s.name.split()) >= 2 and s.name[0].isupper()}, key=len,
                       reverse=True)
        return re.compile("|".join(re.escape(name) for name in names)) if names else None

    def _naming(self, sentence: str) -> int:
        """Whether a sentence names someone the record has as a speaker (who speaks, or who is on its roster), or
        anyone by a title and a name ('Foreign Minister Wang Yi will chair the meeting')."""
        return int((self._named_people is not None and self._named_people.search(sentence) is not None)
                   or _TITLED_NAME.search(sentence) is not None)

    def _asks(self, judged: Judged) -> bool:
        """Whether the passage asks rather than answers, or answers nothing ('Okay.', 'The President —')."""
        turn = self.index.store.turn_at(judged.hit.chunk.document_id, judged.hit.chunk.paragraph)
        return judged.asks or (turn is not None and turn.part == "question") or self._says_nothing(judged)

    def _says_nothing(self, judged: Judged) -> bool:
        """Whether the passage answers nothing: courtesies, cut off, or a reply that only asks back (the store
        keeps the turn each passage is in, so asking again costs nothing)."""
        turn = self.index.store.turn_at(judged.hit.chunk.document_id, judged.hit.chunk.paragraph)
        return says_nothing(judged.hit.chunk, replying=turn is not None and turn.part == "answer")

    def _adjusted(self, judged: Judged) -> float:
        return judged.probability * (_ASKING_FACTOR if self._asks(judged) else 1.0)

    def _names_the_speaker(self, read: ReadQuestion, top: Passage) -> bool:
        """Whether the question asks who asked, answered or said something, or about the top passage's speaker
        ('提问的林青是什么身份', what is the questioner Lin Qing): the label naming them answers."""
        texts = tuple(dict.fromkeys((read.meant or read.text, read.asked or read.text)))
        speaker = top.hit.chunk.speaker
        return any(asks_who_spoke(text) or speaker is not None and names(text, speaker.name) for text in texts)

    def _passage(self, question: str, weights: dict[str, float], judged: Judged, narrow: bool = True) -> Passage:
        start, end = narrow_long(weights, judged.hit.chunk.text, *judged.highlight, narrow=narrow)
        marked = shares_a_word(question, judged.hit.chunk.text[start:end])
        return Passage(judged.hit, self._documents[judged.hit.chunk.document_id], (start, end), marked)


# A title and a capitalised name after it: 'Minister Wang Yi', 'President Julius Maada Wonie Bio' (not 'the Minister
# for Cities', nor a title alone).
_TITLE_WORDS = "|".join(sorted((t.capitalize() for t in OFFICES | TITLES | {"envoy"}), key=len, reverse=True))
_TITLED_NAME = re.compile(rf"\b(?:{_TITLE_WORDS})\s+(?!(?:{_TITLE_WORDS}|General|Of|The)\b)[A-Z][a-z][\w'’-]*")


_LABEL_GAP = 250  # characters of a turn before its highlight that may join a highlight starting at the label


def _with_label(passage: Passage) -> Passage:
    """Asked who said something, a highlight near the start of its speaker's turn starts at the printed label that
    names them ('Lin Qing, member of Qingdao Municipal CPPCC ...: The impact of the epidemic ...'): the record's
    own words for who."""
    chunk = passage.hit.chunk
    start, end = passage.highlight
    label = chunk.text[: chunk.speech_start]
    if not label.strip() or len(chunk.text[chunk.speech_start : start].strip()) > _LABEL_GAP or chunk.speaker is None:
        return passage
    name_parts = {part.casefold() for part in re.findall(r"[^\W\d_]{2,}", chunk.speaker.name)}
    if name_parts.isdisjoint(part.casefold() for part in re.findall(r"[^\W\d_]{2,}", label)):
        return passage  # a bare 'Q:' names no one
    return replace(passage, highlight=(len(label) - len(label.lstrip()), end))


def _giving(kind: str, counted: frozenset[str], sentence: str, amount: bool = False) -> int:
    """How well a sentence gives the kind of answer asked for, to highlight it: 2 when it also gives a number of
    what is counted ('over 1,000 applications', asked how many applications; not '$1.7 billion worth of
    requests'), or asked how much (an `amount`), a sum of money ('about $485 million', not '17 years after'), 1
    when it gives only the kind, 0 when it does not."""
    if not gives(kind, sentence):
        return 0
    return 2 if (counted and counts(counted, sentence)) or (amount and holds("money", sentence)) else 1


def _placing(terms: frozenset[str], sentence: str) -> int:
    """Asked where, whether a sentence gives a place: after 'in', 'at' ..., or a named one beside a word of the
    question (bot.features.names_place)."""
    return int(gives("place", sentence) or names_place(terms, sentence))


def _asked(question: str) -> str:
    return told_and_asked(question)[1]


def open_bot(
    index_dir: Path,
    embedder: Embedder,
    min_confidence: float = MIN_CONFIDENCE,
    lexical_weight: float = LEXICAL_WEIGHT,
    cache_size: int = 0,
    answer_confidence: float | None = None,
    answer_model: Path | None = None,
    top_k: int = TOP_K,
) -> Bot:
    """A bot over the index at `index_dir`; raises IndexLoadError with a fix when it cannot be used."""
    index = load_index(index_dir, embedder.name)
    embedder.load()
    cache = AnswerCache(cache_size) if cache_size else None
    return Bot(Retriever(index, embedder, lexical_weight=lexical_weight), min_confidence=min_confidence, cache=cache,
               answer_confidence=answer_confidence, model=AnswerModel.load(answer_model) if answer_model else None,
               top_k=top_k)
