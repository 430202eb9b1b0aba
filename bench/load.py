"""A bounded load test against a running server: concurrent clients asking mixed questions, some malformed.

    python bench/load.py --url http://127.0.0.1:8000 --requests 10000 --clients 32

Prints the responses by status, the 503s with Retry-After (load shed: the server past capacity), the other 5xx,
the dropped connections (a request that got no response) and the p50/p99 latency, of all responses and of the
answered ones. `--distinct` makes every question new (no answer cache); `--honour-retry-after` makes a client
wait as a 503 asks before its next request. Run the server with CITYQA_RATE_LIMIT=0, or the limit answers most
of it with 429."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import ssl
import time
from collections import Counter
from typing import NamedTuple
from urllib.parse import urlsplit

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
    server_errors: int  # 5xx other than the load shed
    shed: int  # 503 with Retry-After: refused at once because the server was past capacity
    dropped: int  # no response at all: refused, reset or timed out
    p50_ms: float
    p99_ms: float
    seconds: float
    answered_p50_ms: float = 0.0  # of the 200s only
    answered_p99_ms: float = 0.0


def plan(requests: int, malformed_share: float, seed: int, distinct: bool = False) -> list[tuple[bytes, str, bool]]:
    """The requests to send, in order: (body, content type, malformed), seeded; with `distinct`, no question is
    asked twice (each carries the seed and its number), so none is answered from the cache, in this run or in
    another run with another seed."""
    chooser = random.Random(seed)
    planned = []
    for number in range(requests):
        if chooser.random() < malformed_share:
            planned.append((*chooser.choice(MALFORMED), True))
        else:
            question = chooser.choice(QUESTIONS)
            body = {"question": f"{question} ({seed}-{number})" if distinct else question, "k": chooser.randint(1, 5)}
            planned.append((json.dumps(body).encode(), "application/json", False))
    return planned


class _Lean:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it: a POST and its status and headers."""

    def __init__(self, url: str, tls: ssl.SSLContext) -> None:
        parts = urlsplit(url)
        self.host, self.secure = parts.hostname or "127.0.0.1", parts.scheme == "https"
        self.port = parts.port or (443 if self.secure else 80)
        self.tls = tls
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: bytes, content_type: str) -> tuple[int, dict[str, str]]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port, ssl=self.tls if self.secure else None)
        reader, writer = self.streams
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: {content_type}\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:])
                   if name}
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        else:  # no length: the body runs to the end of the connection
            await reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


_TRANSPORT_ERRORS = (httpx.TransportError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                     ValueError, IndexError)


async def _run(url: str, planned: list[tuple[bytes, str, bool]], clients: int, timeout: float,
               honour_retry_after: bool = False, lean: bool = True) -> LoadReport:  # fmt: skip
    queue: asyncio.Queue[tuple[bytes, str, bool]] = asyncio.Queue()
    for item in planned:
        queue.put_nowait(item)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    answered: list[float] = []
    dropped = shed = 0
    # One TLS context for every client: httpx makes one per client otherwise (about 25 ms each, reading the CA
    # bundle), which blocked this event loop for seconds at 300 clients and was counted as server latency.
    tls = ssl.create_default_context()

    async def client_loop() -> None:
        nonlocal dropped, shed
        async with httpx.AsyncClient(base_url=url, timeout=timeout, verify=tls) as client:
            connection = _Lean(url, tls)

            async def post(body: bytes, content_type: str) -> tuple[int, dict[str, str]]:
                if lean:
                    return await asyncio.wait_for(connection.post("/api/ask", body, content_type), timeout)
                response = await client.post("/api/ask", content=body, headers={"content-type": content_type})
                return response.status_code, dict(response.headers)

            while not queue.empty():
                body, content_type, _ = queue.get_nowait()
                started = time.perf_counter()
                try:
                    status, headers = await post(body, content_type)
                except (*_TRANSPORT_ERRORS, asyncio.TimeoutError):
                    await connection.close()
                    dropped += 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] += 1
                if status == 200:
                    answered.append(latencies[-1])
                elif status == 503 and headers.get("retry-after", "").isdigit():
                    shed += 1
                    if honour_retry_after:
                        await asyncio.sleep(int(headers["retry-after"]))
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    seconds = time.perf_counter() - started

    def percentile(values: list[float], share: float) -> float:
        ordered = sorted(values) or [0.0]
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return LoadReport(len(planned), sum(1 for *_, bad in planned if bad), dict(sorted(statuses.items())),
                      sum(n for status, n in statuses.items() if status >= 500) - shed, shed, dropped,
                      percentile(latencies, 0.50), percentile(latencies, 0.99), round(seconds, 2),
                      percentile(answered, 0.50), percentile(answered, 0.99))  # fmt: skip


def run_load(url: str, requests: int = 10_000, clients: int = 32, malformed_share: float = 0.1, seed: int = 7,
             timeout: float = 60.0, distinct: bool = False, honour_retry_after: bool = False,
             lean: bool = True) -> LoadReport:  # fmt: skip
    """Sends `requests` POST /api/ask from `clients` concurrent connections; see LoadReport."""
    if requests < 1 or clients < 1:
        raise ValueError(f"requests and clients must be at least 1 (got {requests}, {clients})")
    planned = plan(requests, malformed_share, seed, distinct)
    return asyncio.run(_run(url, planned, clients, timeout, honour_retry_after, lean))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--malformed", type=float, default=0.1, help="share of malformed requests")
    parser.add_argument("--distinct", action="store_true", help="never ask a question twice (no cache hits)")
    parser.add_argument("--honour-retry-after", action="store_true", help="after a 503, wait as Retry-After says")
    parser.add_argument("--seed", type=int, default=7, help="another seed, other questions (with --distinct: none "
                        "asked in a run with another seed)")
    parser.add_argument("--client", choices=["lean", "httpx"], default="lean",
                        help="lean: HTTP/1.1 over asyncio streams (little CPU); httpx: the httpx client")
    arguments = parser.parse_args()
    report = run_load(arguments.url, arguments.requests, arguments.clients, arguments.malformed, arguments.seed,
                      distinct=arguments.distinct, honour_retry_after=arguments.honour_retry_after,
                      lean=arguments.client == "lean")
    print(f"{report.requests} requests ({report.malformed} malformed) from {arguments.clients} clients "
          f"in {report.seconds} s")  # fmt: skip
    print(f"statuses: {report.statuses}")
    print(f"shed (503 + Retry-After): {report.shed}  other 5xx: {report.server_errors}  "
          f"dropped connections: {report.dropped}")  # fmt: skip
    print(f"all responses p50: {report.p50_ms} ms  p99: {report.p99_ms} ms;  "
          f"answered (200) p50: {report.answered_p50_ms} ms  p99: {report.answered_p99_ms} ms")  # fmt: skip


if __name__ == "__main__":
    main()
