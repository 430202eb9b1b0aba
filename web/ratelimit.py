"""Per-client rate limits on the routes that ask and record: a token bucket per IP address, in memory only.

The buckets are bounded: past `max_clients` addresses the least recently seen one is forgotten (it starts
again with a full bucket, which is the worst it can gain). Addresses are never written anywhere."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from fastapi import Request
from starlette.exceptions import HTTPException

from web.metrics import count

PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
MAX_CLIENTS = 10_000


class Rate(NamedTuple):
    requests: int
    seconds: float


def parse_rate(text: str) -> Rate | None:
    """'30/minute' → Rate(30, 60.0); '' or '0' → None (no limit). ValueError names the expected form."""
    text = text.strip().lower()
    if text in ("", "0"):
        return None
    count, _, period = text.partition("/")
    if not count.strip().isdigit() or period.strip() not in PERIODS:
        raise ValueError(f"rate limit '{text}' is not of the form <requests>/<second|minute|hour>, e.g. 30/minute")
    requests = int(count)
    return Rate(requests, PERIODS[period.strip()]) if requests else None


class RateLimiter:
    """Token buckets of `rate.requests` tokens, refilled over `rate.seconds`, one per client address."""

    def __init__(self, rate: Rate, max_clients: int = MAX_CLIENTS, clock: Callable[[], float] = time.monotonic):
        if max_clients < 1:
            raise ValueError(f"max_clients must be at least 1, not {max_clients}")
        self.rate = rate
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # address → (tokens, updated)
        self._lock = threading.Lock()  # sync routes run in a thread pool

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """0 when `client` may go ahead (and takes a token), else the seconds until it may."""
        return self._check(client, take=True)

    def wait(self, client: str) -> float:
        """As `take`, without taking a token: 0 when `client` may go ahead, else the seconds until it may."""
        return self._check(client, take=False)

    def _check(self, client: str, take: bool) -> float:
        per_second = self.rate.requests / self.rate.seconds
        with self._lock:
            now = self._clock()
            tokens, updated = self._buckets.pop(client, (float(self.rate.requests), now))
            tokens = min(float(self.rate.requests), tokens + (now - updated) * per_second)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / per_second
            self._buckets[client] = (tokens - 1 if wait == 0 and take else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


def client_address(request: Request) -> str:
    """The peer's address. Behind a proxy of CITYQA_TRUSTED_PROXIES, uvicorn's ProxyHeadersMiddleware (see
    web/app.py) has already replaced it with the client's address from X-Forwarded-For; no one else can."""
    return request.client.host if request.client else "unknown"


async def rate_limited(request: Request) -> None:
    """A route dependency: 429 with Retry-After when the client has asked too often."""
    limiter: RateLimiter | None = request.app.state.rate_limiter  # or a SharedRateLimiter: the same calls
    if limiter is None:
        return
    wait = limiter.take(client_address(request))
    if wait:
        count(request, "rate_limited")
        raise too_many(wait, "too many requests from your address")


def too_many(wait: float, what: str) -> HTTPException:
    """429 with Retry-After: `what`, and when to try again."""
    seconds = max(1, math.ceil(wait))
    return HTTPException(429, f"{what}; try again in {seconds} s", headers={"Retry-After": str(seconds)})


async def question_rate_limited(request: Request) -> None:
    """As `rate_limited`, for pages that ask a question only when their URL has one (`GET /?q=...`)."""
    if "q" in request.query_params:
        await rate_limited(request)
