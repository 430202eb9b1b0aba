"""Hostile or huge corpus files: links out of the corpus are never read, ingest time grows linearly with a
file's size, and only http(s) addresses from metadata become links."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

import ingest.models
from bot import open_bot
from index import Embedder, build_index, load_index
from index.checksums import build_checksums
from index.layout import DATABASE, Manifest
from ingest.chunk import chunk_document
from ingest.loaders import load_corpus
from ingest.models import Document
from tests.conftest import TINY_HEARING, serving
from web.app import create_app
from web.cli import main
from web.settings import Settings
from web.templating import is_safe_link


def reseal(index: Path) -> None:
    """Records the checksums of an index whose files a test changed on purpose (else loading refuses it)."""
    build = index.resolve()
    replace(Manifest.read(build), checksums=build_checksums(build)).write(build)


def test_chunking_hashes_each_document_once_so_time_grows_linearly(monkeypatch):
    # Counting, not timing: every character hashed is counted. Hashing the whole document for each of its
    # chunks made ingest quadratic (a 2 MB transcript took 72 s to chunk, an 8 MB one never finished).
    hashed = []

    def counting_hash(*parts: str, length: int = 16) -> str:
        hashed.append(sum(len(part) for part in parts))
        return original(*parts, length=length)

    original = ingest.models.content_hash
    monkeypatch.setattr(ingest.models, "content_hash", counting_hash)
    paragraphs = tuple(f"Speaker {n % 7}: Item {n} of the agenda was discussed at length." for n in range(2000))
    document = Document(source="long.txt", title="Long hearing", paragraphs=paragraphs)
    chunks = chunk_document(document)
    ids = {chunk.id for chunk in chunks}
    size = sum(len(paragraph) for paragraph in paragraphs)
    assert len(chunks) > 100 and len(ids) == len(chunks)
    # The document's id once, and each chunk's own text once: about twice the document, never its square.
    assert sum(hashed) <= 3 * size


def test_links_that_lead_out_of_the_corpus_are_skipped_with_a_line_and_never_read(make_corpus, tmp_path):
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-ACCOUNT:/root:/bin/bash\n", encoding="utf-8")
    (tmp_path / "outside" / "notes.meta.json").write_text('{"title": "SECRET-TITLE"}', encoding="utf-8")
    corpus = make_corpus({"harbour.txt": TINY_HEARING, "inside/parks.txt": "The parks department plants trees."})
    (corpus / "passwd.txt").symlink_to(secret)  # a file link out
    (corpus / "mounted").symlink_to(secret.parent, target_is_directory=True)  # a folder link out
    (corpus / "parks-again.txt").symlink_to(corpus / "inside" / "parks.txt")  # a link that stays inside
    (corpus / "notes.txt").write_text("Notes of the hearing.", encoding="utf-8")
    (corpus / "notes.meta.json").symlink_to(tmp_path / "outside" / "notes.meta.json")  # metadata from outside
    load = load_corpus(corpus)
    assert sorted(d.source for d in load.documents) == ["harbour.txt", "inside/parks.txt", "parks-again.txt"]
    assert {error.path: error.problem for error in load.skipped} == {
        "mounted": f"links to {secret.parent}, outside the corpus folder; not read",
        "notes.txt": f"metadata notes.meta.json links to {tmp_path / 'outside' / 'notes.meta.json'}, "
                     "outside the corpus folder; not read",
        "passwd.txt": f"links to {secret}, outside the corpus folder; not read",
    }
    result = CliRunner().invoke(main, ["ingest", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                                env={"COLUMNS": "1000"})  # one line per skipped file, however long its path
    assert result.exit_code == 0, result.output
    output = result.output
    assert f"skipped passwd.txt: links to {secret}, outside the corpus folder; not read" in output
    assert f"skipped mounted: links to {secret.parent}, outside the corpus folder; not read" in output
    store = load_index(tmp_path / "index", Embedder().name).store
    everything = json.dumps([[d.title, *d.paragraphs] for d in store.documents()])
    assert "SECRET" not in everything and "plants trees" in everything


def test_only_http_addresses_from_metadata_are_taken_as_a_documents_address(make_corpus):
    corpus = make_corpus({
        "sidecar.txt": "The ferry runs hourly.",
        "sidecar.meta.json": json.dumps({"url": "javascript:alert(document.cookie)"}),
        "front.md": "---\ntitle: Parks\nurl: ' JavaScript:alert(1)'\n---\nWe plant trees.\n",
        "source.md": "---\nsource_url: data:text/html,<script>alert(1)</script>\n---\nThe pier reopens.\n",
        "good.md": "---\nurl: HTTPS://example.org/parks?year=2024\n---\nThe park opens.\n",
    })
    load = load_corpus(corpus)
    assert [(d.source, d.url) for d in load.documents] == [("good.md", "HTTPS://example.org/parks?year=2024")]
    assert {error.path: error.problem for error in load.skipped} == {
        "sidecar.txt": "metadata field 'url' must be an http:// or https:// address, not "
                       "'javascript:alert(document.cookie)'",
        "front.md": "metadata field 'url' must be an http:// or https:// address, not ' JavaScript:alert(1)'",
        "source.md": "metadata field 'url' must be an http:// or https:// address, not "
                     "'data:text/html,<script>alert(1)</script>'",
    }


@pytest.mark.browser
def test_a_stored_javascript_address_is_shown_as_text_never_as_a_link(make_corpus, tmp_path, embedder, browser):
    # An index written before addresses were checked may hold one: no page may make it a link.
    corpus = make_corpus({"harbour.txt": TINY_HEARING})
    index = tmp_path / "index"
    build_index(corpus, index, embedder)
    address = "javascript:alert(document.domain)"
    with sqlite3.connect(index / DATABASE) as database:
        database.execute("UPDATE documents SET url = ?", [address])
    database.close()
    reseal(index)
    document_id = load_index(index, embedder.name).store.documents()[0].id
    settings = Settings(index=index, data=tmp_path / "data", rate_limit="")
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serving(create_app(settings, bot=open_bot(index, embedder))) as url:
            page.goto(f"{url}/documents/{document_id}")
            original = page.locator("dt:text-is('Original') + dd")
            expect(original).to_have_text(address)
            assert original.locator("a").count() == 0
            original.click()
            links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.protocol)")
            page.goto(f"{url}/?q=Who+pays+for+the+repairs%3F")
            expect(page.locator(".cite a").first).to_have_attribute("href", re.compile(rf"^/documents/{document_id}(\?answer=\w+)?#p"))
            links += page.eval_on_selector_all("a[href]", "links => links.map(a => a.protocol)")
    finally:
        context.close()
    assert links and set(links) <= {"http:", "https:"} and dialogs == []


def test_a_safe_link_is_an_http_address_or_a_path_on_this_site():
    safe = ["https://example.org/a?b=1#c", "HTTP://example.org", "/documents/abc#p3", "/"]
    unsafe = ["javascript:alert(1)", " https://example.org", "data:text/html,x", "//evil.example",
              "/\\evil.example", "/\t/evil.example", "https://", "vbscript:x", "", None]
    assert [is_safe_link(url) for url in safe + unsafe] == [True] * len(safe) + [False] * len(unsafe)
