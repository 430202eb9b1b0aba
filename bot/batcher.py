"""Micro-batching of whole questions: the questions a server is asked at the same time are answered together.

Answered each in its own request thread, 32 questions at once are 32 threads contending for the GIL with each
other and with the event loop that reads and writes every HTTP request; each searches FAISS and BM25 alone, and
the slowest wait longest. Here a worker thread takes every question waiting and answers them in one pass
(`Bot.answer_all`: one call of the encoder, one FAISS search, one pass of fusion and highlighting). There are
two workers: while one is in the encoder or FAISS (which run outside the GIL), the other does the Python work of
its own batch, and the event loop keeps the HTTP side going. A lone question is answered at once: nothing
waits for company, a batch is whatever was asked while the workers were busy.

A question's answer does not depend on its batch-mates (each is embedded on its own, and searched and fused as
it would be alone), and one that cannot be answered fails alone: it is checked before its batch is answered, and
a batch that fails all the same is answered again question by question.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import groupby

from bot.answer import Bot
from bot.models import Answer
from bot.query import Ask

log = logging.getLogger("cityqa.bot")
_STOP = object()


@dataclass
class _Waiting:
    bot: Bot  # the bot the question was asked of: after a reload, questions asked before it finish on the old one
    ask: Ask
    future: Future = field(default_factory=Future)


class QuestionBatcher:
    """Answers questions on `workers` threads, `max_batch` at most in one pass. `submit` returns a Future of the
    Answer (an event loop awaits `asyncio.wrap_future` of it); `answer` waits for it."""

    def __init__(self, max_batch: int = 64, workers: int = 2) -> None:
        if max_batch < 1 or workers < 1:
            raise ValueError(f"max_batch ({max_batch}) and workers ({workers}) must be at least 1")
        self.max_batch = max_batch
        self.batches = 0  # passes made, for benchmarks and tests: questions / batches is the mean batch size
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._workers = [threading.Thread(target=self._run, name=f"cityqa-questions-{n}", daemon=True)
                         for n in range(workers)]  # fmt: skip
        for worker in self._workers:
            worker.start()

    def submit(self, bot: Bot, ask: Ask) -> Future:
        """A future of `bot`'s answer to `ask`; its exception is the one answering `ask` alone would raise."""
        waiting = _Waiting(bot, ask)
        with self._lock:
            if self._closed:
                raise RuntimeError("the question batcher is closed")
            self._queue.put(waiting)
        return waiting.future

    def answer(self, bot: Bot, ask: Ask) -> Answer:
        """`bot`'s answer to `ask`, answered with the other questions waiting; blocks until it is ready."""
        return self.submit(bot, ask).result()

    def close(self) -> None:
        """Stops the workers once the questions already queued are answered."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for _ in self._workers:
                self._queue.put(_STOP)  # one for each worker, behind every question queued
        for worker in self._workers:
            worker.join()

    def _run(self) -> None:
        while True:
            batch, stop = self._collect(self._queue.get())
            # A question whose asker has gone (the request was cancelled) is not answered.
            batch = [waiting for waiting in batch if waiting.future.set_running_or_notify_cancel()]
            if batch:
                with self._lock:
                    self.batches += 1
            for _, same_bot in groupby(batch, key=lambda waiting: id(waiting.bot)):
                group = list(same_bot)
                try:
                    self._answer(group)
                except BaseException as error:  # noqa: BLE001 - every asker is woken, and the worker goes on
                    log.exception("the question batcher failed")
                    for waiting in group:
                        if not waiting.future.done():
                            waiting.future.set_exception(error)
            if stop:
                return

    def _collect(self, first: _Waiting | object) -> tuple[list[_Waiting], bool]:
        """The first question and those queued behind it, up to max_batch; and whether to stop after them."""
        if first is _STOP:
            return [], True
        batch = [first]
        while len(batch) < self.max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            batch.append(item)
        return batch, False

    def _answer(self, group: list[_Waiting]) -> None:
        """Answers questions asked of one bot; those that cannot be answered fail first, each alone."""
        bot = group[0].bot
        answerable = []
        for waiting in group:
            try:
                bot.check(waiting.ask)
            except Exception as error:  # noqa: BLE001 - delivered to its asker, who raises it
                waiting.future.set_exception(error)
            else:
                answerable.append(waiting)
        if not answerable:
            return
        try:
            answers = bot.answer_all([waiting.ask for waiting in answerable])
        except Exception as error:  # noqa: BLE001 - one question's failure must not fail the others: each again, alone
            if len(answerable) == 1:
                answerable[0].future.set_exception(error)
                return
            for waiting in answerable:
                _answer_alone(waiting)
        else:
            for waiting, answer in zip(answerable, answers):
                waiting.future.set_result(answer)


def _answer_alone(waiting: _Waiting) -> None:
    try:
        waiting.future.set_result(waiting.bot.answer_all([waiting.ask])[0])
    except Exception as error:  # noqa: BLE001 - delivered to its asker, who raises it
        waiting.future.set_exception(error)
