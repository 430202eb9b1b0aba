"""How informative a word is in English at large, for the words a record never uses.

Within a record, IDF tells which of its words mark a passage; a word the record never uses gets the highest
IDF of all, whether it is a topic the record lacks ('parking', 'Shenzhen') or a word a citizen uses in passing
('really', 'going', 'companies like mine'). The table bot/english_terms.tsv (built from public text by
`python bench/background_terms.py`) tells them apart: how many of its passages use each BM25 term.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("english_terms.tsv")
# A term in one passage in this many or more is a word of everyday English (IDF up to about 3, 'going'); one
# in one passage in this few or fewer is a topic (IDF 7 and more, 'parking' is near 6). Between, the share of a
# record's top weight grows with its IDF.
_EVERYDAY_IDF, _TOPIC_IDF = 3.0, 7.0
_LEAST = 0.1  # the weight kept by the most everyday word
NAME_RARITY = 0.5  # the rarity under which a word is everyday English ('price', 'park'), not a name


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, int]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    passages = int(lines[0].split("\t")[1])
    return passages, {term: int(n) for term, n in (line.split("\t") for line in lines[1:])}


def rarity(term: str) -> float:
    """Between _LEAST (a word of everyday English) and 1 (a word English text seldom uses, or never)."""
    passages, counts = _table()
    idf = math.log(1 + passages / (counts.get(term, 0) + 0.5))
    return max(_LEAST, min(1.0, (idf - _EVERYDAY_IDF) / (_TOPIC_IDF - _EVERYDAY_IDF)))


def passages_using(term: str) -> int:
    """In how many of the table's passages the BM25 term occurs (0 for one too rare to be listed)."""
    return _table()[1].get(term, 0)
