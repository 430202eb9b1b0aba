"""`GET /metrics`: the server's counters in the Prometheus text format, for a monitoring system to scrape.

Counters are per process (each worker reports its own; Prometheus sums them) and start at 0 with the process.
They count events, never who caused them."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

router = APIRouter(include_in_schema=False)
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"

# name → help text; each is a counter, exposed as cityqa_<name>_total
COUNTERS = {
    "questions_answered": "Questions answered (from the cache or afresh).",
    "overload_shed": "Requests answered 503 with Retry-After because the server was past capacity.",
    "rate_limited": "Requests answered 429 because their address asked too often.",
    "admin_sign_in_refused": "Admin sign-ins refused: a wrong token, or too many wrong tokens (429).",
}


class Metrics:
    """Thread-safe counters, one per name in COUNTERS."""

    def __init__(self) -> None:
        self._counts = dict.fromkeys(COUNTERS, 0)
        self._lock = threading.Lock()

    def count(self, name: str, amount: int = 1) -> None:
        if name not in self._counts:
            raise KeyError(f"no counter '{name}'; the counters are: {', '.join(COUNTERS)}")
        with self._lock:
            self._counts[name] += amount

    def __getitem__(self, name: str) -> int:
        return self._counts[name]

    def render(self, extra: dict[str, tuple[str, int]]) -> str:
        """The counters, and `extra` ones (name → (help, value)) owned elsewhere, in the Prometheus text format."""
        with self._lock:
            values = {name: (COUNTERS[name], count) for name, count in self._counts.items()}
        lines = []
        for name, (help_text, value) in {**values, **extra}.items():
            lines += [f"# HELP cityqa_{name}_total {help_text}", f"# TYPE cityqa_{name}_total counter",
                      f"cityqa_{name}_total {value}"]  # fmt: skip
        return "\n".join(lines) + "\n"


def count(request: Request, name: str, amount: int = 1) -> None:
    """Counts an event on the app of `request` (a no-op for an app without metrics)."""
    metrics: Metrics | None = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.count(name, amount)


@router.get("/metrics")
def metrics(request: Request) -> PlainTextResponse:
    store = request.app.state.feedback
    extra = {
        "question_log_written": ("Questions and feedback committed to the question log.", store.written),
        "question_log_failures": ("Questions and feedback that could not be written to the question log.",
                                  store.failures),
    }
    return PlainTextResponse(request.app.state.metrics.render(extra), media_type=PROMETHEUS_TEXT)
