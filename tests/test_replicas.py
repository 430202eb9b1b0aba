"""Two `cityqa serve` processes on one built index, sharing PostgreSQL and Redis that the suite starts itself:
one question log in /admin, feedback given on one replica seen on the other, one staff session on both, one
rate limit across both, and no acknowledged write lost when a replica is killed.

The replicas trust 127.0.0.1 as a proxy, so each test speaks for client addresses of its own (X-Forwarded-For)
and the rate limit of one test never counts another's requests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import psycopg
import pytest

from conftest import ADMIN_TOKEN, cityqa, documents_served, free_port
from web.admin import SESSION_COOKIE

QUESTION = "Which textile park is mentioned?"
RATE = 4  # per minute and client address, across both replicas


class Replica(NamedTuple):
    url: str
    process: subprocess.Popen


@pytest.fixture(scope="module")
def replicas(seed_paths, postgres_url, redis_url, tmp_path_factory) -> Iterator[list[Replica]]:
    corpus, index = seed_paths
    database = f"replicas_{os.getpid()}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {database}")
    started: list[Replica] = []
    try:
        for name in ("a", "b"):
            folder, port = tmp_path_factory.mktemp(f"replica-{name}"), free_port()
            env = {"CITYQA_CORPUS": str(corpus), "CITYQA_INDEX": str(index), "CITYQA_DATA": str(folder / "data"),
                   "CITYQA_DATABASE_URL": f"{postgres_url.rsplit('/', 1)[0]}/{database}", "CITYQA_REDIS_URL": redis_url,
                   "CITYQA_ADMIN_TOKEN": ADMIN_TOKEN, "CITYQA_RATE_LIMIT": f"{RATE}/minute",
                   "CITYQA_TRUSTED_PROXIES": "127.0.0.1"}  # fmt: skip
            log = (folder / "serve.log").open("w")
            process = cityqa("serve", "--port", str(port), env=env, stdout=log, stderr=subprocess.STDOUT)
            process.stderr = (folder / "serve.log").open()  # what documents_served reports if it exits
            started.append(Replica(f"http://127.0.0.1:{port}", process))
        for replica in started:
            assert documents_served(replica.url, replica.process, until=1, attempts=3000) == 1
        yield started
    finally:
        for replica in started:
            if replica.process.poll() is None:
                replica.process.terminate()
                replica.process.wait(timeout=60)


def client(url: str, address: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"X-Forwarded-For": address}, timeout=60)


def admin_page(url: str) -> str:
    response = httpx.get(f"{url}/admin", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60)
    assert response.status_code == 200
    return response.text


def asked_count(url: str) -> int:
    counts = re.search(r'id="admin-counts">(.*?)</dl>', admin_page(url), re.S).group(1)
    return int(re.findall(r"<dd>(\d+)</dd>", counts)[0])


def ask(url: str, address: str, question: str = QUESTION) -> httpx.Response:
    with client(url, address) as http:
        return http.post("/api/ask", json={"question": question, "k": 1})


def test_questions_asked_through_either_replica_are_one_log_in_admin(replicas):
    first, second = replicas
    before = asked_count(first.url)
    assert ask(first.url, "10.1.0.1").status_code == 200
    assert ask(second.url, "10.1.0.2").status_code == 200
    assert ask(second.url, "10.1.0.3", "Who answered questions about the fashion city?").status_code == 200
    for replica in replicas:  # /admin first commits what its own replica has queued (web/log_writer.py)
        admin_page(replica.url)
    assert asked_count(first.url) == asked_count(second.url) == before + 3


def test_feedback_given_on_one_replica_is_seen_on_the_other(replicas):
    first, second = replicas
    answer = ask(first.url, "10.2.0.1")
    assert answer.status_code == 200
    admin_page(first.url)  # the question is logged once its replica's writer commits it: within milliseconds
    with client(second.url, "10.2.0.1") as http:  # the answer was given by the other replica
        feedback = http.post("/api/feedback", json={"id": answer.json()["id"], "helpful": False,
                                                    "comment": "seen across replicas"})  # fmt: skip
    assert feedback.status_code == 201
    assert "seen across replicas" in admin_page(first.url)


def test_a_staff_session_started_on_one_replica_is_one_session_on_both(replicas):
    first, second = replicas
    signed_in = httpx.post(f"{first.url}/admin/login", data={"token": ADMIN_TOKEN}, timeout=60)
    assert signed_in.status_code == 303
    cookie = {"Cookie": f"{SESSION_COOKIE}={signed_in.cookies[SESSION_COOKIE]}"}
    page = httpx.get(f"{second.url}/admin", headers=cookie, timeout=60)
    assert page.status_code == 200 and 'id="admin-counts"' in page.text
    assert httpx.post(f"{second.url}/admin/logout", headers=cookie, timeout=60).status_code == 303
    page = httpx.get(f"{first.url}/admin", headers=cookie, timeout=60)  # revoked on the other replica
    assert page.status_code == 401 and 'action="/admin/login"' in page.text


def test_one_rate_limit_across_both_replicas(replicas):
    first, second = replicas
    statuses = [ask(replica.url, "10.3.0.1").status_code for replica in (first, second) * RATE]
    assert statuses == [200] * RATE + [429] * RATE  # not RATE per replica
    refused = ask(first.url, "10.3.0.1")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert ask(first.url, "10.3.0.2").status_code == 200  # another address is not held back


def test_killing_a_replica_loses_no_acknowledged_feedback(replicas):
    first, second = replicas
    answers = [ask(second.url, f"10.4.0.{n}").json()["id"] for n in range(1, 4)]
    admin_page(second.url)  # their questions committed
    acknowledged: list[str] = []
    enough = threading.Event()

    def give_feedback() -> None:  # as fast as replica `first` acknowledges, until it is gone
        for n in range(90):  # /admin lists the newest 100 unhelpful answers
            comment = f"kill probe {n}"
            try:
                with client(first.url, f"10.5.{n // 200}.{n % 200 + 1}") as http:
                    response = http.post("/api/feedback", json={"id": answers[n % 3], "helpful": False,
                                                                "comment": comment})  # fmt: skip
            except httpx.TransportError:
                return
            if response.status_code == 201:
                acknowledged.append(comment)
            if len(acknowledged) >= 20:
                enough.set()

    writer = threading.Thread(target=give_feedback)
    writer.start()
    assert enough.wait(timeout=120), "replica a acknowledged fewer than 20 feedbacks in two minutes"
    os.kill(first.process.pid, signal.SIGKILL)  # mid-stream: no shutdown, no flush
    writer.join(timeout=120)
    assert first.process.wait(timeout=30) == -signal.SIGKILL
    page = admin_page(second.url)
    assert [comment for comment in acknowledged if f">{comment}<" not in page] == []
    assert len(acknowledged) >= 20
