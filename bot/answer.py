"""Answering a question from the record: retrieve, highlight, and decide whether the record answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.cache import AnswerCache, CacheKey
from bot.crosslingual import QueryTranslator, record_languages
from bot.errors import BadQuestion, UnknownSpeaker
from bot.hearings import Hearings, check_speaker_filter
from bot.highlight import choose_highlight, coverage, shares_a_word, term_weights
from bot.models import Answer, Hit, Passage
from bot.retrieve import Retriever
from bot.speakers import Focus, focus_of, lead_for, question_answered
from index.embed import Embedder
from index.records import SpeakerSummary
from index.loaded import load_index

MAX_QUESTION_CHARS = 1000
MAX_K = 50
_RERANK_EXTRA = 3  # candidates beyond k, so that a demoted passage can be replaced
_ASKING_PENALTY = 0.6
_MENTION_DEPTH = 200  # passages looked at for the mentions of a name
_LANGUAGE_SAMPLE = 400  # passages read to tell which languages the record is written in


def _demoted(score: float) -> float:
    """The score of a passage that asks rather than answers: lower by the same share whatever its sign
    (fused scores are z-scores, and 0.6 × a negative one would raise it)."""
    return score - (1 - _ASKING_PENALTY) * abs(score)


def _asks(passage: Passage) -> bool:
    return passage.highlight_text.rstrip().endswith(("?", "？"))


class Bot:
    """Answers questions over one loaded index. `min_confidence` is the abstention threshold."""

    def __init__(self, retriever: Retriever, min_confidence: float = 0.3, cache: AnswerCache | None = None) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence}")
        self.retriever = retriever
        self.index = retriever.index
        self.min_confidence = min_confidence
        self._documents = self.index.store.document_infos()
        self.hearings = Hearings(self.index.store, self._documents)
        self._speakers = self.index.store.speakers()
        self.cache = cache  # None: every question is answered afresh
        self._build = f"{self.index.directory}@{self.index.manifest.built_at}"
        self.translator = QueryTranslator(self.index.has_term, record_languages(self._sample_texts()))

    def _sample_texts(self) -> list[str]:
        step = max(1, len(self.index) // _LANGUAGE_SAMPLE)
        return [chunk.text for chunk in self.index.store.chunks(list(range(0, len(self.index), step)))]

    def answer(self, question: str, k: int = 3, speaker: str | None = None) -> Answer:
        return self.answer_many([question], k, speaker)[0]

    def cached(self, question: str, k: int = 3, speaker: str | None = None) -> Answer | None:
        """The answer already given to this question, if the cache holds it; never computes one
        (cheap enough for an event loop: a server answers repeated questions without a worker thread)."""
        if self.cache is None or not 1 <= k <= MAX_K:
            return None
        return self.cache.get(self._cache_key(clean_question(question), k, speaker))

    def answer_many(self, questions: Sequence[str], k: int = 3, speaker: str | None = None) -> list[Answer]:
        """Answers for several questions, embedded together; with `speaker`, only from the turns of the
        speakers it matches (a name or a role fragment, as for exchanges)."""
        if not 1 <= k <= MAX_K:
            raise BadQuestion(f"k must be between 1 and {MAX_K}, got {k}")
        cleaned = [clean_question(q) for q in questions]
        if self.cache is None:
            return self._answer_many(cleaned, k, speaker)
        keys = [self._cache_key(q, k, speaker) for q in cleaned]
        answers = [self.cache.get(key) for key in keys]
        missing = [i for i, answer in enumerate(answers) if answer is None]
        for i, answer in zip(missing, self._answer_many([cleaned[i] for i in missing], k, speaker) if missing else []):
            self.cache.put(keys[i], answer)
            answers[i] = answer
        return answers

    def _cache_key(self, cleaned: str, k: int, speaker: str | None) -> CacheKey:
        return self.cache.key(self._build, cleaned, k, speaker)

    def _answer_many(self, asked: list[str], k: int, speaker: str | None) -> list[Answer]:
        # A question in the other language than the record's is searched, embedded and judged through its
        # translation (bot.crosslingual); the answer keeps the question as asked.
        cleaned = [self.translator.query_for(q) for q in asked]
        chosen = self._chosen_speakers(speaker)
        focuses = [focus_of(q, self.index.store, self._speakers, chosen, self._mentions) for q in cleaned]
        depth = k + _RERANK_EXTRA
        vectors = self.retriever.embedder.encode_queries(cleaned)
        results = self.retriever.search_many(cleaned, depth, [f.rows if f else None for f in focuses], vectors)
        short = [i for i, f in enumerate(focuses) if f is not None and not f.about_speech and len(results[i]) < depth]
        if short:
            # Asked who someone is: where the person is named comes first, the rest of the record fills the
            # remaining places (searched with the vectors already made).
            more = self.retriever.search_many([cleaned[i] for i in short], depth, vectors=vectors[short])
            for i, hits in zip(short, more):
                results[i] = _followed_by(results[i], hits, depth)
        answers = [self._answer(q, hits, k, focus) for q, hits, focus in zip(cleaned, results, focuses)]
        return [replace(answer, question=q) for answer, q in zip(answers, asked)]

    def _mentions(self, name: str) -> frozenset[int]:
        """Rows of the passages that name someone (by the whole name), found through the lexical index."""
        _, rows = self.index.lexical_search(name, _MENTION_DEPTH)
        found = rows.tolist()
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        return frozenset(row for row, chunk in zip(found, self.index.store.chunks(found)) if pattern.search(chunk.text))

    def _chosen_speakers(self, speaker: str | None) -> list[SpeakerSummary] | None:
        wanted = check_speaker_filter(speaker)
        if wanted is None:
            return None
        chosen = self.index.store.speakers(wanted)
        if not chosen:
            raise UnknownSpeaker(f"speaker: nobody in the record matches '{wanted}'; GET /api/speakers lists who spoke")
        return chosen

    def _answer(self, question: str, hits: list[Hit], k: int, focus: Focus | None = None) -> Answer:
        weights = term_weights(question, self.index.term_document_frequency, len(self.index))
        if focus is not None:
            weights = {term: weight for term, weight in weights.items() if term not in focus.ignored_terms}
        speech = focus is not None and focus.about_speech  # else it asks who someone is, or about no one
        # Asked who someone is, the speaker label ('Lin Qing, member of ...:') may be the answer itself.
        introduces = focus is not None and not speech
        passages = []
        for hit in hits:
            start, end = choose_highlight(weights, hit.chunk.text, 0 if introduces else hit.chunk.speech_start)
            marked = shares_a_word(question, hit.chunk.text[start:end])
            passages.append(Passage(hit, self._documents[hit.chunk.document_id], (start, end), marked))
        # A passage whose best sentence is itself a question (a deputy asking what the citizen
        # asks) repeats the question rather than answering it: it goes after those that answer.
        passages.sort(key=lambda p: _demoted(p.hit.score) if _asks(p) else p.hit.score, reverse=True)
        passages = passages[:k]
        context = question_answered(passages[0].hit.chunk, self.index.store) if speech and passages else ""
        confidence = self._confidence(weights, passages[0].hit, context) if passages else 0.0
        lead = lead_for(passages[0].hit.chunk, self.index.store) if speech and passages else None
        return Answer(question, confidence < self.min_confidence, tuple(passages), confidence, lead)

    def _confidence(self, weights: dict[str, float], hit: Hit, context: str = "") -> float:
        """How sure we are that the top passage answers: semantic closeness and shared rare words.

        Either signal alone misleads: a passage can share common words without answering, and
        the dense score of a short question is high for anything on the same topic. `context` is
        further text the passage stands in, such as the question it answers."""
        covered = coverage(weights, f"{hit.chunk.embedding_text}\n{context}")
        return max(0.0, min(1.0, 0.6 * covered + 0.4 * _scaled_dense(hit.dense)))


def _followed_by(first: list[Hit], more: list[Hit], depth: int) -> list[Hit]:
    """`first`, then the hits of `more` it lacks, scored below all of `first` in their own order."""
    taken = {hit.row for hit in first}
    rest = [hit for hit in more if hit.row not in taken][: depth - len(first)]
    if not first or not rest:
        return first + rest
    shift = min(hit.score for hit in first) - max(hit.score for hit in rest) - 1.0
    return first + [replace(hit, score=hit.score + shift) for hit in rest]


def _scaled_dense(cosine: float) -> float:
    """MiniLM cosine mapped to 0..1 between 'unrelated' (0.15) and 'clearly on point' (0.65)."""
    return max(0.0, min(1.0, (cosine - 0.15) / 0.5))


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises BadQuestion when it cannot be asked."""
    if not isinstance(question, str):
        raise BadQuestion("question must be text")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"question is longer than {MAX_QUESTION_CHARS} characters ({len(question)})")
    control = next((c for c in question if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if control is not None:
        raise BadQuestion(f"question contains a control character (U+{ord(control):04X})")
    # A lone surrogate (JSON allows "\udfff") is no character: it cannot be encoded, tokenized or shown.
    surrogate = next((c for c in question if unicodedata.category(c) == "Cs"), None)
    if surrogate is not None:
        raise BadQuestion(f"question contains a lone surrogate (U+{ord(surrogate):04X}), which is not text; "
                          "send the question as UTF-8")
    question = " ".join(question.split())
    if not question:
        raise BadQuestion("question is empty")
    return question


def open_bot(
    index_dir: Path,
    embedder: Embedder,
    min_confidence: float = 0.3,
    lexical_weight: float = 0.55,
    cache_size: int = 0,
) -> Bot:
    """A bot over the index at `index_dir`; raises IndexLoadError with a fix when it cannot be used."""
    index = load_index(index_dir, embedder.name)
    embedder.load()
    cache = AnswerCache(cache_size) if cache_size else None
    return Bot(Retriever(index, embedder, lexical_weight=lexical_weight), min_confidence=min_confidence, cache=cache)
