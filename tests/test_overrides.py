"""Speaker corrections in a sidecar reach the transcript, the chunks and the index; metadata changes rebuild."""

from __future__ import annotations

import json

import pytest

from index import build_index
from ingest import IngestError, load_document
from ingest.chunk import chunk_document, transcribe

TRANSCRIPT = """\
Briefing on the Harbour

MS. LANE: Good morning. The ferry terminal reopens in September.

Q Who pays for the repairs?

MS. LANE: The port authority pays for them from its reserve fund.
"""


def test_sidecar_override_renames_and_gives_a_role(make_corpus):
    corpus = make_corpus({"brief.txt": TRANSCRIPT, "brief.meta.json": json.dumps(
        {"speakers": {"Ms. Lane": {"name": "Ada Lane", "role": "Port Director"}}})})
    document = load_document(corpus / "brief.txt", corpus)
    transcript = transcribe(document)
    assert {(s.name, s.role) for s in transcript.speakers} == {("Ada Lane", "Port Director")}
    labels = {c.label for c in chunk_document(document, transcript) if c.speaker}
    assert labels == {"Ada Lane (Port Director)", "a reporter"}  # the unnamed Q: asker is shown by role


def test_a_bad_override_names_the_file_and_entry(make_corpus):
    corpus = make_corpus({"brief.txt": TRANSCRIPT, "brief.meta.json": json.dumps({"speakers": {"MS. LANE": 3}})})
    with pytest.raises(IngestError) as raised:
        load_document(corpus / "brief.txt", corpus)
    assert "brief.txt" in str(raised.value) and "MS. LANE" in str(raised.value)


def test_a_changed_role_alone_rebuilds_the_index(make_corpus, tmp_path, embedder):
    corpus = make_corpus({"brief.txt": TRANSCRIPT})
    build_index(corpus, tmp_path / "index", embedder)
    (corpus / "brief.meta.json").write_text(json.dumps({"speakers": {"MS. LANE": {"role": "Port Director"}}}))
    report = build_index(corpus, tmp_path / "index", embedder)
    assert not report.up_to_date
    assert report.embedded == 2  # only the two turns whose label changed are embedded again
