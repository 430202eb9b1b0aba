"""Questions across languages: the translation of a question (bot.crosslingual) from CC-CEDICT, the titles
glossary and pinyin names, and the seed report (English) answering Chinese questions through it."""

from __future__ import annotations

import pytest

from bot import cedict, open_bot
from bot.crosslingual import (Languages, QueryTranslator, asked_part, record_languages, respelled, to_chinese,
                             to_english, translate_word)
from index import build_index
from index.lexical import tokenize
from web.i18n import answer_line
from web.schema import AskResponse

# The BM25 terms of a small English record about the seed report's people and places.
ENGLISH_RECORD = """Lin Qing, president of Qingdao Taiwan Compatriot Association, asked about the epidemic. Sun Lijie,
Minister of Propaganda, answered the question. Che Jinghua, Director of Qingdao Sports Bureau. Li Suman, Director of
Qingdao Municipal Bureau of Commerce. The questioning meeting was held on January 22 in the situation of the epidemic.
The music festival and the Ledu Music Valley."""
KNOWN = frozenset(tokenize(ENGLISH_RECORD))


def known(term: str) -> bool:
    return term in KNOWN


def test_names_are_rendered_in_pinyin_with_the_given_name_joined():
    assert cedict.name_renderings("林青")[0] == "Lin Qing"
    assert cedict.name_renderings("车晶华")[0] == "Che Jinghua"
    assert cedict.name_renderings("欧阳修")[0] == "Ouyang Xiu"  # a compound surname
    assert cedict.name_renderings("乐都", person=False)[0] == "Ledu"
    assert to_english("车晶华是谁？", known) == "who is Che Jinghua"
    assert to_english("车晶华是什么职务啊", known) == "who is Che Jinghua"  # a spoken particle closes it


def test_a_reading_the_record_uses_is_preferred_among_several():
    # 孙立杰: 杰 has one reading, 立 one; 褚 reads Chu or Zhu: only 'Chu' would be kept if the record said so.
    assert "Chu Lianyu" in cedict.name_renderings("褚连玉")
    assert to_english("褚连玉是谁", lambda term: term in KNOWN | {"chu", "lianyu"}) == "who is Chu Lianyu"


def test_a_place_or_proper_noun_the_record_writes_in_pinyin_is_read_so():
    names = KNOWN | set(tokenize("Fushan Bay, Guoxin Financial Center and the Aofan Fashion Center"))
    record = names.__contains__
    # a place jieba cuts in two (a homophone's '福' + '山湾'): its name in pinyin, then 'bay'
    assert to_english("福山湾有啥打算", record).startswith("Fushan bay")
    assert to_english("国信金融中心在哪", record).startswith("Guoxin financial center")  # not 'nation confidence'
    assert to_english("奥帆中心", record).startswith("Aofan center")  # a place's reading, not a person's 'Ao Fan'
    # a name typed in small letters among the characters is written as a name is
    assert to_english("lin qing问了什么", known).startswith("Lin Qing")
    # ...and only when the record has the name: otherwise the words are translated
    assert not to_english("国信金融中心在哪", known).startswith("Guoxin")


def test_a_compound_the_dictionary_lacks_is_read_through_its_parts():
    assert "体育局" not in cedict.dictionary()
    assert translate_word("体育局", known).split() == ["sports", "bureau"]
    # ...and a part the policy glossary has is read as reports write it: 赛事 'events' (the dictionary: 'competition')
    assert "体育赛事" not in cedict.dictionary()
    assert translate_word("体育赛事", known).split() == ["sports", "events"]


def test_sports_events_asked_in_chinese_are_the_record_s_events(seed_bot):
    # 赛事 and 比赛 are 'competition' to the dictionary, and 大型 'large-scale': the record writes 'major events'
    for question in ("青岛准备举办哪些大型体育赛事？", "体育产业集群要办什么比赛"):
        assert "CBA All-Star Weekend" in seed_bot.answer(question).passages[0].hit.chunk.text
    # 专业 is 'professional' in a plan (not a student's 'major'); 时装周 a fashion week (not 'fashion', 'all')
    assert translate_word("专业", known).split()[0] == "professional"
    assert "Milan Fashion Week" in seed_bot.answer("米兰时装周要引进青岛吗").passages[0].hit.chunk.text


def test_policy_words_the_dictionary_reads_in_an_old_sense_are_read_as_reports_write_them(seed_bot):
    assert cedict.glosses("集群")[0] == "clan"  # the dictionary's sense
    assert translate_word("集群", known) == "cluster"
    assert "展会" not in cedict.dictionary() or not cedict.glosses("展会")
    assert translate_word("展会", known).split()[0] == "exhibition"
    answer = seed_bot.answer("给我讲讲海洋旅游产业集群")  # 'tell me about the marine tourism cluster'
    assert answer.passages[0].hit.chunk.text.startswith("Marine tourism industry cluster.")


def test_words_of_what_a_city_builds_are_read_as_its_reports_write_them(seed_bot):
    # 康养 is no name (jieba's guess) but health and wellness; 线上 (which jieba cuts in two) is online; 轻奢 (no
    # dictionary entry) light luxury.
    answer = seed_bot.answer("康养旅游有哪些项目？")
    assert "health tourism projects" in answer.passages[0].highlight_text
    assert "online" in seed_bot.translator.query_for("疫情期间线上业态怎么样？").split()
    assert translate_word("轻奢", known) == "light luxury"
    # 市里 is the city (government), not the dictionary's 'li' (500 metres), which would meet every Mr Li
    assert seed_bot.translator.query_for("市里对夜间消费有什么打算？").split()[0] == "city"
    # ...and asked how big (多大), a size is what is asked for
    assert "how big" in seed_bot.translator.query_for("国信金融中心面积有多大？")


def test_senses_the_record_uses_are_kept_and_its_unused_words_dropped():
    # 会: 'can', 'meet', 'meeting', 'association'... only those the record uses; 'bureau chief' -> 'bureau'.
    assert translate_word("会", known) == "meeting"
    assert set(tokenize(translate_word("局长", known))) == {"director", "bureau"}
    # A word whose senses the record never uses keeps its first sense: the record does not answer it.
    assert translate_word("动物园", known) == "zoo"


def test_roles_and_speaking_verbs_become_the_english_the_speaker_focus_reads():
    assert to_english("谁回答了林青的问题？", known) == "who answered Lin Qing question"
    assert to_english("宣传部长是谁？", known) == "who is minister propaganda"
    assert set(tokenize(to_english("商务局局长是谁", known))) >= {"commerc", "bureau", "director"}
    assert to_english("质询会是几月几号开的？", known).endswith("when held")
    assert "which newspaper published" in to_english("这篇报道是哪家媒体发的？", known)  # not 'send', 'develop'
    assert "how many" not in to_english("答辩席上都有哪几位领导？", known)  # which leaders, not how many
    # 'respectively', 'exactly' say how it is asked, not about what ('the five inquiry responded separately')
    assert to_english("八大产业集群分别是哪些？", known) == to_english("八大产业集群是哪些？", known)
    assert to_english("车晶华具体说了啥", lambda term: True) == "Che Jinghua said what"  # not 'concrete', 'specific'


def test_the_query_is_the_question_itself_unless_the_record_is_in_the_other_language():
    english, chinese, both = Languages(0.0), Languages(1.0), Languages(0.5)
    assert QueryTranslator(known, english).query_for("谁回答了林青的问题？") == "who answered Lin Qing question"
    assert QueryTranslator(known, chinese).query_for("谁回答了林青的问题？") == "谁回答了林青的问题？"
    assert QueryTranslator(known, both).query_for("林青是谁") == "林青是谁 who is Lin Qing"
    assert QueryTranslator(known, english).query_for("Who is Lin Qing?") == "Who is Lin Qing?"
    # Chinese around English names, over an English record, is read in English too (over a Chinese one, as before)
    assert QueryTranslator(known, english).query_for("Sun Lijie 说了什么") == "Sun Lijie said what"
    assert QueryTranslator(known, english).query_for("What did 林青 ask?") == "What did Lin Qing ask"
    assert QueryTranslator(known, chinese).query_for("Sun Lijie 说了什么") == "Sun Lijie 说了什么"
    assert record_languages(["这是中文。", "This is English.", "This too."]).chinese == pytest.approx(1 / 3)


def test_an_english_question_over_a_chinese_record_gets_the_chinese_words_it_holds():
    chinese_terms = {"体育", "音乐节"}
    translated = to_chinese("Which music festival and sports events?", lambda term: term in chinese_terms)
    assert translated.split() == ["音乐节", "体育"]
    assert QueryTranslator(lambda term: term in chinese_terms, Languages(1.0)).query_for("sports") == "sports 体育"


def test_the_seed_report_answers_who_answered_a_question_asked_in_chinese(seed_bot):
    answer = seed_bot.answer("谁回答了林青的问题？")
    assert answer.question == "谁回答了林青的问题？" and not answer.abstained
    assert answer.lead is not None and (answer.lead.speaker, answer.lead.act, answer.lead.asker) == (
        "Sun Lijie", "answered", "Lin Qing")
    assert answer.passages[0].hit.chunk.text.startswith("Sun Lijie:")


@pytest.mark.parametrize("question", ["林青提了什么问题？", "林青提出了哪些问题"])
def test_what_someone_raised_asked_in_chinese_is_their_question(seed_bot, question):
    answer = seed_bot.answer(question)
    assert answer.outcome == "answered"
    assert answer.lead is not None and (answer.lead.speaker, answer.lead.act) == ("Lin Qing", "asked")


@pytest.mark.parametrize(
    ("question", "named"),
    [("宣传部长是谁？", "Sun Lijie"), ("体育局局长是谁？", "Che Jinghua"), ("商务局局长是谁？", "Li Suman"),
     ("贸促会会长是谁？", "Chu Lianyu"), ("时尚城建设攻势的质询会是哪天召开的？", "January 22"),
     ("体育局谁来的", "Che Jinghua"), ("商务局派谁来了？", "Li Suman"), ("文旅局来的是谁啊", "Zhu Tieyi")],
)  # fmt: skip
def test_roles_and_dates_asked_in_chinese_find_the_english_record(seed_bot, question, named):
    answer = seed_bot.answer(question)
    assert not answer.abstained
    assert named in answer.passages[0].highlight_text


def test_a_verb_keeps_one_sense_so_that_the_nouns_carry_the_topic(seed_bot):
    from bot.crosslingual import to_english

    translated = to_english("海洋旅游要打造什么品牌", seed_bot.index.has_term).split()
    assert sum(word in {"create", "build", "develop", "forge"} for word in translated) == 1  # 打造
    answer = seed_bot.answer("海洋旅游要打造什么品牌")
    assert answer.passages[0].hit.chunk.text.startswith("Marine tourism industry cluster")
    assert "Maritime Gallery" in answer.passages[0].highlight_text


def test_what_something_is_called_asks_its_name_not_asks_someone(seed_bot):
    from bot.crosslingual import to_english

    translated = to_english("海洋旅游品牌叫啥名啊", seed_bot.index.has_term)
    assert "ask" not in translated.split()  # 叫 alone is 'shout', 'order' or 'ask'
    answer = seed_bot.answer("海洋旅游品牌叫啥名啊")
    assert answer.lead is None  # not 'Zhu Tieyi (… Tourism Bureau) is named but does not speak'
    assert answer.passages[0].hit.chunk.text.startswith("Marine tourism industry cluster")


def test_who_someone_a_clause_describes_is_asks_who_they_are(seed_bot):
    # '回答问题的那个宣传部长' is the propaganda minister (who answered): his roster line says his posts
    answer = seed_bot.answer("回答问题的那个宣传部长，具体是什么职务啊？")
    assert "Sun Lijie, member of the Standing Committee" in answer.passages[0].highlight_text


def test_the_askers_own_asking_is_no_one_speaking_in_the_record(seed_bot):
    from bot.crosslingual import to_english

    # '想问问' is the asker's: not what Zhu Tieyi (of the Culture and Tourism Bureau, who never speaks) asked
    for question in ("我家住在城阳，想问问那些康养旅游项目什么时候开工", "请问康养旅游项目什么时候开工"):
        assert "ask" not in to_english(question, seed_bot.index.has_term).split()
        assert seed_bot.answer(question).lead is None
    assert "asked" in to_english("林青想问什么", seed_bot.index.has_term).split()  # Lin Qing's asking stays
    # ...and '报告里有说吗' (does the report say) is the record speaking
    answer = seed_bot.answer("我家住在城阳，想问问莲花山那些康养旅游项目什么时候开工，报告里有说吗？")
    assert answer.lead is None or answer.lead.act != "named"


@pytest.mark.parametrize(("question", "named"), [("体育局局长的名字叫什么？", "Che Jinghua"),
                                                ("商务局长叫什么名字？", "Li Suman")])
def test_what_a_title_s_holder_is_called_asks_who_they_are(seed_bot, question, named):
    from bot.crosslingual import to_english

    assert to_english(question, seed_bot.index.has_term).startswith("who is ")
    answer = seed_bot.answer(question)
    assert not answer.abstained and answer.passages[0].highlight_text.startswith(named)


def test_which_leader_answered_and_how_much_money_are_read_as_such(seed_bot):
    from bot.crosslingual import to_english
    from bot.features import question_type

    assert "which official answered" in to_english("林青的提问是由哪位领导回答的？", seed_bot.index.has_term)
    assert question_type("时尚城攻势一共要投多少亿元啊？") == "money"
    assert seed_bot.answer("时尚城攻势一共要投多少亿元啊？").abstained  # the report gives no amount of money


def test_a_chinese_question_the_record_does_not_answer_is_refused(seed_bot):
    assert seed_bot.answer("动物园几点开门？").abstained
    assert seed_bot.answer("到北京的火车票多少钱？").abstained


def test_the_answer_line_is_in_the_interface_language_and_the_quote_as_recorded(client):
    body = AskResponse.model_validate(client.post("/api/ask", json={"question": "谁回答了林青的问题？"}).json())
    assert body.record_language == "en" and body.lead_parts.asker == "Lin Qing"
    line = answer_line(body, "zh")
    assert "回答了Lin Qing的问题：" in line and line.endswith(body.passages[0].highlight)
    assert answer_line(body, "en") == body.answer
    refused = AskResponse.model_validate(client.post("/api/ask", json={"question": "动物园几点开门？"}).json())
    assert answer_line(refused, "zh").startswith("记录中没有相关内容")


def test_asked_in_chinese_what_someone_said_whom_the_record_never_mentions_it_does_not_say(seed_bot):
    from bot.crosslingual import absent_people

    assert absent_people("青岛市长在会上说了啥", seed_bot.index.has_term) == ["mayor"]  # the report has no mayor
    assert absent_people("宣传部长说了什么", seed_bot.index.has_term) == []  # ... but a Minister of Propaganda
    assert seed_bot.answer("青岛市长在会上说了啥").abstained
    assert not seed_bot.answer("宣传部长说了什么").abstained
    # a body it never names: the education bureau's director is not the sports bureau's, who never speaks
    assert absent_people("教育局局长在质询会上说了什么？", seed_bot.index.has_term) == ["educate"]
    assert absent_people("体育局局长说了什么", seed_bot.index.has_term) == []
    assert seed_bot.answer("教育局局长在质询会上说了什么？").abstained
    assert seed_bot.answer("体育局局长说了什么").lead.act == "named"
    # ... and asked what he said about something, the record does not say ('关于', '对 … 说': about)
    assert to_english("车京华对CBA全明星周末说了啥", seed_bot.index.has_term).startswith("Che Jinghua about CBA")
    about = seed_bot.answer("李苏满关于夜间经济说了什么")
    assert about.abstained and about.lead.act == "named" and "Li Suman" in about.passages[0].highlight_text


def test_asked_in_chinese_about_another_city_the_record_does_not_say(seed_bot):
    from bot.crosslingual import absent_places

    # the dictionary's Chinese cities and districts, not a word that also means something else (成功: succeed)
    assert [cedict.place_of(w) for w in ("深圳", "烟台", "济南", "成功", "资源")] == [
        "Shenzhen", "Yantai", "Jinan", None, None]
    assert absent_places("深圳也在建时尚城吗", seed_bot.index.has_term) == ["Shenzhen"]
    assert absent_places("青岛的时尚城有哪些项目", seed_bot.index.has_term) == []  # the report's own city
    # where the asker lives is who asks, not what about
    assert absent_places("时尚商贸这块要开工哪些商场？我家住李沧想知道", seed_bot.index.has_term) == []
    assert seed_bot.answer("深圳也在建时尚城吗").abstained
    assert seed_bot.answer("烟台的时尚城建设怎么样").abstained
    assert not seed_bot.answer("时尚商贸这块要开工哪些商场？我家住李沧想知道").abstained


def test_asked_in_chinese_about_a_thing_the_record_has_no_word_for_it_does_not_say(seed_bot):
    from bot.crosslingual import absent_things

    known = seed_bot.index.has_term
    # jieba tags 马拉松 as a name; the dictionary knows it only as a marathon, and the record names no Ma Lasong
    assert "marathon" in to_english("青岛马拉松什么时候举办", known).split()
    assert absent_things("青岛马拉松什么时候举办", known) == ["marathon"]
    # a beer festival: the record has festivals, but no beer
    assert absent_things("青岛啤酒节什么时候开", known) == ["beer"]
    # words said in passing ('time', 'name') and things the record has are not missing
    assert absent_things("亚洲杯专业足球场什么时候建成？", known) == []
    assert absent_things("青岛海洋旅游品牌叫什么名字", known) == []
    assert seed_bot.answer("青岛马拉松什么时候举办").abstained
    assert seed_bot.answer("青岛啤酒节什么时候开").outcome != "answered"
    # a word near one the record uses is no missing thing (帆船 'sailboat', the record's 'sailing')
    assert seed_bot.answer("青岛以后要办哪些大型体育赛事，比如篮球游泳帆船这些？").outcome == "answered"


def test_growth_in_chinese_reads_as_economic_reports_write_it(seed_bot):
    # 增长 is 'growth' there (the dictionary's 'grow' meets 'enable them to grow in a more relaxed environment')
    assert "growth" in to_english("云体育增长得怎么样", seed_bot.index.has_term).split()
    answer = seed_bot.answer("云体育增长得怎么样")
    assert not answer.abstained and "geometric growth" in answer.passages[0].highlight_text


@pytest.mark.parametrize("question", ["这次会议谁主持", "这次质询会是谁主持的", "主持人是谁"])
def test_asked_in_chinese_who_chaired_a_record_that_never_names_the_role_does_not_say(seed_bot, question):
    # 主持 reads 'chaired' (not 'preside', which meets the record's 'President'), 主持人 'moderator'
    assert {"chaired", "moderator"} & set(seed_bot.translator.query_for(question).split())
    assert seed_bot.answer(question).abstained


def test_a_gloss_that_is_also_part_of_a_speakers_name_names_no_one(seed_bot):
    # 日期 reads 'date', and its 日 'sun': that is not Sun Lijie, who answered the meeting's one question
    asked = "这次关于建设国际时尚城攻势的问政问询会是在几月几号召开的，有没有具体日期？"
    assert " sun " in f" {seed_bot.translator.query_for(asked)} "
    answer = seed_bot.answer(asked)
    assert answer.lead is None and "January 22" in answer.passages[0].highlight_text
    assert seed_bot.answer("孙立杰说了什么").lead.speaker == "Sun Lijie"  # named in pinyin, he is


def test_chinese_around_an_english_name_is_answered_as_the_chinese_question(seed_bot):
    mixed, chinese = seed_bot.answer("Sun Lijie 说了什么"), seed_bot.answer("孙立杰说了什么")
    assert mixed.lead is not None and mixed.lead.speaker == "Sun Lijie" and mixed.outcome == chinese.outcome
    assert mixed.passages[0].hit.row == chinese.passages[0].hit.row


def test_the_background_before_qingwen_is_not_whom_a_chinese_question_asks_about(seed_bot):
    answer = seed_bot.answer("听说这次质询会上政协委员和市民代表都提了问题，请问会议是几号开的？")
    assert answer.lead is None and "January 22" in answer.passages[0].highlight_text
    assert asked_part("听说这次质询会上政协委员都提了问题，想问一下会议是几号开的？") == "会议是几号开的？"
    referring_back = "听说台联会长在会上提了问题，请问她问了什么？"
    assert asked_part(referring_back) == referring_back
    # Nor is the background whom a question asks about when it names someone who never speaks: 旅游 (tourism) in
    # '听说会上提到了…旅游' is not what the culture and tourism director said.
    fee = seed_bot.answer("我对旅游很感兴趣，听说会上提到了发展海岛旅游，请问上岛收费多少？")
    assert fee.abstained and fee.lead is None


def test_a_total_investment_the_record_does_not_give_is_not_answered_with_the_project_s_mention(seed_bot):
    # the Qingnian Lake project is named in a list of projects; what it costs is not said
    assert seed_bot.answer("青年湖文旅医养项目 总投资").abstained


def test_a_word_typed_in_latin_letters_that_the_record_never_uses_is_missing(seed_bot):
    # GDP is the asker's own word, not a gloss of the dictionary's: a record without it does not say.
    assert seed_bot.answer("会上说了青岛GDP今年增长多少吗？").abstained
    assert not seed_bot.answer("CBA全明星周末属于哪个产业集群？").abstained  # CBA is in the record


SCHOOLS = """Ergänzungsschulen are secondary or post-secondary schools run by private individuals or organisations.

They are funded by the fees of their students; the state gives no money to them.
"""


def test_a_word_typed_without_the_records_accents_is_the_records_word(make_corpus, embedder, tmp_path):
    build_index(make_corpus({"schools.txt": SCHOOLS}), tmp_path / "index", embedder)
    bot = open_bot(tmp_path / "index", embedder)
    assert bot.vocabulary.spelled("erganzungsschulen", tokenize("erganzungsschulen")[0]) == \
        tokenize("Ergänzungsschulen")[0]
    answer = bot.answer("Erganzungsschulen是谁办的？")
    assert not answer.abstained and answer.passages[0].hit.chunk.text.startswith("Ergänzungsschulen")
    assert bot.answer("Gymnasien是谁办的？").abstained  # a word the record has in no spelling


def test_a_body_by_its_common_abbreviation_names_its_president(seed_bot):
    # 台联 is the Taiwan Compatriot Association; how big an impact was is a degree, which her question gives.
    answer = seed_bot.answer("台联会长说疫情对时尚城建设的影响有多大？")
    assert not answer.abstained and answer.lead is not None and answer.lead.speaker == "Lin Qing"
    assert "should be the greatest" in answer.passages[0].hit.chunk.text


def test_asked_in_chinese_how_many_a_list_of_them_answers(seed_bot):
    answer = seed_bot.answer("青岛要建几个专业展馆？")  # professional exhibition venues: two are named
    assert not answer.abstained and "Guoxin Financial Center and Haitian Center" in answer.passages[0].highlight_text


@pytest.mark.parametrize(("typed", "meant"), [
    ("时尚体育产业集群要推进哪些项木？", "时尚体育产业集群要推进哪些项目？"),  # 项木 xiàng mù: 项目 project
    ("台联会长说疫请对时尚城建设的影响有多大？", "台联会长说疫情对时尚城建设的影响有多大？"),  # across jieba's words
    ("贸易促进委员汇的会长是谁？", "贸易促进委员会的会长是谁？"),  # 委员 + 汇 huì: 委员会 committee
    ("商务局的局长是谁？", "商务局的局长是谁？"),  # 的 is a word of its own: no slip
    ("第二位提问人问的是什么？", "第二位提问人问的是什么？"),  # 人 and 问 are words of their own: no slip
    ("要举办哪些体育赛事？", "要举办哪些体育赛事？"),  # words run together (体育 + 赛事): no slip
    ("车晶华是谁", "车晶华是谁"),  # a name is left as typed
])
def test_a_homophone_typed_for_a_chinese_word_is_read_as_the_word(seed_bot, typed, meant):
    assert respelled(typed, seed_bot.translator.known) == meant


def test_a_chinese_question_with_a_homophone_slip_is_answered_as_written_right(seed_bot):
    slipped, right = seed_bot.answer("时尚体育产业集群要推进哪些项木？"), seed_bot.answer("时尚体育产业集群要推进哪些项目？")
    assert slipped.passages[0].hit.row == right.passages[0].hit.row


def test_traditional_characters_are_read_as_simplified():
    assert cedict.simplified("孫立傑說了什麼？") == "孙立杰说了什么？"
    assert cedict.simplified("什么时候开的会") == "什么时候开的会"  # simplified text as it is (么, though a variant of 幺)


@pytest.mark.parametrize(("traditional", "simple"), [("孫立傑說了什麼？", "孙立杰说了什么？"),
                                                     ("國際時尚城建設攻勢質詢會是哪天開的？", "国际时尚城建设攻势质询会是哪天开的？")])
def test_a_question_in_traditional_characters_is_answered_as_in_simplified(seed_bot, traditional, simple):
    asked, same = seed_bot.answer(traditional), seed_bot.answer(simple)
    assert asked.question == traditional  # shown as asked
    assert (asked.outcome, asked.lead, asked.passages[0].hit.row) == (same.outcome, same.lead, same.passages[0].hit.row)


@pytest.mark.parametrize(("wide", "narrow"), [
    ("ＣＢＡ全明星周末属于哪个产业集群？", "CBA全明星周末属于哪个产业集群？"),
    ("What is the ＢＷＦ doing in Qingdao?", "What is the BWF doing in Qingdao?"),
])
def test_full_width_letters_and_digits_are_read_as_ascii(seed_bot, wide, narrow):
    asked, same = seed_bot.answer(wide), seed_bot.answer(narrow)
    assert not asked.abstained and asked.question == wide
    assert asked.passages[0].hit.row == same.passages[0].hit.row


def test_a_gloss_that_is_part_of_a_speakers_name_weighs_nothing(seed_bot):
    # 日期 'date' is also glossed through 日 'sun', which is Sun Lijie's surname: the sailing week's dates are not
    # in the record, and the meeting's date (beside Sun Lijie's name) does not give them
    assert seed_bot.answer("青岛国际帆船周日期？").abstained
    assert not seed_bot.answer("质询会是哪天召开的？").abstained
