"""The question batcher: questions asked at the same time are answered together, each as it would be alone, and
one that cannot be answered fails for its asker only. The real model, FAISS and SQLite; speed is in bench/."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest

from bot import BadQuestion, UnknownSpeaker, open_bot
from bot.batcher import QuestionBatcher
from bot.query import Ask

ASKS = [
    Ask("When will the ferry terminal reopen?"), Ask("Who pays for the repairs?", k=1),
    Ask("How many trees will be planted?", k=5), Ask("What happens to the old fish market hall?", k=2),
    Ask("Who is Ana Ruiz?"), Ask("What did Ana Ruiz say?", speaker="Ana Ruiz"), Ask("ferry", k=4),
    Ask("What is the price of a train ticket to Beijing?"), Ask("fish market", speaker="port authority"),
]


class HeldEmbedder:
    """The real embedder behind a gate: every call waits until `release` is set, and a text "boom" fails the
    call it is in, as a model error would."""

    def __init__(self, embedder) -> None:  # noqa: ANN001 - an index.Embedder
        self.embedder = embedder
        self.name = embedder.name
        self.dimension = embedder.dimension
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()
        self.texts: list[str] = []

    def encode_queries(self, texts):  # noqa: ANN001, ANN201
        self.entered.release()
        assert self.release.wait(timeout=60)
        self.texts += texts
        if "boom" in texts:
            raise RuntimeError("the model failed")
        return self.embedder.encode_queries(texts)


@pytest.fixture
def held_bot(tiny_index, embedder):
    bot = open_bot(tiny_index, embedder)
    bot.retriever.embedder = HeldEmbedder(embedder)
    return bot


def occupy_worker(batcher: QuestionBatcher, bot) -> Future:  # noqa: ANN001
    """A question that holds the batcher's one worker inside the encoder until released, so that what is asked
    next waits, and is then answered in one batch."""
    future = batcher.submit(bot, Ask("first question"))
    assert bot.retriever.embedder.entered.acquire(timeout=60)
    return future


def test_questions_answered_together_get_the_answers_they_get_alone(tiny_bot):
    batcher = QuestionBatcher(max_batch=64)
    try:
        futures = [batcher.submit(tiny_bot, ask) for ask in ASKS * 3]
        answers = [future.result(timeout=120) for future in futures]
    finally:
        batcher.close()
    assert batcher.batches < len(futures)  # they did share passes
    alone = [tiny_bot.answer(ask.question, ask.k, ask.speaker) for ask in ASKS * 3]
    assert answers == alone
    assert [len(answer.closest) for answer in answers[: len(ASKS)]] == [3, 1, 5, 2, 3, 1, 4, 3, 1]


def test_a_question_that_cannot_be_answered_fails_only_its_asker(held_bot, tiny_bot):
    batcher = QuestionBatcher(max_batch=64, workers=1)
    try:
        first = occupy_worker(batcher, held_bot)
        good = [batcher.submit(held_bot, ask) for ask in ASKS[:4]]
        unknown = batcher.submit(held_bot, Ask("Who pays?", speaker="Nobody Known"))
        too_many = batcher.submit(held_bot, Ask("Who pays?", k=51))
        failing = batcher.submit(held_bot, Ask("boom"))
        good += [batcher.submit(held_bot, ask) for ask in ASKS[4:]]
        held_bot.retriever.embedder.release.set()
        with pytest.raises(UnknownSpeaker, match="nobody in the record matches 'Nobody Known'"):
            unknown.result(timeout=120)
        with pytest.raises(BadQuestion, match="k must be between 1 and 50, got 51"):
            too_many.result(timeout=120)
        with pytest.raises(RuntimeError, match="the model failed"):
            failing.result(timeout=120)
        answers = [future.result(timeout=120) for future in good]
        assert first.result(timeout=120).closest
    finally:
        batcher.close()
    assert answers == [tiny_bot.answer(ask.question, ask.k, ask.speaker) for ask in ASKS]
    # The batch with "boom" in it failed as a whole, and was answered again question by question.
    texts = held_bot.retriever.embedder.texts
    assert texts.count("boom") == 2 and texts.count(ASKS[0].question) == 2


def test_a_question_whose_asker_has_gone_is_not_answered(held_bot):
    batcher = QuestionBatcher(workers=1)
    try:
        occupy_worker(batcher, held_bot)
        gone = batcher.submit(held_bot, Ask("Who pays for the repairs?"))
        kept = batcher.submit(held_bot, Ask("When will the ferry terminal reopen?"))
        assert gone.cancel()
        held_bot.retriever.embedder.release.set()
        assert "September" in kept.result(timeout=120).text
    finally:
        batcher.close()
    assert "Who pays for the repairs?" not in held_bot.retriever.embedder.texts


def test_close_answers_what_was_queued_then_refuses_new_questions(held_bot):
    batcher = QuestionBatcher(workers=1)
    first = occupy_worker(batcher, held_bot)
    queued = [batcher.submit(held_bot, ask) for ask in ASKS[:3]]
    closing = threading.Thread(target=batcher.close)
    closing.start()
    held_bot.retriever.embedder.release.set()
    closing.join(timeout=120)
    assert all(future.done() and future.exception() is None for future in [first, *queued])
    assert not any(worker.is_alive() for worker in batcher._workers)
    with pytest.raises(RuntimeError, match="closed"):
        batcher.submit(held_bot, Ask("too late"))


def test_batcher_rejects_bad_settings():
    with pytest.raises(ValueError, match=r"max_batch \(0\) and workers \(2\) must be at least 1"):
        QuestionBatcher(max_batch=0)
