"""Follow-ups read with the previous turn, suggested questions from the index, and when a highlight is marked."""

import pytest

from bot.citations import paragraphs_of, sentence_of, sentence_pieces
from bot.conversation import PreviousTurn, answer_id, understand, wants_more, without_shown
from bot.highlight import shares_a_word
from bot import open_bot
from bot.suggestions import suggested_questions
from index import build_index
from tests.conftest import write_corpus


@pytest.mark.parametrize(("previous", "question", "understood"), [
    (PreviousTurn("What is planned for the clusters?"), "and the sports cluster?",
     "What is planned for the sports cluster?"),
    (PreviousTurn("Who is the director of the sports bureau?"), "what about the propaganda department?",
     "Who is the director of the propaganda department?"),
    (PreviousTurn("Which music festivals will be held?"), "How about swimming competitions?",
     "Which swimming competitions will be held?"),
    (PreviousTurn("Who is the mayor?"), "And the deputy mayor?", "Who is the deputy mayor?"),
    (PreviousTurn("What did Lin Qing ask about?", "Lin Qing"), "What else did she say?", "What did Lin Qing say?"),
    (PreviousTurn("What did Sun Lijie say?", "Sun Lijie"), "what were his answers?", "what were Sun Lijie's answers?"),
    (PreviousTurn("Which textile park is mentioned?", None), "what did he say?", "what did he say?"),
    (PreviousTurn("What did Sun Lijie say?", "Sun Lijie"), "Which health forum will Qingdao host?",
     "Which health forum will Qingdao host?"),
    (None, "and the sports cluster?", "and the sports cluster?"),
    (PreviousTurn("Which textile park is mentioned?"), "and the sports cluster?", "Which sports cluster is mentioned?"),
])
def test_a_follow_up_is_read_with_the_previous_turn(previous, question, understood):
    assert understand(question, previous) == understood


def test_suggested_questions_come_from_the_index_in_a_fixed_order(seed_bot, tiny_bot):
    assert suggested_questions(seed_bot.index.store) == [
        "What did Sun Lijie say?",
        "What is planned for the cultural and creative industry cluster?",
        "What did Lin Qing ask about?",
        "What is planned for the film and TV production industry cluster?",
    ]
    assert suggested_questions(tiny_bot.index.store) == [
        "What did Ana Ruiz say?",
        "What is planned for the waterfront park?",
        "When will the ferry terminal reopen, and who pays for the repairs?",
        "What did Mia Lund ask about?",
    ]


def test_every_suggested_question_is_answered_by_the_record(seed_bot):
    for question in suggested_questions(seed_bot.index.store):
        assert seed_bot.answer(question).abstained is False, question


def test_a_highlight_is_marked_only_when_it_shares_a_word_with_the_question():
    assert shares_a_word("What swimming competition is coming?", "Hold the National Swimming Championship.")
    assert not shares_a_word("What swimming competition is coming?", "Marine tourism industry cluster.")


def test_an_answer_id_depends_on_the_question_and_its_passages(seed_bot):
    first, again = seed_bot.answer("Which textile park is mentioned?"), seed_bot.answer("Which textile park is mentioned?")
    other = seed_bot.answer("Which health forum will Qingdao host?")
    assert answer_id(first) == answer_id(again) != answer_id(other)
    assert len(answer_id(first)) == 16


@pytest.mark.parametrize(("previous", "question", "understood"), [
    (PreviousTurn("What did Sun Lijie say?", "Sun Lijie"), "and Li Suman?", "What did Li Suman say?"),
    (PreviousTurn("What did Lin Qing ask about?", "Lin Qing"), "what about Tom Becker?",
     "What did Tom Becker ask about?"),
    (PreviousTurn("Who is the director of the sports bureau?", "Che Jinghua"), "and the commerce bureau?",
     "Who is the director of the commerce bureau?"),
])
def test_and_x_asks_the_previous_question_about_another_person_or_body(previous, question, understood):
    assert understand(question, previous) == understood


@pytest.mark.parametrize(("previous", "question", "understood"), [
    # the word of the same kind (both bureaus), a name for a name, or the words the question opens with
    (PreviousTurn("商务局谁来了？"), "那体育局呢？", "体育局谁来了？"),
    (PreviousTurn("孙立杰说了什么？", "Sun Lijie"), "那林青呢？", "林青说了什么？"),
    (PreviousTurn("谁回答了林青的问题？"), "还有李苏满呢", "谁回答了李苏满的问题？"),
    (PreviousTurn("海洋旅游要打造什么品牌？"), "时尚体育呢？", "时尚体育要打造什么品牌？"),
    (PreviousTurn("八大产业集群有哪些？"), "那五大攻势呢？", "五大攻势有哪些？"),
    (PreviousTurn("宣传部长是谁？"), "那体育局局长呢？", "体育局局长是谁？"),
    # 他, 她 stand for the speaker of the previous answer; an English question's name takes a Chinese one
    (PreviousTurn("谁回答了林青的问题？", "Sun Lijie"), "他还说了什么？", "Sun Lijie 还说了什么？"),
    (PreviousTurn("What did Sun Lijie say?", "Sun Lijie"), "那林青呢？", "What did 林青 say?"),
    (PreviousTurn("谁回答了林青的问题？"), "他还说了什么？", "他还说了什么？"),  # no speaker: as typed
    (PreviousTurn("谁回答了林青的问题？", "Sun Lijie"), "其他城市有什么计划？", "其他城市有什么计划？"),  # 其他: other
    (PreviousTurn("商务局谁来了？"), "体育局谁来了？", "体育局谁来了？"),  # no 呢: a question of its own
])
def test_a_chinese_follow_up_is_read_with_the_previous_turn(previous, question, understood):
    assert understand(question, previous) == understood


def test_a_chinese_follow_up_about_another_bureau_is_answered_as_its_own_question(seed_bot):
    understood = understand("那体育局呢？", PreviousTurn("商务局谁来了？"))
    answer = seed_bot.answer(understood)
    assert not answer.abstained and "Che Jinghua" in answer.passages[0].highlight_text


# A briefing whose spokeswoman speaks twice: the first time at length (a turn the index cuts into pieces), the
# answer to the question after the sentence that repeats it.
BRIEFING = "Harbour Authority Press Briefing\n\nQ: When does the ferry terminal close for the winter?\n\n" + (
    "Ana Ruiz: " + " ".join(f"The harbour works of phase {n} were inspected by the engineers and found sound, "
                            "and the night market stays on the pier." for n in range(1, 9))
    + " I have been asked many times what replaces the ferry service when the terminal closes for the winter. "
    "So I will tell you here. "
    + " ".join(f"The dredging of berth {n} continues through the season, and the pilots keep their usual hours."
               for n in range(1, 9))
    + " The answer is simple: buses will run between the two piers."
) + "\n\nQ: What about the lighthouse?\n\nAna Ruiz: The lighthouse museum opens again in May."


@pytest.fixture(scope="module")
def briefing_bot(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("briefing")
    build_index(write_corpus(root / "corpus", {"briefing.txt": BRIEFING + "\n"}), root / "index", embedder)
    return open_bot(root / "index", embedder)


def test_a_piece_of_a_long_turn_is_shown_with_the_rest_of_the_turn(briefing_bot):
    turn = [c for c in briefing_bot.index.store.document_chunks(briefing_bot.index.store.documents()[0].id)
            if "harbour works" in c.text or "dredging" in c.text]
    assert len(turn) >= 2  # the index holds the turn in pieces
    answer = briefing_bot.answer("What replaces the ferry service when the terminal closes for the winter?", k=3)
    top = answer.passages[0]
    # the piece that repeats the question is found; the answer, in the next piece, is shown with it
    assert "asked many times" in top.highlight_text
    assert "buses will run between the two piers" in top.hit.chunk.text and top.hit.chunk.text.startswith("Ana Ruiz:")
    assert top.hit.chunk.text[slice(*top.highlight)] == top.highlight_text
    # ...and no other passage repeats a piece of it
    assert all("dredging" not in p.hit.chunk.text and "harbour works" not in p.hit.chunk.text
               for p in answer.passages[1:])


def test_what_else_is_answered_with_passages_the_previous_answer_did_not_show(briefing_bot):
    store = briefing_bot.index.store
    first = briefing_bot.answer("What did Ana Ruiz say about the ferry terminal?", k=1)
    shown = tuple(p.hit.chunk.id for p in first.passages)
    assert "buses will run" in first.passages[0].hit.chunk.text  # her whole first turn
    previous = PreviousTurn("What did Ana Ruiz say about the ferry terminal?", "Ana Ruiz", shown)
    question = "what else did she say?"
    assert wants_more(question, previous)
    assert not wants_more(question, PreviousTurn("What did Ana Ruiz say?", "Ana Ruiz"))  # nothing shown yet
    more = without_shown(briefing_bot.answer(understand(question, previous), k=2), shown, 1, store)
    assert [p.hit.chunk.text for p in more.passages] == ["Ana Ruiz: The lighthouse museum opens again in May."]
    assert more.lead.text.startswith("Ana Ruiz")
    again = without_shown(briefing_bot.answer("what did Ana Ruiz say?", k=3), shown + (more.passages[0].hit.chunk.id,),
                          1, store)
    assert len(again.passages) == 1  # nothing else of hers: the first answer again


def test_a_highlight_is_found_among_the_sentences_of_its_document(seed_bot):
    answer = seed_bot.answer("Which health forum will Qingdao host?")
    top = answer.passages[0]
    paragraphs = paragraphs_of(seed_bot.index.store, top.document.id)
    found = sentence_of(paragraphs, top.hit.chunk.paragraph, top.highlight_text)
    pieces = sentence_pieces(found.paragraph, paragraphs[found.paragraph - 1])
    assert "".join(piece.text for piece in pieces) == paragraphs[found.paragraph - 1]
    marked = next(piece for piece in pieces if piece.anchor == found.anchor)
    assert top.highlight_text in marked.text
    assert found.url(top.document.id) == f"/documents/{top.document.id}#p{found.paragraph}-s{found.sentence}"
    assert sentence_of(paragraphs, 1, "words the record never uses") is None
