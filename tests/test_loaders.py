import json

from ingest.chunk import MAX_CHARS, chunk_document
from ingest.loaders import load_corpus

def minimal_pdf(text: str) -> bytes:
    """The smallest well-formed PDF with one line of text, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_every_supported_format_loads_with_its_metadata(make_corpus):
    corpus = make_corpus({
        "a.txt": "Budget Hearing 2024\nhttps://example.org/budget\n\nThe budget was approved.",
        "b.md": "---\ntitle: Parks Committee\ndate: 2024-05-02\n---\n# Trees\n\nWe plant trees.\n\n- Oak. Strong.\n",
        "c.html": "<html><head><title>Ferry</title><script>alert(1)</script></head><body><h2>Schedule</h2>"
                  "<p>The ferry runs <b>hourly</b>.</p><ul><li>Line A.</li></ul><nav>Menu</nav></body></html>",
        "d.pdf": minimal_pdf("The pier reopens in May."),
        "e.txt": "The report text.",
        "e.meta.json": json.dumps({"title": "Sidecar Title", "source": "City Gazette", "date": None}),
    })
    load = load_corpus(corpus)
    assert load.skipped == ()
    by_source = {d.source: d for d in load.documents}
    assert by_source["a.txt"].title == "Budget Hearing 2024"
    assert by_source["a.txt"].url == "https://example.org/budget"
    assert by_source["a.txt"].paragraphs == ("Budget Hearing 2024", "The budget was approved.")
    assert (by_source["b.md"].title, by_source["b.md"].date) == ("Parks Committee", "2024-05-02")
    assert by_source["b.md"].kinds == ("heading", "text", "item")
    assert by_source["c.html"].title == "Ferry"
    assert by_source["c.html"].paragraphs == ("Schedule", "The ferry runs hourly.", "Line A.")
    assert by_source["d.pdf"].paragraphs == ("The pier reopens in May.",)
    assert by_source["e.txt"].title == "Sidecar Title"
    assert dict(by_source["e.txt"].meta) == {"source": "City Gazette"}


def test_bad_files_are_skipped_with_a_reason_and_the_rest_loads(make_corpus):
    corpus = make_corpus({
        "good.txt": "A readable record.",
        "empty.txt": "   \n\n",
        "binary.txt": b"\x00\x01\x02binary",
        "latin1.txt": "Caf\xe9 hearing".encode("latin-1"),
        "broken.pdf": b"%PDF-1.4 this is not a pdf",
        "meta.txt": "Text.",
        "meta.meta.json": "{not json",
        "notes.docx": b"ignored: not a supported suffix",
    })
    load = load_corpus(corpus)
    assert [d.source for d in load.documents] == ["good.txt"]
    reasons = {error.path: error.problem for error in load.skipped}
    assert reasons["empty.txt"] == "no text after cleaning (empty file?)"
    assert reasons["binary.txt"] == "binary file, not text"
    assert reasons["latin1.txt"] == "not UTF-8 (byte 0xe9 at offset 3); re-save it as UTF-8"
    assert reasons["broken.pdf"].startswith("unreadable PDF")
    assert reasons["meta.txt"].startswith("metadata meta.meta.json is not valid JSON")
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "broken.pdf", "meta.txt"}


def test_seed_chunks_keep_list_headings_and_speakers_apart(make_corpus):
    from tests.conftest import SEED_CORPUS

    load = load_corpus(SEED_CORPUS)
    chunks = chunk_document(load.documents[0])
    sports = next(c for c in chunks if c.text.startswith("Fashion sports industry cluster."))
    assert sports.heading == "According to reports, the focus on developing eight major industrial clusters mainly includes"
    assert sports.speaker is None
    assert sports.embedding_text.splitlines()[1] == sports.heading
    question = next(c for c in chunks if c.text.startswith("Lin Qing"))
    answer = next(c for c in chunks if c.text.startswith("Sun Lijie:"))
    assert question.speaker.name == "Lin Qing" and answer.speaker.name == "Sun Lijie"
    assert "Sun Lijie" not in question.text and "Lin Qing" not in answer.text
    assert answer.embedding_text.splitlines()[-1].startswith("Sun Lijie")
    # BM25 indexes the reply with the question it answers, after its own words; the model embeds the reply alone.
    assert answer.asked.startswith("The impact of the epidemic")
    assert answer.lexical_text == f"{answer.embedding_text}\n{answer.asked}"
    assert question.asked is None
    # the list's introduction travels with its first item: alone it says what follows, not what it is
    intro = next(c for c in chunks if c.text.startswith("According to reports"))
    assert intro.text.endswith("mainly includes:\n\n" + load.documents[0].paragraphs[intro.paragraph])
    assert "cultural and creative industry cluster" in intro.text
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)


def test_long_paragraphs_are_split_at_sentence_ends_under_the_limit(make_corpus):
    sentence = "The council discussed the harbour budget and the repair schedule in great detail. "
    corpus = make_corpus({"long.txt": sentence * 40})
    document = load_corpus(corpus).documents[0]
    chunks = chunk_document(document)
    assert len(chunks) > 1
    assert all(len(c.text) <= MAX_CHARS and c.text.endswith("detail.") for c in chunks)
    assert all(c.paragraph == 1 for c in chunks)


def test_a_record_without_a_date_in_its_metadata_is_dated_by_its_file_name(tmp_path):
    from ingest.loaders import load_corpus

    (tmp_path / "2021-12-02_questions_without_notice.txt").write_text("Mr A: When?\n\nMr B: Today.", encoding="utf-8")
    (tmp_path / "2020-01-01_minutes.md").write_text("---\ndate: 2020-01-05\n---\nWe met.", encoding="utf-8")
    (tmp_path / "minutes.txt").write_text("We met again.", encoding="utf-8")
    dates = {d.source: d.date for d in load_corpus(tmp_path).documents}
    assert dates == {"2021-12-02_questions_without_notice.txt": "2021-12-02", "2020-01-01_minutes.md": "2020-01-05",
                     "minutes.txt": None}


def test_a_short_reply_is_embedded_with_the_question_it_answers(make_corpus):
    corpus = make_corpus({"briefing.txt": (
        "Q: Where did you see the signed copy of the finding?\n\nA: In the admiral's office.\n\n"
        "Q: What did the finding authorise?\n\nA: The finding authorised the shipment of spare parts to the port, "
        "with the approval of the committee and under the terms that the council had set out in the spring.")})
    chunks = chunk_document(load_corpus(corpus).documents[0])
    short, long = (next(c for c in chunks if c.text.startswith(start)) for start in ("A: In the", "A: The finding"))
    # alone, 'In the admiral's office.' says nothing of a signed copy
    assert short.embedding_text.endswith("Where did you see the signed copy of the finding?")
    assert short.lexical_text == short.embedding_text  # the question is indexed once
    assert "What did the finding authorise?" not in long.embedding_text
    assert long.lexical_text.endswith("What did the finding authorise?")
