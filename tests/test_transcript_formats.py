"""Every transcript format, read the way `cityqa ingest` reads it (loader, cleaning, turns, naming, chunks),
yields its speaker turns and question -> answer exchanges. Fixtures: tests/fixtures/transcripts (see README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.chunk import chunk_document, transcribe
from ingest.loaders import load_document
from ingest.models import Document
from ingest.naming import readable_name
from ingest.models import Speaker, Transcript

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"
REPORTER = Speaker("a reporter")
PSAKI = Speaker("Jen Psaki", "Press Secretary")
GENG = Speaker("Geng Shuang", "Foreign Ministry Spokesperson")
ZHAO = Speaker("Zhao Lijian", "Foreign Ministry Spokesperson")


def read(name: str) -> tuple[Document, Transcript]:
    document = load_document(FIXTURES / name, FIXTURES)
    return document, transcribe(document)


def turns_of(transcript: Transcript) -> list[tuple[str, Speaker | None, str, int, int]]:
    return [(t.label, t.speaker, t.kind, t.first_paragraph, t.last_paragraph) for t in transcript.turns]


def pairs(transcript: Transcript) -> list[tuple[int, tuple[int, ...]]]:
    """Each exchange as (question, answers) turn ordinals."""
    return [(e.question.ordinal, tuple(a.ordinal for a in e.answers)) for e in transcript.exchanges]


def test_mfa_q_and_a_ask_as_a_reporter_and_answer_as_the_spokesperson_of_the_title() -> None:
    document, transcript = read("mfa-qa.txt")
    assert turns_of(transcript) == [
        ("Q", REPORTER, "question", 3, 3),
        ("A", GENG, "answer", 4, 5),  # the unlabelled paragraph after 'A:' carries the answer on
        ("Follow-up", REPORTER, "question", 6, 6),
        ("A", GENG, "answer", 7, 7),
        ("Q", REPORTER, "question", 8, 8),
        ("A", GENG, "answer", 9, 9),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,)), (5, (6,))]
    assert transcript.speakers == (GENG,)  # a role is no person: 'a reporter' is not listed
    assert document.paragraphs[1].startswith("At the invitation")  # the opening announcement is no turn


def test_mfa_outlets_ask_and_the_named_spokesperson_gets_the_role_of_the_title() -> None:
    _, transcript = read("mfa-outlets.txt")
    assert turns_of(transcript) == [
        ("CCTV", Speaker("CCTV"), "question", 2, 2),  # an outlet in capitals keeps its name
        ("Zhao Lijian", ZHAO, "answer", 3, 4),
        ("The Paper", Speaker("The Paper"), "question", 5, 5),
        ("Zhao Lijian", ZHAO, "answer", 6, 6),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,))]


def test_white_house_briefing_joins_wrapped_lines_and_links_ms_psaki_to_the_press_secretary() -> None:
    document, transcript = read("whitehouse-briefing.md")
    assert turns_of(transcript) == [
        ("MS. PSAKI", PSAKI, "statement", 3, 3),
        ("Q", REPORTER, "question", 4, 4),
        ("MS. PSAKI", PSAKI, "answer", 5, 6),
        ("Q", REPORTER, "question", 7, 7),
        ("MS. PSAKI", PSAKI, "answer", 8, 8),
    ]
    assert pairs(transcript) == [(2, (3,)), (4, (5,))]
    assert document.paragraphs[2] == (
        "MS. PSAKI: Good evening, everyone. Thank you for joining us on this historic day. "
        "It’s an honor to be here with all of you."
    )
    assert document.paragraphs[6].endswith("discuss retaliation for the SolarWinds hack on the federal government?")


def test_white_house_question_chunks_belong_to_the_asking_turn_and_name_the_asker_by_role() -> None:
    document, transcript = read("whitehouse-briefing.md")
    chunks = chunk_document(document, transcript)
    asking = [c for c in chunks if c.speaker == REPORTER]
    assert [(c.paragraph, c.exchange, c.label) for c in asking] == [(4, 1, "a reporter"), (7, 2, "a reporter")]
    assert asking[0].passage_text.startswith("James S. Brady Press Briefing Room\na reporter: Thanks, Jen.")
    turn = transcript.exchanges[0].question
    assert (turn.kind, turn.first_paragraph) == ("question", asking[0].paragraph)  # what the answer logic looks up


def test_iran_contra_wrapped_turns_are_joined_and_pair_counsel_with_the_witness() -> None:
    document, transcript = read("irancontra-hakim.txt")
    nields, hakim = Speaker("Mr. Nields"), Speaker("Mr. Hakim")
    assert turns_of(transcript) == [
        ("Mr. NIELDS", nields, "question", 1, 1),
        ("Mr. HAKIM", hakim, "answer", 2, 2),
        ("Mr. NIELDS", nields, "question", 3, 3),
        ("Mr. HAKIM", hakim, "answer", 4, 4),
        ("Mr. NIELDS", nields, "question", 5, 5),
        ("Mr. HAKIM", hakim, "answer", 6, 6),
        ("Mr. NIELDS", nields, "question", 7, 7),
        ("Mr. HAKIM", hakim, "answer", 8, 8),
        ("Mr. NIELDS", nields, "question", 9, 9),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,)), (5, (6,)), (7, (8,)), (9, ())]
    assert document.paragraphs[6] == (
        "Mr. NIELDS: Can you explain the circumstances surrounding the setting up of an account for Lt. Col. North?"
    )


def test_iran_contra_long_wrapped_lines_end_no_chunk_mid_sentence() -> None:
    document, transcript = read("irancontra-calero.txt")
    chunks = chunk_document(document, transcript)
    assert [c.text[-40:] for c in chunks] == [
        "ntervention by American military forces.",
        "ee this country from the British Empire.",
    ]
    assert [t.speaker for t in transcript.turns] == [Speaker("Mr. Calero")]


def test_au_question_time_reads_capitals_labels_and_keeps_seat_and_office() -> None:
    _, transcript = read("au-question-time.txt")
    green = Speaker("Ms Green", "Example—Manager of Opposition Business")
    brown = Speaker("Mr Brown", "Sample—Prime Minister")
    assert turns_of(transcript) == [
        ("Ms GREEN (Example—Manager of Opposition Business) (14:00)", green, "question", 3, 3),
        ("Mr BROWN (Sample—Prime Minister) (14:00)", brown, "answer", 4, 4),
        ("Opposition members interjecting", None, "procedural", 5, 5),
        ("The SPEAKER", Speaker("The Speaker"), "procedural", 6, 6),
        ("Mr BROWN", brown, "answer", 7, 7),
    ]
    assert pairs(transcript) == [(1, (2, 5))]


def test_uk_hansard_short_labels_are_the_members_named_in_full_before(tmp_path: Path) -> None:
    debate = json.loads((FIXTURES / "uk-hansard-debate.jsonl").read_text(encoding="utf-8"))
    speeches = [f"{s['speaker'].strip()}: {s['text'].strip()}" for s in debate["speeches"]]
    (tmp_path / "debate.txt").write_text("\n\n".join([debate["title"], *speeches]), encoding="utf-8")
    document = load_document(tmp_path / "debate.txt", tmp_path)
    transcript = transcribe(document)
    harvey = Speaker("Mr. E. Harvey")
    walsh = Speaker("Mr. S. Walsh", "The PARLIAMENTARY SECRETARY to the LOCAL GOVERNMENT BOARD")
    assert [(t.speaker, t.kind) for t in transcript.turns] == [
        (harvey, "question"), (walsh, "answer"), (harvey, "question"), (walsh, "answer"),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,))]
    assert transcript.speakers == (harvey, walsh)


@pytest.mark.parametrize(("printed", "readable"), [
    ("MS. PSAKI", "Ms. Psaki"),
    ("MR. NIELDS", "Mr. Nields"),
    ("THE CHAIRMAN", "The Chairman"),
    ("THE EARL OF CRAWFORD", "The Earl of Crawford"),
    ("Mrs McINTOSH", "Mrs McIntosh"),
    ("MS. JEAN-PIERRE", "Ms. Jean-Pierre"),
    ("Sir B. FALLE", "Sir B. Falle"),
    ("Mr LEE", "Mr Lee"),
    ("CCTV", "CCTV"),  # untitled capitals are an outlet or an acronym, not a shouted name
    ("The BBC", "The BBC"),
    ("Zhao Lijian", "Zhao Lijian"),
])  # fmt: skip
def test_readable_names(printed: str, readable: str) -> None:
    assert readable_name(printed) == readable


def test_an_unnamed_asker_outside_a_press_event_is_a_questioner_and_a_bare_answer_stays_unnamed(
    tmp_path: Path,
) -> None:
    (tmp_path / "meeting.txt").write_text(
        "Residents' meeting on the ferry terminal\n\nQ: When will the terminal reopen?\n\nA: In September.\n",
        encoding="utf-8",
    )
    transcript = transcribe(load_document(tmp_path / "meeting.txt", tmp_path))
    assert [(t.speaker, t.kind) for t in transcript.turns] == [(Speaker("a questioner"), "question"), (None, "answer")]
    assert pairs(transcript) == [(1, (2,))]


def test_anonymous_officials_speak_as_their_office(tmp_path: Path) -> None:
    (tmp_path / "call.txt").write_text(
        "Background Press Call on Flood Relief\n\n"
        "MODERATOR: Our speaker is a senior administration official.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: Thank you. Relief funds go out this week.\n\n"
        "Q: How much is in the fund?\n\n"
        "FBI OFFICIAL: I will let my colleague take that.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: Two billion dollars.\n",
        encoding="utf-8",
    )
    transcript = transcribe(load_document(tmp_path / "call.txt", tmp_path))
    official = Speaker("a Senior Administration Official")
    assert [(t.speaker, t.kind) for t in transcript.turns] == [
        (None, "procedural"),  # the moderator runs the call
        (official, "statement"),
        (REPORTER, "question"),
        (Speaker("an FBI Official"), "answer"),
        (official, "answer"),
    ]
    assert pairs(transcript) == [(3, (4, 5))]


AU_SECTIONS = """House of Representatives (Australia), 2022-08-03 — QUESTIONS WITHOUT NOTICE

=== Energy ===
Ms GREEN (Example) (14:00): My question is to the Prime Minister. When will power prices fall?
Mr BROWN (Sample—Prime Minister) (14:01): I thank the member for her question. Prices will fall next year.

=== Defence ===
Ms ROBERTS (Pearce) (14:21): My question is to the Deputy Prime Minister. Why a defence review?
Mr MARLES (Corio—Deputy Prime Minister) (14:21): I thank the member for Pearce. It has left a big question hanging:
what are we going to do about it?
"""


def test_au_question_time_a_sections_reply_that_ends_asking_still_answers(tmp_path: Path) -> None:
    # The section headings, marked by cleaning, make question time's rule hold: after the section's question, a
    # turn by someone else answers it, even one ending on a question of its own (Mr Marles speaks once).
    (tmp_path / "2022-08-03_questions_without_notice.txt").write_text(AU_SECTIONS, encoding="utf-8")
    transcript = transcribe(load_document(tmp_path / "2022-08-03_questions_without_notice.txt", tmp_path))
    assert [(t.speaker.name, t.kind) for t in transcript.turns] == [
        ("Ms Green", "question"), ("Mr Brown", "answer"), ("Ms Roberts", "question"), ("Mr Marles", "answer")]
    assert pairs(transcript) == [(1, (2,)), (3, (4,))]
