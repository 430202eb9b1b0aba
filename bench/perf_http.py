"""Benchmarks over HTTP against a real `cityqa serve` subprocess: cold start, one-client latency, load."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

from perfkit import REPO, median, percentile, sentence_transformer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(corpus: Path, index: Path, **settings: object):
    """`cityqa serve` in a subprocess; yields (base url, seconds from process start to /healthz 200, its pid)."""
    port = _free_port()
    # No rate limit: the benchmark asks from one address far more often than any person would.
    settings = {"rate_limit": "", **settings}
    env = {**os.environ, "PYTHONPATH": str(REPO), **{f"CITYQA_{k.upper()}": str(v) for k, v in settings.items()}}
    command = [sys.executable, "-m", "web.cli", "serve", "--corpus", str(corpus), "--index", str(index),
               "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=1.0) as client:
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"cityqa serve exited: {process.stderr.read().decode()[-2000:]}")
                try:
                    if client.get(f"{url}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.02)
        yield url, time.perf_counter() - started, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def cold_start(corpus: Path, index: Path, runs: int) -> dict[str, float]:
    """Seconds from `cityqa serve` process start to the first 200 from /healthz, with a built index, and the
    server's resident memory then."""
    seconds, resident = [], []
    for _ in range(runs):
        with served(corpus, index) as (_, startup, pid):
            seconds.append(startup)
            resident.append(resident_mb(pid))
    return {"cold_start_s": median(seconds), "cold_start_max_s": max(seconds), "runs": runs,
            "rss_after_start_mb": median(resident)}


def resident_mb(pid: int) -> float:
    """The resident memory of process `pid` in MB (Linux: VmRSS of /proc/PID/status)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024


def raw_floor(index: Path, questions: list[str]) -> dict[str, float]:
    """The floor, in this process: model.encode of one question, then a FAISS search of the same index."""
    from index import Embedder, load_index

    model = sentence_transformer()  # the floor is sentence-transformers' own encode, not cityqa's encoder
    loaded = load_index(index, Embedder().name)
    for question in questions[:20]:
        model.encode([question], normalize_embeddings=True)
    times = []
    for question in questions:
        started = time.perf_counter()
        vector = model.encode([question], normalize_embeddings=True, convert_to_numpy=True)
        loaded.dense_search(np.ascontiguousarray(vector, dtype=np.float32), 50)
        times.append(time.perf_counter() - started)
    batched = []
    for size in (16, 32, 64):
        started = time.perf_counter()
        for start in range(0, len(questions), size):
            model.encode(questions[start : start + size], batch_size=size, normalize_embeddings=True)
        batched.append(len(questions) / (time.perf_counter() - started))
    return {"floor_p50_ms": median(times) * 1000, "floor_qps_one": 1 / median(times),
            "batched_encode_qps": max(batched)}


def _server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "")
    return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")


def one_client(url: str, questions: list[str]) -> dict[str, float]:
    """p50 of POST /api/ask for distinct questions, one at a time; then the same questions again (cached)."""
    latency, server, cached_latency, cached_server = [], [], [], []
    with httpx.Client(base_url=url, timeout=30) as client:
        for question in questions[:20]:
            client.post("/api/ask", json={"question": "warm up: " + question})
        for question in questions:
            started = time.perf_counter()
            response = client.post("/api/ask", json={"question": question})
            latency.append(time.perf_counter() - started)
            response.raise_for_status()
            server.append(_server_ms(response))
        for question in questions:
            started = time.perf_counter()
            response = client.post("/api/ask", json={"question": question})
            cached_latency.append(time.perf_counter() - started)
            cached_server.append(_server_ms(response))
    return {"http_p50_ms": median(latency) * 1000, "http_p99_ms": percentile(latency, 99) * 1000,
            "server_p50_ms": median(server), "cached_http_p50_ms": median(cached_latency) * 1000,
            "cached_server_p50_ms": median(cached_server), "cached_server_p99_ms": percentile(cached_server, 99)}


async def _load(url: str, questions: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: dict[int, int] = {}
    counter = iter(range(10**9))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        deadline = time.perf_counter() + seconds

        async def run() -> None:
            while time.perf_counter() < deadline:
                question = questions[next(counter) % len(questions)]
                started = time.perf_counter()
                try:
                    response = await client.post("/api/ask", json={"question": question})
                except httpx.TransportError:  # a dropped connection is an error of the run, not the end of it
                    errors[0] = errors.get(0, 0) + 1
                    continue
                if response.status_code == 200:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[response.status_code] = errors.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(run() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"clients": clients, "qps": len(latencies) / elapsed, "p50_ms": median(latencies) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000, "errors": sum(errors.values()), "requests": len(latencies)}


def under_load(url: str, questions: list[str], clients: list[int], seconds: float) -> list[dict[str, float]]:
    """Throughput and latency of `clients` concurrent clients, each asking the next distinct question."""
    asyncio.run(_load(url, questions[:64], 8, 1.0))  # warm up every thread of the server's pool
    return [asyncio.run(_load(url, questions, n, seconds)) for n in clients]
