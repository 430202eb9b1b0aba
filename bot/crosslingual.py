"""Questions asked in one language over a record kept in the other: the text to search and embed.

The bundled embedding model reads English only, so a Chinese question over an English record is searched
through its translation: jieba segments it, CC-CEDICT (bot.cedict) gives each content word's senses, and
the senses whose words occur in the index are kept (a word of the record is a better translation than one
the record never uses). A compound the dictionary lacks (体育局) is read through the shorter words it holds
(体育 + 局). Names are rendered in pinyin as English records write them (林青 -> 'Lin Qing'). Question
words and verbs of speaking become the English ones the rest of the bot reads ('谁回答了…' -> 'who
answered …'), so that the translation goes through the same search, speaker focus and answer logic as
an English question. An English question over a Chinese record gets the Chinese words the dictionary
gives for its words, where the index has them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot import cedict
from bot.background import NAME_RARITY, rarity
from index.lexical import tokenize
from ingest.text import is_cjk

_SENSES = 2  # senses kept per word, among those the index knows
# Words of the dictionary's phrasing ('have the skill', 'to make sth'), not of the meaning.
_GENERIC = frozenset("""have has be make do get give take put go come one some thing kind person used etc up down out
off over about with set deal run""".split())
_MIN_SHARE = 0.02  # passages in a language below which the record is taken not to be written in it
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_PLACE_TAGS = frozenset({"ns"})
# A proper noun of no kind jieba knows ('国信', '澳帆'), which the record may write in pinyin as a place is
# ('Guoxin Financial Center', 'Aofan Fashion Center').
_NAMED_TAGS = _PLACE_TAGS | {"nz"}
# A place word's last character that English writes as a word after the name ('福山湾': Fushan Bay).
_PLACE_ENDS = frozenset("湾区岛路街港河湖山")
_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_WHO_IS = re.compile(
    r"^(?:请问)?(?:谁是(?P<after>.+?)|(?P<before>.+?)是(?:谁|什么人|哪位|何人|干什么的|做什么的|干啥的|做啥的|什么身份|什么职务|什么职位|啥职务)"
    # ...and a title's holder asked by name: '商务局长叫什么名字' (what something is called is asked below)
    r"|(?P<titled>.+?(?:局长|主任|部长|市长|书记|主席|会长|处长|厅长|委员|代表|领导|负责人|记者))(?:的名字)?叫(?:什么|啥)(?:名字)?)"
    r"[啊呀呢嘛啦哈]*[？?。！!]*$"  # a spoken particle may close it: '孙立杰是什么职务啊
)
# A describing clause before the one asked about: '回答问题的那个' (the one who answered the questions).
_DESCRIBED = re.compile(r"^.*?的(?:那|这)[个位名]")
# Who came for a body ('体育局谁来的', '商务局派谁来了'): who, of those who answered, holds a role there.
_WHO_CAME = re.compile(r"^(?:请问)?(?P<body>.+?)"
                       r"(?:派了?谁来?了?|谁来的|谁来了|来了谁|来的是谁|谁出席|谁参加|谁到场|谁去的)的?"
                       r"[啊呀呢嘛啦哈]*[？?。！!]*$")
# Question phrases jieba cuts apart ('几月' + '几号'), read before segmenting.
_QUESTION_PHRASES = [
    # The asker's own asking ('我家住在城阳，想问问…', '请问'), not anyone's in the record: left out (not '林青想问什么').
    (re.compile(r"(?:^|(?<=[，,。！!？?；;\s]))我?想问(?:问|一下|下)?|请问|我想问(?:问|一下|下)?"), " "),
    (re.compile(r"哪一?年|哪年"), " what year "),
    (re.compile(r"几月几[号日]|哪一?天|什么时候|什么时间|几时|何时|哪日"), " when "),
    (re.compile(r"哪几[位个名项家种条]?"), " which "),  # '哪几位领导' which leaders, not how many
    (re.compile(r"几[位个名项大次家场种条所]|多少[位个名项次家场种条]?"), " how many "),
    (re.compile(r"在哪里?|在哪儿|哪里|何处|何地"), " where "),
    (re.compile(r"(?:占地|面积|规模)?(?:有)?多大"), " how big "),  # '占地多大' how big (not 'many big')
    # '哪家媒体发的' which outlet published it: 发 alone is 'send', 'show' or 'develop'.
    (re.compile(r"(?:哪家|哪个|什么)(?:媒体|报纸|报社|网站|新闻网站)(?:发布|刊发|刊登|报道|发|登)(?:的|了)?"),
     " which newspaper published "),
    # '由哪位领导回答的' which official answered: 由 alone is 'follow', and 'who leader answered' names no one.
    (re.compile(r"由?哪[位个名](?:领导|官员|负责人|部长|局长)?(?:来|进行|作出)?(?=回答|答复|回应|作答|应答|解答)"),
     " which official "),
    # '叫什么名字', '叫啥' what it is called: 叫 alone is 'shout', 'order' or 'ask'.
    (re.compile(r"(?:名字|名称|名)?叫(?:做|作)?(?:什么|啥)(?:名字|名称|名)?"), " what is it called "),
    # '提了什么问题' raised (asked) a question: 提 alone is 'lift', 'mention' or 'measure'.
    (re.compile(r"提(?:出了?|了)?(?=(?:个|一个|了个)?(?:什么|哪些|啥|几个|哪个)?问题)"), " asked "),
]
# A modal verb ('要', '会' before a verb) says when or whether, not what about.
_MODALS = frozenset("要 想 能 可以 应该 将 将要 打算 计划要 会".split())

# What question words and verbs of speaking are in the English the speaker focus reads; '' drops a word.
FUNCTION_WORDS: dict[str, str] = {
    **dict.fromkeys("谁 哪位 何人".split(), "who"),
    **dict.fromkeys("什么时候 何时 哪天 哪一天 几号 哪日 几时 哪年 哪一年 几月几日 几月几号".split(), "when"),
    **dict.fromkeys("哪里 哪儿 在哪 在哪里 何处 何地".split(), "where"),
    **dict.fromkeys("什么 啥".split(), "what"),
    **dict.fromkeys("哪些 哪个 哪 哪一个 哪家 哪项 哪类".split(), "which"),
    **dict.fromkeys("为什么 为何".split(), "why"),
    **dict.fromkeys("如何 怎么 怎样 怎么样".split(), "how"),
    **dict.fromkeys("多少 几".split(), "how many"),
    **dict.fromkeys("回答 答复 作答 回应 答 解答 应答 答疑".split(), "answered"),
    **dict.fromkeys("提问 问 询问 提出 发问 问到 问了".split(), "asked"),
    **dict.fromkeys("说 讲 表示 谈 谈到 提到 指出 称 说到 讲到".split(), "said"),
    **dict.fromkeys("和 与 及 以及 跟 同".split(), "and"),
    "是": "is",
    "没有": "not",
    **dict.fromkeys("的 了 吗 呢 吧 啊 呀 着 过 地 得 也 都 就 还 又 在 把 被 将 请 请问 一下 所 其 该 这 那 有".split(), ""),
    # Measure words and demonstratives: '这篇报道' is 'the report'.
    **dict.fromkeys("个 位 篇 项 家 名 次 场 条 件 种 些 这个 那个 这些 那些 这次 这篇 此".split(), ""),
    **dict.fromkeys("干什么 做什么 干啥".split(), "what"),
    # How a question asks rather than what about: 'respectively', 'exactly', 'in total', 'roughly'.
    **dict.fromkeys("分别 具体 到底 究竟 一共 总共 大概 大约 大致".split(), ""),
    # What a question is about: '车京华对CBA全明星周末说了啥', 'what did Che Jinghua say about ...'.
    **dict.fromkeys("关于 对于 有关".split(), "about"),
}


@dataclass(frozen=True)
class Languages:
    """The share of the record's passages written mostly in Chinese (the rest: in English)."""

    chinese: float

    @property
    def has_chinese(self) -> bool:
        return self.chinese >= _MIN_SHARE

    @property
    def has_english(self) -> bool:
        return 1 - self.chinese >= _MIN_SHARE


def record_languages(texts: Sequence[str]) -> Languages:
    """The languages of a sample of the record's passages (none: an English record)."""
    return Languages(sum(map(is_cjk, texts)) / len(texts) if texts else 0.0)


class QueryTranslator:
    """Turns a question into the text searched and embedded for it, given what the index holds.

    `known(term)` says whether a BM25 term occurs in the index; `languages` what the record is written in."""

    def __init__(self, known: Callable[[str], bool], languages: Languages) -> None:
        self.known = known
        self.languages = languages

    def prepare(self) -> None:
        """Loads the dictionary, its use as a thesaurus and as a source of word-by-word translations, the
        segmenter and the characters by their reading now rather than on the first question that needs them."""
        cedict.dictionary()
        cedict.senses_glossing("answer")
        cedict.calques("answer")
        cedict.pinyin_syllables()
        segment("谁")
        _homophones()
        _frequencies()
        cedict.simplified("說")

    def readable(self, question: str) -> str:
        """A Chinese question in simplified characters, as the glossaries, the segmenter and pinyin names read it,
        when the record is not in Chinese (a Chinese record is searched as it is written)."""
        return cedict.simplified(question) if _CJK.search(question) and not self.languages.has_chinese else question

    def query_for(self, question: str) -> str:
        """The question itself when the record is in its language, its translation when the record is in
        the other, both when the record has both."""
        # Mostly Chinese; or Chinese around English names over an English record ('Sun Lijie 说了什么')
        if is_cjk(question) or (_CJK.search(question) and not self.languages.has_chinese):
            if not self.languages.has_english:
                return question
            translated = to_english(question, self.known)
            return f"{question} {translated}" if self.languages.has_chinese else translated
        if not self.languages.has_chinese or not re.search(r"[A-Za-z]", question):
            return question
        translated = to_chinese(question, self.known)
        return f"{question} {translated}" if translated else question


# The asker's own words before '请问' or '想问' ('我在微信上刷到…的质询会，政协委员都在提问，请问这场会是哪一天开的'):
# background, as an English sentence that tells before the one that asks.
_ASKS_FROM = re.compile(r"[，,。！!；;]\s*(?:请问|我?想问(?:问|一下|下)?)")
_REFERS_BACK = re.compile(r"[他她]")


def asked_part(question: str) -> str:
    """What a Chinese question asks, without the background before it, unless it refers back to someone in it."""
    starts = [match.end() for match in _ASKS_FROM.finditer(question)]
    if not starts or _REFERS_BACK.search(question[starts[-1]:]):
        return question
    return question[starts[-1]:]


def to_english(question: str, known: Callable[[str], bool]) -> str:
    """A Chinese question in English words: '谁回答了林青的问题？' -> 'who answered Lin Qing question'."""
    question = respelled(question, known)
    question = _DATE.sub(lambda m: f" {_MONTHS[int(m[1]) - 1]} {m[2]} " if 1 <= int(m[1]) <= 12 else m[0], question)
    who_is = _WHO_IS.match(question.strip())
    if who_is:  # '宣传部长是谁' asks who someone is, as 'who is the …' does
        # ...of the one a clause describes: '回答问题的那个宣传部长' is the propaganda minister, not 'answer question'
        subject = _DESCRIBED.sub("", who_is['after'] or who_is['before'] or who_is['titled'])
        return f"who is {_render(subject, known)}"
    came = _WHO_CAME.match(question.strip())
    if came:  # '体育局谁来的' as 'which official was there for the sports bureau'
        return f"which official was there for the {_render(came['body'], known)}"
    for pattern, english in _QUESTION_PHRASES:
        question = pattern.sub(english, question)
    return _render(question, known)


def _render(text: str, known: Callable[[str], bool]) -> str:
    words = segment(text)
    parts: list[str] = []
    i = 0
    while i < len(words):
        word, tag = words[i]
        if i + 1 < len(words) and _name_split(word, words[i + 1][0], tag, known):
            word, tag, i = word + words[i + 1][0], "nr", i + 1  # a name jieba cut in two: 车 + 晶华
        elif i + 1 < len(words) and _place_split(word, tag, words[i + 1], known):
            # a place jieba cut in two ('福' + '山湾'): its name in pinyin, then its kind of place in English
            joined = word + words[i + 1][0]
            parts.append(_best(cedict.name_renderings(joined[:-1], person=False), known))
            parts.append(translate_word(joined[-1], known, 1))
            i += 2
            continue
        i += 1
        if not _CJK.search(word):
            # a name typed in small letters among the characters ('lin qing问了什么') is written as a name is
            latin = word.strip(" ，。？！、：；（）“”‘’,.?!:;()\"'")
            parts.append(" ".join(_as_name(part, known) for part in latin.split(" ")))
        elif word in FUNCTION_WORDS:
            parts.append(FUNCTION_WORDS[word])
        elif word == "对" and tag == "p":
            parts.append("about")  # '对X说了什么': what was said about X (not 'face' or 'correct')
        elif word[0] in _MODALS and len(word) > 1 and word not in cedict.dictionary():
            parts.append(translate_word(word[1:], known))  # '要办': will + hold
        elif word in _MODALS and (word != "会" or _before_a_verb(words, i)):
            continue  # '会' before a verb is 'will'; elsewhere it is the meeting
        elif (tag in _PERSON_TAGS and not common_word(word, known)) or _looks_like_name(word, known):
            # ...or a place's, when the record writes it so and not as a person's ('奥帆': Aofan, not Ao Fan)
            place = not _known_name(word, known, person=True) and _known_name(word, known)
            parts.append(_best(cedict.name_renderings(word, person=not place), known))
        elif (tag in _PLACE_TAGS and (_known_name(word, known) or not _known_senses(word, known))) \
                or (tag in _NAMED_TAGS and _known_name(word, known)):
            parts.append(_best(cedict.name_renderings(word, person=False), known))
        else:
            # A verb keeps one sense ('打造': create, not also build, develop, forge), which would outweigh the
            # nouns that carry the question's topic ('海洋旅游': ocean tourism).
            # (A word jieba took for a name is read whole: the parts of '马拉松', marathon, sound it, and say nothing.)
            parts.append(translate_word(word, known, 1 if tag.startswith("v") else _SENSES,
                                        whole=tag in _PERSON_TAGS))
    return " ".join(part for part in parts if part)


def _as_name(word: str, known: Callable[[str], bool]) -> str:
    """A word in small letters capitalised when the record uses it and English seldom does ('qing': Qing)."""
    terms = tokenize(word)
    return word.capitalize() if word.islower() and len(terms) == 1 and known(terms[0]) \
        and rarity(terms[0]) >= NAME_RARITY else word


def _before_a_verb(words: Sequence[tuple[str, str]], following: int) -> bool:
    return following < len(words) and words[following][1].startswith("v") and words[following][0] != "是"


def translate_word(word: str, known: Callable[[str], bool], senses: int = _SENSES, whole: bool = False) -> str:
    """The senses of a Chinese word whose words the index knows (at most `senses` that add a term; only their
    known words: 'bureau chief' -> 'bureau'), or else its first sense; a compound the dictionary lacks is
    read through its shorter words (体育局 -> 体育 + 局), and one it has through those too unless read `whole`."""
    kept = _known_senses(word, known, senses)
    if kept:
        return " ".join(kept)
    first = next(iter(_senses_of(word)), "")
    if len(word) > 1 and not (whole and first):
        # The parts' known senses ('帆船', sailboat: 帆 'sail'); a word the dictionary lacks is only its parts.
        parts = [" ".join(_known_senses(part, known)[:1]) for part in _shorter_words(word)]
        if any(_known_text(part, known) for part in parts):
            # A part the record has no word for keeps its first sense, for the meaning ('赛事': competition)
            parts = [part or next(iter(_senses_of(piece)), "") for part, piece in zip(parts, _shorter_words(word))]
            return " ".join(part for part in [first, *parts] if part)
    return first


def _senses_of(word: str) -> list[str]:
    """The glossaries' official titles (局长 -> 'director bureau') and policy terms (集群 -> 'cluster') where they
    have the word, else the dictionary's."""
    glossary = cedict.TITLES.get(word) or cedict.TERMS.get(word)
    return list(glossary) if glossary else cedict.glosses(word)


def _known_senses(word: str, known: Callable[[str], bool], most: int = _SENSES) -> list[str]:
    """Senses whose every word the record uses come first ('professional' before 'specialized field'); a
    sense only partly used counts by its used words alone. Each kept sense adds a term; at most two."""
    whole: list[list[str]] = []
    partial: list[list[str]] = []
    for sense in _senses_of(word):
        words = [w for w in sense.split() if w.lower() not in _GENERIC]
        used = [w for w in words if _known_text(w, known)]
        if used:
            (whole if len(used) == len(words) else partial).append(used)
    kept: list[str] = []
    terms: set[str] = set()
    for used in whole or partial:
        new = {t for w in used for t in tokenize(w)} - terms
        if kept and new and all(any(stem_variants(t, old) for old in terms) for t in new):
            kept[-1] += " " + " ".join(used)  # 'commerce' after 'commercial': one sense the stemmer keeps apart
            terms |= new
        elif new and len(kept) < most:
            kept.append(" ".join(used))
            terms |= new
    return kept


def stem_variants(term: str, other: str) -> bool:
    """Stems of one word in two forms ('commerci', 'commerc'): one is the other, give or take a letter."""
    shorter, longer = sorted((term, other), key=len)
    return len(shorter) >= 5 and longer.startswith(shorter[:-1]) and len(longer) - len(shorter) <= 2


def _known_text(text: str, known: Callable[[str], bool]) -> bool:
    return any(known(term) for term in tokenize(text))


def _shorter_words(word: str) -> list[str]:
    """The dictionary's words of two characters or more inside a compound, in order (overlapping ones
    too: 宣传部长 holds 宣传部, 宣传 and 部长), and the characters none of them covers."""
    known_words = cedict.dictionary()
    spans = [
        (start, end) for start in range(len(word)) for end in range(len(word), start + 1, -1)
        if (end - start) < len(word) and word[start:end] in known_words
    ]  # fmt: skip
    covered = {i for start, end in spans for i in range(start, end)}
    spans += [(i, i + 1) for i in range(len(word)) if i not in covered and word[i] in known_words]
    return [word[start:end] for start, end in sorted(spans)]


def _looks_like_name(word: str, known: Callable[[str], bool]) -> bool:
    """A word the dictionary lacks, starting with a common surname, whose pinyin the index holds as a name."""
    if not 2 <= len(word) <= 3 or word[0] not in cedict.SURNAMES or word in cedict.dictionary():
        return False
    return _known_name(word, known, person=True)


def _known_name(word: str, known: Callable[[str], bool], person: bool = False) -> bool:
    """Whether the index holds every word of one of the word's readings as a name (a person's, or a place's)."""
    return any(all(known(t) for t in tokenize(r)) for r in cedict.name_renderings(word, person=person))


def _name_split(word: str, following: str, tag: str, known: Callable[[str], bool]) -> bool:
    if tag in _PERSON_TAGS or len(word) + len(following) > 3 or not _CJK.search(following):
        return False
    return _looks_like_name(word + following, known)


def _place_split(word: str, tag: str, following: tuple[str, str], known: Callable[[str], bool]) -> bool:
    """Whether a place name and the next word are one place jieba cut in two ('福' + '山湾'): the record names the
    place ('Fushan'), which the joined words, without a last character that says what kind of place, spell."""
    joined = word + following[0]
    return tag in _PLACE_TAGS and following[1] in _PLACE_TAGS and len(joined) > 2 and joined[-1] in _PLACE_ENDS \
        and not _known_name(word, known) and _known_name(joined[:-1], known)


def _best(renderings: Sequence[str], known: Callable[[str], bool]) -> str:
    """The rendering whose words the index holds (the common reading when none or several do)."""
    return next((r for r in renderings if all(known(t) for t in tokenize(r))), renderings[0] if renderings else "")


@lru_cache(maxsize=1)
def _posseg():  # noqa: ANN202 - jieba has no types
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


# Titles that name a person ('市长': the mayor), as the glossary gives them.
_PERSON_TITLES = frozenset("局长 厅长 部长 处长 主任 会长 主席 市长 副市长 书记 记者 宣传部长".split())
_BODIES = frozenset("局厅委署办")  # a bureau, department, commission, office: 教育局 is the education bureau


def absent_people(question: str, known: Callable[[str], bool]) -> list[str]:
    """The English of the people a Chinese question names by a title the record never uses ('青岛市长说了啥':
    'mayor', over a record with no mayor in it), or by a body it never names ('教育局局长': 'educate', over a
    record without an education bureau): whatever they said, the record cannot hold it."""
    absent = []
    for word, _ in segment(question):
        if word in _PERSON_TITLES and not _known_senses(word, known):
            absent.append(" ".join(cedict.TITLES[word]))
        elif len(word) > 2 and word[-1] in _BODIES and word not in cedict.TITLES and not _known_senses(word, known) \
                and not _known_senses(word[:-1], known) and cedict.glosses(word[:-1]):
            absent.append(cedict.glosses(word[:-1])[0])
    return absent


_CLAUSES = re.compile(r"[，。？！；,.?!;\s]+")
_FIRST_PERSON = re.compile(r"我")


def absent_places(question: str, known: Callable[[str], bool]) -> list[str]:
    """The English names of the places a Chinese question names that the record never does ('深圳也在建吗':
    'Shenzhen', over a record of Qingdao's plans): what the record says is of other places. Not where the asker
    says they are ('我家住李沧'): that is who asks, not what about."""
    clauses = [clause for clause in _CLAUSES.split(question) if not _FIRST_PERSON.search(clause)]
    names = (cedict.place_of(word) for clause in clauses for word, _ in segment(clause))
    return list(dict.fromkeys(name for name in names
                              if name is not None and not any(known(term) for term in tokenize(name))))


_THING_TAGS = frozenset({"n", "nz", "j"})  # nouns, other proper nouns, abbreviations
# A gloss this rare in English at large names a thing ('marathon', 'beer'), not a word said in passing ('time',
# 'name', 'department'): the record lacking it is the record not saying.
_THING_RARITY = 0.9


def common_word(word: str, known: Callable[[str], bool]) -> bool:
    """A word jieba takes for a name that the dictionary gives only everyday senses of, and that names no one in
    the record ('马拉松': marathon, not a Mr Ma Lasong)."""
    senses = cedict.glosses(word)
    return bool(senses) and all(sense[:1].islower() for sense in senses) and not _known_name(word, known, person=True)


def absent_things(question: str, known: Callable[[str], bool]) -> list[str]:
    """The English of the things a Chinese question names that the record has no word for ('青岛马拉松':
    'marathon'; '啤酒节', a beer festival: 'beer', where the record has festivals but no beer)."""
    return list(dict.fromkeys(thing for word, tag in segment(question) for thing in _missing_thing(word, tag, known)))


def _missing_thing(word: str, tag: str, known: Callable[[str], bool]) -> list[str]:
    if len(word) < 2 or not _CJK.search(word) or word in FUNCTION_WORDS or word in cedict.TITLES:
        return []
    if tag not in _THING_TAGS and not (tag in _PERSON_TAGS and common_word(word, known)):
        return []
    # The word itself when the record has no word of any of its senses; else, when its first sense has a word
    # the record lacks ('Beer Festival'), those of its parts of which the record has none ('啤酒').
    if not _known_senses(word, known):
        pieces = [word]
    elif all(_known_text(w, known) for w in _content_words(next(iter(_senses_of(word)), ""))):
        return []
    else:
        pieces = [part for part in _shorter_words(word) if len(part) > 1]
    return [w for piece in pieces if _senses_of(piece) and not _known_senses(piece, known)
            for w in _content_words(_senses_of(piece)[0]) if not _known_text(w, known)
            and tokenize(w) and all(rarity(t) >= _THING_RARITY for t in tokenize(w))]


def _content_words(sense: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", sense) if w.lower() not in _GENERIC]


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of a Chinese text with their part-of-speech tags ('nr' a person's name, 'v' a verb …).
    Cached: the translation, the respelling and the search for what the record lacks each read the question."""
    return _glossary_words([(pair.word, pair.flag) for pair in _posseg().lcut(text) if pair.word.strip()])


_GLOSSARY_PARTS = 3  # a glossary word jieba cuts is put together from at most so many of its words
_GLOSSARY = frozenset(cedict.TITLES) | frozenset(cedict.TERMS)


def _glossary_words(words: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """jieba's words with those of the glossaries whole, where it cuts them ('线' + '上': 线上) or takes them for a
    name ('康养'): a noun each. (jieba's own dictionary is left as it is: the index's words are cut by it.)"""
    joined: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        parts = next((n for n in range(min(_GLOSSARY_PARTS, len(words) - i), 1, -1)
                      if "".join(word for word, _ in words[i:i + n]) in _GLOSSARY), 1)
        word = "".join(word for word, _ in words[i:i + parts])
        tag = "n" if parts > 1 or (word in _GLOSSARY and words[i][1] in _PERSON_TAGS) else words[i][1]
        joined.append((word, tag))
        i += parts
    return tuple(joined)


# A word typed as its homophone ('项木' for 项目 xiàngmù, '回映' for 回应 huíyìng: the pinyin input's next choice) is a
# word neither jieba's dictionary nor CC-CEDICT has (or has as a rarity); the word meant is one character away, read
# the same (tones aside), common, and has a sense whose words the record uses. Names are left as typed.
_UNKNOWN_BELOW = 10  # jieba's count of a word rarer than this: unknown
_COMMON_FROM = 100  # ...of a word common enough to be the one meant
_LONE_WORD = 10_000  # ...of a character common as a word of its own
_NAME_TAGS = ("nr", "ns", "nt", "nz")


def respelled(question: str, known: Callable[[str], bool]) -> str:
    """The Chinese question with each homophone slip written as the word meant ('疫请' -> 疫情)."""
    words = segment(question)
    fixed: dict[str, str] = {}
    for i, (word, tag) in enumerate(words):
        # (a longer word jieba made up is words run together: 体育赛事)
        if len(word) != 2 or not _CJK_WORD.fullmatch(word) or _known_word(word) or tag.startswith(_NAME_TAGS):
            continue
        # ...within the word, or across it and a lone character beside it ('说疫' + '请': 疫情)
        spans = [word]
        if i + 1 < len(words) and len(words[i + 1][0]) == 1:
            spans.append(word + words[i + 1][0])
        if i > 0 and len(words[i - 1][0]) == 1:
            spans.append(words[i - 1][0] + word)
        pairs = [span[j:j + 2] for span in spans for j in range(len(span) - 1)]
        meant = next((m for m in (_homophone_of(pair, known) for pair in pairs if not _known_word(pair)) if m), None)
        if meant is not None:
            fixed[meant[0]] = meant[1]
    # A known word and a lone character that is seldom a word of its own, typed for a longer word ('委员' + '汇':
    # 委员会)
    for i, (word, _) in enumerate(words[:-1]):
        lone = words[i + 1][0]
        if len(word) >= 2 and _CJK_WORD.fullmatch(word + lone) and len(lone) == 1 and _known_word(word) \
                and _frequencies().get(lone, 0) < _LONE_WORD:
            meant = _homophone_of(word + lone, known, at=(len(word),))
            if meant is not None:
                fixed[meant[0]] = meant[1]
    for slip, word in fixed.items():
        question = question.replace(slip, word)
    return question


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _known_word(word: str) -> bool:
    return _frequencies().get(word, 0) >= _UNKNOWN_BELOW or word in cedict.dictionary()


def _homophone_of(typed: str, known: Callable[[str], bool], at: Sequence[int] | None = None) -> tuple[str, str] | None:
    """(typed, the word meant) for characters typed for a common word read the same (one of them, at any position
    or one of `at`), or None."""
    table, readings = _homophones()
    frequencies = _frequencies()
    if min(frequencies.get(char, 0) for char in typed) >= _LONE_WORD:
        return None  # two common words side by side ('提问人问的': 人, 问), not a word mistyped
    meant = {}
    for i in range(len(typed)) if at is None else at:
        char = typed[i]
        for reading in readings.get(char, ()):
            for other in table[reading]:
                word = typed[:i] + other + typed[i + 1:]
                if other != char and frequencies.get(word, 0) >= _COMMON_FROM and _known_senses(word, known):
                    meant[word] = frequencies[word]
    return (typed, max(meant, key=lambda w: (meant[w], w))) if meant else None


@lru_cache(maxsize=1)
def _homophones() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """CC-CEDICT's characters by their toneless pinyin ('qing': 请 情 青 …), and each character's readings."""
    table: dict[str, set[str]] = {}
    for word, entries in cedict.dictionary().items():
        if len(word) == 1 and _CJK_WORD.fullmatch(word):
            for pinyin, _ in entries:
                table.setdefault(re.sub(r"\d", "", pinyin).lower(), set()).add(word)
    readings: dict[str, set[str]] = {}
    for reading, chars in table.items():
        for char in chars:
            readings.setdefault(char, set()).add(reading)
    return ({reading: frozenset(chars) for reading, chars in table.items()},
            {char: frozenset(found) for char, found in readings.items()})


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    """jieba's word counts."""
    import jieba

    _posseg()  # (jieba quiet)
    jieba.dt.initialize()
    return jieba.dt.FREQ


_ENGLISH_QUESTION_WORDS = {"who": "谁", "when": "什么时候", "where": "哪里"}
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def to_chinese(question: str, known: Callable[[str], bool]) -> str:
    """The Chinese words of the index that translate an English question's words or phrases ('music
    festival' -> 音乐节), '' when none does."""
    index = cedict.english_index()
    words = [w for w in _ENGLISH_WORD.findall(question.lower()) if w not in _ENGLISH_QUESTION_WORDS]
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):  # the longest phrase the dictionary translates into words the index holds
            phrase = words[i : i + size]
            if len(phrase) < size:
                continue
            candidates = [c for form in _forms(" ".join(phrase)) for c in index.get(form, ()) if known(c)]
            if candidates:
                found.extend(list(dict.fromkeys(candidates))[:_SENSES])
                i += size
                break
        else:
            i += 1
    return " ".join(dict.fromkeys(found))


def _forms(phrase: str) -> list[str]:
    """A phrase as the dictionary may gloss it: as asked, without a plural or past ending."""
    return list(dict.fromkeys([phrase, phrase[:-1] if phrase.endswith("s") else phrase,
                               phrase[:-2] if phrase.endswith("ed") else phrase]))  # fmt: skip
