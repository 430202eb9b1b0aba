"""Check the fresh question sets against the record they are about, and assign their dev/test halves.

    python bench/check_questions.py            # check every set, print violations, exit 1 if any
    python bench/check_questions.py --split    # (re)write each question's "half" by a seeded, per-type shuffle

Checks: fields and their values; every answer substring occurs verbatim (case-insensitive, whitespace-normalised) in
the source text (the seed report for the seed sets; for the large set, the file named by "doc" in the corpus that
bench/large_corpus.py builds); questions of type none/offtopic have no answer and the others have one; minimum
counts; the halves are balanced within every type.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import large_corpus  # noqa: E402  (a sibling script, not a package)

QUESTIONS = HERE / "questions"
TYPES = {"fact", "who", "when", "number", "list", "staff", "none", "offtopic"}
STYLES = {"plain", "colloquial", "misspelled", "short", "long"}
UNANSWERED = {"none", "offtopic"}
SPLIT_SEED = 20261202
# file -> (minimum questions, minimum of each type)
SETS = {
    "fresh_seed_en.jsonl": (64, {"none": 16, "staff": 12}),
    "fresh_seed_zh.jsonl": (44, {"none": 9}),
    "fresh_large.jsonl": (40, {"offtopic": 10}),
}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def split(rows: list[dict]) -> None:
    """Per type, sort by question text, shuffle with a fixed seed, first half dev, second test (odd: dev gets +1)."""
    by_type: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_type[row["type"]].append(row)
    for qtype in sorted(by_type):
        group = sorted(by_type[qtype], key=lambda r: r["q"])
        random.Random(f"{SPLIT_SEED}:{qtype}").shuffle(group)
        cut = (len(group) + 1) // 2
        for i, row in enumerate(group):
            row["half"] = "dev" if i < cut else "test"


def check(name: str, rows: list[dict], texts: dict[str, str]) -> list[str]:
    """Violations of one set; texts maps a doc name ('' for the seed) to its normalised text."""
    bad: list[str] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 1):
        where = f"{name}:{n} {row.get('q', '')[:60]!r}"
        for key in ("q", "answer", "type", "style", "half"):
            if key not in row:
                bad.append(f"{where}: missing {key}")
        if row.get("type") not in TYPES:
            bad.append(f"{where}: type {row.get('type')!r}")
        if row.get("style") not in STYLES:
            bad.append(f"{where}: style {row.get('style')!r}")
        if row.get("half") not in ("dev", "test"):
            bad.append(f"{where}: half {row.get('half')!r}")
        if norm(row.get("q", "")) in seen:
            bad.append(f"{where}: duplicate question")
        seen.add(norm(row.get("q", "")))
        answers = row.get("answer", [])
        if (row.get("type") in UNANSWERED) != (not answers):
            bad.append(f"{where}: type {row.get('type')} with {len(answers)} answers")
        doc = row.get("doc", "")
        if not answers and not doc:
            continue
        if doc not in texts:
            bad.append(f"{where}: doc {doc!r} not in the corpus")
            continue
        for answer in answers:
            if len(answer) > 120:
                bad.append(f"{where}: answer longer than 120 chars: {answer[:40]!r}")
            if norm(answer) not in texts[doc]:
                bad.append(f"{where}: answer not in {doc or 'the seed'}: {answer!r}")
    minimum, per_type = SETS[name]
    counts = Counter(r.get("type") for r in rows)
    if len(rows) < minimum:
        bad.append(f"{name}: {len(rows)} questions, need {minimum}")
    for qtype, need in per_type.items():
        if counts[qtype] < need:
            bad.append(f"{name}: {counts[qtype]} of type {qtype}, need {need}")
    halves = Counter((r.get("type"), r.get("half")) for r in rows)
    for qtype in counts:
        if abs(halves[(qtype, "dev")] - halves[(qtype, "test")]) > 1:
            bad.append(f"{name}: type {qtype} split {halves[(qtype, 'dev')]}/{halves[(qtype, 'test')]}")
    return bad


def corpus_texts(root: Path) -> dict[str, str]:
    """Normalised text of every file of the large corpus, keyed by its path relative to root."""
    return {str(p.relative_to(root)): norm(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*")) if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", action="store_true", help="rewrite the 'half' field of every set")
    args = parser.parse_args()
    seed = {"": norm("\n".join(p.read_text(encoding="utf-8") for p in sorted(large_corpus.SEED_DIR.glob("*.txt"))))}
    with tempfile.TemporaryDirectory() as tmp:
        large_corpus.build(Path(tmp), large_corpus.DEFAULT_PER_FORMAT)
        large = corpus_texts(Path(tmp))
    violations: list[str] = []
    for name in SETS:
        path = QUESTIONS / name
        if not path.exists():
            print(f"{name}: not written yet")
            continue
        rows = load(path)
        if args.split:
            split(rows)
            write(path, rows)
        texts = large if name == "fresh_large.jsonl" else seed
        found = check(name, rows, texts)
        violations += found
        counts = Counter(r.get("type") for r in rows)
        halves = Counter(r.get("half") for r in rows)
        print(f"{name}: {len(rows)} questions, {dict(sorted(counts.items()))}, dev {halves['dev']} / test {halves['test']},"
              f" {len(found)} violations")
    for line in violations:
        print("  " + line)
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
