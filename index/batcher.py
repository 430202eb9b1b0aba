"""Micro-batching of query embeddings: questions asked at the same time are encoded in one model call.

One model call for 32 questions costs about as much as 4 calls for one, so under load the questions that
arrive while the model is busy are collected and encoded together. A lone question is encoded at once:
the wait window only opens when the previous batch held more than one request, i.e. when there is traffic.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from index.embed import Embedder
from index.errors import Overloaded

_STOP = object()


@dataclass
class _Request:
    texts: list[str]
    future: Future = field(default_factory=Future)


class QueryBatcher:
    """A thread-safe stand-in for `Embedder.encode_queries` that batches concurrent callers.

    `max_batch` texts at most per model call; `window` seconds at most to wait for more requests;
    `max_pending` texts at most waiting or in flight, beyond which `encode_queries` raises Overloaded."""

    def __init__(self, embedder: Embedder, max_batch: int = 64, window: float = 0.002, max_pending: int = 256) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        if not 0.0 <= window <= 1.0:
            raise ValueError(f"window must be between 0 and 1 second, got {window}")
        if max_pending < max_batch:
            raise ValueError(f"max_pending ({max_pending}) must be at least max_batch ({max_batch})")
        self.embedder = embedder
        self.name = embedder.name
        self.max_batch = max_batch
        self.window = window
        self.max_pending = max_pending
        self.batches = 0  # model calls made, for benchmarks: requests / batches is the mean batch size
        self._queue: queue.Queue = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="cityqa-query-batcher", daemon=True)
        self._worker.start()

    @property
    def dimension(self) -> int:
        return self.embedder.dimension

    def load(self) -> QueryBatcher:
        self.embedder.load()
        return self

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`, encoded together with other callers' texts; blocks until they are ready."""
        return self.submit(texts).result()

    def submit(self, texts: Sequence[str]) -> Future:
        """A future of the vectors for `texts` (async callers can await `asyncio.wrap_future` of it)."""
        request = _Request(list(texts))
        if not request.texts:
            request.future.set_result(np.zeros((0, self.dimension), dtype=np.float32))
            return request.future
        with self._lock:
            if self._closed:
                raise RuntimeError("the query batcher is closed")
            if self._pending + len(request.texts) > self.max_pending:
                raise Overloaded(f"the server is busy: {self._pending} questions are waiting; retry in a second")
            self._pending += len(request.texts)
            self._queue.put(request)
        return request.future

    def encode_documents(self, texts: Sequence[str], progress=None) -> np.ndarray:  # noqa: ANN001
        return self.embedder.encode_documents(texts, progress)

    def close(self) -> None:
        """Stops the worker once the requests already queued are answered."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._worker.join()

    def _run(self) -> None:
        crowded = False
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch, stop = self._collect(first, self.window if crowded else 0.0)
            crowded = len(batch) > 1
            self._encode(batch)
            if stop:
                return

    def _collect(self, first: _Request, window: float) -> tuple[list[_Request], bool]:
        """The first request and those queued behind it, up to max_batch texts or until the window closes."""
        batch, size = [first], len(first.texts)
        deadline = time.perf_counter() + window
        while size < self.max_batch:
            remaining = deadline - time.perf_counter()
            try:
                item = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            batch.append(item)
            size += len(item.texts)
        return batch, False

    def _encode(self, batch: list[_Request]) -> None:
        texts = [text for request in batch for text in request.texts]
        try:
            vectors = self.embedder.encode_queries(texts)
        except Exception as error:  # noqa: BLE001 - one caller's bad text must not fail the others
            if len(batch) == 1:
                batch[0].future.set_exception(error)
            else:
                for request in batch:  # again, each on its own: the failure reaches only the caller it is due to
                    self._encode_alone(request)
        except BaseException as error:  # every caller must be woken, whatever went wrong
            for request in batch:
                request.future.set_exception(error)
        else:
            start = 0
            for request in batch:
                end = start + len(request.texts)
                request.future.set_result(vectors[start:end])
                start = end
        finally:
            self.batches += 1
            with self._lock:
                self._pending -= len(texts)

    def _encode_alone(self, request: _Request) -> None:
        """Encodes one caller's texts on their own; a failure goes to that caller only."""
        try:
            request.future.set_result(self.embedder.encode_queries(request.texts))
        except BaseException as error:  # noqa: BLE001 - delivered to the caller, who raises it
            request.future.set_exception(error)
