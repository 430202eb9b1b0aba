"""The seed report's fresh questions asked as citizens also type them: in traditional characters, in capitals, with a
chat's greetings and thanks, with a sentence about themselves. Prints hit@1 and no-answer refused per way of asking,
as sums over the sets named.

    python bench/rewritten.py --sets fresh34,fresh32 --half test
    python bench/rewritten.py --sets fresh4,fresh6 --half dev

Chinese questions are rewritten in traditional characters through CC-CEDICT's commonest traditional form of each
character, or asked after "我想知道" (I'd like to know); English ones are upper-cased, or given "Hi! " before,
" Thanks!" after or "Please tell me: " before, an opener and thanks around them, a sentence of the asker's own
background (which says nothing of the record's topics) before or after them, written in small letters without the
question mark, after "I was wondering, " or "Can you tell me ", ending in "??", "." or " pls", with an emoji,
typed with a slip on one or two of their words spelled right, or with a Chinese name called by "Mr." or "Ms." and
the surname ("Mr. Sun") or its given name typed as syllables ("Sun Li Jie"); a way that rewrites only some
questions says how many. Where a way needs a choice (which background, which
word, which slip), it is made by a hash of the question, so that a run is reproducible. Only sums are printed, so
held-out sets can be measured without reading their questions.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from answers import QUESTIONS, REPO, WORK, bot_over

from bot.cedict import file_entries, pinyin_syllables
from bot.evaluate import EvalQuestion, evaluate, read_questions
from index import Embedder
from index.embed import model_words
from web.settings import Settings

BACKGROUNDS = (
    "I live in Licang and my wife asked me about this last night.",
    "I run a small noodle shop near the station, so this matters to me.",
    "My son studies at Ocean University here and we were talking about it.",
    "I'm a retired teacher and I read the news about the meeting.",
    "Quick question from a taxi driver.",
    "I saw something on WeChat about the fashion city plan but I don't trust it.",
)
# ...and as a Chinese asker tells it, in a clause before the question
CHINESE_BACKGROUNDS = ("我住在李沧区，", "我是开小饭馆的，", "我儿子在海大读书，", "我退休了，在家看新闻，")
OPENERS = ("Hello, quick one: ", "Hi there! ", "Good morning. ")
THANKS = (" Thanks a lot!", " Cheers", " thx")


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def _pick(question: str, options: tuple[str, ...]) -> str:
    return options[_hash(question) % len(options)]


_LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def slipped(words: frozenset[str], slips: int) -> Callable[[str], str]:
    """A question typed with `slips` slips, each on another word of six letters or more spelled right (one of the
    model's English `words`): two letters swapped, one left out or one typed twice, never the first."""
    def rewrite(question: str) -> str:
        done: set[int] = set()
        for slip in range(slips):
            spelled = [m for m in _LONG_WORD.finditer(question) if m.start() not in done and m.group().lower() in words]
            if not spelled:
                break
            word = spelled[(_hash(question) >> 8 * slip) % len(spelled)]
            done.add(word.start())
            text, at = word.group(), 1 + _hash(f"{question}{slip}") % (len(word.group()) - 3)
            text = (text[:at] + text[at + 1] + text[at] + text[at + 2:], text[:at] + text[at + 1:],
                    text[:at] + text[at] + text[at:])[(_hash(question) >> 40) % 3]
            question = question[:word.start()] + text + question[word.end():]
        return question
    return rewrite


_CHINESE_NAME = re.compile(r"\b([A-Z][a-z]{1,5}) ([A-Z][a-z]{2,9})\b")


def _chinese_name(match: re.Match[str]) -> tuple[str, str, str] | None:
    """A Chinese name's surname and its given name's two syllables ('Sun Lijie': Sun, Li, jie), or None."""
    surname, given = match.groups()
    if surname.lower() not in pinyin_syllables():
        return None
    for at in range(2, len(given) - 1):
        if given[:at].lower() in pinyin_syllables() and given[at:] in pinyin_syllables():
            return surname, given[:at], given[at:]
    return None


def by_surname(question: str) -> str:
    """A Chinese name called by 'Mr.' or 'Ms.' and the surname ('Sun Lijie': 'Mr. Sun'), the honorific chosen by a
    hash (the record does not say which fits)."""
    def call(match: re.Match[str]) -> str:
        name = _chinese_name(match)
        return match.group() if name is None else f"{_pick(question, ('Mr.', 'Ms.'))} {name[0]}"
    return _CHINESE_NAME.sub(call, question)


def syllables_apart(question: str) -> str:
    """A Chinese name's given name typed as its syllables ('Sun Lijie': 'Sun Li Jie')."""
    def apart(match: re.Match[str]) -> str:
        name = _chinese_name(match)
        return match.group() if name is None else f"{name[0]} {name[1]} {name[2].capitalize()}"
    return _CHINESE_NAME.sub(apart, question)


ENGLISH: dict[str, Callable[[str], str]] = {
    "as written": lambda q: q,
    "in capitals": str.upper,
    '"Hi! " before': lambda q: f"Hi! {q}",
    '" Thanks!" after': lambda q: f"{q} Thanks!",
    '"Please tell me: " before': lambda q: f"Please tell me: {q}",
    "an opener before, thanks after": lambda q: f"{_pick(q, OPENERS)}{q}{_pick(q, THANKS)}",
    "the asker's background before": lambda q: f"{_pick(q, BACKGROUNDS)} {q}",
    "the asker's background after": lambda q: f"{q} {_pick(q, BACKGROUNDS)}",
    "in small letters, no question mark": lambda q: q.lower().rstrip("?"),
    '"I was wondering, " before': lambda q: f"I was wondering, {q[:1].lower()}{q[1:]}",
    '"Can you tell me " before': lambda q: f"Can you tell me {q[:1].lower()}{q[1:]}",
    '"??" or "." for "?", or " pls" after': lambda q: _pick(q, (f"{q.rstrip('?')}??", f"{q.rstrip('?')}.",
                                                                 f"{q} pls")),
    "an emoji before or after": lambda q: _pick(q, (f"🤔 {q}", f"{q} 🙏", f"{q} 😊")),
    'a Chinese name called by "Mr." or "Ms." and the surname': by_surname,
    "a Chinese name's given name typed as its syllables": syllables_apart,
}


def traditional() -> Callable[[str], str]:
    """Simplified text in traditional characters: each character as the commonest traditional form CC-CEDICT gives."""
    forms: dict[str, Counter[str]] = {}
    for old, new, _, _ in file_entries():
        if len(old) == len(new):
            for a, b in zip(old, new):
                forms.setdefault(b, Counter())[a] += 1
    table = {char: found.most_common(1)[0][0] for char, found in forms.items()}
    return lambda text: "".join(table.get(char, char) for char in text)


def sums(bot, questions: list[EvalQuestion], rewrite: Callable[[str], str]) -> str:  # noqa: ANN001
    rewritten = [replace(q, question=rewrite(q.question)) for q in questions]
    report = evaluate(bot, rewritten)
    answerable = [r for r in report.results if r.question.answers]
    none = [r for r in report.results if not r.question.answers]
    hit = sum(r.shown_rank == 1 and not r.abstained for r in answerable)
    changed = sum(a.question != b.question for a, b in zip(questions, rewritten))
    # (a way that rewrites only some questions says how many)
    some = f" ({changed} of {len(questions)} rewritten)" if 0 < changed < len(questions) // 2 else ""
    return f"hit@1 {hit} of {len(answerable)}, no-answer refused {sum(r.abstained for r in none)} of {len(none)}{some}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", required=True, help="comma-separated question sets, e.g. fresh34,fresh32")
    parser.add_argument("--half", choices=["dev", "test"], default="test")
    args = parser.parse_args()
    settings = Settings()
    bot = bot_over(REPO / "corpus", WORK / "seed" / "index", Embedder(settings.model), settings)
    words = model_words(settings.model)
    english = {**ENGLISH, "one slip on a word spelled right": slipped(words, 1),
               "slips on two words spelled right": slipped(words, 2)}
    sets = [name for name in args.sets.split(",") if name]
    for language, suffix, ways in (("English", "_seed_en", english),
                                   ("Chinese", "_seed_zh", {"as written": lambda q: q, "in traditional characters":
                                                            traditional(), '"我想知道" before': lambda q: f"我想知道{q}",
                                                            "the asker's background before":
                                                            lambda q: f"{_pick(q, CHINESE_BACKGROUNDS)}{q}"})):
        files = [QUESTIONS / f"{name}{suffix}.jsonl" for name in sets]
        questions = [q for f in files if f.exists() for q in read_questions(f, args.half)]
        for way, rewrite in ways.items():
            print(f"seed report, {language}, {way}: {sums(bot, questions, rewrite)}", flush=True)


if __name__ == "__main__":
    main()
