"""How common each English word is in general, from public text: the table bot/english_terms.tsv that tells a
word a citizen uses in passing ('really', 'going') from one that names a topic ('parking', 'Shenzhen').

    python bench/background_terms.py [--shared /work/shared]

Reads the passages of MS MARCO (web pages), DBpedia (encyclopedia abstracts) and XQuAD-en (Wikipedia
paragraphs) in ../shared/bench/, counts in how many passages each BM25 term (index.lexical.tokenize, the
terms the record is indexed by) occurs, and writes the terms found in at least MIN_PASSAGES of them, most
common first, under a first line giving the number of passages. Deterministic: the same input, the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.background import TABLE  # noqa: E402
from index.lexical import tokenize  # noqa: E402

MIN_PASSAGES = 3  # rarer terms are left out: the table reads them as never seen, which they nearly are


def passages(shared: Path) -> list[str]:
    texts: list[str] = []
    for name in ("msmarco_trecdl_mini", "dbpedia_entity_mini"):
        with (shared / "bench" / name / "corpus.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                texts.append(f"{row.get('title', '')}\n{row['text']}")
    xquad = json.loads((shared / "bench" / "xquad" / "xquad.en.json").read_text(encoding="utf-8"))
    texts += [p["context"] for article in xquad["data"] for p in article["paragraphs"]]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args()
    texts = passages(args.shared)
    counts = Counter(term for text in texts for term in set(tokenize(text)) if term.isascii())
    kept = sorted(((n, t) for t, n in counts.items() if n >= MIN_PASSAGES), key=lambda pair: (-pair[0], pair[1]))
    lines = [f"#passages\t{len(texts)}", *(f"{term}\t{n}" for n, term in kept)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(texts)} passages, {len(kept)} terms -> {args.out}")


if __name__ == "__main__":
    main()
