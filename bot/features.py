"""Features of (question, passage, sentence) that the answer model reads.

Every feature is computed from the question as searched and from the retrievers' own scores, so that
the same model serves every corpus: raw BM25 scores, which grow with a corpus's length and
vocabulary, enter only relative to the other candidates of the same question.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.background import NAME_RARITY, rarity
from bot.models import Hit
from index.lexical import tokenize
from ingest.text import is_cjk, split_sentences

MAX_SENTENCES = 12  # sentences of a passage looked at: a long turn's answer is rarely in its tail

SENTENCE_FEATURES = (
    "s_cos", "s_cos_gap", "s_cos_en", "s_exact", "s_soft", "s_type_expected", "s_type_present",
    "s_question", "s_fragment", "s_log_len", "s_first", "s_cjk",
)
PASSAGE_FEATURES = (
    "dense", "dense_en", "dense_gap", "dense_rank", "fused_gap", "fused_rank", "fused_next_gap",
    "bm25_rel", "bm25_rank", "bm25_zero", "p_exact", "p_soft", "q_log_terms", "cjk", "p_log_len",
    "best_s_logit", "best_s_cos", "best_s_cos_en", "best_s_exact", "best_s_soft", "best_s_type_expected",
    "best_s_type_present",
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_ENGLISH_OR_NUMBER = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*")
_RECORD = r"(?:this|the|that)\s+(?:news\s+)?(?:report|article|story|news|piece|text|record|page|document|write-?up)"
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (  # what a question asks for; the first that matches
    # Who wrote or published the record itself (its byline), not what someone in it said.
    ("source", re.compile(rf"\bwho\s+(?:wrote|authored|published|reported)\s+(?:up\s+)?(?:this|it|{_RECORD})\b"
                          # 'which journalist and which outlet wrote up this report' (not 'which reporter asked')
                          r"|\b(?:which|what)\s+(?:journalist|reporter|writer|author|correspondent)s?\b"
                          r".*\b(?:wrote|write|written|published|penned)\b"
                          rf"|\b(?:author|writer|reporter|journalist|source|publisher)\s+of\s+{_RECORD}"
                          r"|\b(?:which|what)\s+(?:newspaper|paper|outlet|publication|media|agency|website)\b"
                          rf"|\bwhere\s+(?:is|was|does|did)\s+{_RECORD}\s+(?:from|come\s+from)\b"
                          r"|谁写的|作者是谁|(?:哪个|哪位)记者(?![^，。？?]{0,8}问)|哪家(?:媒体|报|网站)|哪个(?:媒体|报纸|报社)|出自哪|消息来源"
                          r"|(?:报道|文章|稿子|新闻稿|这篇|这则)的?记者",  # 'the reporter of this news piece'
                          re.IGNORECASE)),
    # Why something was done or said: the answer gives a reason, whatever else the question names.
    ("reason", re.compile(r"^\W*why\b|\bwhy\s+(?:did|does|do|is|was|are|were|has|have|had|would|will|can|could|should"
                          r"|not|didn['’]?t|don['’]?t|isn['’]?t|wasn['’]?t|weren['’]?t)\b|为什么|为何|为啥", re.IGNORECASE)),
    ("money", re.compile(r"\bhow\s+much\s+(?:money|funding|investment|will\s+it\s+cost|does\s+it\s+cost|do\s+they\s+cost)\b"
                         r"|\b(?:what|how\s+much)\b.*\b(?:price|prices|cost|costs|budget|fee|fees|fare|fares|salary)\b"
                         r"|\bticket\s+prices?\b|\bhow\s+much\s+(?:[\w'’]+\s+){0,2}?(?:tickets?|tix|admission|entry)\b"
                         r"|\b(?:price|prices|cost|costs|budget|fee|fees|fare|fares)\W*$|\btotal\s+(?:investment|funding|spending)\b"
                         # 'what ceiling did he put on spending', 'the cap on funding'
                         r"|\b(?:ceiling|cap|limit|maximum)(?:\s+\S+){0,6}?\s+(?:on|of|for)\s+(?:the\s+)?"
                         r"(?:spending|expenditure|funding|grants?|costs?)\b"
                         r"|多少钱|票价|价格|预算|费用|收费|学费|花了多少|投资(?:额|总额)?(?:是|为|有)?多少|多少资金|多少[万亿千百]*元|多少亿"
                         r"|投[入了]?多少|总投资|投资总额|投资额",
                         re.IGNORECASE)),
    ("year", re.compile(r"\b(?:what|which)\s+years?\b|哪一?年|几几年|什么年份", re.IGNORECASE)),
    # How long something lasted or takes (not how long a bridge is: that is a number).
    ("duration", re.compile(r"\bhow\s+long\b.*\b(?:last|lasted|lasts|take|took|takes|run|ran|go\s+on|went\s+on"
                            r"|been|wait|stay|stayed|continue|continued)\b|\bfor\s+how\s+long\b|\bhow\s+many\s+(?:minutes|hours|days)"
                            # 'Meeting length?', 'duration of the hearing'
                            r"|\b(?:meeting|session|hearing|event|speech|briefing|debate|conference|festival)s?\s+"
                            r"(?:length|duration)\W*$|\bduration\b"
                            r"|多长时间|多久|开了多长|几个小时|几天", re.IGNORECASE)),
    # A share ('by what percentage did it grow'): a number of anything else does not say.
    ("percent", re.compile(r"\b(?:what|which|how\s+many)\s+(?:percentage|percent)\b|\bpercentage\W*$"
                           r"|百分之几|百分比|多少个?百分点", re.IGNORECASE)),
    ("number", re.compile(r"\bhow\s+(?:many|much|long|far|old|big|large|often|tall|high)\b|\bwhat\s+(?:number|percentage|percent"
                          r"|amount|share|proportion)\b|(?<!\ba\s)\b(?:number|total)\s+of\b|\bnumber\W*$"
                          r"|\b(?:size|capacity)\W*$|\b(?:what|which)\s+(?:is\s+the\s+)?(?:size|capacity)\b"
                          # 'park floor area hectares', 'what satisfaction scores did they get'
                          r"|\b(?:floor\s+area|hectares|acres|square\s+(?:metres|meters|feet|kilometres|kilometers"
                          r"|miles))\W*$"
                          r"|\b(?:what|which)\s+(?:[\w-]+\s+)?(?:scores?|ratings?|grades?)\b"
                          # 'what patent figures did she quote', 'investment figure Hua gave', 'poverty figure cited?'
                          r"|\b(?:what|which)\s+(?:[\w'’-]+\s+){0,3}?(?:figures?|stats|statistics)\b(?!\s+out\b)"
                          r"|\b(?:figures?|stats|statistics)\b(?=(?:\s+[\w'’-]+){0,3}\s+(?:cited|given|quoted|gave"
                          r"|reported)\b)|^(?!.*\bwho\b).*\b(?:figures?|stats|statistics)\W*$"
                          r"|多少|(?<!哪)几[个位次年]|多大|多长|多久|多高|多远", re.IGNORECASE)),
    # The time of day something opens, closes or starts ('opening hours'): a date does not say.
    ("clock", re.compile(r"\b(?:opening|closing|business|visiting)\s+(?:hours|times?)\b"
                         r"|\bwhat\s+time\s+(?:does|do|is|will|did)\b.*\b(?:open|opens|close|closes|start|starts|begin"
                         r"|begins|end|ends)\b|\bwhen\s+(?:is|are)\b.*\b(?:open|closed)\W*$"
                         r"|几点|营业时间|开放时间", re.IGNORECASE)),
    # When something to come will be ('when is the next meeting'): a date of something past does not say.
    ("future", re.compile(r"\bwhen\b.*\b(?:next|upcoming|will|gonna|going\s+to\s+be)\b|\bnext\b.*\bwhen\b"
                          r"|下次|下一次|下一届|下届|下一场|下一轮|下回"
                          r"|(?:什么时[候侯]|何时|啥时候?)(?:能|会|将|才|可以|准备|打算)", re.IGNORECASE)),
    # A day ('on what date', '哪天'): a year or a span ('a three-year plan') does not say.
    ("day", re.compile(r"\b(?:what|which)\s+(?:day|date)s?\b|哪一?天|几号|几月几"
                       # a fragment that opens on it ('day Sun Lijie took questions?', 'date of the meeting')
                       r"|^\W*(?:the\s+)?(?:days?|dates?)\b(?!\s+(?:one|two|three|\d))"
                       r"(?!.*\b(?:who|what|which|how|why)\b)",
                       re.IGNORECASE)),
    ("date", re.compile(r"\bwhen\b|\b(?:what|which)\s+(?:date|day|month|time|century|decade)s?\b|\bdates?\W*$"
                        r"|\b(?:what|which|wat)\s+(?:is|are|was|were|r)\s+the\s+(?:dates?|days?)\b"
                        r"|什么时[候侯]|何时|啥时|几时"
                        r"|几月|几号|哪一?天|时间|日期", re.IGNORECASE)),
    ("person", re.compile(r"^\W*(?:who|whom|whose)\b|\bwho\s+(?:is|was|are|were|will|did|does|said|answered|asked)\b"
                          # 'which cppcc member asked', 'which agriculture minister': not 'which kinds of people'
                          r"|\bwhich\s+(?:(?!(?:kinds?|types?|sorts?|groups?|categories)\b)[\w'’-]+\s+){0,2}?"
                          r"(?:persons?|people|officials?|directors?|ministers?|members?|speakers?|leaders?"
                          r"|spokes(?:person|man|woman|people)|witness(?:es)?|heads?"
                          r"|chiefs?|senators?|MPs?|reporters?|journalists?|secretar(?:y|ies))\b|谁|哪位",
                          re.IGNORECASE)),
    # A street address ('what's the address of the venue', '地址'): a place named without one does not say.
    # (not the verb: 'what did the protocol try to address')
    ("address", re.compile(r"\b(?:the|its|an?|their|street|exact|full|postal|mailing)\s+address\b|地址|门牌",
                           re.IGNORECASE)),
    ("place", re.compile(r"\bwhere\b|\bwhich\s+(?:city|country|place|district|area|region)\b"
                         r"|\b(?:which|what)\s+(?:building|venue|location)\b"
                         r"|^(?!.*\b(?:which|what|whats|wats)\b).*\b(?:venue|location|address)\W*$"  # 'Meeting venue?'
                         r"|^\W*(?:the\s+)?(?:venue|location|address)\s+(?:of|for)\b"  # 'venue of the meeting?'
                         r"|哪里|哪儿|在哪|什么地方|啥地方|哪个地方|何地"
                         r"|哪[个座家所]?(?:会场|场馆|场地|地点|位置|城市|国家|酒店|宾馆|大楼|礼堂|会议中心)",
                         re.IGNORECASE)),
)
_MONTHS = "january february march april june july august september october november december"  # 'may' apart: a verb too
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_PERIODS = r"(?:day|days|week|weeks|weekend|month|months|year|years|spring|summer|autumn|fall|winter|quarter|century)"
_MONTH_NAME = rf"(?:{'|'.join(_MONTHS.split())}|May)"
_YEAR = r"\b(?:1[5-9]|20)\d\d\b|(?:1[5-9]|20)\d\d年|[今去明前]年|\b(?:this|last|next|coming)\s+year\b"
# Whether a sentence holds what was asked: a date is a month, a day, a year or a period counted or placed in
# time ('three years', 'next spring'), not any sentence with 'week' in a name ('Fashion Week'); an amount of
# money names a currency or a large number; a place follows 'in', 'at', 'near' ... (not 'On January 22').
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
                 "|hundreds|thousand|thousands|million|millions|billion|dozen")
_HOLDS = {
    # A reason given: 'because we assessed …', 'due to', 'so that', 'the reason', '因为'.
    "reason": re.compile(r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|so\s+that|in\s+order\s+to|reasons?"
                         r"|therefore|given\s+that)\b|因为|由于|为了|原因", re.IGNORECASE),
    "money": re.compile(r"[$€£¥]|\b(?:yuan|rmb|dollars?|euros?|pounds?|usd|cny)\b|\b\d[\d,.]*\s*(?:million|billion|trillion)\b"
                        r"|[万亿]?元|美元|欧元", re.IGNORECASE),
    "year": re.compile(_YEAR, re.IGNORECASE),
    "duration": re.compile(rf"\b(?:\d+|{_NUMBER_WORDS}|a|an|half|half\s+an?|several|a\s+few|many)[\s-]+"
                           r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b|\ball\s+(?:day|morning|afternoon|evening|night)\b"
                           # ... or the span's ends ('from 1914 to 1918', 'since March', 'until 2003')
                           rf"|\b(?:since|until|till|from|between)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:\d|{'|'.join(_MONTHS.split())})"
                           r"|[从自]\s*\d{2,4}\s*年|至今|以来"
                           r"|(?<!\d)(?:\d{1,2}|[一二三四五六七八九十两半]+)\s*(?:个\s*(?:小时|钟头|月|星期)|小时|分钟|天|周|年(?![\d一二三四五六七八九十]+月))",
                           re.IGNORECASE),
    "clock": re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d\d\b|o['’]clock"
                        r"|\b(?:noon|midnight|around\s+the\s+clock|24\s+hours)\b|\d+\s*[点时]|[上下]午|全天",
                        re.IGNORECASE),
    "percent": re.compile(r"[%％]|\bper\s*cent\b|\bpercent(?:age)?\b|\bhalf\b|\bthirds?\b|\bquarters?\b"
                          r"|\b(?:doubled?|tripled?|\w+-fold)\b|百分|[一二三四五六七八九]成|翻[了一]*番|倍", re.IGNORECASE),
    "number": re.compile(rf"(?<![A-Za-z\d])(?<![A-Za-z]-)\d|\b(?:{_NUMBER_WORDS}|percent|half)\b"
                         r"|[一二三四五六七八九十百千万亿两]", re.IGNORECASE),
    "date": re.compile(rf"\b(?:{'|'.join(_MONTHS.split())}|{'|'.join(_DAYS.split())})\b|(?-i:\bMay\b)|{_YEAR}|\b\d{{1,2}}(?:st|nd|rd|th)\b"
                       # 'in three years', not 'a three-year plan': a span named as an adjective is no time
                       rf"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+{_PERIODS}\b"
                       rf"|\b(?:this|last|next|coming|early|late|end\s+of\s+the)\s+{_PERIODS}\b"
                       r"|\b(?:today|yesterday|tomorrow|tonight|soon|shortly|next|forthcoming|in\s+due\s+course)\b"
                       # a time of day says when too ('around 4:00'; not a transcript's '(14:50)' after a speaker)
                       r"|(?<!\()\b\d{1,2}:\d\d\b(?!\))|\b\d{1,2}\s*[ap]\.?m\b|o['’]clock"
                       r"|[\d一二三四五六七八九十两]+\s*(?:年|月|日|号|天|周|小时)|[今明昨前]天|世纪|季度|上午|下午|星期|周[一二三四五六日末]",
                       re.IGNORECASE),
    "day": re.compile(rf"\b{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
                      rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}\b"
                      rf"|\b(?:{'|'.join(_DAYS.split())}|today|yesterday|tomorrow|tonight)\b"
                      r"|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
                      r"|\d+\s*月\s*\d+\s*[日号]|[\d一二三四五六七八九十]+\s*[日号]|[今明昨前]天|星期|周[一二三四五六日末]",
                      re.IGNORECASE),
    # A byline: '(Reporter Bo Keguo of Dazhong Daily Client)', 'By Jane Doe', 'Source: Xinhua', '记者 …'.
    "source": re.compile(r"\b(?:reporter|correspondent|editor|written\s+by|reported\s+by)\b|^\W*by\s+(?-i:[A-Z])"
                         r"|\bsource\s*:|记者|编辑|来源[:：]|通讯员", re.IGNORECASE | re.MULTILINE),
    "person": re.compile(r"(?<=\s)[A-Z][a-z]+|\b(?:director|minister|president|mayor|secretary|chairman|chairwoman|member"
                         r"|spokesperson|spokesman|senator|governor|professor|officer|king|queen|author|founder)\b"
                         r"|主任|部长|局长|书记|市长|主席|委员|教授|先生|女士|总统|国王"),
    "address": re.compile(r"\b\d+[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:Road|Rd|Street|St|Avenue|Ave|Lane"
                          r"|Boulevard|Blvd|Drive|Way|Place|Square)\b|\b(?:No\.|Number)\s*\d+"
                          r"|[路街道巷]\s*\d+\s*号"),
    "place": re.compile(rf"\b(?:in|at|to|near|inside|outside|from|across|around)\s+(?:the\s+)?(?!(?i:{'|'.join(_MONTHS.split())}|may)\b)"
                        r"[A-Z][a-z]+|\b(?:in|at)\s+(?:the\s+)?(?:city|district|province|county|town|village|street|hall|park"
                        r"|square|centre|center|building|harbou?r|port)\b|在[^，。,]{1,12}(?:市|省|县|区|镇|村|路|街|馆|厅|中心|广场|大厦|酒店)"),
}
_MID_LIST = re.compile(r"^(?:and|or|as well as|but|nor)\b|^[,;:)\]、，；]", re.IGNORECASE)
_MINOR_WORDS = frozenset("of and the for in on at to a an de du van von".split())
_BARE_NAME_WORDS = 12
# A word alone and a sentence that says it in other words: MiniLM cosine ~0.2 unrelated, ~0.5 on the word's topic.
_SOFT_FLOOR, _SOFT_SPAN = 0.2, 0.35


def question_type(question: str) -> str:
    """What the question asks for: 'number', 'duration', 'date', 'person', 'place', 'address', 'source' (who wrote or
    published the record: its byline) or '' (anything else)."""
    question = _POLITE.sub("", question)
    if _YES_NO.search(question) or _DEGREE.search(question):
        return ""
    return next((kind for kind, pattern in _TYPES if pattern.search(_without_clauses(question))), "")


# A question that opens with a verb asks yes or no ('did he ever ask North how much money the sales made'): a
# 'how much' or 'who' after it opens a clause. 'Is there a budget' still asks for one, and 'do you know when …',
# 'can anyone tell me who …' ask what follows.
_POLITE = re.compile(r"^\W*(?:do|does|can|could|would|will)\s+(?:you|u|ya|anyone|anybody|someone|somebody)\s+"
                     r"(?:please\s+)?(?:know|tell|say|explain)\s+(?:(?:me|us)\s+)?", re.IGNORECASE)
_YES_NO = re.compile(r"^\W*(?:did|does|do|is|was|were|are|has|have|had|can|could|will|would|should)\s+"
                     r"(?!(?:there|you|u|ya|anyone|anybody|someone|somebody|the\s+(?:report|record))\b)", re.IGNORECASE)


# How big an impact was ('how big did she say the epidemic's impact was', '影响有多大'): a degree ('the greatest'),
# not a number.
_IMPACT = r"(?:impacts?|effects?|influence|damage|harm|toll|blow)"
_DEGREE = re.compile(rf"\bhow\s+(?:big|large|great|much|serious|severe|bad|hard)\b(?:\s+(?:an?|the))?\s+{_IMPACT}\b"
                     rf"|\b{_IMPACT}\b.*\bhow\s+(?:big|large|great|serious|severe|bad)\b"
                     rf"|\bhow\s+(?:big|large|great|serious|severe|bad)\b.*\b{_IMPACT}\b"
                     r"|影响(?:有|会有|会)?(?:多大|多严重|多深)", re.IGNORECASE)


# Words that open a question before any 'when' or 'where' in it: that word opens a clause ('did he take notes
# when he saw Casey', 'what did she say when he asked', 'the name of that session where officials were
# questioned'), it does not ask for a date or a place.
_OPENING = re.compile(r"\b(?:what|whats|wats|who|whom|whose|which|how|why|where|did|does|do|is|was|were|are|has|have"
                      r"|had|can|could|will|would|should)\b", re.IGNORECASE)
_CLAUSES = (re.compile(r"\bwhen\b(?!\W*$)", re.IGNORECASE), re.compile(r"(?<=[a-z] )where\b(?!\W*$)", re.IGNORECASE))


# A question may open with the clause that says when ('When a reporter asked about FC Cologne, how did the
# spokesperson respond?'), or set it between commas ('In October 2021, when Labor asked ..., which minister
# answered?'): what it asks for is in the question after it.
_OPENING_CLAUSE = re.compile(r"(?:^|,)\W*when\s+(?!(?:did|does|do|is|was|were|are|will|would|can|could|has|have|had|"
                             r"should|shall)\b)[^,?;]*,\s*(?=(?:what|whats|who|whom|whose|which|how|why|where|when|"
                             r"did|does|do|is|was|were|are|has|have|had|can|could|will|would|should)\b)", re.IGNORECASE)


# 'Back when the city was pushing the campaign, ...' says when what is asked about happened; it asks no date.
_BACK_WHEN = re.compile(r"\bback\s+when\b[^,?;—–]*", re.IGNORECASE)


def _without_clauses(question: str) -> str:
    question = _BACK_WHEN.sub("", question)
    question = _OPENING_CLAUSE.sub(lambda clause: "," if clause.group().startswith(",") else "", question)
    for clause in _CLAUSES:
        first = clause.search(question)
        if first is not None and _OPENING.search(question, 0, first.start()):
            question = question[: first.start()] + re.sub(rf"\b{first.group()}\b", "as", question[first.start():])
    return question


def holds(kind: str, sentence: str) -> bool:
    """Whether the sentence holds something of the kind a question asks for (a name, a date, a number); asked
    when something to come will be, a date not only of the past ('On January 22 the meeting was held' is not)."""
    if kind == "future":
        spans = split_sentences(sentence) or [(0, len(sentence))]
        return any(_HOLDS["date"].search(part) and (_FUTURE.search(part) or not _PAST.search(part))
                   for part in (sentence[start:end] for start, end in spans))
    return bool(kind) and bool(_HOLDS[kind].search(sentence))


# A named place: capitalised words ending in what a place is ('Guoxin Financial Center', 'Aegean Shopping Park',
# 'OCT of Lianhua Mountain'), and not within a longer name ('Qingdao International Fashion City Questioning Meeting');
_PLACE_NOUNS = ("Center|Centre|Park|District|Street|Road|Avenue|City|Town|Village|Mountain|Lake|Bay|Island|Hall|Square"
                "|Plaza|Port|Harbou?r|Zone|Valley|Beach|Gardens?|Stadium|Arena|Museum|Tower|Building|Mall|Outlet|Airport"
                "|Station|Campus|Base|County|Province|Coast|Pier|Wharf")
# ...two places joined by 'and' are two ('Pier Business District and Aegean Shopping Park').
_NAMED_PLACE = re.compile(rf"\b(?:(?!(?:{_PLACE_NOUNS})\s+and\b)[A-Z][\w'’-]*\s+(?:(?:of|and|the)\s+)?){{1,5}}"
                          rf"(?:{_PLACE_NOUNS})\b(?![\w'’-]|\s+(?:of\s+)?[A-Z])")


def names_place(terms: frozenset[str], text: str) -> bool:
    """Asked where something is (`terms`: the question's words, as BM25 terms), whether a sentence of the text
    names a place beside a word of the question: asked where the exhibition halls will be, 'exhibition venues such
    as Guoxin Financial Center and Haitian Center' says where; asked where the meeting was held, a list of venues
    for exhibitions does not. A place whose name shares a word of the question that is no everyday English (the
    Salma Textile Park, asked where the Salma park is) is what is asked about, not where it is; one sharing only
    everyday words may be what is asked for (asked where the shopping district is: 'Aegean Shopping Park')."""
    for start, end in split_sentences(text) or [(0, len(text))]:
        sentence = text[start:end]
        names = list(_NAMED_PLACE.finditer(sentence))
        asked = [name for name in names
                 if any(rarity(term) >= NAME_RARITY for term in terms.intersection(tokenize(name[0])))]
        if len(asked) == len(names):
            continue  # no place named but the one asked about
        cuts = [0, *(i for name in asked for i in name.span()), len(sentence)]
        rest = " ".join(sentence[a:b] for a, b in zip(cuts[::2], cuts[1::2]))
        # Beside it: the question's words in the sentence's own words, or in a place's name; not in the name of
        # something else ('the Beifu Qingdao Fashion College and the Salma Fashion Textile Park' says nothing of
        # where the college is).
        said = _CAPITALISED_NAME.sub(lambda m: m[0] if _NAMED_PLACE.fullmatch(m[0]) else "", rest)
        if terms.intersection(tokenize(said)):
            return True
    return False


_CAPITALISED_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|the)\s+)?[A-Z][\w'’-]*)*")


def gives(kind: str, sentence: str) -> bool:
    """Whether the sentence gives the kind of answer asked for, to highlight it: as `holds`, but asked for a
    number, a year or a day of the month is none ('the 2019 survey' gives no share; '97% of companies' does)."""
    if kind == "number":
        return holds(kind, _DATED.sub(" ", sentence))
    return holds(kind, sentence)


_DAY_OF_MONTH = r"\d{1,2}(?:st|nd|rd|th)?"
_DATED = re.compile(rf"{_YEAR}|\b{_MONTH_NAME}\s+{_DAY_OF_MONTH}\b|\b{_DAY_OF_MONTH}\s+{_MONTH_NAME}\b", re.IGNORECASE)


_PAST = re.compile(r"\b(?:was|were|had|did|met|held|began|took|went|came|saw|said|gave|made|won|last|ago|[a-z]{2,}ed)\b"
                   r"|[了过]", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|next|upcoming|coming|planned|scheduled|expected|soon|later|to\s+be)\b"
                     r"|将|将要|计划|预计|下一?次|即将", re.IGNORECASE)


_HOW_MANY = re.compile(r"\b(?:how\s+many|(?<!\ba\s)number\s+of)\s+((?:[A-Za-z][\w'’-]*\s+){0,2}[A-Za-z][\w'’-]*)",
                       re.IGNORECASE)
_COUNT_WORD = re.compile(rf"\d|(?:{_NUMBER_WORDS}|dozens|several)$", re.IGNORECASE)
_COUNTED_WITHIN = 4  # words from a number to the thing it counts
# ...within one sentence or clause: 'for several days. So, Chinese threats' counts no Chinese (a stop after a word of
# two small letters, so that 'U.S. ports' and 'No. 11' run on), and '9 questioners, including municipal people's
# congress representatives' counts questioners, not people (a comma before a space; '1,000' runs on).
_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?;:]\s+|,\s+")
# Verbs of answering: asked how many answered, a number of those who responded counts them.
_ANSWERING_WORDS = "answer answered answering respond responded responding reply replied replying"
_ANSWERING = re.compile(rf"\b(?:{'|'.join(_ANSWERING_WORDS.split())})\b", re.IGNORECASE)
_ANSWERING_TERMS = frozenset(t for word in _ANSWERING_WORDS.split() for t in tokenize(word))


def counted_terms(question: str, general: frozenset[str] = frozenset()) -> frozenset[str]:
    """What 'how many' asks to count, as BM25 terms: 'How many industry clusters is ...' -> industri, cluster."""
    found = _HOW_MANY.search(question)
    if not found:
        return frozenset()
    terms: list[str] = []
    words = found.group(1).split()
    while words and words[0].lower() in _BEFORE_COUNTED:  # 'how many other countries': countries
        words = words[1:]
    for word in words:
        term = tokenize(word)
        if not term or term[0] in general:
            break
        terms.append(term[0])
    # Asked how many answered ('how many officials answered'), a number of those who did ('the five inquiry
    # responded') counts them, whatever it calls them.
    if terms and _ANSWERING.search(question, found.start(1)):
        terms.extend(_ANSWERING_TERMS)
    return frozenset(terms)


# A list of what is counted counts it: 'professional exhibition venues such as Guoxin Financial Center and Haitian
# Center' says how many venues (two), as 'two venues' would.
_LISTED = re.compile(r"^(?:[\w'’-]+\s+){0,2}?(?:such\s+as|including|namely|like)\s+(?:the\s+)?"
                     r"[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,6}?(?:,\s+|\s+and\s+)(?:and\s+)?(?:the\s+)?[A-Z]")


def lists(counted: frozenset[str], text: str) -> bool:
    """Whether the text lists what is counted: a word of `counted`, then 'such as' (or 'including') and at least two
    named items."""
    words = list(re.finditer(r"[\w'’-]+", text))
    return any(counted.intersection(tokenize(word.group())) and _LISTED.match(text[word.end():].lstrip())
               for word in words)


# A question that asks for several things: 'which foreign cities is Beijing sending supplies to', 'what kinds of
# plastic can it sort', 'what four messages did the summit send' ('which' or 'what', at most two describing words,
# then a plural noun; not 'what does', 'which is', 'what share of', 'what happens', 'what basis', nor the plurals that
# ask for figures or words, 'what figures', 'what remarks'). English only: 哪些 asks as often for one thing as for
# several.
_ASKING_WORD = re.compile(r"\b(?:which|wich|what|wat)\s+", re.IGNORECASE)  # (as typed: 'wich tech companys')
_ANY_ASKING = re.compile(r"\b(?:who|whom|whose|what|wat|which|wich|where|when|why|how|is|are|was|were|do|does|did"
                         r"|can|could|will|would|has|have|had)\b", re.IGNORECASE)
_KIND_OF = re.compile(r"(?:kinds|sorts|types)\s+of\s+", re.IGNORECASE)
_LISTING_REQUEST = re.compile(r"\b(?:list|name|enumerate)\s+(?:(?:all|every|each|the|of)\s+)*((?:[\w'’-]+\s*){1,3})",
                              re.IGNORECASE)
_NOT_NOUNS = frozenset("""did do does is are was were will would can could should shall has have had may might must
the a an this that these those his her hers its our ours your yours their theirs my plus less unless always
perhaps news happens remains means goes seems makes comes lies says thinks figures numbers statistics details comments
remarks words thoughts views reasons steps""".split())
_PLURAL = re.compile(r"[a-z][a-z'’-]*[^siu\W'’-]s", re.IGNORECASE)


def asks_for_several(question: str) -> bool:
    """Whether the question asks for several things (a list), to highlight the sentence that gives them; a fragment
    asks by naming them ('key projects in the light luxury cluster?')."""
    if not _ANY_ASKING.search(question):
        return any(_PLURAL.fullmatch(word) and word.lower() not in _NOT_NOUNS for word in _words(question)[:4])
    for listing in _LISTING_REQUEST.finditer(question):  # 'could you list all the officials who ...'
        if any(_PLURAL.fullmatch(word) and word.lower() not in _NOT_NOUNS for word in _words(listing.group(1))):
            return True
    for asking in _ASKING_WORD.finditer(question):
        rest = question[asking.end():]
        if _KIND_OF.match(rest):
            return True
        for word in _words(rest)[:3]:
            if word.lower() in _NOT_NOUNS:
                break
            if _PLURAL.fullmatch(word):
                return True
    return False


def _words(text: str) -> list[str]:
    return [word.strip(",.?!;:\"'()") for word in text.split()]


# A sentence giving several things: at least three items, short or named ('Seoul, Tokyo, Yokohama and Tehran',
# 'ports, highways, railways, aviation and communication', '30,000 meals, 90,000 bottles of water, 4,500 blankets'),
# none of them a word of speech ('So, yes, we will, and ...'); or named things after 'such as' ('major events such as
# CBA All-Star Weekend and National Swimming Championship'); or two 、 in Chinese.
_WORD_CHARS = r"(?:[^\s,;:!?]|,(?=\d{3}))+"
_NOT_ITEMS = r"(?!(?i:so|yes|no|well|sir|madam|now|then|but|i|we|you|they|he|she|it|that|this)\b)"
_ITEM = (rf"{_NOT_ITEMS}(?:[A-Z0-9]{_WORD_CHARS}(?:\s+{_WORD_CHARS}){{0,7}}"  # named or counted: up to eight words
         rf"|[a-z]{_WORD_CHARS}(?:\s+[a-z]{_WORD_CHARS})?)")  # else at most two
_SEVERAL_GIVEN = re.compile(rf"(?<![^\s(“\"'])(?:{_ITEM},\s+){{3,}}{_ITEM}"
                            rf"|(?<![^\s(“\"']){_ITEM},\s+{_ITEM},?\s+(?:and|or)\s+{_ITEM}|[^、，。]+、[^、，。]+、"
                            r"|\b(?:such\s+as|including|namely)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,6}?"
                            r"(?:,\s+|\s+and\s+)(?:and\s+)?(?:the\s+)?[A-Z]")


def gives_several(sentence: str) -> int:
    """Whether the sentence lists several things (bot.features.asks_for_several)."""
    return int(bool(_SEVERAL_GIVEN.search(sentence)))


_SHARE = re.compile(r"(?:per\s*cent|percent|pc)\b", re.IGNORECASE)
_BEFORE_COUNTED = frozenset("other more additional further different separate new extra of the these those".split())


def counts(counted: frozenset[str], text: str, shares: bool = True, said: frozenset[str] = frozenset()) -> bool:
    """Whether the text gives a number of what is counted: a number followed, within a few words and before any
    small word but 'of', by one of `counted` ('eight major industrial clusters', '92 per cent of Australians';
    not '10,000 apprenticeships in new energy jobs' for new jobs, nor 'a three-year plan' for clusters), or by one
    of the text's own words for it (`said`) as the last of those words ('192 American businesses', asked how many
    companies; not '12 teams of medical experts', asked how many doctors). Without `shares`, only a count ('over
    200 cranes'), not a share ('80 percent of cranes')."""
    for words, i in _numbers(text):
        if not shares and _SHARE.match(" ".join(words[i + 1 : i + 3])):
            continue
        after = [terms for _, terms in _counted_after(words[i + 1 :]) if terms]
        if any(counted.intersection(terms) for terms in after) or (after and said.intersection(after[-1])):
            return True
    return False


def _counted_after(words: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """The words after a number that it may count, each with its BM25 terms: a few, up to a small word other than
    'of' ('eight major industrial clusters'; '92 per cent of Australians')."""
    for after in words[:_COUNTED_WITHIN]:
        terms = tokenize(after)
        if not terms and after.lower() != "of":
            return
        yield after, terms


_SMALL_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split())}
# A small number standing alone: not part of a name or a formula ('G7', '1+6', 'COVID-19', '3.5').
_SMALL_NUMBER = re.compile(rf"(?<![\w+./-])(?:\d{{1,3}}|{'|'.join(_SMALL_NUMBERS)})(?![\w+./-])", re.IGNORECASE)


def numbered(text: str) -> frozenset[tuple[int, str]]:
    """(number, term) for each small number of the text standing alone and the words that follow it within a few,
    as BM25 terms ('the 8 industry clusters': (8, industri), (8, cluster)); in the same clause, as `counts` reads
    them."""
    found = set()
    for clause in _SENTENCE_END.split(text):
        for number in _SMALL_NUMBER.finditer(clause):
            value = int(number.group()) if number.group().isdigit() else _SMALL_NUMBERS[number.group().lower()]
            for _, terms in _counted_after(_ENGLISH_OR_NUMBER.findall(clause, number.end())):
                found.update((value, term) for term in terms)
    return frozenset(found)


def counted_words(text: str) -> list[str]:
    """The words the text gives numbers of, as it writes them ('eight major industrial clusters': major,
    industrial, clusters), to compare in meaning with what a question counts."""
    found: list[str] = []
    for words, i in _numbers(text):
        found += [after.lower() for after, terms in _counted_after(words[i + 1 :]) if terms]
    return list(dict.fromkeys(found))


def _numbers(text: str) -> Iterator[tuple[list[str], int]]:
    """For each number in the text (a numeral or a number word), the words of its sentence and its index there."""
    for sentence in _SENTENCE_END.split(text):
        words = _ENGLISH_OR_NUMBER.findall(sentence)
        yield from ((words, i) for i, word in enumerate(words) if _COUNT_WORD.match(word))


def is_fragment(sentence: str) -> bool:
    """A line that cannot answer on its own: one that starts mid-list ('and Li Suman, Director of ...'), or a
    bare name and title without a verb or a full stop ('Che Jinghua, Director of Qingdao Sports Bureau')."""
    text = sentence.strip()
    if not text:
        return True
    if _MID_LIST.search(text) or text[0].islower():
        return True
    if is_cjk(text) or text.endswith((".", "!", "?", "。", "！", "？", '"', "”")):
        return False
    words = _ENGLISH_WORD.findall(text)
    if not words or len(words) > _BARE_NAME_WORDS:
        return False
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(major) and sum(w[0].isupper() for w in major) >= 0.75 * len(major)


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith(("?", "？"))


class TextVectors:
    """Embeddings of short texts (words, sentences), computed once each and kept up to `size` of them:
    the passages of one corpus answer many questions, so their sentences and words come back."""

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray], size: int = 100_000) -> None:
        self._encode = encode
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """A row per text, in order; the texts not seen yet are embedded in one call. Safe across threads:
        a server's questions share the vectors, and one question's evictions never take another's rows."""
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = {text: vector.astype(np.float16) for text, vector in zip(missing, self._encode(missing))}
            found.update(fresh)
            with self._lock:
                self._vectors.update(fresh)
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32)

    def save(self, path: Path) -> None:
        """Writes the vectors kept (training reuses them between runs)."""
        texts = list(self._vectors)
        np.savez(path, texts=np.array(texts, dtype=object), vectors=np.stack([self._vectors[t] for t in texts])
                 if texts else np.zeros((0, 0), dtype=np.float16))

    def read(self, path: Path) -> None:
        if path.exists():
            data = np.load(path, allow_pickle=True)
            for text, vector in zip(data["texts"].tolist(), data["vectors"]):
                self._vectors[text] = vector


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    terms: frozenset[str]


@dataclass(frozen=True)
class QuestionTerms:
    """The question's weighted terms, and for soft matching the words behind them."""

    weights: dict[str, float]  # stemmed term → IDF weight
    words: tuple[tuple[str, str], ...]  # (word, its term) for the English words of weighted terms
    kind: str
    cjk: bool


def question_terms(question: str, weights: dict[str, float]) -> QuestionTerms:
    words = []
    if not is_cjk(question):
        for word in dict.fromkeys(w.lower() for w in _WORD.findall(question)):
            terms = tokenize(word)
            if terms and terms[0] in weights:
                words.append((word, terms[0]))
    return QuestionTerms(weights, tuple(words), question_type(question), is_cjk(question))


def sentences_of(text: str, skip: int = 0) -> list[Sentence]:
    """The first sentences of a passage (after a printed speaker label of `skip` characters)."""
    found = []
    spans = split_sentences(text[skip:]) or [(0, len(text) - skip)]
    for start, end in spans[:MAX_SENTENCES]:
        part = text[skip + start : skip + end]
        found.append(Sentence(skip + start, skip + end, part, frozenset(tokenize(part))))
    return found


def exact_coverage(question: QuestionTerms, terms: frozenset[str] | set[str]) -> float:
    total = sum(question.weights.values())
    if not total:
        return 0.5  # no informative term: neither for nor against
    return sum(w for t, w in question.weights.items() if t in terms) / total


def soft_coverage(question: QuestionTerms, terms: frozenset[str] | set[str], closeness: np.ndarray | None) -> float:
    """Like exact coverage, but a question word missing from the text counts by how close the model puts
    the word alone to the text (`closeness`: a cosine per question word): soccer meets a sentence on football."""
    total = sum(question.weights.values())
    if not total:
        return 0.5
    if question.cjk or closeness is None or not question.words:
        return exact_coverage(question, terms)
    matched: dict[str, float] = {t: 1.0 for t in question.weights if t in terms}
    for (_, term), cosine in zip(question.words, closeness):
        if term not in matched:
            matched[term] = max(matched.get(term, 0.0), min(1.0, max(0.0, (float(cosine) - _SOFT_FLOOR) / _SOFT_SPAN)))
    return sum(question.weights[t] * m for t, m in matched.items()) / total


def sentence_rows(question: QuestionTerms, sentences: Sequence[Sentence], cosines: np.ndarray,
                  closeness: np.ndarray | None) -> np.ndarray:
    """One row of SENTENCE_FEATURES per sentence of a passage; `closeness` is question word × sentence."""
    rows = np.zeros((len(sentences), len(SENTENCE_FEATURES)), dtype=np.float32)
    top = float(cosines.max()) if len(cosines) else 0.0
    english = 0.0 if question.cjk else 1.0
    for i, sentence in enumerate(sentences):
        rows[i] = (
            cosines[i], cosines[i] - top, cosines[i] * english,
            exact_coverage(question, sentence.terms),
            soft_coverage(question, sentence.terms, closeness[:, i] if closeness is not None else None),
            1.0 if question.kind else 0.0, 1.0 if holds(question.kind, sentence.text) else 0.0,
            1.0 if is_question(sentence.text) else 0.0, 1.0 if is_fragment(sentence.text) else 0.0,
            math.log1p(len(sentence.text)), 1.0 if i == 0 else 0.0, 1.0 - english,
        )
    return rows


def passage_rows(question: QuestionTerms, hits: Sequence[Hit], p_exact: Sequence[float], p_soft: Sequence[float],
                 best: Sequence[tuple[float, np.ndarray]]) -> np.ndarray:
    """One row of PASSAGE_FEATURES per candidate; `best` is each candidate's best sentence (logit, features)."""
    count = len(hits)
    dense = np.array([h.dense for h in hits], dtype=np.float32)
    fused = np.array([h.score for h in hits], dtype=np.float32)
    lexical = np.array([h.lexical for h in hits], dtype=np.float32)
    dense_rank = _ranks(dense)
    lexical_rank = np.where(lexical > 0, _ranks(lexical), count)
    top_lexical = float(lexical.max()) if count else 0.0
    english = 0.0 if question.cjk else 1.0
    column = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
    rows = np.zeros((count, len(PASSAGE_FEATURES)), dtype=np.float32)
    for i, hit in enumerate(hits):
        logit, sentence = best[i]
        rows[i] = (
            dense[i], dense[i] * english, dense[i] - dense.max(), math.log1p(dense_rank[i]),
            fused[i] - fused.max(), math.log1p(i), fused[i] - fused[i + 1] if i + 1 < count else 0.0,
            lexical[i] / top_lexical if top_lexical > 0 else 0.0, math.log1p(lexical_rank[i]),
            1.0 if lexical[i] <= 0 else 0.0, p_exact[i], p_soft[i], math.log1p(len(question.weights)),
            1.0 - english, math.log1p(len(hit.chunk.text)), logit,
            sentence[column["s_cos"]], sentence[column["s_cos_en"]], sentence[column["s_exact"]],
            sentence[column["s_soft"]], sentence[column["s_type_expected"]], sentence[column["s_type_present"]],
        )
    return rows


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the highest value, 1 for the next, ... (ties in order of position)."""
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return ranks


# Asked what will be done ('is the city going to do anything', 'what did Sun say they'd do', 'what measures'), the
# part of a reply saying what someone will, should or must do answers before its part on how things are.
_WHAT_IS_DONE = re.compile(r"\b(?:will|would|gonna|going\s+to|plans?\s+to|planning\s+to|'ll|’ll|'d|’d"
                           r"|should|must)\s+(?:[\w'’-]+\s+){0,4}?(?:do|doing|done)\b"
                           r"|\b(?:what|which)\s+(?:measures|steps|actions|policies|plans)\b"
                           r"|\b(?:did|does|do|will|would|has|have|had)\b(?:\s+[\w'’-]+){0,4}?\s+"
                           r"(?:promise|pledge|vow)\b"
                           r"|\bhow\s+(?:will|would|is|are|do|does)\b(?:\s+[\w'’-]+){1,4}?\s+"
                           r"(?:going\s+to\s+)?(?:help|support)\b"
                           r"|措施|怎么做|如何做", re.IGNORECASE)  # (not '叫做什么', what it is called)
_DOING = re.compile(r"\b(?:will|shall|should|must|plans?\s+to|going\s+to|intends?\s+to|aims?\s+to|is\s+to|are\s+to)\s+"
                    r"(?:\w+\s+)?[a-z]+", re.IGNORECASE)


def asks_what_is_done(question: str) -> bool:
    """Whether the question asks what someone will do, or what measures they take."""
    return _WHAT_IS_DONE.search(question) is not None


def says_what_is_done(text: str) -> bool:
    """Whether the text says what someone will, should or must do."""
    return _DOING.search(text) is not None
