"""Shedding load: past capacity a question is answered 503 with Retry-After at once, instead of waiting in a
queue for seconds (the question batcher's queue, or for the chat pages the thread pool's, which no one counts).

A question that needs the model (not answered from the cache) holds one of `capacity` places from the moment
it is admitted until it is answered; with every place taken, the next one is refused. `capacity` is
CITYQA_MAX_PENDING: at a few hundred new questions a second on 2 cores, 64 places are well under a second of
work."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from starlette.requests import Request

from index.errors import Overloaded


class AnswerGate:
    """At most `capacity` questions being answered at once; `admit` raises Overloaded beyond."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self.capacity = capacity
        self.in_flight = 0
        self._lock = threading.Lock()

    @contextmanager
    def admit(self) -> Iterator[None]:
        with self._lock:
            if self.in_flight >= self.capacity:
                raise Overloaded(f"the server is busy: {self.in_flight} questions are being answered; retry in a second")
            self.in_flight += 1
        try:
            yield
        finally:
            with self._lock:
                self.in_flight -= 1


def gate(request: Request) -> AnswerGate:
    return request.app.state.answer_gate


async def admitted(request: Request) -> AsyncIterator[None]:
    """A route dependency for pages that answer in a worker thread: it takes a place before the thread is
    waited for (a 503 at once when none is free) and frees it when the page is done. A page that asks nothing
    (the empty chat, `GET /` without `?q=`) takes none."""
    if request.method == "GET" and "q" not in request.query_params:
        yield
        return
    with gate(request).admit():
        yield
