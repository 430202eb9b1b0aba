"""Speakers, turns and exchanges: stored at build time, served by the API, the staff pages and the chat."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot import Bot, open_bot
from index import Embedder, build_index
from index.layout import FORMAT_VERSION, MANIFEST
from ingest.chunk import transcribe
from tests.conftest import SEED_CORPUS, write_corpus
from tests.test_turns import HANSARD
from web.app import create_app
from web.hearing_pages import safe_cell
from web.settings import Settings

SUN = {"name": "Sun Lijie",
       "role": "member of the Standing Committee of Qingdao Municipal Party Committee and Minister of Propaganda"}
LIN = {"name": "Lin Qing",
       "role": "member of Qingdao Municipal CPPCC and president of Qingdao Taiwan Compatriot Association"}
OFFICIALS = [
    SUN,
    {"name": "Zhu Tieyi", "role": "Director of Qingdao Municipal Culture and Tourism Bureau"},
    {"name": "Che Jinghua", "role": "Director of Qingdao Sports Bureau"},
    {"name": "Chu Lianyu", "role": "President of Qingdao Municipal Council for Promotion of Trade"},
    {"name": "Li Suman", "role": "Director of Qingdao Municipal Bureau of Commerce"},
]
SEED_TITLE = "International Fashion City Construction Offensive Questioning and Defense Meeting (Qingdao)"
LIN_QUESTION = (
    "The impact of the epidemic on the offensive of the construction of international fashion cities should be the "
    "greatest. Faced with the increasingly complex epidemic situation, how will our city take effective policy "
    "measures in the next step to promote the construction of international fashion cities more accurately and "
    "efficiently?"
)
SUN_LEAD = f"Sun Lijie ({SUN['role']}) answered Lin Qing's question:"
LIN_LEAD = f"Lin Qing ({LIN['role']}) asked:"

QA_BRIEFING = """\
Harbour Authority Press Briefing

Q: When will the ferry terminal reopen?

A: The ferry terminal reopens in September.

Q: =SUM(A1:A3) is what the <b>budget</b> sheet shows; who pays for the repairs?

A: @the port authority pays from its reserve fund.
"""


@pytest.fixture(scope="module")
def hearings_bot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Bot:
    """An index of a Q:/A: briefing and an Australian Hansard question time."""
    root = tmp_path_factory.mktemp("hearings")
    corpus = write_corpus(root / "corpus", {"qa.txt": QA_BRIEFING, "hansard.txt": "\n\n".join(HANSARD) + "\n"})
    build_index(corpus, root / "index", embedder)
    return open_bot(root / "index", embedder)


@pytest.fixture(scope="module")
def hearings_client(hearings_bot: Bot) -> TestClient:
    with TestClient(create_app(Settings(index=Path("unused-the-bot-is-given")), bot=hearings_bot)) as test_client:
        yield test_client


def seed_document_id(client: TestClient) -> str:
    return client.get("/api/exchanges").json()[0]["document"]["id"]


# --- the API ---------------------------------------------------------------------------------------------

def test_the_seed_has_one_exchange_lin_qing_asks_sun_lijie_answers(client):
    exchanges = client.get("/api/exchanges").json()
    document_id = exchanges[0]["document"]["id"]
    assert len(exchanges) == 1
    answer = exchanges[0]["answers"][0]["text"]
    assert exchanges == [{
        "id": exchanges[0]["id"],
        "document": {"id": document_id, "title": SEED_TITLE, "date": None, "url": f"/documents/{document_id}#p3"},
        "question": {"speaker": LIN, "text": LIN_QUESTION},
        "answers": [{"speaker": SUN, "text": answer}],
    }]
    assert answer.startswith("The culture, tourism, sports, exhibitions and commerce involved")
    assert answer.endswith("make every effort to promote better offense development.")
    assert "\n\n" in answer  # both paragraphs of the answer, without the 'Sun Lijie:' label
    assert len(exchanges[0]["id"]) == 16


def test_speakers_lists_the_five_officials_with_their_roster_titles_and_the_questioner(client):
    speakers = client.get("/api/speakers").json()
    counts = {"Sun Lijie": (0, 1, 1), "Lin Qing": (1, 0, 1)}
    assert speakers == [
        {**person, **dict(zip(("questions", "answers", "turns"), counts.get(person["name"], (0, 0, 0))))}
        for person in [*OFFICIALS, LIN]
    ]


@pytest.mark.parametrize(("speaker", "names"), [
    ("sports bureau", ["Che Jinghua"]),
    ("Minister of Propaganda", ["Sun Lijie"]),
    ("propaganda minister", ["Sun Lijie"]),
    ("SUN LIJIE", ["Sun Lijie"]),
    ("lin", ["Lin Qing"]),
    ("director", ["Zhu Tieyi", "Che Jinghua", "Li Suman"]),
    ("harbour master", []),
])
def test_speaker_filter_matches_names_and_role_fragments_case_insensitively(client, speaker, names):
    found = client.get("/api/speakers", params={"speaker": speaker}).json()
    assert [s["name"] for s in found] == names


@pytest.mark.parametrize(("speaker", "count"), [
    ("sun", 1), ("Taiwan Compatriot", 1), ("PROPAGANDA", 1), ("sports bureau", 0), ("harbour master", 0),
])
def test_exchanges_filter_by_a_speaker_who_asks_or_answers(client, speaker, count):
    assert len(client.get("/api/exchanges", params={"speaker": speaker}).json()) == count


def test_exchanges_filter_by_hearing(client):
    document_id = seed_document_id(client)
    assert len(client.get("/api/exchanges", params={"document": document_id, "speaker": "sun"}).json()) == 1


@pytest.mark.parametrize(("params", "detail"), [
    ({"document": "nope"}, "document: no hearing has the id 'nope'"),
    ({"speaker": "of the"}, "speaker: give a word of a name or a role, e.g. 'sports bureau'"),
    ({"speaker": "x" * 201}, "query.speaker: String should have at most 200 characters"),
])
def test_bad_exchange_filters_are_422_with_a_clear_detail(client, params, detail):
    response = client.get("/api/exchanges", params=params)
    assert (response.status_code, response.json()) == (422, {"detail": detail})


def test_qa_and_hansard_transcripts_store_their_exchanges(hearings_client):
    exchanges = hearings_client.get("/api/exchanges").json()
    summary = [
        (e["document"]["title"][:20], e["question"]["speaker"] and e["question"]["speaker"]["name"],
         [a["speaker"] and a["speaker"]["name"] for a in e["answers"]], e["document"]["url"].split("#")[1])
        for e in exchanges
    ]
    assert summary == [
        # (the Deputy Prime Minister answers too, in the section's exchange, as test_turns parses it)
        ("House of Representat", "Mrs McIntosh", ["Mr Morrison", "Mr Morrison", "Mr Joyce"], "p3"),
        ("House of Representat", "Mr Jones", ["Mr Morrison"], "p14"),
        ("Harbour Authority Pr", "a reporter", [None], "p2"),  # an unnamed asker is shown by role
        ("Harbour Authority Pr", "a reporter", [None], "p4"),  # and no spokesperson is named to answer
    ]
    assert exchanges[2]["question"]["text"] == "When will the ferry terminal reopen?"
    assert exchanges[0]["question"]["text"] == "My question is to the Prime Minister. Our plan is being realised."
    prime = hearings_client.get("/api/exchanges", params={"speaker": "prime minister"}).json()
    assert [e["question"]["speaker"]["name"] for e in prime] == ["Mrs McIntosh", "Mr Jones"]


def test_the_index_records_its_new_format(hearings_bot):
    manifest = json.loads((hearings_bot.index.directory / MANIFEST).read_text())
    assert manifest["format"] == FORMAT_VERSION
    turns = hearings_bot.index.store.turns_of("lindsay")
    assert [(t.ordinal, t.kind, t.first_paragraph, t.exchange, t.part) for t in turns] == [
        (1, "question", 3, 1, "question"), (4, "question", 6, 1, "resumed"),
    ]
    assert turns[1].text == "Will the Prime Minister update the House on the national plan?"



def test_the_index_returns_the_turns_and_exchanges_ingest_made(hearings_bot):
    """One shape from ingest to the API: the turns and exchanges of a transcript are what the store gives back."""
    store = hearings_bot.index.store
    for document in store.documents():
        transcript = transcribe(document)
        assert transcript.exchanges and store.exchanges(document=document.id) == list(transcript.exchanges)
        assert [store.turn_at(document.id, t.first_paragraph) for t in transcript.turns] == list(transcript.turns)


# --- CSV export --------------------------------------------------------------------------------------------

def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_one_row_per_answer_as_an_attachment(client):
    response = client.get("/exchanges.csv")
    rows = read_csv(response)
    document_id = seed_document_id(client)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="exchanges.csv"'
    assert rows[0] == ["hearing", "date", "questioner", "questioner role", "question", "answered by",
                       "answerer role", "answer", "link"]
    assert len(rows) == 2
    assert rows[1][:7] == [SEED_TITLE, "", "Lin Qing", LIN["role"], LIN_QUESTION, "Sun Lijie", SUN["role"]]
    assert rows[1][8] == f"http://testserver/documents/{document_id}#p3"


def test_csv_export_applies_the_filters(client):
    assert len(read_csv(client.get("/exchanges.csv", params={"speaker": "sports bureau"}))) == 1
    assert len(read_csv(client.get("/exchanges.csv", params={"speaker": "lin qing"}))) == 2
    assert client.get("/exchanges.csv", params={"document": "nope"}).status_code == 422


def test_csv_cells_that_look_like_formulas_are_made_text(hearings_client):
    rows = read_csv(hearings_client.get("/exchanges.csv", params={"document": _qa_id(hearings_client)}))
    assert [(row[4], row[7]) for row in rows[1:]] == [
        ("When will the ferry terminal reopen?", "The ferry terminal reopens in September."),
        ("'=SUM(A1:A3) is what the <b>budget</b> sheet shows; who pays for the repairs?",
         "'@the port authority pays from its reserve fund."),
    ]
    assert [safe_cell(v) for v in ("+1", "-2", "=A1", "@x", "\tx", "plain", "")] == [
        "'+1", "'-2", "'=A1", "'@x", "'\tx", "plain", ""]


def _qa_id(client: TestClient) -> str:
    exchanges = client.get("/api/exchanges").json()
    return next(e["document"]["id"] for e in exchanges if e["document"]["title"].startswith("Harbour Authority"))


# --- pages -------------------------------------------------------------------------------------------------

def test_the_staff_page_shows_the_exchanges_table_and_get_filters(client):
    document_id = seed_document_id(client)
    html = client.get("/exchanges").text
    assert '<form class="filters" method="get" action="/exchanges">' in html
    for field in ("official", "questioner", "document", "date"):
        assert f'<select id="{field}" name="{field}">' in html
    assert '<option value="Sun Lijie">Sun Lijie — ' in html.split('id="official"')[1].split("</select>")[0]
    assert '<option value="Lin Qing">Lin Qing — ' in html.split('id="questioner"')[1].split("</select>")[0]
    assert f'<option value="{document_id}">{SEED_TITLE}</option>' in html
    assert "<th scope=\"col\">Asked by</th><th scope=\"col\">Question</th><th scope=\"col\">Answered by</th>" in html
    assert '<a href="/speakers/lin-qing">Lin Qing</a>' in html and '<a href="/speakers/sun-lijie">Sun Lijie</a>' in html
    assert f'<a href="/documents/{document_id}#p3">¶3' in html
    assert '<table class="exchanges">' in html
    assert 'class="table-scroll"' not in html  # no scroll box: every column fits
    assert '<a class="download" href="/exchanges.csv" download>' in html
    assert '<p class="count" id="exchanges-count">1 exchange</p>' in html


def test_the_staff_page_filters_keep_their_values_and_the_csv_link_follows_them(client):
    document_id = seed_document_id(client)
    html = client.get("/exchanges", params={"official": "Sun Lijie", "document": document_id}).text
    assert '<option value="Sun Lijie" selected>' in html
    assert f'<option value="{document_id}" selected>' in html
    assert f'href="/exchanges.csv?official=Sun+Lijie&amp;document={document_id}" download' in html
    assert '<p class="count" id="exchanges-count">1 exchange</p>' in html
    empty = client.get("/exchanges", params={"speaker": "sports bureau"}).text
    assert '<input type="hidden" name="speaker" value="sports bureau">' in empty  # an older link's filter is kept
    assert "No exchange matches these filters." in empty and "<table" not in empty
    assert "No exchange matches" in client.get("/exchanges", params={"official": "Lin Qing"}).text  # she asked
    assert "No exchange matches" in client.get("/exchanges", params={"questioner": "Sun Lijie"}).text
    assert "No exchange matches" in client.get("/exchanges", params={"date": "1999-01-01"}).text
    assert client.get("/exchanges", params={"page": 2}).status_code == 404


def test_corpus_text_on_the_staff_page_is_escaped(hearings_client):
    html = hearings_client.get("/exchanges").text
    assert "&lt;b&gt;budget&lt;/b&gt;" in html and "<b>budget</b>" not in html


def test_a_bad_filter_on_the_staff_page_is_an_error_page(client):
    response = client.get("/exchanges", params={"document": "nope"})
    assert response.status_code == 422
    assert '<p class="error-detail">document: no hearing has the id &#39;nope&#39;</p>' in response.text


def test_the_site_header_links_the_staff_pages(client):
    html = client.get("/").text
    assert '<nav class="site-nav" aria-label="Site">' in html
    assert '<a href="/exchanges">Exchanges</a>' in html and '<a href="/speakers">Speakers</a>' in html


def test_the_speakers_page_links_every_speaker(client):
    html = client.get("/speakers").text
    for slug, name in [("sun-lijie", "Sun Lijie"), ("che-jinghua", "Che Jinghua"), ("lin-qing", "Lin Qing")]:
        assert f'<a href="/speakers/{slug}">{name}</a>' in html
    assert '<caption id="speakers-caption">6 speakers</caption>' in html


def test_a_speaker_page_lists_their_turns_with_links(client):
    document_id = seed_document_id(client)
    html = client.get("/speakers/sun-lijie").text
    assert "<h1>Sun Lijie</h1>" in html and f'<p class="role speaker-role">{SUN["role"]}</p>' in html
    assert f'<a href="/documents/{document_id}#p4">{SEED_TITLE}, ¶4</a>' in html
    assert '<span class="kind">Answer</span>' in html
    assert "0 questions, 1 answer, 1 statement in the record." in html
    assert f'{SEED_TITLE}, ¶4</a> · <span class="turn-date">date not stated</span>' in html
    assert '<a href="/exchanges?official=Sun%20Lijie">Questions they answered</a>' in html
    silent = client.get("/speakers/che-jinghua").text
    assert (f"Che Jinghua is named in the record as Director of Qingdao Sports Bureau, but does not speak in it: no "
            "question, answer or other statement of theirs is recorded.") in silent
    assert '<ol class="turns">' not in silent
    missing = client.get("/speakers/nobody")
    assert missing.status_code == 404 and "no speaker &#39;nobody&#39;" in missing.text


# --- the chat ----------------------------------------------------------------------------------------------

def test_what_a_named_official_said_comes_from_their_turn_and_says_whom_they_answered(seed_bot):
    answer = seed_bot.answer("what did the propaganda minister say about the epidemic")
    top = answer.passages[0]
    assert not answer.abstained
    assert top.hit.chunk.speaker.name == "Sun Lijie"
    assert {p.hit.chunk.speaker.name for p in answer.passages} == {"Sun Lijie"}
    assert answer.lead is not None and answer.lead.text == SUN_LEAD
    assert answer.text == f"{SUN_LEAD} {top.highlight_text}"
    assert "epidemic" in top.highlight_text


@pytest.mark.parametrize("question", ["who asked about the epidemic", "who was the person asking about the epidemic",
                                      "who was the questioner on the epidemic",
                                      "Who brought up the impact of the epidemic at the meeting?"])
def test_who_asked_is_answered_from_the_questions(seed_bot, question):
    answer = seed_bot.answer(question)
    assert [p.hit.chunk.speaker.name for p in answer.passages] == ["Lin Qing"]
    # Asked who, the highlight opens on the label naming her; the lead, which would say her role again, does not
    assert answer.passages[0].highlight[0] == 0
    assert answer.text == (
        f"Lin Qing asked: Lin Qing, {LIN['role']}: The impact of the epidemic on the offensive of the construction "
        "of international fashion cities should be the greatest."
    )


def test_asked_who_a_highlight_a_sentence_into_the_turn_starts_at_the_label_too(seed_bot):
    answer = seed_bot.answer("who asked the city how it would push ahead with policy measures?")
    top = answer.passages[0]
    assert top.hit.chunk.speaker.name == "Lin Qing"
    assert top.highlight_text.startswith(f"Lin Qing, {LIN['role']}: The impact of the epidemic")
    assert top.highlight_text.endswith("to promote the construction of international fashion cities more accurately "
                                       "and efficiently?")


def test_someones_question_asked_as_a_fragment_is_their_question_not_its_answer(seed_bot):
    answer = seed_bot.answer("lin qing's question?")
    assert answer.passages[0].hit.chunk.speaker.name == "Lin Qing"
    assert answer.text.startswith(LIN_LEAD)


@pytest.mark.parametrize("question", ["who answered Lin Qing", "what did Sun Lijie say?",
                                      "Which official answered Lin Qing's question about coping with the epidemic?",
                                      "According to the propaganda minister, which sectors took the biggest hit?",
                                      "Which official fielded the Taiwan Compatriot Association president's question?",
                                      "Which official took the question from the Taiwan Compatriot Association "
                                      "president?", "who handled the question about the epidemic"])
def test_who_answered_a_questioner_and_what_a_speaker_said(seed_bot, question):
    answer = seed_bot.answer(question)
    assert not answer.abstained
    assert answer.passages[0].hit.chunk.speaker.name == "Sun Lijie"
    assert answer.lead is not None and answer.lead.text == SUN_LEAD


def test_what_someone_who_spoke_once_said_is_answered_by_that_turn(seed_bot):
    # Sun Lijie speaks once in the seed: asked what he said, his turn is all of it, not 'may not answer directly'
    for question in ("What did Sun Lijie say?", "孙立杰说了什么？"):
        answer = seed_bot.answer(question)
        assert answer.outcome == "answered" and answer.lead.text == SUN_LEAD
    # ...and a topic he did not speak of is still not in the record
    assert seed_bot.answer("What did Sun Lijie say about parking fees?").abstained


def test_questions_that_only_name_someone_are_answered_as_before(seed_bot):
    answer = seed_bot.answer("Who is the director of the sports bureau?")
    assert answer.lead is None
    assert answer.passages[0].hit.chunk.speaker is None  # the roster paragraph, not anyone's turn


def test_a_speaker_question_the_record_does_not_answer_still_abstains(seed_bot):
    assert seed_bot.answer("what did Sun Lijie say about the zoo?").abstained


def test_who_answered_in_a_hansard_question_time(hearings_bot):
    answer = hearings_bot.answer("who answered Mr Jones about net zero")
    assert answer.passages[0].hit.chunk.text.startswith("Mr MORRISON: If you have the right plan")
    # (the label names him but not his office, which the lead still gives)
    assert answer.text == (
        "Mr Morrison (Cook—Prime Minister) answered Mr Jones's question: Mr MORRISON: If you have the right plan, "
        "it's a positive impact."
    )


def test_a_label_that_names_no_one_is_left_out_of_the_highlight(hearings_bot):
    answer = hearings_bot.answer("who answered the question about the ferry terminal reopening?")
    top = answer.passages[0]
    assert top.hit.chunk.text.startswith("A: The ferry terminal reopens")
    assert top.highlight_text == "The ferry terminal reopens in September."


def test_which_role_answered_looks_in_the_answers_of_those_holding_it(hearings_bot):
    # 'which prime minister' names who answered (the Prime Minister and his deputy), not whom they answered
    answer = hearings_bot.answer("which prime minister responded about net zero")
    assert answer.text == (
        "Mr Morrison (Cook—Prime Minister) answered Mr Jones's question: Mr MORRISON: If you have the right plan, "
        "it's a positive impact."
    )


def test_ask_api_takes_a_speaker_filter(client):
    response = client.post("/api/ask", json={"question": "epidemic", "speaker": "taiwan compatriot"})
    body = response.json()
    assert response.status_code == 200
    assert [p["speaker"]["name"] for p in body["passages"]] == ["Lin Qing"]
    assert body["lead"] == LIN_LEAD and body["answer"].startswith(LIN_LEAD + " The impact of the epidemic")


def test_ask_api_without_a_speaker_keeps_its_contract(client):
    body = client.post("/api/ask", json={"question": "Who is the director of the sports bureau?"}).json()
    assert body["lead"] is None
    assert "Che Jinghua, Director of Qingdao Sports Bureau" in body["answer"]
    assert set(body) == {"id", "question", "understood", "abstained", "outcome", "confidence", "answer", "lead",
                         "lead_parts", "record_language", "passages"}  # fmt: skip
    assert (body["lead_parts"], body["record_language"]) == (None, "en")


def test_a_speaker_who_never_speaks_gives_no_answer(client):
    body = client.post("/api/ask", json={"question": "football", "speaker": "sports bureau"}).json()
    assert (body["abstained"], body["passages"], body["lead"]) == (True, [], None)


@pytest.mark.parametrize(("speaker", "detail"), [
    ("harbour master", "speaker: nobody in the record matches 'harbour master'; GET /api/speakers lists who spoke"),
    ("of", "speaker: give a word of a name or a role, e.g. 'sports bureau'"),
])
def test_ask_api_rejects_an_unknown_speaker(client, speaker, detail):
    response = client.post("/api/ask", json={"question": "epidemic", "speaker": speaker})
    assert (response.status_code, response.json()) == (422, {"detail": detail})


def test_restricted_search_is_search_many_of_one_and_stays_in_the_allowed_rows(seed_bot):
    store = seed_bot.index.store
    allowed = store.turn_rows([s.id for s in store.speakers("sun lijie")])
    single = seed_bot.retriever.search("epidemic policy", k=5, allowed=allowed)
    many = seed_bot.retriever.search_many(["epidemic policy", "music festival"], k=5, allowed=[allowed, None])
    assert [h.row for h in single] == [h.row for h in many[0]]
    assert {h.row for h in single} == allowed and len(allowed) == 2
    assert len(many[1]) == 5


def test_a_name_is_not_named_by_its_article_or_title():
    from bot.speakers import _names

    assert not _names("What did the organizers say about online sales?", "The Paper")
    assert not _names("What did Mr Smith say?", "Mr JONES")
    assert _names("What did Jones say?", "Mr JONES")
    assert _names("What did Sun Lijie say?", "Sun Lijie")
    assert not _names("What did the Secretary say?", "Secretary SHULTZ")  # a title alone names no one
    assert _names("What did Shultz say?", "Secretary SHULTZ")
    # a speaker the transcript describes rather than names: only by the whole description
    assert not _names("what caused the shortage according to the white house", "a White House Aide")
    assert _names("what did a white house aide say", "a White House Aide")


@pytest.mark.parametrize(("question", "named"), [
    ("which official was there for the sports bureau", "Che Jinghua, Director of Qingdao Sports Bureau"),
    ("what city official represented the sports bureau?", "Che Jinghua, Director of Qingdao Sports Bureau"),
    # who runs or heads a body: from the label of whoever does
    ("Who runs the Qingdao Taiwan compatriots group?", "president of Qingdao Taiwan Compatriot Association"),
    ("who heads the taiwan compatriot association", "president of Qingdao Taiwan Compatriot Association"),
])
def test_who_holds_a_role_at_a_body_is_answered_from_the_roster(seed_bot, question, named):
    answer = seed_bot.answer(question)
    assert not answer.abstained
    assert named in answer.passages[0].highlight_text


def test_according_to_a_role_many_speakers_share_is_no_speaker_filter(hearings_bot):
    from bot.speakers import focus_of

    store = hearings_bot.index.store
    speakers = store.speakers()
    focus = focus_of("According to Mr Morrison, what is the plan?", store, speakers)
    assert focus is not None and [s.name for s in focus.speakers] == ["Mr Morrison"]
    # the Prime Minister and the Deputy Prime Minister: whom it means is not known, so no filter
    assert focus_of("According to the Prime Minister, what is the plan?", store, speakers) is None
    # a few speakers sharing the name given are all quoted; one who never speaks (a misread label) is no one
    morrison = next(s for s in speakers if s.name == "Mr Morrison")
    namesakes = [*speakers, replace(morrison, id=-1, slug="robert-morrison", name="Robert Morrison", role=None),
                 replace(morrison, id=-2, slug="morrison-and-co", name="Morrison and Co", turns=0)]
    focus = focus_of("how many vaccines were given, according to Morrison?", store, namesakes)
    assert focus is not None and [s.name for s in focus.speakers] == ["Mr Morrison", "Robert Morrison"]
    assert focus.rows == store.turn_rows([morrison.id])
    # 'per Morrison' at the end of a question asks the same; 'per day' names no one, even a speaker called Day
    focus = focus_of("vaccines given per morrison?", store, speakers)
    assert focus is not None and [s.name for s in focus.speakers] == ["Mr Morrison"]
    days = [*speakers, replace(morrison, id=-3, slug="harry-day", name="Harry Day", role=None)]
    assert focus_of("how many vaccines were given per day?", store, days) is None


# --- 'who is' questions: answered from where the roster names the person ------------------------------------

# Press-conference passages that use the question's words about other people: in a large record they
# outrank the seed's roster paragraph on both retrievers unless the roster says whose role it is.
DISTRACTORS = {
    f"briefing-{n}.txt": f"""\
Regular Press Conference {n}

Q: The US leader said that state media placed propaganda pieces in American papers made to look like news. Who is behind this propaganda, and will the minister respond?

A: The so-called propaganda accusation is groundless. The minister made our position clear at the meeting last week. We hope certain people will stop spreading disinformation and propaganda.
"""
    for n in range(1, 4)
}


@pytest.fixture(scope="module")
def crowded_bot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Bot:
    """The seed report among press conferences that talk about propaganda and ministers."""
    root = tmp_path_factory.mktemp("crowded")
    corpus = write_corpus(root / "corpus", DISTRACTORS)
    for path in SEED_CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    build_index(corpus, root / "index", embedder)
    return open_bot(root / "index", embedder)


@pytest.mark.parametrize("question", ["Who is the Minister of Propaganda?", "who was the propaganda minister"])
def test_who_holds_a_role_is_answered_from_the_passages_naming_them(crowded_bot, question):
    answer = crowded_bot.answer(question)
    assert not answer.abstained
    assert "Sun Lijie" in answer.passages[0].hit.chunk.text
    assert answer.lead is None  # a passage that names him, not something he said


def test_without_the_roster_the_crowd_wins(crowded_bot):
    # The same question through the retriever alone: the check above is the roster's doing.
    hits = crowded_bot.retriever.search("Who is the Minister of Propaganda?", k=1)
    assert "Sun Lijie" not in hits[0].chunk.text


def test_who_is_a_named_person_is_answered_from_where_they_are_introduced(seed_bot):
    answer = seed_bot.answer("Who is Chu Lianyu?")
    assert "Chu Lianyu, President of Qingdao Municipal Council for Promotion of Trade" in answer.text


def test_asked_which_officials_answered_the_whole_roster_is_highlighted(seed_bot):
    answer = seed_bot.answer("Which officials answered questions at the fashion city meeting?")
    assert all(official["name"] in answer.passages[0].highlight_text for official in OFFICIALS)
    # asked of one of them, the roster is narrowed to the clause that names the bureau, not to what all of them did
    assert "Sports Bureau" in seed_bot.answer("who heads the sports bureau").passages[0].highlight_text
    assert seed_bot.answer("who responded on behalf of the sports bureau").passages[0].highlight_text == (
        "Che Jinghua, Director of Qingdao Sports Bureau")
    assert seed_bot.answer("who responded to the inquiry").passages[0].highlight_text.startswith("Li Suman, Director")


def test_who_is_with_a_general_role_is_answered_as_any_other_question(seed_bot):
    from bot.speakers import focus_of

    store = seed_bot.index.store
    speakers = store.speakers()
    assert focus_of("Who is the director?", store, speakers, mentions=seed_bot._mentions) is None
    assert focus_of("Who is Sun Lijie?", store, speakers, mentions=seed_bot._mentions).about_speech is False
    for job in ("What is Sun Lijie's position?", "what job does Sun Lijie have", "what does Sun Lijie do",
                "Sun Lijie's position", "what's Sun Lijie's role?", "What positions does Sun Lijie hold?",
                "what are Sun Lijie's roles"):
        assert focus_of(job, store, speakers, mentions=seed_bot._mentions).about_speech is False
    assert focus_of("what does Sun Lijie plan to do", store, speakers, mentions=seed_bot._mentions) is None
    assert focus_of("Sun Lijie's position on online sales", store, speakers, mentions=seed_bot._mentions) is None
    # 'who was Sun Lijie meeting' asks whom he met, not who he is
    assert focus_of("who was Sun Lijie meeting", store, speakers, mentions=seed_bot._mentions) is None


def test_which_body_a_named_person_heads_is_asked_as_who_they_are(seed_bot):
    from bot.speakers import focus_of

    store, speakers = seed_bot.index.store, seed_bot.index.store.speakers()
    for question in ("Chu Lianyu is president of which council?", "Which association is Lin Qing from?"):
        assert focus_of(question, store, speakers, mentions=seed_bot._mentions).about_speech is False
    # naming nobody, the same words ask about the record, not about a person
    assert focus_of("which group was hit hardest by the epidemic", store, speakers, mentions=seed_bot._mentions) is None
    answer = seed_bot.answer("Which association is Lin Qing from?")
    assert "president of Qingdao Taiwan Compatriot Association" in answer.text


def test_who_is_a_speaker_is_answered_with_their_label(seed_bot):
    answer = seed_bot.answer("Who was Lin Qing?")
    assert "president of Qingdao Taiwan Compatriot Association" in answer.text


def test_who_is_puts_the_passages_naming_them_first_and_fills_the_rest(seed_bot):
    answer = seed_bot.answer("Who is the director of the sports bureau?", k=3)
    assert "Che Jinghua" in answer.passages[0].hit.chunk.text
    assert len(answer.passages) == 3  # the only passage naming him, then the best of the rest
    assert len({p.hit.row for p in answer.passages}) == 3


def test_a_word_the_record_uses_everywhere_names_no_speaker_by_itself(seed_bot):
    from bot.speakers import everyday_in, named_speakers
    from index.records import SpeakerSummary

    cities = SpeakerSummary(1, "mr-fletcher", "Mr Fletcher",
                            "Minister for Communications, Urban Infrastructure, Cities", 0, 4, 4)
    health = SpeakerSummary(2, "mr-hunt", "Mr Hunt", "Minister for Health", 0, 3, 3)
    question = "who asked how the city would deal with the impact of covid?"
    assert named_speakers(question, [cities, health]) == [cities]  # 'city': the one role with that word
    assert named_speakers(question, [cities, health], everyday=lambda term: term == "citi") == []
    everyday = everyday_in(seed_bot.index.store)  # the seed's 15 passages: 'city' is in 7 of them
    assert everyday("citi") and not everyday("propaganda")


def test_a_title_held_names_whoever_holds_it_however_often_the_record_uses_its_words() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    treasurers = [SpeakerSummary(1, "mr-frydenberg", "Mr Frydenberg", "Kooyong—Treasurer", 0, 40, 40),
                  SpeakerSummary(2, "dr-chalmers", "Dr Chalmers", "Rankin—Treasurer", 0, 16, 16)]
    assistant = SpeakerSummary(3, "mr-jones", "Mr Jones", "Whitlam—Assistant Treasurer and Minister for Financial "
                               "Services", 0, 2, 2)
    joyce = SpeakerSummary(4, "mr-joyce", "Mr Joyce", "New England—Deputy Prime Minister and Minister for "
                           "Infrastructure, Transport and Regional Development", 0, 30, 30)
    speakers, everywhere = [*treasurers, assistant, joyce], lambda term: True  # every word of theirs is everyday
    assert named_speakers("wat did the treasurer say about the productivity report", speakers, everywhere) \
        == treasurers
    assert named_speakers("what did the assistant treasurer say?", speakers, everywhere) == [assistant]
    assert named_speakers("What did the Minister for Infrastructure say?", speakers, everywhere) == [joyce]
    # ...as who said something, not as a subject doing something else, nor a word of a role that is no title
    assert named_speakers("when did the treasurer propose a new budget?", speakers, everywhere) == []
    assert named_speakers("what did the transport say", speakers, everywhere) == []
    # an office a transcript prints for a name is named by the whole office, not by a word of it
    deputy = SpeakerSummary(5, "deputy-speaker", "Deputy Speaker", None, 0, 2, 2)
    assert named_speakers("what did the deputy prime minister say", [*speakers, deputy], everywhere) == [joyce]
    assert named_speakers("what did the Deputy Speaker say", [*speakers, deputy], everywhere) == [deputy]


def test_a_name_word_many_speakers_share_names_none_of_them_alone() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    outlets = [SpeakerSummary(i, f"outlet-{i}", f"{name}", None, 0, 2, 0) for i, name in enumerate(
        ["China Daily", "China News Service", "China Review News", "China National Radio", "South China Morning Post"])]
    zhao = SpeakerSummary(9, "zhao-lijian", "Zhao Lijian", "Foreign Ministry Spokesperson", 0, 0, 20)
    speakers = [*outlets, zhao]
    assert named_speakers("Which city hosted the China-India boundary talks?", speakers) == []
    assert named_speakers("what did China Daily ask about the boundary talks?", speakers) == [outlets[0]]
    assert named_speakers("will china retaliate against canada? what did zhao say", speakers) == [zhao]


def test_a_speaker_named_in_full_is_not_another_who_shares_a_name() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    jake, mr, joseph = (SpeakerSummary(i, f"s-{i}", name, None, 0, 0, 5) for i, name in enumerate(
        ["Jake Sullivan", "Mr. Sullivan", "Joseph Sullivan"]))
    assert named_speakers("how long had the truce held, according to Jake Sullivan?", [jake, mr, joseph]) == [jake, mr]
    assert named_speakers("how long had the truce held, according to Sullivan?", [jake, mr, joseph]) == \
        [jake, mr, joseph]


def test_who_someone_s_thing_was_for_is_not_who_they_are(hearings_bot):
    from bot.speakers import focus_of

    store, mentions = hearings_bot.index.store, hearings_bot._mentions
    assert focus_of("who is Mr Jones?", store, store.speakers(), mentions=mentions).about_speech is False  # his label
    assert focus_of("who was Mr Jones's account meant for?", store, store.speakers(), mentions=mentions) is None
    # ...and his question is what he asked, not who he is
    asked = focus_of("who was Mr Jones's question meant for?", store, store.speakers(), mentions=mentions)
    assert asked is not None and asked.about_speech


def test_a_news_outlet_is_named_by_its_whole_name_alone() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    outlets = [SpeakerSummary(i, f"outlet-{i}", name, None, 0, 2, 0) for i, name in enumerate(
        ["Beijing Daily", "Associated Press of Pakistan", "China National Radio"])]
    # 'Beijing', 'press' and 'national' are the question's topic, not its reporters ('Beijing Daily: ... comment?')
    assert named_speakers("did the Beijing Olympics come up in the Biden-Xi talk?", outlets) == []
    assert named_speakers("what timeline did the press secretary give?", outlets) == []
    assert named_speakers("when did the national security advisor propose the call?", outlets) == []
    assert named_speakers("what did Beijing Daily ask about the Olympics?", outlets) == [outlets[0]]
    # ...and a name that opens with 'The' is one too, whatever its case
    paper = SpeakerSummary(5, "the-australian", "The Australian", None, 0, 2, 0)
    assert named_speakers("What did the minister tell her about South Australian cherries?", [paper]) == []
    assert named_speakers("what did The Australian ask?", [paper]) == [paper]


@pytest.mark.parametrize("question", ["what did Morrison say when Mr Jones asked about net zero",
                                      "what did Morrison say to Jones's question on net zero",
                                      "how did Morrison respond when asked by Jones about net zero",
                                      # named only as the asker: the answers he got
                                      "what was the answer to Jones on net zero",
                                      "how was Mr Jones's question on net zero answered",
                                      "what did the prime minister tell Jones about net zero"])
def test_what_one_speaker_said_when_another_asked_is_their_answer_to_that_asker(hearings_bot, question):
    from bot.speakers import focus_of

    store = hearings_bot.index.store
    focus = focus_of(question, store, store.speakers())
    texts = [chunk.text for chunk in store.chunks(sorted(focus.rows))]
    assert texts == ["Mr MORRISON: If you have the right plan, it's a positive impact."]  # not Jones's question
    answer = hearings_bot.answer(question)
    assert answer.lead is not None
    assert answer.lead.text.startswith("Mr Morrison (Cook—Prime Minister) answered Mr Jones")



@pytest.mark.parametrize(("question", "said"), [("who rose on a point of order?", "Mr Dutton said:"),
                                                ("who warned the member for Barton?", "The Speaker said:")])
def test_asked_who_did_something_the_answer_names_who_said_the_passage(hearings_bot, question, said):
    # 'Mr Speaker, I rise on a point of order.' alone would seem to name the Speaker: the lead says who rose.
    answer = hearings_bot.answer(question)
    assert not answer.abstained
    assert answer.lead is not None and answer.lead.act == "said"
    assert answer.text.startswith(said)

# --- a bare reply ('Correct, sir.') is shown as the question it confirms -----------------------------------------

DEPOSITION = """\
Mr. BARBADORO: Now, between July of 1984 and 1986 when the funding resumed, you spent approximately $19
million for arms and ammunition, correct?

Mr. CALERO: Correct, sir.

Mr. BARBADORO: Did you also tell Colonel North about the purchases you made?

Mr. CALERO: Oh, I told him, I used to tell Colonel North practically everything about the purchases. I had full
confidence in him.
"""


@pytest.fixture(scope="module")
def deposition_bot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Bot:
    root = tmp_path_factory.mktemp("deposition")
    corpus = write_corpus(root / "corpus", {"deposition.txt": DEPOSITION})
    build_index(corpus, root / "index", embedder)
    return open_bot(root / "index", embedder)


def test_a_bare_reply_is_shown_as_the_question_it_confirms_with_the_reply_in_the_lead(deposition_bot):
    answer = deposition_bot.answer("how much did calero spend on guns and ammunition")
    top = answer.passages[0]
    assert "$19 million for arms and ammunition" in top.hit.chunk.text and "$19" in top.highlight_text
    assert (answer.lead.act, answer.lead.reply) == ("confirmed", "Correct, sir.")
    said = f"{answer.lead.speaker} answered “Correct, sir.” to {answer.lead.asker}'s question:"
    assert answer.text.startswith(said)
    assert "Calero" in answer.lead.speaker and "Barbadoro" in answer.lead.asker
    assert sum(p.hit.row == top.hit.row for p in answer.passages) == 1  # the question is not shown twice


def test_a_reply_that_says_something_is_shown_as_itself(deposition_bot):
    answer = deposition_bot.answer("did calero tell north about the purchases")
    assert answer.passages[0].hit.chunk.text.startswith("Mr. CALERO: Oh, I told him")
    assert answer.lead is None or answer.lead.act != "confirmed"


def test_the_confirmed_lead_is_said_in_the_interfaces_language():
    from web.i18n import lead_line
    from web.schema import LeadOut

    parts = LeadOut(speaker="Mr. Calero", role=None, act="confirmed", asker="Mr. Barbadoro", reply="Correct, sir.")
    assert lead_line(parts, "en") == "Mr. Calero answered “Correct, sir.” to Mr. Barbadoro's question:"
    assert lead_line(parts, "zh") == "Mr. Calero对Mr. Barbadoro的提问答道：“Correct, sir.”。提问是："
    unknown = parts.model_copy(update={"asker": None})
    assert lead_line(unknown, "en") == "Mr. Calero answered “Correct, sir.” to the question:"


def test_an_everyday_word_in_a_name_names_no_one_unless_written_as_a_name() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    foot = SpeakerSummary(1, "michael-foot", "Michael Foot", None, 0, 2, 0)
    day = SpeakerSummary(2, "harry-day", "Harry Day", None, 0, 1, 0)
    north = SpeakerSummary(3, "mr-north", "Mr. North", None, 0, 0, 9)
    speakers = [foot, day, north]
    # The question writes names with capitals: 'foot-and-mouth' and 'that day' name no one.
    assert named_speakers("Which minister answered on foot-and-mouth vaccine doses for Indonesia that day?",
                          speakers) == []
    assert named_speakers("What did Foot say about Indonesia?", speakers) == [foot]
    # All in lowercase, a name is written as any other word.
    assert named_speakers("did poindexter ever ask north how much money the sales made", speakers) == [north]


def test_a_member_of_parliament_is_named_by_the_seat() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    archer = SpeakerSummary(1, "mrs-archer", "Mrs Archer", "Bass", 0, 3, 0)
    joyce = SpeakerSummary(2, "mr-joyce", "Mr Joyce", "New England—Deputy Prime Minister and Minister for "
                           "Infrastructure, Transport and Regional Development and Leader of the Nationals", 0, 0, 9)
    question = ("When the member for Bass asked about the national strategy the Prime Minister launched, which "
                "minister replied?")
    assert named_speakers(question, [archer, joyce]) == [archer]
    assert named_speakers("what did the member for new england say about dams", [archer, joyce]) == [joyce]


def test_role_words_the_record_uses_everywhere_name_no_one_together() -> None:
    from bot.speakers import named_speakers
    from index.records import SpeakerSummary

    shorten = SpeakerSummary(1, "mr-shorten", "Mr Shorten", "Maribyrnong—Minister for the National Disability "
                             "Insurance Scheme and Minister for Government Services", 0, 0, 9)
    hunt = SpeakerSummary(2, "mr-hunt", "Mr Hunt", "Flinders—Minister for Health", 0, 0, 9)
    question = ("In a 1970 exchange about a minimum prices scheme, the Scottish Office minister was pushed on "
                "extending it; who did he say holds the initiative?")
    assert named_speakers(question, [shorten, hunt]) == [shorten]  # 'scheme' and 'minister'
    everyday = {"minist", "scheme", "govern"}.__contains__  # in a parliament's record, as everyday_in finds
    assert named_speakers(question, [shorten, hunt], everyday) == []
    assert named_speakers("what did the disability insurance minister say", [shorten, hunt], everyday) == [shorten]


def test_asked_who_told_someone_the_answer_is_not_their_own_turn(hearings_bot):
    from bot.speakers import focus_of

    store = hearings_bot.index.store
    assert focus_of("who told Morrison that the plan was being realised?", store, store.speakers()) is None
    assert focus_of("what did Morrison tell Mr Jones about net zero?", store, store.speakers()) is not None


TESTIMONY = """\
Mr. LIMAN: Your secretary said that sometimes you must rise above the written law. Do you share that view?

Mr. NORTH: I do not believe in rising above the law at all.

Mr. LIMAN: Have you ever said to anyone that one must rise above the written law?

Mr. NORTH: I have not.
"""


def test_a_reply_that_says_it_in_full_goes_before_a_bare_one(make_corpus, embedder, tmp_path):
    build_index(make_corpus({"testimony.txt": TESTIMONY}), tmp_path / "index", embedder)
    bot = open_bot(tmp_path / "index", embedder)
    answer = bot.answer("does north think you sometimes have to rise above the written law")
    assert answer.passages[0].hit.chunk.text == "Mr. NORTH: I do not believe in rising above the law at all."
