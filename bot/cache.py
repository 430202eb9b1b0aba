"""An LRU cache of answers, keyed by the question as cleaned, k, the speaker filter and the index build."""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.models import Answer

CacheKey = tuple[str, str, int, str]


class AnswerCache:
    """Answers already given, for repeated questions. Keys carry the index build (its directory and
    build time), so an answer from one build is never served for another: a new build invalidates all."""

    def __init__(self, size: int = 1024) -> None:
        if size < 0:
            raise ValueError(f"size must be 0 (no cache) or more, got {size}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[CacheKey, Answer] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(build: str, question: str, k: int, speaker: str | None) -> CacheKey:
        """`question` is already cleaned (space collapsed); the speaker filter is matched without case."""
        return build, question, k, " ".join((speaker or "").split()).casefold()

    def get(self, key: CacheKey) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: CacheKey, answer: Answer) -> None:
        if not self.size:
            return
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        return len(self._answers)
