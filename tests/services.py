"""PostgreSQL and Redis from Debian's packages, started on loopback in temporary folders for the replica tests.

PostgreSQL refuses to run as root, so when the tests run as root its server runs as `nobody` (through
`setpriv`, which execs it: stopping the process stops postgres itself) in a folder that user owns. Nothing
listens beyond 127.0.0.1; both stop with the test session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/sbin/redis-server"
INSTALL_HINT = "install them with: apt-get install postgresql redis-server (make test does)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_unprivileged(command: list[str]) -> list[str]:
    """`command` run as `nobody` when we are root (initdb and postgres refuse root), else as is."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--reset-env", *command]


def _wait_for_port(port: int, process: subprocess.Popen, name: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on 127.0.0.1:{port} within {seconds:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def postgres_server(folder: Path) -> Iterator[str]:
    """A PostgreSQL server of its own under `folder`; yields its URL (database `cityqa`, user `cityqa`)."""
    if not POSTGRES_BINARIES:
        raise RuntimeError(f"PostgreSQL's server programs are missing; {INSTALL_HINT}")
    binaries = POSTGRES_BINARIES[-1]
    folder.mkdir(parents=True, exist_ok=True)
    data, log = folder / "data", folder / "postgres.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
        closed = [p for p in folder.parents if not p.stat().st_mode & 0o001]
        if closed:  # e.g. pytest's own temp folders, which every pytest session makes private again
            raise RuntimeError(f"postgres runs as nobody, who cannot reach {folder} through {closed[0]}")
    initdb = subprocess.run(_as_unprivileged([str(binaries / "initdb"), "-D", str(data), "-U", "cityqa",
                                              "--auth=trust", "-E", "UTF8", "--no-sync"]),
                            capture_output=True, text=True)  # fmt: skip
    if initdb.returncode:
        raise RuntimeError(f"initdb failed: {(initdb.stderr or initdb.stdout)[-2000:]}")
    port = free_port()
    with log.open("w") as log_file:
        if os.geteuid() == 0:
            shutil.chown(log, "nobody")
        server = subprocess.Popen(
            _as_unprivileged([str(binaries / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                              "-k", str(folder), "-c", "fsync=on", "-c", "synchronous_commit=on"]),
            stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for_port(port, server, "postgres", log)
        base = f"postgresql://cityqa@127.0.0.1:{port}"
        _create_database(base)
        yield f"{base}/cityqa"
    finally:
        _stop(server)


def _create_database(base: str) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:  # the port is open a moment before the server accepts connections
        try:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute("CREATE DATABASE cityqa")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A Redis server of its own under `folder`, persisting nothing; yields its URL."""
    if not Path(REDIS_SERVER).exists():
        raise RuntimeError(f"redis-server is missing; {INSTALL_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), folder / "redis.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for_port(port, server, "redis-server", log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(server)
