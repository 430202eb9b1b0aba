"""What happens when an index build dies, when index files are damaged, and when a running server takes a new
index: the previous index keeps answering, damage is named with its fix, no request is dropped."""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from bot import Answer, Bot, open_bot
from bot.query import Ask
from index import build_index
from index.layout import DATABASE, MANIFEST, OPENINGS, VECTORS
from tests.conftest import ADMIN_TOKEN, TINY_HEARING, cityqa, documents_served, free_port, serving, write_corpus
from web.app import create_app
from web.cli import main
from web.settings import Settings

PORT_QUESTION = {"question": "Who pays for the repairs?", "k": 1}
PORT_ANSWER = "The port authority pays for the repairs from its own reserve fund."  # shown after the lead: who said it
LIBRARY_HEARING = """\
Library Hearing

Ola Berg, member of the city council: When does the new library open?

Kim Sato: The new library opens on the first of May, with a reading room for children.
"""


def large_corpus(folder: Path) -> Path:
    """Enough seeded, varied hearings that embedding them takes a while: a build that can be killed midway."""
    words = random.Random(7)
    nouns = ["budget", "school", "bridge", "tram", "park", "clinic", "harbour", "housing", "library", "market",
             "road", "water", "waste", "police", "museum", "theatre", "airport", "canal", "tunnel", "stadium"]
    files = {}
    for number in range(20):
        turns = [f"Hearing {number} on public works\n"]
        for turn in range(12):
            topic = " and the ".join(words.sample(nouns, 3))
            turns.append(f"Speaker {turn % 5}: What happens to the {topic} in district {words.randint(1, 99)}, "
                         f"and what will it cost in {words.randint(2020, 2030)}? "
                         f"The {words.choice(nouns)} plan changes by {words.randint(2, 90)} percent.\n")
        files[f"hearing-{number:02d}.txt"] = "\n".join(turns)
    return write_corpus(folder, files)


def test_a_killed_ingest_leaves_the_previous_index_answering_and_the_next_ingest_completes(tmp_path, embedder):
    index = tmp_path / "index"
    build_index(write_corpus(tmp_path / "small", {"harbour.txt": TINY_HEARING}), index, embedder)
    before = index.resolve()
    corpus = large_corpus(tmp_path / "large")
    # TTY_INTERACTIVE: the progress bar is drawn to the pipe, so the test sees when embedding has begun.
    process = cityqa("ingest", "--corpus", str(corpus), "--index", str(index), stderr=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, env={"TTY_INTERACTIVE": "1", "TTY_COMPATIBLE": "1"})
    try:
        for line in process.stderr:  # the bar is redrawn line by line
            if re.search(r"Embedding\W+\d+/\d+ chunks", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line)):
                break  # the bar shows how many chunks there are to embed: embedding has begun
        else:
            pytest.fail("ingest ended before it began embedding")
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
        process.stderr.close()
    assert index.resolve() == before  # the link still points at the previous build
    bot = open_bot(index, embedder)
    assert bot.answer(PORT_QUESTION["question"], k=1).text.endswith(PORT_ANSWER)
    assert bot.index.manifest.documents == 1
    finished = cityqa("ingest", "--corpus", str(corpus), "--index", str(index), stdout=subprocess.PIPE)
    output, _ = finished.communicate(timeout=600)
    assert finished.returncode == 0, output
    assert "Indexed 20 documents into" in output
    assert open_bot(index, embedder).index.manifest.documents == 20


@pytest.fixture
def damaged_copy(tiny_index, tmp_path):
    """A copy of the tiny build to damage."""
    copy = tmp_path / "index"
    shutil.copytree(tiny_index.resolve(), copy)
    return copy


def ask_exits_with(index: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ask", "Who pays for the repairs?", "--index", str(index)])
    return result.exit_code, " ".join(result.output.split())


def test_a_truncated_vector_file_is_named_with_the_fix(damaged_copy):
    vectors = damaged_copy / VECTORS
    vectors.write_bytes(vectors.read_bytes()[:100])
    code, output = ask_exits_with(damaged_copy)
    assert code == 1
    assert output.startswith(f"Error: {vectors} is damaged (")
    assert output.endswith("run `cityqa ingest --rebuild`")


def test_a_manifest_for_another_model_is_named_with_the_fix(damaged_copy):
    manifest = damaged_copy / MANIFEST
    manifest.write_text(re.sub(r'"model": "[^"]*"', '"model": "bge-small-en-v1.5"', manifest.read_text()))
    code, output = ask_exits_with(damaged_copy)
    assert (code, output) == (1, (
        f"Error: the index at {damaged_copy} was built with model 'bge-small-en-v1.5', but 'all-MiniLM-L6-v2' is "
        "configured; run `cityqa ingest --rebuild` (or set CITYQA_MODEL=bge-small-en-v1.5)"
    ))


def test_a_missing_database_is_named_with_the_fix(damaged_copy):
    (damaged_copy / DATABASE).unlink()
    code, output = ask_exits_with(damaged_copy)
    assert (code, output) == (1, f"Error: {damaged_copy / DATABASE} is missing; run `cityqa ingest --rebuild`")


@pytest.fixture
def reloadable(tmp_path, embedder, seed_bot):
    """A served app over its own index, with /admin/reload on."""
    index = tmp_path / "index"
    build_index(write_corpus(tmp_path / "one", {"harbour.txt": TINY_HEARING}), index, embedder)
    settings = Settings(index=index, data=tmp_path / "data", admin_token=ADMIN_TOKEN, rate_limit="")
    app = create_app(settings, bot=open_bot(index, seed_bot.retriever.embedder))
    with serving(app) as url:
        yield app, url, tmp_path


def test_reload_needs_the_admin_token(reloadable):
    _, url, _ = reloadable
    response = httpx.post(f"{url}/admin/reload", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401
    assert response.json() == {"detail": "send the admin token as a bearer header"}


def test_reload_serves_a_new_index_without_dropping_a_request(reloadable, embedder):
    app, url, tmp_path = reloadable
    old_bot = app.state.bot
    statuses: list[int] = []
    stop = threading.Event()

    def ask_until_stopped() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            while not stop.is_set():
                statuses.append(client.post("/api/ask", json=PORT_QUESTION).status_code)

    askers = [threading.Thread(target=ask_until_stopped) for _ in range(4)]
    for asker in askers:
        asker.start()
    try:
        corpus = write_corpus(tmp_path / "two", {"harbour.txt": TINY_HEARING, "library.txt": LIBRARY_HEARING})
        build_index(corpus, app.state.settings.index, embedder)
        reloaded = httpx.post(f"{url}/admin/reload", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        answered_before = len(statuses)
        while len(statuses) < answered_before + 20:  # requests keep being answered after the swap
            stop.wait(0.01)
    finally:
        stop.set()
        for asker in askers:
            asker.join()
    assert reloaded.status_code == 200 and reloaded.json()["documents"] == 2
    assert set(statuses) == {200}
    assert httpx.get(f"{url}/healthz").json()["documents"] == 2
    library = httpx.post(f"{url}/api/ask", json={"question": "When does the new library open?", "k": 1}).json()
    assert "The new library opens on the first of May" in library["passages"][0]["text"]  # only the new index has it
    # A request that took the old bot before the swap can still finish on it: its build and files are still there.
    assert app.state.bot is not old_bot
    assert old_bot.answer(PORT_QUESTION["question"], k=1).text.endswith(PORT_ANSWER)


# The same hearing, with another answer to PORT_QUESTION: which index answered shows in the answer.
REVISED_PORT_ANSWER = "The city council pays for the repairs from the new harbour bond."
REVISED_HEARING = TINY_HEARING.replace(PORT_ANSWER, REVISED_PORT_ANSWER)


class HeldBot(Bot):
    """A real bot over a real index, whose answers wait once begun until the test lets them go on."""

    def __init__(self, bot: Bot) -> None:
        super().__init__(bot.retriever, bot.min_confidence, bot.cache)
        self.answering = threading.Event()
        self.go_on = threading.Event()

    def answer_all(self, asks: Sequence[Ask]) -> list[Answer]:
        self.answering.set()
        if not self.go_on.wait(timeout=120):
            raise RuntimeError("the test never let the held answer go on")
        return super().answer_all(asks)


def test_a_request_running_during_a_reload_is_answered_from_the_old_index(tmp_path, embedder):
    index = tmp_path / "index"
    build_index(write_corpus(tmp_path / "old", {"harbour.txt": TINY_HEARING}), index, embedder)
    held = HeldBot(open_bot(index, embedder))
    settings = Settings(index=index, data=tmp_path / "data", admin_token=ADMIN_TOKEN, rate_limit="")
    app = create_app(settings, bot=held)
    running: list[httpx.Response] = []
    with serving(app) as url:
        asker = threading.Thread(target=lambda: running.append(httpx.post(f"{url}/api/ask", json=PORT_QUESTION,
                                                                            timeout=180)))
        asker.start()
        try:
            assert held.answering.wait(timeout=60)  # the request has taken the old bot and is answering on it
            build_index(write_corpus(tmp_path / "new", {"harbour.txt": REVISED_HEARING}), index, embedder)
            reloaded = httpx.post(f"{url}/admin/reload", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                                  timeout=60)
            after = httpx.post(f"{url}/api/ask", json=PORT_QUESTION, timeout=60)
            assert running == []  # still held: the reload and the later request did not wait for it
        finally:
            held.go_on.set()  # now the held request retrieves, after the swap, from the old bot's index
            asker.join(timeout=180)
    assert reloaded.status_code == 200 and app.state.bot is not held
    assert after.status_code == 200 and after.json()["answer"].endswith(REVISED_PORT_ANSWER)
    assert [response.status_code for response in running] == [200]
    assert running[0].json()["answer"].endswith(PORT_ANSWER)


def test_a_reload_of_a_damaged_index_keeps_serving_the_previous_one(reloadable):
    app, url, _ = reloadable
    (app.state.settings.index.resolve() / VECTORS).write_bytes(b"")
    response = httpx.post(f"{url}/admin/reload", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code == 409
    assert response.json()["detail"].endswith("run `cityqa ingest --rebuild`; still serving the previous index")
    assert httpx.post(f"{url}/api/ask", json=PORT_QUESTION).json()["answer"].endswith(PORT_ANSWER)


def test_cityqa_serve_reloads_the_index_on_sighup(tmp_path, embedder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    port = free_port()
    server = cityqa("serve", "--corpus", str(corpus), "--index", str(index), "--port", str(port),
                    env={"CITYQA_DATA": str(tmp_path / "data")}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        assert documents_served(url, server, until=1) == 1
        write_corpus(corpus, {"library.txt": LIBRARY_HEARING})
        build_index(corpus, index, embedder)
        server.send_signal(signal.SIGHUP)
        assert documents_served(url, server, until=2) == 2
        assert server.poll() is None  # still serving
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


def test_after_a_crashed_ingest_the_next_keeps_the_build_servers_read_and_removes_only_the_leftover(tmp_path, embedder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    served = index.resolve()
    reader = open_bot(index, embedder)  # a server reading the current build
    # What an ingest killed while writing leaves behind: a newer, half-written build directory.
    leftover = served.parent / "29991231T235959000000Z.partial"
    shutil.copytree(served, leftover)
    (leftover / VECTORS).unlink()
    build_index(corpus, index, embedder, rebuild=True)
    assert index.resolve() != served
    assert served.is_dir() and not leftover.exists()
    assert sorted(path.name for path in served.parent.iterdir()) == sorted([served.name, index.resolve().name])
    assert reader.answer(PORT_QUESTION["question"], k=1).text.endswith(PORT_ANSWER)
    assert open_bot(index, embedder).answer(PORT_QUESTION["question"], k=1).text.endswith(PORT_ANSWER)


def test_a_build_another_running_ingest_is_writing_is_left_alone(tmp_path, embedder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    writer = subprocess.Popen(["sleep", "60"])  # stands for another ingest, still writing its build
    try:
        running = index.resolve().parent / f"29991231T235959000000Z-{writer.pid}.partial"
        running.mkdir()
        build_index(corpus, index, embedder, rebuild=True)
        assert running.is_dir()
    finally:
        writer.kill()
        writer.wait()
    build_index(corpus, index, embedder, rebuild=True)
    assert not running.exists()  # once its writer is gone, it is a leftover


def test_random_bytes_inside_the_vector_file_are_named_with_the_fix(damaged_copy):
    vectors = damaged_copy / VECTORS
    data = bytearray(vectors.read_bytes())
    middle = len(data) // 2  # past the header: FAISS itself reads these bytes as vectors without a word
    data[middle : middle + 1024] = random.Random(5).randbytes(1024)[: len(data) - middle]
    vectors.write_bytes(bytes(data))
    code, output = ask_exits_with(damaged_copy)
    assert (code, output) == (1, f"Error: {vectors} is damaged (its checksum differs from the manifest's); "
                                 "run `cityqa ingest --rebuild`")


def test_a_truncated_openings_file_is_named_with_the_fix(damaged_copy):
    openings = damaged_copy / OPENINGS
    openings.write_bytes(openings.read_bytes()[:-200])
    code, output = ask_exits_with(damaged_copy)
    assert (code, output) == (1, f"Error: {openings} is damaged (its checksum differs from the manifest's); "
                                 "run `cityqa ingest --rebuild`")


def test_damaged_vectors_of_the_previous_build_are_embedded_again_not_copied(tmp_path, embedder):
    corpus = write_corpus(tmp_path / "corpus", {"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    first = build_index(corpus, index, embedder)
    vectors = index / VECTORS
    data = bytearray(vectors.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)  # zeroed vectors: still a readable FAISS file
    vectors.write_bytes(bytes(data))
    write_corpus(corpus, {"library.txt": LIBRARY_HEARING})
    again = build_index(corpus, index, embedder)
    assert (again.reused, again.embedded) == (0, again.chunks) and again.chunks > first.chunks
    assert open_bot(index, embedder).answer(PORT_QUESTION["question"], k=1).text.endswith(PORT_ANSWER)


def test_a_manifest_without_its_checksums_is_named_with_the_fix(damaged_copy):
    manifest = damaged_copy / MANIFEST
    manifest.write_text(re.sub(r'"checksums": \{[^}]*\}', '"checksums": {}', manifest.read_text()))
    code, output = ask_exits_with(damaged_copy)
    assert (code, output) == (1, f"Error: {manifest} lists no checksums; run `cityqa ingest --rebuild`")
