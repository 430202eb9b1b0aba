"""Follow-ups read with the previous turn, suggested questions from the index, and when a highlight is marked."""

import pytest

from bot.conversation import PreviousTurn, answer_id, understand
from bot.highlight import shares_a_word
from bot.suggestions import suggested_questions


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
