"""The staff token never reaches the server's output, whatever staff do with it."""

from __future__ import annotations

import signal
import subprocess

import httpx

from tests.conftest import cityqa, documents_served, free_port

TOKEN = "s3cret-token-for-the-log-test-7f1c"


def test_the_admin_token_never_appears_in_the_server_output(seed_paths, tmp_path):
    corpus, index = seed_paths
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = cityqa("serve", "--corpus", str(corpus), "--index", str(index), "--port", str(port),
                    env={"CITYQA_ADMIN_TOKEN": TOKEN, "CITYQA_DATA": str(tmp_path / "data"), "CITYQA_RATE_LIMIT": ""},
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        documents_served(url, server, until=1)
        with httpx.Client(base_url=url, timeout=30) as staff:
            assert staff.post("/admin/login", data={"token": TOKEN + "x"}).status_code == 401
            assert staff.post("/admin/login", data={"token": TOKEN}, follow_redirects=False).status_code == 303
            assert staff.get("/admin").status_code == 200
            assert staff.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        with httpx.Client(base_url=url, timeout=30) as stranger:  # no session cookie
            assert stranger.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}-wrong"}).status_code == 401
            assert stranger.get(f"/admin?token={TOKEN}").status_code == 401  # a token pasted into a URL signs no one in
        server.send_signal(signal.SIGHUP)  # a reload that logs what it loaded
        documents_served(url, server, until=1)
    finally:
        server.terminate()
        output, errors = server.communicate(timeout=30)
    assert "reloaded the index" in output + errors  # the log was written, and it is what was searched
    assert TOKEN not in output + errors
