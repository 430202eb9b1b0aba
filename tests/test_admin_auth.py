"""Signing in to /admin: a token of 16 characters at least (checked at start-up), wrong tokens limited per address,
and sessions with random ids that expire, that signing out revokes, and that every worker of a server shares."""

from __future__ import annotations

import subprocess

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from tests.conftest import ADMIN_TOKEN, cityqa
from web.admin import SESSION_COOKIE
from web.admin_sessions import AdminSessions
from web.app import create_app
from web.settings import Settings


def test_serve_refuses_a_short_admin_token_with_one_line(tmp_path):
    server = cityqa("serve", "--index", str(tmp_path / "index"), env={"CITYQA_ADMIN_TOKEN": "letmein"},
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    output, errors = server.communicate(timeout=120)
    assert server.returncode == 1 and output == ""
    assert errors == ("Error: CITYQA_ADMIN_TOKEN: the admin token must be at least 16 characters, not 7; make one "
                      "with: python -c 'import secrets; print(secrets.token_urlsafe(24))'\n")


def test_a_token_of_16_characters_is_the_shortest_accepted():
    with pytest.raises(ValidationError, match="at least 16 characters, not 15"):
        Settings(admin_token="x" * 15)
    assert Settings(admin_token="x" * 16).admin_token.get_secret_value() == "x" * 16
    assert Settings(admin_token="").admin_token.get_secret_value() == ""  # empty: /admin is off, as unset


def staff_app(tiny_index, tiny_bot, data, **settings) -> TestClient:
    return TestClient(create_app(Settings(index=tiny_index, data=data, admin_token=ADMIN_TOKEN, rate_limit="",
                                          **settings), bot=tiny_bot))  # fmt: skip


def sign_in(client: TestClient, token: str = ADMIN_TOKEN, **headers: str):
    return client.post("/admin/login", data={"token": token}, headers=headers, follow_redirects=False)


def test_wrong_tokens_are_limited_per_address_with_retry_after(tmp_path, tiny_index, tiny_bot):
    with staff_app(tiny_index, tiny_bot, tmp_path, trusted_proxies=["testclient"]) as client:
        guesser = {"X-Forwarded-For": "203.0.113.9"}
        statuses = [sign_in(client, f"guess-{number:011d}", **guesser).status_code for number in range(4)]
        bearer = client.get("/admin", headers={**guesser, "Authorization": "Bearer guess-by-header"})
        assert statuses + [bearer.status_code] == [401] * 5
        refused = sign_in(client, ADMIN_TOKEN, **guesser)  # the right token too, once past the limit
        assert refused.status_code == 429 and refused.headers["retry-after"] == "12"
        assert "too many wrong admin tokens from your address; try again in 12 s" in refused.text
        bearer = client.post("/admin/reload", headers={**guesser, "Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert bearer.status_code == 429 and bearer.json()["detail"].startswith("too many wrong admin tokens")
        assert sign_in(client, ADMIN_TOKEN, **{"X-Forwarded-For": "198.51.100.4"}).status_code == 303  # others not
        metrics = client.get("/metrics").text
        assert "cityqa_admin_sign_in_refused_total 7\n" in metrics


def test_each_sign_in_is_a_new_random_session_that_expires(tmp_path, tiny_index, tiny_bot):
    with staff_app(tiny_index, tiny_bot, tmp_path, admin_session_minutes=30) as client:
        first, second = sign_in(client), sign_in(client)
        cookies = [response.cookies[SESSION_COOKIE] for response in (first, second)]
        assert cookies[0] != cookies[1] and ADMIN_TOKEN not in "".join(cookies) and len(cookies[0]) >= 43
        assert "Max-Age=1800" in first.headers["set-cookie"]
    clock = [1_000_000.0]
    sessions = AdminSessions(tmp_path / "sessions.sqlite3", ADMIN_TOKEN, lifetime=60, clock=lambda: clock[0])
    session = sessions.start()
    assert sessions.valid(session)
    clock[0] += 59
    assert sessions.valid(session)
    clock[0] += 1
    assert not sessions.valid(session)  # expired on the server, whatever the browser keeps
    renewed = AdminSessions(tmp_path / "sessions.sqlite3", ADMIN_TOKEN + "-new", 60, clock=lambda: clock[0])
    assert sessions.valid(fresh := sessions.start()) and not renewed.valid(fresh)  # a new token ends old sessions


def test_sign_out_revokes_the_session_in_every_worker(tmp_path, tiny_index, tiny_bot):
    # Two apps over one data folder stand for two workers of one server (threads or processes alike).
    with staff_app(tiny_index, tiny_bot, tmp_path) as one, staff_app(tiny_index, tiny_bot, tmp_path) as other:
        session = sign_in(one).cookies[SESSION_COOKIE]
        copied = {"Cookie": f"{SESSION_COOKIE}={session}"}
        assert one.get("/admin", headers=copied).status_code == 200
        assert other.get("/admin", headers=copied).status_code == 200  # the other worker knows the session
        signed_out = other.post("/admin/logout", headers=copied, follow_redirects=False)
        assert signed_out.status_code == 303 and f'{SESSION_COOKIE}=""' in signed_out.headers["set-cookie"]
        for worker in (one, other):  # a copy of the cookie kept anywhere signs no one in any more
            page = worker.get("/admin", headers=copied)
            assert page.status_code == 401 and 'action="/admin/login"' in page.text
