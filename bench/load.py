"""A bounded load test against a running server: concurrent clients asking mixed questions, some malformed.

    python bench/load.py --url http://127.0.0.1:8000 --requests 10000 --clients 32

Prints the responses by status, the 5xx count, the dropped connections (a request that got no response) and
the p50/p99 latency. Run the server with CITYQA_RATE_LIMIT=0, or the limit answers most of it with 429."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from collections import Counter
from typing import NamedTuple

import httpx

QUESTIONS = [
    "Who is the director of the sports bureau?", "Which textile park is mentioned?",
    "Which health forum will Qingdao host?", "What did Lin Qing ask about?", "What time does the zoo open?",
    "How will the fashion city attract young designers?", "Who answered questions about tourism?",
    "What is planned for the old industrial buildings?", "How do I renew my driving licence?",
    "Was wird über Mode gesagt?", "青岛时尚城建设有哪些措施？",
]
MALFORMED: list[tuple[bytes, str]] = [  # (body, content type): each must get a 4xx
    (b"{not json", "application/json"),
    (b'{"question": ""}', "application/json"),
    (b'{"question": "hi", "k": 100000}', "application/json"),
    (b'{"question": 42}', "application/json"),
    (b"\xff\xfe\xfd", "application/json"),
    (b'{"question": "\\u0000"}', "application/json"),
    (b'{"question": "hi", "surprise": true}', "application/json"),
    (b"question=hi", "application/x-www-form-urlencoded"),
    (json.dumps({"question": "x" * 70_000}).encode(), "application/json"),  # past the 64 KB limit
]


class LoadReport(NamedTuple):
    requests: int
    malformed: int
    statuses: dict[int, int]
    server_errors: int  # 5xx
    dropped: int  # no response at all: refused, reset or timed out
    p50_ms: float
    p99_ms: float
    seconds: float


def plan(requests: int, malformed_share: float, seed: int) -> list[tuple[bytes, str, bool]]:
    """The requests to send, in order: (body, content type, malformed), seeded."""
    chooser = random.Random(seed)
    planned = []
    for _ in range(requests):
        if chooser.random() < malformed_share:
            planned.append((*chooser.choice(MALFORMED), True))
        else:
            body = {"question": chooser.choice(QUESTIONS), "k": chooser.randint(1, 5)}
            planned.append((json.dumps(body).encode(), "application/json", False))
    return planned


async def _run(url: str, planned: list[tuple[bytes, str, bool]], clients: int, timeout: float) -> LoadReport:
    queue: asyncio.Queue[tuple[bytes, str, bool]] = asyncio.Queue()
    for item in planned:
        queue.put_nowait(item)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    dropped = 0

    async def client_loop() -> None:
        nonlocal dropped
        async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
            while not queue.empty():
                body, content_type, _ = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.post("/api/ask", content=body, headers={"content-type": content_type})
                except httpx.TransportError:
                    dropped += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] += 1

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    seconds = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]

    def percentile(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return LoadReport(len(planned), sum(1 for *_, bad in planned if bad), dict(sorted(statuses.items())),
                      sum(n for status, n in statuses.items() if status >= 500), dropped,
                      round(percentile(0.50), 1), round(percentile(0.99), 1), round(seconds, 2))  # fmt: skip


def run_load(url: str, requests: int = 10_000, clients: int = 32, malformed_share: float = 0.1, seed: int = 7,
             timeout: float = 60.0) -> LoadReport:  # fmt: skip
    """Sends `requests` POST /api/ask from `clients` concurrent connections; see LoadReport."""
    if requests < 1 or clients < 1:
        raise ValueError(f"requests and clients must be at least 1 (got {requests}, {clients})")
    return asyncio.run(_run(url, plan(requests, malformed_share, seed), clients, timeout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--malformed", type=float, default=0.1, help="share of malformed requests")
    arguments = parser.parse_args()
    report = run_load(arguments.url, arguments.requests, arguments.clients, arguments.malformed)
    print(f"{report.requests} requests ({report.malformed} malformed) from {arguments.clients} clients "
          f"in {report.seconds} s")  # fmt: skip
    print(f"statuses: {report.statuses}")
    print(f"5xx: {report.server_errors}  dropped connections: {report.dropped}  "
          f"p50: {report.p50_ms} ms  p99: {report.p99_ms} ms")  # fmt: skip


if __name__ == "__main__":
    main()
