"""Answering goes on when the question log cannot be written: a data folder that cannot be created, a disk that
fills up while the server runs. The failure is counted in /metrics and shown in /admin; feedback, acknowledged
only once committed, is refused with a 503 rather than lost."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ADMIN_TOKEN
from web.app import create_app
from web.feedback_store import FeedbackStore
from web.settings import Settings

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
QUESTIONS = ["Who pays for the repairs of the ferry terminal?", "When does the ferry terminal reopen?",
             "How many trees will be planted along the promenade?", "What happens to the old fish market hall?"]


def metric(client: TestClient, name: str) -> int:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain; version=0.0.4")
    values = {line.split()[0]: int(line.split()[1]) for line in response.text.splitlines() if not line.startswith("#")}
    return values[f"cityqa_{name}_total"]


def metric_reaches(client: TestClient, name: str, at_least: int, seconds: float = 30.0) -> int:
    """The counter, once it has reached `at_least` (the log is written by its own thread), or when time is up."""
    deadline = time.monotonic() + seconds
    while (value := metric(client, name)) < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_a_data_folder_that_cannot_be_created_leaves_the_server_answering(tmp_path, tiny_index, tiny_bot):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    settings = Settings(index=tiny_index, data=blocker / "data", admin_token=ADMIN_TOKEN, rate_limit="")
    with TestClient(create_app(settings, bot=tiny_bot)) as client:
        answers = [client.post("/api/ask", json={"question": question}) for question in QUESTIONS]
        assert [answer.status_code for answer in answers] == [200] * len(QUESTIONS)
        assert client.get("/", params={"q": QUESTIONS[0]}).status_code == 200
        assert metric(client, "questions_answered") == len(QUESTIONS) + 1
        assert metric_reaches(client, "question_log_failures", len(QUESTIONS) + 1) == len(QUESTIONS) + 1
        assert metric(client, "question_log_written") == 0

        feedback = client.post("/api/feedback", json={"id": answers[0].json()["id"], "helpful": True})
        assert feedback.status_code == 503 and feedback.headers["retry-after"] == "60"
        assert feedback.json() == {"detail": "your feedback could not be recorded just now; please try again later"}

        admin = client.get("/admin", headers=STAFF)
        assert admin.status_code == 200
        assert 'id="log-problem" role="alert"' in admin.text and "The question log could not be written" in admin.text
        assert "NotADirectoryError" in admin.text or "Not a directory" in admin.text


class FillingDisk(FeedbackStore):
    """A store on a disk with room for its schema and only a few pages more: SQLite's own 'database or disk is
    full' (SQLITE_FULL) once they are used, as on a full disk."""

    def _connect(self) -> sqlite3.Connection:
        connection = super()._connect()
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        return connection


def test_a_disk_that_fills_up_loses_no_acknowledged_feedback_and_never_stops_answering(tmp_path, tiny_index,
                                                                                      tiny_bot):  # fmt: skip
    settings = Settings(index=tiny_index, data=tmp_path / "data", admin_token=ADMIN_TOKEN, rate_limit="",
                        answer_cache=0)  # fmt: skip
    database = tmp_path / "full" / "feedback.sqlite3"
    app = create_app(settings, bot=tiny_bot)
    with TestClient(app) as client:
        app.state.feedback.close()
        app.state.feedback = FillingDisk(database)
        acknowledged, refused, statuses = [], 0, []
        for number in range(40):  # each logged answer takes room; the disk is full after a few
            answer = client.post("/api/ask", json={"question": f"{QUESTIONS[number % 4]} ({number})"})
            statuses.append(answer.status_code)
            feedback = client.post("/api/feedback", json={"id": answer.json()["id"], "helpful": False,
                                                          "comment": f"feedback {number}"})
            if feedback.status_code == 201:
                acknowledged.append(f"feedback {number}")
            else:
                assert feedback.status_code == 503
                refused += 1
        assert statuses == [200] * 40
        assert acknowledged and refused  # some fit before the disk filled up; the rest were refused, not lost
        assert metric(client, "question_log_failures") >= refused
        admin = client.get("/admin", headers=STAFF)
        assert "database or disk is full" in admin.text
    with closing(sqlite3.connect(database)) as connection:
        stored = [row[0] for row in connection.execute("SELECT comment FROM feedback ORDER BY id")]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert stored == acknowledged


def test_questions_are_committed_in_batches_by_one_writer_thread(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    try:
        from web.feedback_store import AskedQuestion

        for number in range(500):
            store.log_question_later(AskedQuestion(f"q{number}", f"q{number}", False, None, f"a{number}", "answer",
                                                   "en", "api"))  # fmt: skip
        assert store.add_feedback("a499", True, None)  # queued behind the 500 questions: it sees them all
        assert store.counts().asked == 500 and store.written == 501 and store.failures == 0
    finally:
        store.close()


@pytest.mark.parametrize("unknown", ["no-such-answer", ""])
def test_feedback_on_an_answer_never_given_is_not_recorded(tmp_path, unknown):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    try:
        assert store.add_feedback(unknown, True, None) is False
        assert store.counts().helpful == 0
    finally:
        store.close()


def test_the_log_is_written_again_once_the_folder_can_be(tmp_path: Path):
    blocker = tmp_path / "later"
    blocker.write_text("in the way")
    store = FeedbackStore(blocker / "feedback.sqlite3")
    try:
        from web.feedback_store import AskedQuestion

        asked = AskedQuestion("q", "q", False, None, "a1", "answer", "en", "api")
        with pytest.raises(Exception, match="could not be written"):
            store.log_question(asked)
        assert store.last_failure is not None and store.failures == 1
        blocker.unlink()  # the folder can be created now
        store.log_question(asked)
        assert store.counts().asked == 1 and store.written == 1
    finally:
        store.close()
