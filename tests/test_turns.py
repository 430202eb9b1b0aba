"""Speaker-turn parser: label shapes, rosters, speaker resolution, kinds and exchanges on small fixtures."""

from __future__ import annotations


import pytest

from ingest.labels import LabelMatch
from ingest.models import Document, DocumentInfo, Exchange, Speaker, Transcript, Turn, exchange_id
from ingest.roster import RosterEntry, parse_roster
from ingest.turns import match_label, parse_turns

NBSP = "\u00a0"

REPORT = [
    "On January 22, the International Fashion City Questioning Meeting was held.",
    "Sun Lijie, member of the Standing Committee of Qingdao Municipal Party Committee and Minister of "
    "Propaganda, Zhu Tieyi, Director of Qingdao Municipal Culture and Tourism Bureau, and Li Suman, Director "
    "of Qingdao Municipal Bureau of Commerce, responded to the inquiry on behalf of the offensive organizer.",
    "Lin Qing, member of Qingdao Municipal CPPCC and president of Qingdao Taiwan Compatriot Association: "
    "How will our city take effective policy measures in the next step?",
    "Sun Lijie: The industries involved are the most affected by the epidemic.",
    "We must seize the new trend and promote the healthy development of new business formats.",
    "According to reports, the focus on developing eight major industrial clusters mainly includes:",
    "- a cultural and creative industry cluster. Vigorously develop cultural and creative industries.",
    "——Film and TV production industry cluster. Implement the three-year action plan.",
    "(Reporter Bo Keguo of Dazhong Daily Client)",
]

def parse(paragraphs: list[str]) -> Transcript:
    """The transcript of a document made of `paragraphs`."""
    return parse_turns(Document(source="test.txt", title="Test", paragraphs=tuple(paragraphs)))


def pairs(transcript: Transcript) -> list[tuple[int, tuple[int, ...]]]:
    """Each exchange as (question, answers) turn ordinals."""
    return [(e.question.ordinal, tuple(a.ordinal for a in e.answers)) for e in transcript.exchanges]


SUN = Speaker(
    "Sun Lijie", "member of the Standing Committee of Qingdao Municipal Party Committee and Minister of Propaganda"
)
LIN = Speaker("Lin Qing", "member of Qingdao Municipal CPPCC and president of Qingdao Taiwan Compatriot Association")


def test_report_roster_resolves_speakers_and_roles() -> None:
    transcript = parse(REPORT)
    assert transcript.speakers == (
        SUN,
        Speaker("Zhu Tieyi", "Director of Qingdao Municipal Culture and Tourism Bureau"),
        Speaker("Li Suman", "Director of Qingdao Municipal Bureau of Commerce"),
        LIN,
    )


def test_report_turns_stop_before_narration_and_list() -> None:
    transcript = parse(REPORT)
    info = DocumentInfo.of(Document(source="test.txt", title="Test", paragraphs=tuple(REPORT)))
    question = Turn(info, 1, LIN.name + ", " + LIN.role, LIN, "question", 3, 3,
                    "How will our city take effective policy measures in the next step?", 1, "question")
    answer = Turn(info, 2, "Sun Lijie", SUN, "answer", 4, 5, f"{REPORT[3][11:]}\n\n{REPORT[4]}", 1, "answer")
    assert transcript.turns == (question, answer)
    assert transcript.exchanges == (Exchange(exchange_id(info.id, 1), 1, question, (answer,)),)


def test_roster_answerers_speaking_before_any_question_make_statements() -> None:
    paragraphs = REPORT[:2] + ["Li Suman: We will open two new fairs.", "Zhu Tieyi: Tourism will recover."]
    kinds = [t.kind for t in parse(paragraphs).turns]
    assert kinds == ["statement", "statement"]  # nobody asked: answerers speaking first make statements


MFA_QA = [
    "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018",
    "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/t1558711.shtml",
    "Q: The US Navy has sent two warships through the Taiwan Strait. What is China's response?",
    "A: The Chinese side has been closely monitoring the passage.",
    "The Taiwan issue concerns the sovereignty and territorial integrity of China.",
    "Follow-up: Will China send its own ships?",
    "A:We will keep monitoring.",
    "Q: Our position is very clear: what will you do next?",
]


def test_mfa_q_and_a_stay_anonymous_and_pair_up() -> None:
    transcript = parse(MFA_QA)
    assert [(t.label, t.speaker, t.kind, t.first_paragraph, t.last_paragraph) for t in transcript.turns] == [
        ("Q", None, "question", 3, 3),
        ("A", None, "answer", 4, 5),
        ("Follow-up", None, "question", 6, 6),
        ("A", None, "answer", 7, 7),
        ("Q", None, "question", 8, 8),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,)), (5, ())]
    assert transcript.speakers == ()
    assert transcript.turns[3].text == "We will keep monitoring."  # 'A:We': no space after the colon


MFA_OUTLETS = [
    "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on June 1, 2020",
    "CCTV: The foreign ministry of Laos issued a statement. What's China's comment?",
    "Zhao Lijian: China highly applauds Laos for its support.",
    "We will keep working with our neighbours.",
    "China Daily: It was announced that a medical team will go to Sao Tome. I wonder if you could share more.",
    "Zhao Lijian: China and Africa are good brothers.",
    "Reuters: Please give us an update on the talks.",
    "Zhao Lijian: The talks went well.",
]


def test_outlet_and_name_labels() -> None:
    transcript = parse(MFA_OUTLETS)
    zhao = Speaker("Zhao Lijian", None)
    assert [(t.label, t.speaker, t.kind, t.first_paragraph, t.last_paragraph) for t in transcript.turns] == [
        ("CCTV", Speaker("CCTV", None), "question", 2, 2),
        ("Zhao Lijian", zhao, "answer", 3, 4),
        ("China Daily", Speaker("China Daily", None), "question", 5, 5),
        ("Zhao Lijian", zhao, "answer", 6, 6),
        ("Reuters", Speaker("Reuters", None), "question", 7, 7),
        ("Zhao Lijian", zhao, "answer", 8, 8),
    ]
    assert pairs(transcript) == [(1, (2,)), (3, (4,)), (5, (6,))]


HANSARD = [
    "House of Representatives (Australia), 2021-10-19 — QUESTIONS WITHOUT NOTICE",
    "=== COVID-19: National Plan ===",
    "Mrs McINTOSH (Lindsay) (14:03): My question is to the Prime Minister. Our plan is being realised.",
    "Ms Burney interjecting—",
    "The SPEAKER: The member for Barton is warned!",
    "Mrs McINTOSH: Will the Prime Minister update the House on the national plan?",
    "Mr MORRISON (Cook—Prime Minister) (14:03): I thank the member for Lindsay for her question.",
    "Regional Australia: you're well looked after as we open up.",
    "Opposition members interjecting—",
    "Mr Dutton: Mr Speaker, I rise on a point of order.",
    "Mr MORRISON: But, guess what? Australians are coming home.",
    "Mr JOYCE (New England—Deputy Prime Minister) (14:07): The regions are opening too.",
    "=== Climate Change ===",
    "Mr JONES (Whitlam) (14:10): Prime Minister, what is the impact of net zero by 2050?",
    "Mr MORRISON: If you have the right plan, it's a positive impact.",
]


def test_hansard_speakers_resolve_short_labels_to_full_ones() -> None:
    transcript = parse(HANSARD)
    morrison = Speaker("Mr MORRISON", "Cook—Prime Minister")
    assert transcript.turns[4].speaker == morrison
    assert match_label(HANSARD[6]).time == "14:03"
    assert transcript.turns[7].speaker == morrison  # 'Mr MORRISON:' later in the day
    assert transcript.speakers == (
        Speaker("Mrs McINTOSH", "Lindsay"),
        Speaker("Ms Burney", None),
        Speaker("The SPEAKER", None),
        morrison,
        Speaker("Mr Dutton", None),
        Speaker("Mr JOYCE", "New England—Deputy Prime Minister"),
        Speaker("Mr JONES", "Whitlam"),
    )


def test_hansard_kinds_interjections_and_sections() -> None:
    transcript = parse(HANSARD)
    assert [(t.label.split(" (")[0], t.kind, t.first_paragraph, t.last_paragraph) for t in transcript.turns] == [
        ("Mrs McINTOSH", "question", 3, 3),
        ("Ms Burney interjecting", "procedural", 4, 4),
        ("The SPEAKER", "procedural", 5, 5),
        ("Mrs McINTOSH", "question", 6, 6),
        ("Mr MORRISON", "answer", 7, 8),  # 'Regional Australia:' is a line of his answer
        ("Opposition members interjecting", "procedural", 9, 9),
        ("Mr Dutton", "procedural", 10, 10),  # mixed case: a member on a point of order
        ("Mr MORRISON", "answer", 11, 11),
        ("Mr JOYCE", "answer", 12, 12),
        ("Mr JONES", "question", 14, 14),
        ("Mr MORRISON", "answer", 15, 15),
    ]
    assert transcript.turns[5].speaker is None
    assert pairs(transcript) == [(1, (5, 8, 9)), (10, (11,))]
    assert [(t.ordinal, t.exchange, t.part) for t in transcript.turns if t.part == "resumed"] == [(4, 1, "resumed")]


WHITE_HOUSE = [
    "James S. Brady Press Briefing Room",
    "7:06 P.M. EST",
    f"MS. PSAKI:{NBSP} Good evening, everyone.{NBSP} Thank you for joining us.",
    "There will be times when we see things differently in this room.",
    f"Q{NBSP}{NBSP}{NBSP} Thank you, Jen.{NBSP} Will the President sign more orders this week?",
    f"MS. PSAKI:{NBSP} He will, yes.",
    "Q:  And on masks?",
    f"MODERATOR:{NBSP} Next question, please.",
    "SENIOR ADMINISTRATION OFFICIAL:  Masks stay.",
    "END 7:40 P.M. EST",
]


def test_white_house_reporters_are_unknown() -> None:
    transcript = parse(WHITE_HOUSE)
    psaki = Speaker("MS. PSAKI", None)
    assert [(t.label, t.speaker, t.kind, t.first_paragraph, t.last_paragraph, t.text[:13])
            for t in transcript.turns] == [
        ("MS. PSAKI", psaki, "statement", 3, 4, "Good evening,"),
        ("Q", None, "question", 5, 5, "Thank you, Je"),
        ("MS. PSAKI", psaki, "answer", 6, 6, "He will, yes."),
        ("Q", None, "question", 7, 7, "And on masks?"),
        ("MODERATOR", None, "procedural", 8, 8, "Next question"),
        ("SENIOR ADMINISTRATION OFFICIAL", None, "answer", 9, 9, "Masks stay."),
    ]  # the words start after the label, its separator and the (non-breaking) spaces
    assert pairs(transcript) == [(2, (3,)), (4, (6,))]
    assert transcript.speakers == (psaki,)


CONGRESS = [
    "Mr. LIMAN:  And indeed, do you recall that in September of 1984 Colonel North asked your permission?",
    "Mr. McFARLANE:  I recall that, and at the time it seemed to me reasonable.",
    "Chairman HAMILTON.",
    "Thank you very much, Mr. Chairman, and we all thank you for a most eloquent statement.",
    "Mr. NIELDS. Mr. McFarlane, did you tell the President?",
    "Mr. McFARLANE. Yes.",
]


def test_congress_period_labels_and_standalone_label() -> None:
    transcript = parse(CONGRESS)
    assert [(t.label, t.kind, t.first_paragraph, t.last_paragraph, t.text[:14]) for t in transcript.turns] == [
        ("Mr. LIMAN", "question", 1, 1, "And indeed, do"),
        ("Mr. McFARLANE", "answer", 2, 2, "I recall that,"),
        ("Chairman HAMILTON", "statement", 3, 4, "\n\nThank you ve"),  # the label stands alone
        ("Mr. NIELDS", "question", 5, 5, "Mr. McFarlane,"),
        ("Mr. McFARLANE", "answer", 6, 6, "Yes."),
    ]
    assert pairs(transcript) == [(1, (2,)), (4, (5,))]


LABEL_SHAPES = [
    ("Mr JONES (Whitlam) (14:00): My question",
     LabelMatch("Mr JONES (Whitlam) (14:00)", "Mr JONES", "Whitlam", 27, "14:00", titled=True)),
    ("Ms BELL ( Moncrieff ) ( 15:09 ): My",
     LabelMatch("Ms BELL ( Moncrieff ) ( 15:09 )", "Ms BELL", "Moncrieff", 32, "15:09", titled=True)),
    ("Mr ALBANES E (Grayndler) (14:51): My",
     LabelMatch("Mr ALBANES E (Grayndler) (14:51)", "Mr ALBANES E", "Grayndler", 33, "14:51", titled=True)),
    ("The SP EAKER: Order!",
     LabelMatch("The SP EAKER", "The SP EAKER", None, 13, hint="procedural", titled=True)),
    ("Mr Dreyfus interjecting—",
     LabelMatch("Mr Dreyfus interjecting", "Mr Dreyfus", None, 24, hint="procedural", titled=True)),
    ("An opposition member interjecting—",
     LabelMatch("An opposition member interjecting", None, None, 34, hint="procedural")),
    (f"Q{NBSP}{NBSP} Thank you.", LabelMatch("Q", None, None, 1, hint="question")),
    ("Q", LabelMatch("Q", None, None, 1, hint="question")),
    ("Q– the test — when can", LabelMatch("Q", None, None, 2, hint="question")),
    ("A : Yes.", LabelMatch("A", None, None, 3, hint="answer")),
    ("Journalist: Do you think so?", LabelMatch("Journalist", None, None, 11, hint="question")),
    (f"MR.{NBSP}KIRBY:{NBSP} Sure.", LabelMatch(f"MR.{NBSP}KIRBY", "MR. KIRBY", None, 10, titled=True)),
    ("DR. NUNEZ-SMITH: Thanks.", LabelMatch("DR. NUNEZ-SMITH", "DR. NUNEZ-SMITH", None, 16, titled=True)),
    ("Mr. NIELDS. Mr. Secord, did you", LabelMatch("Mr. NIELDS", "Mr. NIELDS", None, 11, titled=True)),
    ("THE EARL OF CRAWFORD: My Lords",
     LabelMatch("THE EARL OF CRAWFORD", "THE EARL OF CRAWFORD", None, 21, titled=True)),
    ("LORD HINDLIP: My Lords", LabelMatch("LORD HINDLIP", "LORD HINDLIP", None, 13, titled=True)),
    ("Sir B. FALLE: I beg", LabelMatch("Sir B. FALLE", "Sir B. FALLE", None, 13, titled=True)),
    ("Mr. van Straubenzee: Yes",
     LabelMatch("Mr. van Straubenzee", "Mr. van Straubenzee", None, 20, titled=True)),
    ("The Secretary of State for Foreign Affairs (Mr. Straw): No",
     LabelMatch("The Secretary of State for Foreign Affairs (Mr. Straw)", "Mr. Straw",
                "The Secretary of State for Foreign Affairs", 55, titled=True)),
    ("SENIOR ADMINISTRATION OFFICIAL: Thanks", LabelMatch("SENIOR ADMINISTRATION OFFICIAL", None, None, 31)),
    ("CCTV: What", LabelMatch("CCTV", "CCTV", None, 5)),
    ("Zhao Lijian: China", LabelMatch("Zhao Lijian", "Zhao Lijian", None, 12, weak=True)),
    ("Associated Press of Pakistan: Is",
     LabelMatch("Associated Press of Pakistan", "Associated Press of Pakistan", None, 29, weak=True)),
]  # fmt: skip


@pytest.mark.parametrize(("paragraph", "expected"), LABEL_SHAPES)
def test_label_shapes(paragraph: str, expected: LabelMatch) -> None:
    assert match_label(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "According to reports, the focus on developing eight major industrial clusters mainly includes:",
        "Note: the figures are provisional.",
        "Source: Xinhua",
        "Tel: 0532 8888 1234",
        "Climate Change",
        "https://www.fmprc.gov.cn/mfa_eng/t1558711.shtml",
        "7:06 P.M. EST",
        "Q&A: what the plan means",
        "END 12:45 P.M. EST",
        "I'm asked: what is the plan?",
        "So, I say to the member for Clark, I say to the House: no.",
        "She said, further: no.",
        "Our position is very clear: no.",
        "A word of advice: do not.",
        "First, some figures from the NHC. Between 00:00 and 24:00, there were none.",
        "the CDC: guidance is coming",
        "question: is this a label?",
        "Qatar and Oman have agreed.",
        "A senior official said the talks went well.",
        "Colonel North. He was there.",
        "In relation to the national strategy: we consulted widely.",
        "President Xi Jinping, in his speech: peace.",
        "Next Steps: the bureau will publish a plan.",
        "Key Findings: costs rose.",
    ],
)
def test_not_labels(paragraph: str) -> None:
    assert match_label(paragraph) is None


def test_titled_short_label_resolves_to_a_roster_name_by_surname() -> None:
    paragraphs = [
        "Scott Morrison, Prime Minister of Australia, and Anthony Albanese, Leader of the Opposition, "
        "answered questions from students.",
        "Ms Lee, student representative: Why is housing so expensive?",
        "Mr MORRISON: Supply has not kept up.",
        "Mr ALBANESE: We would build more.",
    ]
    transcript = parse(paragraphs)
    morrison = Speaker("Scott Morrison", "Prime Minister of Australia")
    albanese = Speaker("Anthony Albanese", "Leader of the Opposition")
    assert [(t.speaker, t.kind) for t in transcript.turns] == [
        (Speaker("Ms Lee", "student representative"), "question"),
        (morrison, "answer"),
        (albanese, "answer"),
    ]
    assert transcript.speakers == (morrison, albanese, Speaker("Ms Lee", "student representative"))
    assert pairs(transcript) == [(1, (2, 3))]


def test_bare_name_needs_the_document_to_confirm_it() -> None:
    assert match_label("Regional Australia: you're well looked after.") is not None  # weak on its own
    single = parse(["Mr SMITH (Hume—Minister) (14:00): We act.", "Regional Australia: you're looked after."])
    assert [(t.label, t.last_paragraph) for t in single.turns] == [("Mr SMITH (Hume—Minister) (14:00)", 2)]


def test_bare_name_introduced_by_the_title_is_a_label() -> None:
    paragraphs = [
        "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on June 4, 2018",
        "Q: What is China's comment on the summit?",
        "Lu Kang: China welcomes it.",
    ]
    transcript = parse(paragraphs)
    assert [(t.label, t.speaker, t.kind) for t in transcript.turns] == [
        ("Q", None, "question"),
        ("Lu Kang", Speaker("Lu Kang", None), "answer"),
    ]


def test_roster_keeps_role_words_inside_a_title() -> None:
    sentence = (
        "The meeting was held. Officials including Wang Fang, head of the Water Bureau and Minister of Works, "
        "and Zhou Ming, Deputy Mayor, answered questions from residents."
    )
    assert parse_roster(sentence) == (
        RosterEntry("Wang Fang", "head of the Water Bureau and Minister of Works", True, 42),
        RosterEntry("Zhou Ming", "Deputy Mayor", True, 105),
    )


def test_roster_needs_roles_and_a_verb() -> None:
    assert parse_roster("Beijing Daily, Shanghai Daily, and Tianjin Daily reported the news.") == ()
    assert parse_roster("Sun Lijie, member of the Standing Committee, Zhu Tieyi, Director of Tourism") == ()
    asked = parse_roster("Lin Qing, member of the CPPCC, and Wu Di, citizen representative, asked questions.")
    assert [(e.name, e.role, e.answers) for e in asked] == [
        ("Lin Qing", "member of the CPPCC", False),
        ("Wu Di", "citizen representative", False),
    ]


def test_empty_document() -> None:
    assert parse([]) == Transcript((), (), ())
    assert parse(["Just prose, no speakers.", "More prose."]) == Transcript((), (), ())


def test_a_megabyte_of_repeated_formats_gives_every_repetition_its_turns() -> None:
    # Speed is measured by bench/transcript_folders.py; this checks a large input parses whole.
    block = MFA_QA[2:] + MFA_OUTLETS[1:] + HANSARD[1:] + WHITE_HOUSE[2:] + CONGRESS
    repeats = 1_000_000 // sum(map(len, block)) + 1
    transcript = parse(block * repeats)
    assert len(transcript.turns) == repeats * len(parse(block).turns)


def test_a_short_hansard_debate_of_bare_names_is_read_through_its_written_question() -> None:
    transcript = parse([
        "NAVY AND ARMY CANTEEN BOARD. (Hansard, 7 August 1918)",
        "James Gilbert: asked the Financial Secretary to the War Office what profits have been made by the Board?",
        "James Macpherson: The balance-sheet for the year is still in the hands of the auditors.",
    ])
    assert [(t.label, t.kind) for t in transcript.turns] == [("James Gilbert", "question"),
                                                             ("James Macpherson", "answer")]
    assert pairs(transcript) == [(1, (2,))]
    assert parse(["Note: the meeting closed early.", "Budget: see the annex."]).turns == ()  # no such cue


def test_a_name_given_in_full_once_and_short_after_is_a_speaker_both_times() -> None:
    transcript = parse([
        "Asylum Seekers (Hansard, 24 July 2000)",
        "Christine Russell: If he will make a statement on the number of applications for asylum. [130335]",
        "Barbara Roche: Compared with the first quarter of 1999, applications have increased by 180 per cent.",
        "Russell: I thank my hon. Friend for that reply. Does she agree that the civil penalty is justified?",
        "S. Roche: We are having continuing discussions with our colleagues.",
        "Regional Australia: you are well looked after as we open up.",
    ])
    assert [t.label for t in transcript.turns][:4] == ["Christine Russell", "Barbara Roche", "Russell", "S. Roche"]
    assert pairs(transcript)[0] == (1, (2,))  # the written question and its answer are an exchange
    assert transcript.turns[-1].text.endswith("you are well looked after as we open up.")  # not a label


def test_a_debate_of_bare_names_each_speaking_once_is_read_as_turns() -> None:
    transcript = parse([
        "QUESTIONS TO MINISTERS (Hansard, 8 April 1970)",
        "Stanley Henig: On a point of order. Ministers refuse to disclose information.",
        "Speaker: Order. This problem will occasionally arise on Questions about defence.",
        "Michael Foot: Further to that point of order. Would you make a statement?",
        "Charles Pannell: Further to that point of order. The Table Office should not be moved by answers.",
        "Speaker: I will certainly look into it.",
        "Harmar Nicholls: On that point of order, Sir. Is not the power in the control of the Chair?",
        "Regional Australia: you are well looked after as we open up.",
    ])
    assert [t.label for t in transcript.turns] == ["Stanley Henig", "Speaker", "Michael Foot", "Charles Pannell",
                                                   "Speaker", "Harmar Nicholls"]
    assert transcript.turns[-1].text.endswith("you are well looked after as we open up.")  # prose: not a label


def test_one_bare_name_among_lords_titles_is_a_speaker_when_every_paragraph_opens_with_a_label() -> None:
    transcript = parse([
        "ARCHITECTS (REGISTRATION) BILL. (Hansard, 4 December 1928)",
        "The Earl Of Crawford: My Lords, in moving that the House resolve itself into Committee ...",
        "The Marquess Of Salisbury: My Lords, I wish to say to my noble friend ...",
        "Danesfort: May I ask my noble friend if he has considered the question of fees?",
        "The Earl Of Crawford: It is impossible, naturally, for me to predict what the fees will be.",
    ])
    assert [t.label for t in transcript.turns] == ["The Earl Of Crawford", "The Marquess Of Salisbury", "Danesfort",
                                                   "The Earl Of Crawford"]
