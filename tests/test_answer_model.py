"""The learned answer model: its features, the shipped model file, the highlight rules and the three outcomes."""

import json

import numpy as np
import pytest

from bot.answer import Bot
from bot.answer_model import MODEL_PATH, AnswerModel, Logistic, best_sentence
from bot.evaluate import evaluate, read_questions
from bot.features import (
    PASSAGE_FEATURES, SENTENCE_FEATURES, TextVectors, asks_what_is_done, holds, is_fragment, question_terms,
    question_type, says_what_is_done, sentences_of, soft_coverage,
)
from bot.models import ABSTAINED, ANSWERED, UNCERTAIN


@pytest.mark.parametrize(("sentence", "fragment"), [
    ("and Li Suman, Director of Qingdao Municipal Bureau of Commerce", True),
    ("Che Jinghua, Director of Qingdao Sports Bureau", True),
    (", cloud sports and online sales.", True),
    ("The port authority pays for the repairs from its own reserve fund.", False),
    ("Marine tourism industry cluster.", False),
])
def test_fragments_are_lines_that_cannot_answer_alone(sentence, fragment):
    assert is_fragment(sentence) is fragment


@pytest.mark.parametrize(("question", "kind", "sentence"), [
    ("How many trees will be planted?", "number", "Plant four hundred trees along the promenade."),
    ("When will the ferry terminal reopen?", "future", "The ferry terminal reopens in September."),
    ("When did the ferry terminal reopen?", "date", "The ferry terminal reopened in September."),
    ("Who pays for the repairs?", "person", "Ana Ruiz, Director of the Port Authority, answered."),
    ("谁回答了问题？", "person", "孙立杰部长回答了问题。"),
    ("What is planned for the harbour?", "", "Anything at all."),
    # a 'when' after the question's opening word opens a clause: no date is asked for
    ("Did the director take notes when he saw the mayor?", "", "Anything at all."),
    ("What did the mayor say when the director asked about the pier?", "", "Anything at all."),
    ("so when did the mayor see the director", "date", "The mayor saw the director on March 3."),
    ("On what date did the pier reopen?", "day", "The pier reopened on March 3."),
    ("码头是几月几号开放的？", "day", "码头于3月3日开放。"),
    ("这篇报道是哪家媒体发的？", "source", "(记者 王芳)"),
    ("有几位官员回答了问题？", "number", "五位官员回答了问题。"),
    ("How long had he been keeping the files?", "duration", "Five-and-one-half years, sir."),
    ("whats the name of that session where officials got questioned", "", "Anything at all."),
    ("Which building was the session held in?", "place", "It was held at the Grand Hall."),
    ("听证会是在哪个会场举行的？", "place", "The hearing was held at the Grand Hall."),
    ("上岛收费多少？", "money", "Tickets cost 80 yuan."),
    ("码头改造项目 总投资", "money", "The project will cost 2 billion yuan."),  # a bare 'total investment'
    # how big an impact was asks for a degree ('the greatest'), not a number
    ("How big was the storm's impact on the harbour?", "", "Anything at all."),
    ("风暴对码头的影响有多大？", "", "Anything at all."),
    ("North pier size?", "number", "The north pier is 300 metres long."),
    ("What is the capacity of the ferry terminal?", "number", "It handles 2,000 passengers a day."),
    ("harbour park floor area hectares", "number", "The park covers 12 hectares."),
    ("Which years does the harbour plan cover?", "year", "The plan runs from 2021 to 2023."),
    ("会议日期？", "date", "会议于3月3日举行。"),
    # a street address: a place named without one does not say ('at the ferry terminal')
    ("What's the address of the ferry terminal?", "address", "The terminal is at 12 Harbour Road."),
    ("wats the address of the ferry terminal", "address", "The terminal is at 12 Harbour Road."),
    ("码头的地址是什么？", "address", "码头位于海港路12号。"),
    ("What did the harbour plan try to address?", "", "Anything at all."),
    ("Meeting length?", "duration", "The meeting lasted three hours."),
    ("day the pier reopened?", "day", "The pier reopened on March 3."),  # a fragment opening on what it asks
    ("Day one of the harbour summit: who was there?", "person", "Ana Ruiz was there."),
    # a briefing's or a hearing's people by what they are there as
    ("which spokesperson talked about the ferry timetable", "person", "Ana Ruiz said it stays."),
    ("Which senator asked about the diversion?", "person", "Mr. Nunn asked."),
    ("which witness talked about shredding", "person", "Ms. Hall said so."),
    ("What was the duration of the hearing?", "duration", "The hearing lasted two days."),
    ("What satisfaction scores did the officials get?", "number", "They scored 92 out of 100."),
    # figures asked for are numbers ('who is a key figure' asks for a person; 'figure out' for nothing)
    ("What figures did the harbour master give?", "number", "Some 4,000 ships called."),
    ("harbour investment figure the mayor gave", "number", "It was 2 million yuan."),
    ("ferry passenger stats?", "number", "Some 4,000 passengers a day."),
    ("who is a key figure in the harbour plan", "person", "Ana Ruiz leads it."),
    ("I am trying to figure out the harbour plan", "", "Anything at all."),
    # 'back when ...' says when what is asked about happened; it asks no date
    ("Back when the pier was rebuilt, did anyone say who paid?", "", "Anything at all."),
    ("did he ever ask her how much money the sales made", "", "No, I never did."),
    ("do you know how much the tickets cost", "money", "Tickets cost 80 yuan."),
    ("What ceiling did the minister put on spending for the boards?", "money", "It shall not exceed £30,000."),
    ("is there a ticket price for the sailing centre?", "money", "Tickets are 80 yuan."),
])
def test_what_a_question_asks_for_and_whether_a_sentence_holds_it(question, kind, sentence):
    assert question_type(question) == kind
    assert holds(kind, sentence) is bool(kind)


def test_the_best_sentence_is_never_a_question_or_a_fragment_when_another_can_answer():
    sentences = sentences_of("When will it reopen? And Li Suman, Director of Commerce. It reopens in May.")
    assert [s.text for s in sentences] == ["When will it reopen?", "And Li Suman, Director of Commerce.", "It reopens in May."]
    assert sentences[best_sentence(sentences, np.array([5.0, 4.0, 1.0]))].text == "It reopens in May."
    assert best_sentence(sentences[:1], np.array([5.0])) == 0  # nothing else: the question itself


def test_soft_coverage_meets_a_paraphrase_that_exact_coverage_misses(embedder):
    terms = question_terms("Which soccer stadium is being built?", {"soccer": 3.0, "stadium": 2.0, "built": 1.0})
    vectors = TextVectors(embedder.encode_queries)
    sentence, other = sentences_of("The Asian Cup professional football stadium is under construction. Tickets are sold.")
    rows = vectors.of([sentence.text, other.text, *(w for w, _ in terms.words)])
    closeness = rows[2:] @ rows[:2].T
    on_topic = soft_coverage(terms, sentence.terms, closeness[:, 0])
    assert on_topic > soft_coverage(terms, sentence.terms, None)  # soccer counts by football
    assert on_topic > soft_coverage(terms, other.terms, closeness[:, 1])


def test_text_vectors_embed_each_text_once(embedder):
    calls = []
    vectors = TextVectors(lambda texts: calls.append(list(texts)) or embedder.encode_queries(texts), size=2)
    first = vectors.of(["night economy", "football"])
    again = vectors.of(["football", "night economy"])
    assert calls == [["night economy", "football"]]
    assert np.allclose(first[::-1], again, atol=1e-3)
    vectors.of(["evening"])  # beyond the size, the oldest text is dropped
    vectors.of(["night economy"])
    assert calls[-1] == ["night economy"]


def test_the_shipped_model_reads_the_features_this_code_computes(tmp_path):
    model = AnswerModel.load()
    assert model.sentence.features == SENTENCE_FEATURES and model.passage.features == PASSAGE_FEATURES
    card = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert card["trained_on"] and card["held_out_figures"]
    copy = tmp_path / "model.json"
    model.save(copy, {})
    assert np.allclose(AnswerModel.load(copy).passage.weights, model.passage.weights)
    stale = json.loads(copy.read_text(encoding="utf-8"))
    stale["passage"]["features"] = ["dense"]
    copy.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain it with `python bench/train_answer_model.py`"):
        AnswerModel.load(copy)


def test_a_calibrated_logistic_is_a_probability():
    model = Logistic(("a",), np.zeros(1, np.float32), np.ones(1, np.float32), np.ones(1, np.float32), 0.0, (2.0, -1.0))
    probabilities = model.probabilities(np.array([[-3.0], [0.0], [3.0]], dtype=np.float32))
    assert np.all(np.diff(probabilities) > 0) and 0 < probabilities[0] < probabilities[2] < 1
    assert probabilities[1] == pytest.approx(1 / (1 + np.exp(1.0)))


def test_outcomes_follow_the_confidence_and_the_two_thresholds(tiny_bot):
    questions = ["Who pays for the repairs?", "What is the price of a train ticket to Beijing?",
                 "When does the ferry terminal reopen?", "Which trees grow in the park?"]
    for answer in tiny_bot.answer_many(questions):
        expected = (ABSTAINED if answer.confidence < tiny_bot.min_confidence
                    else UNCERTAIN if answer.confidence < tiny_bot.answer_confidence else ANSWERED)
        assert answer.outcome == expected and 0.0 <= answer.confidence <= 1.0
        assert answer.closest and (answer.passages == () if answer.abstained else answer.passages == answer.closest)
    strict = Bot(tiny_bot.retriever, min_confidence=1.0, answer_confidence=1.0)
    assert strict.answer("Who pays for the repairs?").outcome == ABSTAINED
    lenient = Bot(tiny_bot.retriever, min_confidence=0.0, answer_confidence=0.0)
    assert lenient.answer("What is the price of a train ticket to Beijing?").outcome == ANSWERED
    with pytest.raises(ValueError, match="min_confidence"):
        Bot(tiny_bot.retriever, min_confidence=0.6, answer_confidence=0.5)


def test_the_highlight_comes_from_the_answer_not_from_the_asker(seed_bot):
    answer = seed_bot.answer("What will the city do about the epidemic's impact on the fashion city?")
    top = answer.closest[0]  # whatever the outcome, the reply ranks before the question it answers
    assert not top.highlight_text.rstrip().endswith("?")
    assert top.hit.chunk.speaker.name == "Sun Lijie"


@pytest.mark.parametrize("question", ["what is the city going to do for businesses hit by the epidemic?",
                                      "what did Sun Lijie promise businesses?"])
def test_asked_what_will_be_done_the_passage_saying_what_should_be_done_comes_first(seed_bot, question):
    # Sun Lijie's reply first says how the epidemic hit ('... the most affected by the new crown pneumonia
    # epidemic'), then what the city should do: asked what will be done, that part answers.
    answer = seed_bot.answer(question)
    assert not answer.abstained
    assert "reduce the burden on traditional industries" in answer.passages[0].hit.chunk.text


@pytest.mark.parametrize(("question", "asks"), [
    ("is the city going to do anything to help us?", True), ("What'd Sun say they'd do about it?", True),
    ("what measures will be taken", True), ("how will the city support small shops", True),
    ("what did the minister promise", True), ("政府会采取什么措施？", True), ("what did the city do last year", False),
    ("how many clusters will there be", False), ("打算办哪些体育赛事", False), ("这种算法叫做什么？", False),
    ("In what colony were settlers promised land?", False), ("What is the name of a Bodhisattva vow?", False)])
def test_a_question_asking_what_will_be_done(question, asks):
    assert asks_what_is_done(question) is asks


def test_a_passage_saying_what_will_be_done():
    assert says_what_is_done("The city should continue to introduce favorable policies.")
    assert says_what_is_done("We will build two new parks.")
    assert not says_what_is_done("Tourism was the most affected by the epidemic.")


def test_asked_who_answered_the_passage_that_names_the_answerer_comes_first(seed_bot):
    answer = seed_bot.answer("Which official responded about how covid hit the fashion city plans?")
    top = answer.closest[0].hit.chunk  # the start of Sun Lijie's turn, not its second paragraph
    assert top.speaker.name == "Sun Lijie" and top.text.startswith("Sun Lijie:")


def test_someone_named_who_never_speaks_is_said_not_to_speak(seed_bot):
    answer = seed_bot.answer("What did the sports bureau director say?")
    assert not answer.abstained
    assert answer.lead.text.startswith("Che Jinghua (Director of Qingdao Sports Bureau) is named in the record but does not")
    assert "Che Jinghua" in answer.passages[0].highlight_text
    assert not answer.passages[0].highlight_text.startswith("and ")
    # a body the record never names: the education bureau's director is not the sports bureau's
    assert seed_bot.answer("What did the director of the Qingdao Education Bureau say at the meeting?").abstained
    # ...and one word of his role names no one: asked what the record says of the World Sports City project, the
    # answer is the project, with no lead about the sports bureau's director
    project = seed_bot.answer("青岛世界体育城这个项目咋说的？")
    assert project.lead is None and "World Sports City" in project.passages[0].highlight_text


@pytest.mark.parametrize("question", [
    "who said that culture, tourism and sports were hit hardest",
    "My boss told me one official said online business forms took off in the epidemic; who said so?",
    "是哪位领导说文化、旅游、体育、会展、商贸都属于第三产业的？"])
def test_asked_who_said_something_what_was_said_names_no_one_and_an_answer_said_it(seed_bot, question):
    # 'culture, tourism and sports' are words of the roles of officials who never speak: not whom it asks about
    answer = seed_bot.answer(question)
    assert not answer.abstained and answer.lead is not None and answer.lead.text.startswith("Sun Lijie")


def test_who_gave_an_answer_is_who_answered_not_the_asker_the_question_names(seed_bot):
    # 'the reply to the CPPCC member' names Lin Qing, who asked; 'who gave that answer' asks who replied
    answer = seed_bot.answer("In his reply to the CPPCC member, somebody stressed targeting the industry clusters "
                             "with key breakthroughs and making every effort to promote offense development: "
                             "who gave that answer?")
    assert not answer.abstained and answer.lead is not None and answer.lead.text.startswith("Sun Lijie")


@pytest.mark.parametrize("question", ["tell me about the marine tourism cluster", "explain the tourism plans"])
def test_a_request_to_tell_is_the_asker_s_not_someone_speaking(seed_bot, question):
    # 'tell' asks the bot: not what Zhu Tieyi (of the Culture and Tourism Bureau, who never speaks) told anyone
    answer = seed_bot.answer(question)
    assert not answer.unsaid and (answer.lead is None or answer.lead.act != "named")
    assert seed_bot.answer("tell me what the sports bureau director said").lead.act == "named"


@pytest.mark.parametrize("question", ["which official talked about cloud sports", "who spoke about cloud sports?",
                                      "tell me who talked about cloud sports"])
def test_who_talked_about_something_is_not_named_by_what_they_talked_about(seed_bot, question):
    # 'sports' is what was talked about, not the Sports Bureau, whose director never speaks: Sun Lijie did
    answer = seed_bot.answer(question)
    assert answer.lead is not None and answer.lead.text.startswith("Sun Lijie")


def test_what_someone_silent_talked_about_is_that_they_do_not_speak(seed_bot):
    # 'talk about' with nothing after it asks what he said, as 'what did he say' does: named, but silent
    answer = seed_bot.answer("what did the sports bureau director talk about?")
    assert answer.lead.act == "named" and not answer.abstained


@pytest.mark.parametrize(("short", "full"), [
    ("What did Mr. Sun say about the epidemic?", "What did Sun Lijie say about the epidemic?"),
    ("what did Ms Lin ask", "what did Lin Qing ask"),  # a Chinese name's surname comes first
    ("what did Director Che say", "what did Che Jinghua say"),  # a title before it, which the record writes after
])
def test_someone_called_by_an_honorific_or_a_title_and_the_surname_is_the_one_named(seed_bot, short, full):
    # 'Mr', 'Ms' and 'Director Che' had read as words the record never writes, and the answer was refused
    asked, named = seed_bot.answer(short), seed_bot.answer(full)
    assert not asked.abstained and asked.lead is not None and asked.lead.text == named.lead.text
    assert asked.passages[0].hit.row == named.passages[0].hit.row


@pytest.mark.parametrize(("typed", "written"), [
    ("What did Sun Li Jie say about the epidemic?", "What did Sun Lijie say about the epidemic?"),
    ("what did sun li-jie say", "what did Sun Lijie say"),
    ("what did sunlijie say", "what did Sun Lijie say"),
])
def test_a_chinese_names_syllables_typed_apart_or_run_together_name_whom_the_record_does(seed_bot, typed, written):
    asked, named = seed_bot.answer(typed), seed_bot.answer(written)
    assert not asked.abstained and asked.lead is not None and asked.lead.text == named.lead.text


def test_a_part_of_the_plan_saying_is_the_record_s_not_someone_speaking(seed_bot):
    # 'trade' is in the role of Chu Lianyu (Council for Promotion of Trade), who never speaks: not him
    answer = seed_bot.answer("does the fashion trade part of the plan say anything about livening up the evenings?")
    assert not answer.abstained and (answer.lead is None or answer.lead.act != "named")
    assert "night economy" in answer.passages[0].hit.chunk.text


def test_a_plan_named_with_words_before_it_saying_is_the_record_s(seed_bot):
    # 'tourism' is in the role of Zhu Tieyi (Culture and Tourism Bureau), who never speaks: the plan speaks here
    answer = seed_bot.answer("does the marine tourism plan say anything about scuba diving?")
    assert not answer.abstained and (answer.lead is None or answer.lead.act != "named")
    assert "marine diving" in answer.passages[0].hit.chunk.text


@pytest.mark.parametrize("question", ["how did the Taiwan Compatriot Association president judge the epidemic's "
                                      "effect?", "how does Lin Qing rate the effect of the epidemic"])
def test_how_someone_judged_something_is_in_what_they_said(seed_bot, question):
    # the asker's own verdict ('should be the greatest'), not the report's words on the epidemic elsewhere
    answer = seed_bot.answer(question)
    assert not answer.abstained and answer.passages[0].hit.chunk.text.startswith("Lin Qing")
    assert answer.lead is not None and answer.lead.speaker == "Lin Qing"


def test_who_someone_mentioned_in_the_report_is_is_their_label(seed_bot):
    # 'mentioned in the report' is the record speaking: the question asks who Lin Qing is, which her label says
    answer = seed_bot.answer("Who is the president of the Qingdao Taiwan Compatriot Association mentioned in the report?")
    assert "Lin Qing, member of Qingdao Municipal CPPCC" in answer.passages[0].highlight_text


def test_asked_what_someone_silent_said_about_a_topic_the_record_does_not_say(seed_bot):
    answer = seed_bot.answer("what did li suman say about the night economy")
    assert answer.abstained and answer.outcome == "abstained" and answer.unsaid
    # said so, with where the record names her, and nothing else (the night economy passage does not answer)
    assert answer.text.startswith("Li Suman (Director of Qingdao Municipal Bureau of Commerce) is named in the record")
    assert answer.passages and all("Li Suman" in p.hit.chunk.text for p in answer.passages)
    assert "Li Suman" in answer.passages[0].highlight_text
    assert not seed_bot.answer("What did the sports bureau director say?").abstained  # (asked only what he said)


def test_what_the_report_mentions_is_no_one_speaking(seed_bot):
    # 'the report mentions' with a roster member's role words ('culture and tourism') asks about the record
    question = ("For the boutique tourism cluster the report mentions some health and wellness tourism projects; "
                "where is the OCT project located?")
    answer = seed_bot.answer(question)
    assert not answer.unsaid and answer.lead is None and not answer.abstained
    assert "OCT of Lianhua Mountain" in answer.passages[0].highlight_text
    said = seed_bot.answer("What does the report say the sports bureau director said?")
    assert said.unsaid and said.lead.speaker == "Che Jinghua"  # someone in it is still asked about


def test_eval_reads_one_half_and_reports_calibration_and_outcomes(tmp_path, tiny_bot):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        '{"q": "Who pays for the repairs?", "answer": ["reserve fund"], "half": "dev"}\n'
        '{"q": "What is the price of a train ticket to Beijing?", "answer": [], "half": "dev", "doc": null}\n'
        '{"q": "When does the ferry terminal reopen?", "answer": ["September"], "half": "test"}\n',
        encoding="utf-8",
    )
    dev = read_questions(questions, "dev")
    assert [q.question for q in dev] == ["Who pays for the repairs?", "What is the price of a train ticket to Beijing?"]
    assert dev[1].document == ""  # no answering file: null reads as none, not as a file called 'None'
    summary = evaluate(tiny_bot, dev).summary()
    assert sum(summary["outcomes"].values()) == 2 and 0.0 <= summary["ece"] <= 1.0
    assert summary["retrieval_hit@1"] >= summary["hit@1"]
    with pytest.raises(ValueError, match='no questions in the file with "half": "train"'):
        read_questions(questions, "train")


def test_the_learned_model_judges_reranks_and_highlights(tiny_bot):
    learned = Bot(tiny_bot.retriever, model=AnswerModel.load())
    answer = learned.answer("Who pays for the repairs?")
    assert answer.closest[0].hit.chunk.speaker.name == "Ana Ruiz"
    assert answer.closest[0].highlight_text == "The port authority pays for the repairs from its own reserve fund."
    assert 0.0 <= answer.confidence <= 1.0 and answer.outcome in (ANSWERED, UNCERTAIN, ABSTAINED)
    refused = learned.answer("What is the price of a train ticket to Beijing?")
    assert refused.confidence < answer.confidence


def test_asked_what_day_a_span_or_a_year_does_not_say():
    assert not holds("day", "Implement the three-year action plan for the film industry.")
    assert not holds("day", "The meeting was held in 2021.")
    # a span named as an adjective says no time either ('a three-year plan'); a span counted does ('in three years')
    assert not holds("date", "Implement the three-year action plan for the film industry.")
    assert holds("date", "The plan runs for three years.")


def test_asked_when_a_time_of_day_says_but_a_transcripts_clock_after_a_speaker_does_not():
    assert holds("date", "My recollection, it was in the late afternoon. I think it was around possibly 4:00.")
    assert holds("date", "They came at 4 pm.")
    assert not holds("date", "Mr LITTLEPROUD (Maranoa—Minister for Agriculture) (14:50): I thank the member.")


@pytest.mark.parametrize(("speech", "nothing"), [
    ("Okay.", True),
    ("Thank you. Go ahead.", True),
    ("The President —", True),  # cut off before it says anything
    ("Okay. All right. Thanks, guys. Appreciate you all.", True),
    ("Awesome. Thank you.", True),
    ("Right.", False),  # it confirms
    ("No. I never did.", False),
    ("Yes, sir.", False),
    ("I do not.", False),
    ("The President plans to visit the memorial and to pay his respects.", False),
])
def test_a_reply_of_courtesies_or_cut_off_answers_nothing(speech, nothing):
    from bot.answer import says_nothing
    from ingest import Chunk, Speaker

    label = "MR. KIRBY: "
    chunk = Chunk("d", 3, label + speech, speaker=Speaker("John Kirby"), speech_start=len(label))
    assert says_nothing(chunk) is nothing
    assert not says_nothing(Chunk("d", 3, speech))  # narration, not a reply


def test_a_list_of_what_is_counted_counts_it():
    from bot.features import lists
    from index.lexical import tokenize

    text = "Accelerate the construction of exhibition venues such as Guoxin Financial Center and Haitian Center."
    assert lists(frozenset(tokenize("exhibition venues")), text)
    assert not lists(frozenset(tokenize("stadiums")), text)  # a list of something else
    assert not lists(frozenset(tokenize("venues")), "Build more venues such as the old one.")  # one item, unnamed
