"""Shared fixtures: the bundled model, real FAISS and SQLite, indexes built in temporary folders."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot import Bot, open_bot  # noqa: E402
from index import Embedder, build_index  # noqa: E402
from web.app import create_app  # noqa: E402
from web.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"

# A tiny corpus with known answers: a roster, a question and answer, and a list under its heading.
TINY_HEARING = """\
Harbour Renewal Hearing

On March 3, the harbour renewal hearing was held. Ana Ruiz, Director of the Port Authority, and Tom Becker, Head of the Parks Department, answered questions.

Mia Lund, member of the city council: When will the ferry terminal reopen, and who pays for the repairs?

Ana Ruiz: The ferry terminal reopens in September. The port authority pays for the repairs from its own reserve fund.

The renewal plan includes:

- Waterfront park. Plant four hundred trees along the promenade and build a children's playground.
- Fish market. Restore the old fish market hall as a covered food market.
"""


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder().load()


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    return lambda files: write_corpus(tmp_path / "corpus", files)


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    corpus = write_corpus(root / "corpus", {"harbour.txt": TINY_HEARING})
    build_index(corpus, root / "index", embedder)
    return root / "index"


@pytest.fixture(scope="session")
def tiny_bot(tiny_index: Path, embedder: Embedder) -> Bot:
    return open_bot(tiny_index, embedder)


@pytest.fixture(scope="session")
def seed_paths(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> tuple[Path, Path]:
    """The bundled seed corpus (copied) and an index built from it."""
    root = tmp_path_factory.mktemp("seed")
    corpus = root / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    build_index(corpus, root / "index", embedder)
    return corpus, root / "index"


@pytest.fixture(scope="session")
def seed_bot(seed_paths: tuple[Path, Path], embedder: Embedder) -> Bot:
    return open_bot(seed_paths[1], embedder)


@pytest.fixture(scope="session")
def seed_settings(seed_paths: tuple[Path, Path]) -> Settings:
    corpus, index = seed_paths
    # No rate limit: the session's tests ask from one address far more often than a person would.
    return Settings(corpus=corpus, index=index, data=index.parent / "data", rate_limit="")


@pytest.fixture(scope="session")
def client(seed_settings: Settings, seed_bot: Bot) -> TestClient:
    with TestClient(create_app(seed_settings, bot=seed_bot)) as test_client:
        yield test_client


CHROMIUM = os.environ.get("CITYQA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_in_own_loop(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Runs a coroutine on an event loop of its own thread: once a browser test has run, Playwright keeps a loop
    running in the main thread, and asyncio.run() there fails."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@contextmanager
def serving(app: object, port: int | None = None) -> Iterator[str]:
    """Serves an ASGI app on 127.0.0.1 in a thread; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", server_header=False,
                                          proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server_url(seed_settings, seed_bot) -> Iterator[str]:
    with serving(create_app(seed_settings, bot=seed_bot)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make browser) or set CITYQA_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


ADMIN_TOKEN = "correct-horse-battery-staple"


class StaffServer(NamedTuple):
    url: str
    allowed_port: int  # a page served from http://127.0.0.1:<allowed_port> may embed the widget
    other_port: int  # one from this port may not
    data: Path  # the folder of its runtime database


@pytest.fixture(scope="session")
def staff_server(seed_settings, seed_bot, tmp_path_factory) -> Iterator[StaffServer]:
    """The seed app with /admin on and one allowed embedding origin, with its own runtime database."""
    allowed, other, data = free_port(), free_port(), tmp_path_factory.mktemp("staff")
    settings = Settings(corpus=seed_settings.corpus, index=seed_settings.index, admin_token=ADMIN_TOKEN,
                        allowed_origins=[f"http://127.0.0.1:{allowed}"], data=data, rate_limit="")
    with serving(create_app(settings, bot=seed_bot)) as url:
        yield StaffServer(url, allowed, other, data)


def cityqa(*args: str, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """`cityqa <args>` as a real process, running this worktree's code."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", **(env or {})}
    command = [sys.executable, "-c", "from web.cli import main; main()", *args]
    return subprocess.Popen(command, env=environment, cwd=REPO, text=True, **popen)


@contextmanager
def cityqa_serving(corpus: Path, index: Path, environment: dict[str, str]) -> Iterator[str]:
    """A real `cityqa serve` process on the index, with `environment`; yields its URL once it serves every document."""
    from index.layout import Manifest

    port = free_port()
    server = cityqa("serve", "--corpus", str(corpus), "--index", str(index), "--port", str(port), env=environment,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        documents = Manifest.read(index).documents
        assert documents_served(url, server, until=documents) == documents
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def documents_served(url: str, server: subprocess.Popen, until: int, attempts: int = 1200) -> int:
    """The documents /healthz reports, polled until it reports `until` (or the attempts run out)."""
    documents = -1
    for _ in range(attempts):
        if server.poll() is not None:
            pytest.fail(f"cityqa serve exited: {server.stderr.read()[-2000:]}")
        try:
            documents = httpx.get(f"{url}/healthz", timeout=5).json()["documents"]
        except httpx.TransportError:
            documents = -1
        if documents == until:
            break
        threading.Event().wait(0.1)
    return documents


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server of the session's own on loopback (Debian's packages; see tests/services.py)."""
    import tempfile

    from services import postgres_server

    # Not under pytest's temp folder: postgres runs as nobody, and each pytest session makes that one private.
    folder = Path(tempfile.mkdtemp(prefix="cityqa-postgres-"))
    try:
        with postgres_server(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_url: str, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the session's PostgreSQL server, for one test."""
    import psycopg

    name = f"t{abs(hash(request.node.nodeid)) % 10**12}_{time.monotonic_ns() % 10**6}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of the session's own on loopback, persisting nothing."""
    from services import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
