"""Share links, sentence anchors and the uncertain outcome over HTTP (the browser side is test_answer_card_browser)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from functools import partial

from bot.citations import paragraphs_of
from web.i18n import MESSAGES, answer_parts
from web.schema import AskResponse
from web.templating import templates

ASK = "/api/ask"


def test_a_share_link_shows_the_logged_question_answered_again(client):
    answer = client.post(ASK, json={"question": "Which health forum will Qingdao host?"}).json()
    page = client.get(f"/a/{answer['id']}")
    assert page.status_code == 200
    sentence = answer["passages"][0]["highlight"].strip()
    assert f'<mark class="answer-sentence quoted" lang="en">{sentence}</mark>' in page.text
    assert 'class="feedback"' not in page.text  # read-only
    assert client.head(f"/a/{answer['id']}").status_code == 200


def test_a_share_link_whose_answer_cannot_be_given_again_shows_the_logged_text(client):
    first = client.post(ASK, json={"question": "What is planned for the tourism clusters?", "k": 1}).json()
    context = {"question": first["understood"], "shown": [first["passages"][0]["id"]]}
    asked = {"question": "what else is planned for the tourism clusters?", "k": 1, "context": context}
    more = client.post(ASK, json=asked).json()
    assert more["passages"][0]["id"] != first["passages"][0]["id"]
    page = client.get(f"/a/{more['id']}")  # answered again, the question gives the first passage, not this one
    assert page.status_code == 200
    assert "The record has changed since this answer was given" in page.text
    assert more["answer"].replace("'", "&#39;") in page.text


def test_an_unknown_share_link_is_a_404_with_a_message(client):
    page = client.get("/a/ffffffffffffffff")
    assert page.status_code == 404 and "no answer &#39;ffffffffffffffff&#39; was given here" in page.text


def test_every_sentence_of_a_document_has_an_anchor_and_the_way_back_is_kept(client, seed_bot):
    answer = client.post(ASK, json={"question": "Which health forum will Qingdao host?"}).json()
    passage = answer["passages"][0]
    path, anchor = passage["permalink"].split("#")
    page = client.get(f"{path}?answer={answer['id']}").text
    assert re.search(rf'<span class="sentence" id="{anchor}">[^<]*{re.escape(passage["highlight"][:40])}', page)
    assert f'<a class="back" href="/#answer-{answer["id"]}">' in page
    document = seed_bot.index.store.document(passage["document"]["id"])
    assert page.count('class="sentence"') >= len(document.paragraphs)
    assert 'class="back"' not in client.get(f"{path}?answer=<script>").text  # only an answer id makes a way back


def test_an_uncertain_answer_says_so_in_words(client, seed_bot):
    answer = replace(seed_bot.answer("Which health forum will Qingdao host?"), uncertain=True)
    exchange = AskResponse.of(answer, answer.question, partial(paragraphs_of, seed_bot.index.store))
    html = templates.get_template("_passages.html").render(exchange=exchange, t=MESSAGES["en"], lang="en", action="/",
                                                           target="", answer_parts=lambda e: answer_parts(e, "en"))
    assert '<div class="reply outcome-uncertain">' in html
    assert "May not answer directly: the closest passages</p>" in html


def test_the_question_log_is_all_a_share_link_reads(client):
    """A share link stores nothing: the log holds one row per question asked, and viewing adds none."""
    answer = client.post(ASK, json={"question": "Which textile park is mentioned?"}).json()
    path = client.app.state.settings.data / "feedback.sqlite3"
    client.app.state.feedback.flush()  # questions are logged by a writer thread: count once they are all in
    with sqlite3.connect(path) as connection:
        before = connection.execute("SELECT count(*) FROM questions").fetchone()[0]
    client.get(f"/a/{answer['id']}")
    client.app.state.feedback.flush()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM questions").fetchone()[0] == before
