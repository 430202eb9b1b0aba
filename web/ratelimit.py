"""Per-client rate limits on the routes that ask and record: a token bucket per IP address, in memory only.

The buckets are bounded: past `max_clients` addresses the least recently seen one is forgotten (it starts
again with a full bucket, which is the worst it can gain). Addresses are never written anywhere."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from ipaddress import ip_address
from typing import NamedTuple

from fastapi import Request
from starlette.exceptions import HTTPException

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
        per_second = self.rate.requests / self.rate.seconds
        with self._lock:
            now = self._clock()
            tokens, updated = self._buckets.pop(client, (float(self.rate.requests), now))
            tokens = min(float(self.rate.requests), tokens + (now - updated) * per_second)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / per_second
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


def client_address(request: Request, trusted_proxies: Sequence[str]) -> str:
    """The peer's address; behind a trusted proxy, the last address in X-Forwarded-For that is not a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):  # the proxies append; what a client writes itself is leftmost and not trusted
        if hop not in trusted_proxies:
            return hop if _is_ip(hop) else peer
    return peer


def _is_ip(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


async def rate_limited(request: Request) -> None:
    """A route dependency: 429 with Retry-After when the client has asked too often."""
    limiter: RateLimiter | None = request.app.state.rate_limiter  # or a SharedRateLimiter: the same calls
    if limiter is None:
        return
    wait = limiter.take(client_address(request, request.app.state.settings.trusted_proxies))
    if wait:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(429, f"too many requests from your address; try again in {seconds} s",
                            headers={"Retry-After": str(seconds)})
