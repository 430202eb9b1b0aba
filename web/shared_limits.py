"""Rate limits shared by every replica: the `limits` library counting in Redis (CITYQA_REDIS_URL), so a limit
of 60/minute means 60 a minute per address whether one server answers or ten.

A moving window: at most `rate.requests` in any `rate.seconds`. Without Redis each server keeps today's
in-memory token bucket (web/ratelimit.py). When Redis cannot be reached the limit is not applied (logged once
per outage): answering never depends on it. Addresses are kept in Redis only as long as their window lasts."""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from web.ratelimit import Rate, RateLimiter

log = logging.getLogger("cityqa.web")
REDIS_SCHEMES = ("redis", "rediss", "redis+unix")
INSTALL_REDIS = "pip install 'cityqa[redis]'"


def shared_storage_uri(url: str) -> str:
    """The `limits` storage of a Redis URL; ValueError names the expected form."""
    if urlsplit(url).scheme not in REDIS_SCHEMES:
        raise ValueError(f"redis URL '{urlsplit(url).scheme}://...' is not redis://host:port/db (or rediss://)")
    return url


class SharedRateLimiter:
    """`take` and `wait` as RateLimiter's, counted in the storage at `storage_uri` (`limits`' syntax)."""

    def __init__(self, rate: Rate, storage_uri: str, namespace: str = "cityqa") -> None:
        try:
            from limits import RateLimitItemPerSecond
            from limits.storage import storage_from_string
            from limits.strategies import MovingWindowRateLimiter
        except ImportError as error:
            raise RuntimeError(f"shared rate limits need the limits library with Redis: {INSTALL_REDIS}") from error
        self.rate = rate
        self._item = RateLimitItemPerSecond(rate.requests, max(1, round(rate.seconds)), namespace=namespace)
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._failing = False
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 when `client` may go ahead (and counts the request), else the seconds until it may."""
        return self._check(client, take=True)

    def wait(self, client: str) -> float:
        """As `take`, without counting a request."""
        return self._check(client, take=False)

    def _check(self, client: str, take: bool) -> float:
        try:
            allowed = self._limiter.hit(self._item, client) if take else self._limiter.test(self._item, client)
            wait = 0.0 if allowed else max(0.001, self._limiter.get_window_stats(self._item, client).reset_time
                                            - time.time())  # fmt: skip
        except Exception as error:  # noqa: BLE001 - any storage failure: answer without the limit
            self._report(error)
            return 0.0
        self._report(None)
        return wait

    def _report(self, error: Exception | None) -> None:
        with self._lock:
            first, self._failing = error is not None and not self._failing, error is not None
        if first:
            log.error("the shared rate limit store cannot be reached, limits are off until it can: %s", error)


def make_rate_limiter(rate: Rate | None, redis_url: str | None,
                      namespace: str = "cityqa") -> RateLimiter | SharedRateLimiter | None:  # fmt: skip
    """The limiter of the settings: none, shared through Redis (counted under `namespace`), or this server's own."""
    if rate is None:
        return None
    return SharedRateLimiter(rate, shared_storage_uri(redis_url), namespace) if redis_url else RateLimiter(rate)
