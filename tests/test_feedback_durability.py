"""The runtime database (questions asked, feedback) under real conditions: several writer processes at once, a
writer killed mid-stream, and a server behind a proxy that knows the client's address and must not store it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx

from tests.conftest import REPO, serving
from web.app import create_app
from web.feedback_store import FeedbackStore
from web.settings import Settings

# One writer: opens the store, says "ready", waits for a line on stdin (so that writers start together), then
# logs a question and gives feedback on it, again and again, printing each write's id once the call has returned.
WRITER = """
import sys
from pathlib import Path
from web.feedback_store import AskedQuestion, FeedbackStore

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])  # count 0: until killed
store = FeedbackStore(path)
print("ready", flush=True)
sys.stdin.readline()
number = 0
while count == 0 or number < count:
    write_id = f"{name}-{number}"
    store.log_question(AskedQuestion(f"question {write_id}", f"question {write_id}", False, None, write_id,
                                     f"answer {write_id}", "en", "api"))
    print("question", write_id, flush=True)
    store.add_feedback(write_id, number % 2 == 0, f"comment {write_id}")
    print("feedback", write_id, flush=True)
    number += 1
"""


def start_writer(database: Path, name: str, count: int) -> subprocess.Popen:
    """A writer process running this worktree's FeedbackStore; it opens the database at once."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(database), name, str(count)], env=environment,
                            cwd=REPO, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip


def let_go(writers: list[subprocess.Popen]) -> None:
    """Waits until every writer has opened the database, then lets them all write."""
    for writer in writers:
        ready = writer.stdout.readline()
        assert ready == "ready\n", writer.communicate()[1]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()


def acknowledged(lines: str) -> tuple[set[str], set[str]]:
    """The ids of the questions and of the feedback a writer reported written (complete lines only)."""
    questions, feedback = set(), set()
    for line in lines.splitlines(keepends=True):
        kind, _, write_id = line.rstrip("\n").partition(" ")
        if line.endswith("\n") and kind in ("question", "feedback"):
            (questions if kind == "question" else feedback).add(write_id)
    return questions, feedback


def stored(database: Path) -> tuple[set[str], set[str]]:
    """The ids of the questions and of the feedback in the database, read by a connection of its own."""
    with closing(sqlite3.connect(database)) as connection:
        questions = [row[0] for row in connection.execute("SELECT answer_id FROM questions")]
        feedback = [row[0] for row in connection.execute("SELECT answer_id FROM feedback")]
    assert len(questions) == len(set(questions)) and len(feedback) == len(set(feedback))  # nothing written twice
    return set(questions), set(feedback)


def test_concurrent_writer_processes_lose_no_acknowledged_write(tmp_path):
    database = tmp_path / "data" / "feedback.sqlite3"
    writers, writes = 4, 150
    processes = [start_writer(database, f"w{number}", writes) for number in range(writers)]  # a new database
    let_go(processes)
    outputs = [process.communicate(timeout=300) for process in processes]
    errors = [error for _, error in outputs if error]
    assert errors == []  # no "database is locked" escaped a writer
    assert [process.returncode for process in processes] == [0] * writers
    questions, feedback = set(), set()
    for output, _ in outputs:
        asked, given = acknowledged(output)
        questions |= asked
        feedback |= given
    expected = {f"w{writer}-{number}" for writer in range(writers) for number in range(writes)}
    assert questions == feedback == expected
    assert stored(database) == (expected, expected)
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_writer_killed_mid_stream_leaves_a_sound_database_with_every_acknowledged_write(tmp_path):
    database = tmp_path / "data" / "feedback.sqlite3"
    writer = start_writer(database, "killed", count=0)
    let_go([writer])
    seen = ""
    try:
        while seen.count("\n") < 400:  # 200 questions and 200 feedback written; the writer is still going
            line = writer.stdout.readline()
            assert line, writer.communicate()[1]
            seen += line
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        # Read through the pipe objects, not communicate(): readline() has already buffered lines that
        # communicate() (which reads the raw descriptors) would never see.
        rest, errors = writer.stdout.read(), writer.stderr.read()
    finally:
        writer.kill()
    assert writer.returncode == -signal.SIGKILL and errors == ""
    questions, feedback = acknowledged(seen + rest)  # what it printed before it died, read to the end of the pipe
    assert Path(f"{database}-wal").stat().st_size > 0  # never closed: the next open recovers from the WAL

    store = FeedbackStore(database)  # opens as the server would after a crash
    try:
        counts = store.counts()
        with closing(sqlite3.connect(database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        in_questions, in_feedback = stored(database)
        assert questions <= in_questions and feedback <= in_feedback
        # At most the one write that had returned, but whose id the kill kept from being printed, is extra.
        assert len(in_questions - questions) <= 1 and len(in_feedback - feedback) <= 1
        assert counts.asked == len(in_questions) and counts.helpful + counts.unhelpful == len(in_feedback)
        store.add_feedback(sorted(in_questions)[0], True, "written after the crash")
        assert store.counts().helpful + store.counts().unhelpful == len(in_feedback) + 1
    finally:
        store.close()


CLIENT = "203.0.113.77"  # what the trusted proxy says the client's address is
AGENT = "Mozilla/5.0 (cityqa-privacy-probe 4.2)"
WHO_ASKED = (CLIENT, "127.0.0.1", "privacy-probe")  # the client, the proxy in front of it, its browser


def test_no_client_address_or_agent_reaches_the_database(tmp_path, tiny_index, tiny_bot):
    # The proxy at 127.0.0.1 is trusted, so the app does see the client's address (its rate limiter keys on it).
    settings = Settings(index=tiny_index, data=tmp_path / "data", trusted_proxies=["127.0.0.1"],
                        rate_limit="100/minute")
    question = "Who pays for the repairs of the ferry terminal?"
    with serving(create_app(settings, bot=tiny_bot)) as url:
        headers = {"X-Forwarded-For": CLIENT, "User-Agent": AGENT}
        with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
            answer = client.post("/api/ask", json={"question": question})
            assert answer.status_code == 200
            feedback = client.post("/api/feedback", json={"id": answer.json()["id"], "helpful": False,
                                                          "comment": "privacy probe comment"})
            assert feedback.status_code == 201
            assert client.post("/", data={"question": "When does the ferry terminal reopen?"}).status_code == 200
        # The bytes on disk while the server runs, the WAL included (a value could hide in a page no row reaches).
        raw = b"".join(path.read_bytes() for path in sorted(settings.data.iterdir()))
    assert [text for text in (question, "privacy probe comment") if text.encode() not in raw] == []  # findable
    assert [text for text in WHO_ASKED if text.encode() in raw] == []

    with closing(sqlite3.connect(settings.data / "feedback.sqlite3")) as connection:
        columns = {table: [c[1] for c in connection.execute(f"PRAGMA table_info({table})")]
                   for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        values = [str(v) for table in columns for row in connection.execute(f"SELECT * FROM {table}") for v in row]
    # Adding a column to the log means deciding anew that it identifies no one: this is the whole schema.
    assert columns == {
        "questions": ["id", "asked_at", "question", "understood", "abstained", "top_passage", "answer_id", "answer",
                      "language", "channel"],
        "feedback": ["id", "given_at", "answer_id", "helpful", "comment"],
        "schema_version": ["version", "name", "applied_at"],  # web/migrations.py's steps
        "admin_actions": ["id", "at", "who", "action", "what"],  # staff, named by session: no citizen's data
        "sessions": ["digest", "expires_at", "token_digest"],  # staff sign-ins, as digests
    }
    assert question in values and "privacy probe comment" in values
    assert [value for value in values if any(text in value for text in WHO_ASKED)] == []
