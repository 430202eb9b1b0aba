"""The runtime database on both engines (SQLite, and PostgreSQL started by the suite), its migrations, and rate
limits shared through Redis."""

import sqlite3
import threading
from contextlib import closing

import pytest
from pydantic import ValidationError

from web.admin_actions import ActionLog
from web.database import Database, describe
from web.feedback_store import AskedQuestion, FeedbackStore
from web.migrations import MIGRATIONS, SchemaTooNew, latest_version
from web.ratelimit import Rate
from web.settings import Settings
from web.shared_limits import SharedRateLimiter


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Database:
    if request.param == "sqlite":
        return Database(path=tmp_path / "feedback.sqlite3")
    return Database(url=request.getfixturevalue("postgres_database"))


def asked(answer_id: str, question: str, abstained: bool = False) -> AskedQuestion:
    return AskedQuestion(question, question.lower(), abstained, None, answer_id, f"answer {answer_id}", "en", "api")


def versions(database: Database) -> list[int]:
    connection = database.connect()
    try:
        return [row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    finally:
        connection.close()


def test_a_new_database_gets_every_migration_once(database):
    assert versions(database) == [step.version for step in MIGRATIONS]
    again = Database(path=database.path) if database.path else Database(url=database.url)  # a second replica
    assert versions(again) == [step.version for step in MIGRATIONS]


def test_the_question_log_reads_the_same_on_both_engines(database):
    store = FeedbackStore(database)
    try:
        store.log_question(asked("a1", "Who pays?"))
        store.log_question(asked("a2", "Is the pool open?", abstained=True))
        store.log_question(asked("a3", "IS THE POOL OPEN?", abstained=True))
        store.log_question(asked("a4", "When is the vote?", abstained=True))
        store.add_feedback("a1", False, "it named the wrong fund")
        store.add_feedback("a4", True, None)
        assert store.knows_answer("a2") and not store.knows_answer("a9")
        counts = store.counts()
        assert (counts.asked, counts.abstained, counts.helpful, counts.unhelpful) == (4, 3, 1, 1)
        unanswered = [(u.question, u.times) for u in store.unanswered()]
        assert unanswered == [("IS THE POOL OPEN?", 2), ("When is the vote?", 1)]
        assert [(u.question, u.answer, u.comment) for u in store.unhelpful()] == [
            ("Who pays?", "answer a1", "it named the wrong fund")
        ]
    finally:
        store.close()


def test_staff_actions_are_one_log_for_every_replica(database):
    other = Database(path=database.path) if database.path else Database(url=database.url)  # another replica
    first, second = ActionLog(database), ActionLog(other)
    try:
        first.record("session 3fa2c1d0", "publish", "harbour.txt")
        second.record("session 77b1e2aa", "remove", "old-minutes.pdf")
        assert [(a["who"], a["action"], a["what"]) for a in first.latest()] == [
            ("session 77b1e2aa", "remove", "old-minutes.pdf"), ("session 3fa2c1d0", "publish", "harbour.txt")]
        assert len(second.latest(limit=1)) == 1
    finally:
        first.close()
        second.close()


def test_a_sqlite_log_from_before_migrations_keeps_its_rows(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    with closing(sqlite3.connect(path)) as connection:  # the schema cityqa wrote before web/migrations.py
        connection.executescript(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, "
            "understood TEXT NOT NULL, abstained INTEGER NOT NULL, top_passage TEXT, answer_id TEXT NOT NULL, "
            "answer TEXT NOT NULL, language TEXT NOT NULL, channel TEXT NOT NULL);"
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY, given_at TEXT NOT NULL, answer_id TEXT NOT NULL, "
            "helpful INTEGER NOT NULL, comment TEXT);"
            "INSERT INTO questions VALUES (1, '2026-01-01 10:00:00', 'Old?', 'old?', 1, NULL, 'x1', 'no', 'en', 'api');"
        )
        connection.commit()
    store = FeedbackStore(path)
    try:
        assert [(u.question, u.times) for u in store.unanswered()] == [("Old?", 1)]
        assert versions(store.database) == [step.version for step in MIGRATIONS]
    finally:
        store.close()


def test_a_database_from_a_newer_cityqa_is_refused(database):
    connection = database.connect()
    connection.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                       [latest_version() + 1, "from the future", "2030-01-01 00:00:00"])  # fmt: skip
    connection.close()
    later = Database(path=database.path) if database.path else Database(url=database.url)
    with pytest.raises(SchemaTooNew, match=rf"schema version {latest_version() + 1}, newer than this cityqa knows"):
        later.connect()


def test_database_and_redis_urls_are_checked_and_never_shown_with_their_password():
    with pytest.raises(ValidationError, match=r"database URL 'mysql://u@db:3306/x' is not postgresql://"):
        Settings(database_url="mysql://u:secret@db:3306/x")
    with pytest.raises(ValidationError, match=r"redis URL 'http://...' is not redis://host:port/db"):
        Settings(redis_url="http://cache:6379")
    shown = describe("postgresql://cityqa:secret@db.internal:5432/cityqa")
    assert shown == "postgresql://cityqa@db.internal:5432/cityqa"
    assert "secret" not in repr(Settings(database_url="postgresql://cityqa:secret@db/cityqa"))
    assert Settings(database_url="").runtime_database().dialect == "sqlite"  # empty is unset


def test_replicas_share_one_rate_limit_in_redis(redis_url, request):
    namespace = f"test-{abs(hash(request.node.nodeid))}"
    first, second = (SharedRateLimiter(Rate(3, 60.0), redis_url, namespace=namespace) for _ in range(2))
    waits = [first.take("10.0.0.1"), second.take("10.0.0.1"), first.take("10.0.0.1"), second.take("10.0.0.1")]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert 55 < waits[3] <= 60  # the fourth in a minute, on whichever replica, waits for the first to leave it
    assert first.wait("10.0.0.1") > 0 and second.take("10.0.0.2") == 0.0  # another address counts alone


def test_without_redis_the_limit_is_off_and_answering_goes_on(caplog):
    unreachable = SharedRateLimiter(Rate(1, 60.0), "redis://127.0.0.1:9/0")  # the discard port: nothing listens
    assert [unreachable.take("10.0.0.1") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert sum("shared rate limit store cannot be reached" in r.message for r in caplog.records) == 1  # once


def test_a_new_sqlite_database_opened_by_several_threads_at_once_opens_for_every_one(tmp_path):
    # At start-up a server's question log, its sessions and its feedback open the new file together; switching
    # it to WAL does not wait for the busy timeout, and used to fail one opening in about seventy.
    failures: list[BaseException] = []

    def open_once(database: Database) -> None:
        try:
            with closing(database.connect()) as connection:
                connection.execute("SELECT 1")
        except BaseException as error:  # noqa: BLE001 - every failure is what the test counts
            failures.append(error)

    for trial in range(100):
        path = tmp_path / f"trial-{trial}.sqlite3"
        threads = [threading.Thread(target=open_once, args=(Database(path=path),)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
