"""Staff documents pages without a browser: hostile uploads and URLs refused with a reason, CSRF, undo, the
build queue, and questions answered throughout a publish."""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest
from fastapi.testclient import TestClient

from bot import open_bot
from index import Embedder, build_index
from tests.conftest import ADMIN_TOKEN, TINY_HEARING, free_port, serving, write_corpus
from web.app import create_app
from web.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
BRIEFING = (FIXTURES / "whitehouse_briefing_excerpt.md").read_bytes()
QUESTION = "What does the package have for vaccine distribution?"


class GatedEmbedder(Embedder):
    """The bundled model, whose document encoding waits for `gate`: a test decides when a build may finish."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()  # set while a build waits at the gate

    def encode_documents(self, texts, **options):  # type: ignore[no-untyped-def, override]
        self.waiting.set()
        self.gate.wait(timeout=120)
        self.waiting.clear()
        return super().encode_documents(texts, **options)


class Staff(NamedTuple):
    client: TestClient
    csrf: str
    corpus: Path
    data: Path
    embedder: GatedEmbedder


@pytest.fixture(scope="module")
def gated_embedder() -> GatedEmbedder:
    return GatedEmbedder().load()  # type: ignore[return-value]


def staff_app(root: Path, embedder: Embedder, **settings: object) -> tuple[Settings, object]:
    corpus = write_corpus(root / "corpus", {"harbour.txt": TINY_HEARING})
    build_index(corpus, root / "index", embedder)
    options = {"corpus": corpus, "index": root / "index", "data": root / "data", "admin_token": ADMIN_TOKEN,
               "rate_limit": "", **settings}  # fmt: skip
    config = Settings(**options)
    return config, create_app(config, bot=open_bot(root / "index", embedder))


def sign_in(client: TestClient) -> str:
    client.post("/admin/login", data={"token": ADMIN_TOKEN})
    page = client.get("/admin/documents")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


@pytest.fixture
def staff(tmp_path: Path, gated_embedder: GatedEmbedder) -> Iterator[Staff]:
    gated_embedder.gate.set()
    settings, app = staff_app(tmp_path, gated_embedder, upload_max_mb=1, admin_fetch_loopback=True)
    with TestClient(app) as client:
        yield Staff(client, sign_in(client), settings.corpus, settings.data, gated_embedder)


def upload(staff: Staff, name: str, data: bytes, **fields: str) -> httpx.Response:
    files = {"files": (name, data, "application/octet-stream")}
    return staff.client.post("/admin/documents/upload", data={"csrf": staff.csrf, **fields}, files=files,
                             follow_redirects=False)  # fmt: skip


def wait_for_build(client: TestClient, finished: int) -> dict[str, object]:
    for _ in range(600):
        status = client.get("/admin/documents/status").json()
        if status["finished"] >= finished and status["state"] == "idle":
            return status
        threading.Event().wait(0.1)
    pytest.fail(f"the build did not finish: {status}")


def test_a_path_in_the_upload_name_is_never_used(staff):
    response = upload(staff, "../../../../tmp/evil.md", BRIEFING)
    assert response.status_code == 303
    name = response.headers["location"].rsplit("/", 1)[-1]
    assert re.fullmatch(r"\d{8}-evil-[0-9a-f]{8}\.md", name)
    assert (staff.data / "staging" / name).read_bytes() == BRIEFING
    assert not Path("/tmp/evil.md").exists()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("big.txt", b"word " * 300_000, "big.txt: 1.4 MB is over the 1 MB limit"),
    ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 400, "invoice.pdf: named .pdf but it is a Windows program"),
    ("tool.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "tool.pdf: named .pdf but it is a Linux program"),
    ("notes.txt", b"PK\x03\x04" + b"\x00" * 100, "notes.txt: named .txt but it is a ZIP archive"),
    ("bomb.docx", b"PK\x03\x04" + b"\x00" * 100, "bomb.docx: '.docx' files are not accepted"),
    ("latin1.txt", "Café hearing".encode("latin-1"), "latin1.txt: not UTF-8 text (byte 0xe9 at offset 3)"),
    ("empty.md", b"   \n", "empty.md: the file is empty"),
])
def test_a_hostile_or_wrong_file_is_refused_with_its_reason(staff, name, data, reason):
    response = upload(staff, name, data)
    assert response.status_code == 400
    assert f"Not stored: {reason}" in html.unescape(response.text)
    assert not list((staff.data / "staging").glob("*"))


def test_a_100_mb_upload_is_refused_before_it_is_read(staff):
    response = upload(staff, "huge.txt", b"a" * (100 * 2**20))
    assert response.status_code == 413
    assert "the request body is larger than" in response.text


def test_every_action_needs_the_session_and_its_csrf_token(staff, tmp_path):
    assert staff.client.post("/admin/documents/upload", data={"csrf": "0" * 64},
                             files={"files": ("a.txt", b"text", "text/plain")}).status_code == 403  # fmt: skip
    assert staff.client.post("/admin/documents/undo").status_code == 403
    outsider = TestClient(staff.client.app)
    assert outsider.post("/admin/documents/remove", data={"source": "harbour.txt"}).status_code == 401
    assert outsider.get("/admin/documents", follow_redirects=False).headers["location"] == "/admin"
    assert (staff.corpus / "harbour.txt").exists()


class _Site(BaseHTTPRequestHandler):
    """A local web server: /briefing.md serves the fixture; /to/<where> redirects there."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/to/") :])
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/markdown; charset=utf-8")
        self.end_headers()
        self.wfile.write(BRIEFING)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(staff: Staff, url: str) -> httpx.Response:
    return staff.client.post("/admin/documents/fetch", data={"csrf": staff.csrf, "url": url}, follow_redirects=False)


def test_a_url_is_fetched_into_staging(staff, site):
    response = fetch(staff, f"{site}/briefing.md")
    assert response.status_code == 303
    preview = staff.client.get(response.headers["location"])
    assert "MS. PSAKI" in preview.text and "Question → answer exchanges (3)" in preview.text


@pytest.mark.parametrize(("where", "reason"), [
    ("http://10.1.2.3/briefing.md", "'10.1.2.3' is a private, loopback or link-local address"),
    ("http://169.254.169.254/latest/meta-data/", "'169.254.169.254' is a private, loopback or link-local address"),
    ("file:///etc/passwd", "only http and https addresses can be fetched, not 'file:'"),
    ("gopher://127.0.0.1:70/", "only http and https addresses can be fetched, not 'gopher:'"),
])
def test_a_redirect_to_a_private_address_or_another_scheme_is_refused(staff, site, where, reason):
    response = fetch(staff, f"{site}/to/{where}")
    assert response.status_code == 400
    assert f"Not fetched: {where[:80]}: {reason}" in html.unescape(response.text)


def test_loopback_is_refused_unless_the_setting_allows_it(tmp_path, embedder, site):
    _, app = staff_app(tmp_path, embedder)
    with TestClient(app) as client:
        csrf = sign_in(client)
        response = client.post("/admin/documents/fetch", data={"csrf": csrf, "url": f"{site}/briefing.md"})
    assert response.status_code == 400
    assert "'127.0.0.1' is a private, loopback or link-local address (127.0.0.1)" in html.unescape(response.text)


def publish(staff: Staff, data: bytes = BRIEFING, name: str = "briefing.md") -> httpx.Response:
    preview = upload(staff, name, data).headers["location"]
    return staff.client.post(f"{preview}/publish", data={"csrf": staff.csrf}, follow_redirects=False)


def test_undo_reverts_the_last_publish(staff):
    publish(staff)
    wait_for_build(staff.client, 1)
    assert "vaccine distribution" in staff.client.post("/api/ask", json={"question": QUESTION}).json()["answer"]
    assert staff.client.post("/admin/documents/undo", data={"csrf": staff.csrf}).status_code == 200
    assert sorted(p.name for p in staff.corpus.iterdir()) == ["harbour.txt"]
    assert "vaccine" not in staff.client.post("/api/ask", json={"question": QUESTION}).json()["answer"]
    again = staff.client.post("/admin/documents/undo", data={"csrf": staff.csrf})
    assert again.status_code == 409 and "there is no publish to undo" in html.unescape(again.text)
    history = staff.client.get("/admin/documents").text
    assert re.search(r"session [0-9a-f]{8} · <strong>undo</strong>", history)
    assert re.search(r"session [0-9a-f]{8} · <strong>publish</strong>", history)


def test_a_second_publish_waits_in_line_and_questions_are_answered_throughout(tmp_path, gated_embedder):
    """Over a real server: questions asked while two builds run (held at a gate) and after all get 200."""
    settings, app = staff_app(tmp_path, gated_embedder)
    codes: list[int] = []
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        staff = Staff(http, "", settings.corpus, settings.data, gated_embedder)  # type: ignore[arg-type]
        staff = staff._replace(csrf=sign_in(http))  # type: ignore[arg-type]

        def ask() -> None:
            codes.append(http.post("/api/ask", json={"question": QUESTION}).status_code)

        gated_embedder.gate.clear()
        try:
            publish(staff)
            assert gated_embedder.waiting.wait(60)  # the first build is embedding
            ask()
            second = publish(staff, TINY_HEARING.replace("Harbour", "Airport").encode(), "airport.txt")
            assert second.headers["location"] == "/admin/documents?notice=queued"
            page = http.get(second.headers["location"]).text
            assert "yours waits in line" in page and "Another build waits in line." in page
            for _ in range(5):
                ask()
        finally:
            gated_embedder.gate.set()
        while http.get("/admin/documents/status").json()["state"] != "idle":
            ask()
        status = wait_for_build(http, 2)  # type: ignore[arg-type]
        ask()
        answer = http.post("/api/ask", json={"question": QUESTION}).json()
    assert codes and set(codes) == {200}
    assert status["message"].startswith("Done: 3 documents")
    assert "vaccine distribution" in answer["answer"]


def test_a_replacement_keeps_the_name_and_metadata_of_the_document(staff):
    (staff.corpus / "harbour.meta.json").write_text('{"hearing": "Harbour renewal"}', encoding="utf-8")
    staged = upload(staff, "new version.txt", TINY_HEARING.replace("September", "October").encode(),
                    replaces="harbour.txt").headers["location"]  # fmt: skip
    assert "Publishing replaces <code>harbour.txt</code>" in staff.client.get(staged).text
    staff.client.post(f"{staged}/publish", data={"csrf": staff.csrf})
    status = wait_for_build(staff.client, 1)
    assert status["message"].startswith("Done: 1 documents")
    assert sorted(p.name for p in staff.corpus.iterdir()) == ["harbour.meta.json", "harbour.txt"]
    assert "October" in (staff.corpus / "harbour.txt").read_text(encoding="utf-8")
    answer = staff.client.post("/api/ask", json={"question": "When will the ferry terminal reopen?"}).json()
    assert "October" in answer["answer"]


def test_metadata_set_after_publishing_is_written_to_the_sidecar_and_indexed(staff):
    response = staff.client.post("/admin/record/meta", data={
        "csrf": staff.csrf, "source": "harbour.txt", "title": "Harbour renewal hearing, 3 March",
        "date": "2024-03-03", "hearing": "Harbour renewal", "language": "en", "url": ""})  # fmt: skip
    assert response.status_code == 200
    wait_for_build(staff.client, 1)
    assert json.loads((staff.corpus / "harbour.meta.json").read_text(encoding="utf-8")) == {
        "title": "Harbour renewal hearing, 3 March", "date": "2024-03-03", "hearing": "Harbour renewal",
        "language": "en"}  # fmt: skip
    listed = staff.client.get("/documents").text
    assert "Harbour renewal hearing, 3 March" in listed and "2024-03-03" in listed
    bad = staff.client.post("/admin/record/meta", data={"csrf": staff.csrf, "source": "harbour.txt",
                                                         "url": "javascript:alert(1)"})  # fmt: skip
    assert bad.status_code == 400
    assert "Not saved: source URL: give an address starting with http:// or https://" in html.unescape(bad.text)


def test_a_corpus_file_ingest_cannot_read_is_listed_with_the_reason(staff):
    (staff.corpus / "broken.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    page = html.unescape(staff.client.get("/admin/documents").text)
    assert "not in the index: broken.txt: not UTF-8 (byte 0xe9 at offset 3); re-save it as UTF-8" in page


def test_undo_brings_a_removed_document_back_with_its_sidecar(staff):
    (staff.corpus / "harbour.meta.json").write_text('{"hearing": "Harbour renewal"}', encoding="utf-8")
    publish(staff)  # a second document, so that the corpus is not empty without the first
    wait_for_build(staff.client, 1)
    staff.client.post("/admin/documents/remove", data={"csrf": staff.csrf, "source": "harbour.txt"})
    assert wait_for_build(staff.client, 2)["message"].startswith("Done: 1 documents")
    assert not (staff.corpus / "harbour.txt").exists()
    staff.client.post("/admin/documents/undo", data={"csrf": staff.csrf})
    assert (staff.corpus / "harbour.meta.json").read_text(encoding="utf-8") == '{"hearing": "Harbour renewal"}'
    answer = staff.client.post("/api/ask", json={"question": "When will the ferry terminal reopen?"}).json()
    assert "September" in answer["answer"]


def test_a_host_name_is_fetched_from_the_address_it_was_checked_at(staff, site):
    """'localhost' resolves to 127.0.0.1 here: the request is sent there, with the name as its Host."""
    response = fetch(staff, site.replace("127.0.0.1", "localhost") + "/briefing.md")
    assert response.status_code == 303


def test_a_server_that_does_not_answer_is_a_reason_not_an_error(staff):
    closed = f"http://127.0.0.1:{free_port()}/briefing.md"
    response = fetch(staff, closed)
    assert response.status_code == 400
    assert f"Not fetched: {closed}: could not be fetched (ConnectError" in html.unescape(response.text)
