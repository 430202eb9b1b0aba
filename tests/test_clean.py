from pathlib import Path

from ingest.clean import Paragraph, clean_paragraphs
from ingest.loaders import load_document
from ingest.text import split_sentences

SEED = Path(__file__).resolve().parent.parent / "corpus" / "qingdao-fashion-city-questioning-meeting.txt"


def test_seed_loses_its_truncated_duplicate_lede_and_stray_html_token():
    document = load_document(SEED, SEED.parent)
    assert document.paragraphs[0].startswith("On January 22, the International Fashion City")
    assert sum(p.startswith("On January 22") for p in document.paragraphs) == 1
    assert not any("html" in p.split()[0] for p in document.paragraphs)
    assert document.title.startswith("International Fashion City Construction")
    assert dict(document.meta)["reporter"] == "Bo Keguo"
    assert document.date is None  # the report names no year, so none is invented


def test_glued_markup_token_is_removed_wherever_it_appears():
    raw = "bodyThe council met.\n\ndivMinutes were taken.\n\nhtml\n\nThe htmlParser stays."
    assert [p.text for p in clean_paragraphs(raw)] == ["The council met.", "Minutes were taken.", "The htmlParser stays."]


def test_a_cut_off_copy_of_a_paragraph_is_dropped_but_short_repeats_are_kept():
    full = "The committee approved the budget for the new library after a long debate on costs."
    raw = f"{full[:50]}\n\n{full}\n\nThank you.\n\nThank you."
    assert [p.text for p in clean_paragraphs(raw)] == [full, "Thank you.", "Thank you."]


def test_hard_wrapped_lines_are_joined_and_labels_start_new_paragraphs():
    raw = (
        "MS. PSAKI: Good evening, everyone. Thank you for joining us on this\n"
        "historic day. It is an honor to be here.\n"
        "Q: Will the president travel next week?"
    )
    paragraphs = clean_paragraphs(raw)
    assert [p.text for p in paragraphs] == [
        "MS. PSAKI: Good evening, everyone. Thank you for joining us on this historic day. It is an honor to be here.",
        "Q: Will the president travel next week?",
    ]


def test_long_unwrapped_lines_each_make_a_paragraph():
    first = "The minister answered the question about the harbour at length and in detail. " * 2
    second = "The deputy then asked about the budget of the ferry terminal and its repairs. " * 2
    assert [p.text for p in clean_paragraphs(f"{first}\n{second}")] == [first.strip(), second.strip()]


def test_a_long_line_broken_off_mid_sentence_continues_on_the_next():
    raw = (  # lines of up to 130 characters, as the Iran-Contra hearings print them
        "Mr. NIELDS: Can you explain to the committee the circumstances surrounding the setting up of an "
        "account for Lt. Col.\n"
        "North? It was set up in May of 1986, and the records that we have reflect the amount that was placed "
        "in it at that\n"
        "time. I would like to show you a document that lists the deposits made into the Button account by the "
        "company.\n"
        "Background\n"
        "The next line stands alone."
    )
    assert [p.text for p in clean_paragraphs(raw)] == [
        "Mr. NIELDS: Can you explain to the committee the circumstances surrounding the setting up of an account for "
        "Lt. Col. North? It was set up in May of 1986, and the records that we have reflect the amount that was "
        "placed in it at that time. I would like to show you a document that lists the deposits made into the "
        "Button account by the company.",
        "Background",
        "The next line stands alone.",
    ]


def test_a_line_opening_on_a_lower_case_word_carries_on_one_that_ends_no_sentence():
    raw = (  # a long line in the block: not hard-wrapped as a whole
        "Mr. RUDMAN: With the exception of Admiral Poindexter, every high-level U.S\n"
        "official who testified stated that Admiral Poindexter did not have the authority to approve the diversion, "
        "and that the diversion was improper.\n"
        "These officials are Secretary Shultz and Attorney General Meese.\n"
        "we start this line in lower case after a full stop, so it stands alone."
    )
    assert [p.text for p in clean_paragraphs(raw)] == [
        "Mr. RUDMAN: With the exception of Admiral Poindexter, every high-level U.S official who testified stated "
        "that Admiral Poindexter did not have the authority to approve the diversion, and that the diversion was "
        "improper.",
        "These officials are Secretary Shultz and Attorney General Meese.",
        "we start this line in lower case after a full stop, so it stands alone.",
    ]


def test_a_word_hyphenated_at_the_end_of_a_line_is_one_word():
    raw = ("Mr. MEESE: Well, Senator, by the time we met with the others on that Sunday afternoon in the office "
           "we already had exam-\nined all the docu-\nments.\nSo we had.")  # a long line: not hard-wrapped as a whole
    assert [p.text for p in clean_paragraphs(raw)] == [
        "Mr. MEESE: Well, Senator, by the time we met with the others on that Sunday afternoon in the office we "
        "already had examined all the documents.", "So we had."]


def test_a_dash_that_carries_on_a_broken_off_sentence_is_not_a_list_item():
    raw = "MS. JEAN-PIERRE: Well, again, I'm going to let the readout play out for\n— say — speak for itself."
    joined = "MS. JEAN-PIERRE: Well, again, I'm going to let the readout play out for — say — speak for itself."
    assert clean_paragraphs(raw) == [Paragraph(joined)]


def test_list_items_and_headings_are_marked():
    raw = "# Plans\n\nThe plan includes:\n\n——Park cluster. Trees.\n- Market cluster. Food.\n1. Third item."
    assert clean_paragraphs(raw) == [
        Paragraph("Plans", "heading"),
        Paragraph("The plan includes:", "text"),
        Paragraph("Park cluster. Trees.", "item"),
        Paragraph("Market cluster. Food.", "item"),
        Paragraph("Third item.", "item"),
    ]


def test_sentences_split_on_glued_full_stops_but_not_abbreviations():
    text = "Fashion trade cluster.Accelerate the start. Mr. Li spoke at 3 p.m. today. 会议开始。我们讨论。"
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["Fashion trade cluster.", "Accelerate the start.", "Mr. Li spoke at 3 p.m. today.", "会议开始。", "我们讨论。"]


def test_the_hon_member_is_one_sentence():
    text = "No. The hon. Member can ask again. The right hon. Gentleman knows it. See No. 11 in the list."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "No.", "The hon. Member can ask again.", "The right hon. Gentleman knows it.", "See No. 11 in the list."]


def test_etc_ends_a_list_and_before_a_capital_the_sentence():
    text = "Build the park, the stadium, etc. Steadily organize major events. Fruit, bread, etc. are sold."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["Build the park, the stadium, etc.", "Steadily organize major events.",
                         "Fruit, bread, etc. are sold."]
