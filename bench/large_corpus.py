"""Build the large evaluation corpus: the seed report plus a deterministic sample of every transcript format.

    python bench/large_corpus.py --out DIR [--per-format N]

Per format the files are sorted by name and every k-th one is kept (k = total // N, so the sample spreads over the
whole date range), at most N of them. MFA, White House, Australian Question Time and Iran-Contra files are copied as
they are; the Hansard JSONL (one debate per line) becomes one .txt per debate with "Speaker Name: text" lines, a
form that `cityqa ingest` reads. The default N keeps the whole at roughly 10,000 chunks (~1 chunk per 600 chars).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

SHARED = Path("/work/shared")
SEED_DIR = SHARED / "corpus-seed"
TRANSCRIPTS = SHARED / "transcripts"
DEFAULT_PER_FORMAT = 80
CHARS_PER_CHUNK = 600

# (output sub-folder, source folder, glob) for the formats copied byte-for-byte
COPIED = (
    ("mfa", TRANSCRIPTS / "mfa_china_press_conferences" / "txt", "*.txt"),
    ("whitehouse", TRANSCRIPTS / "us_whitehouse_press_briefings" / "md", "*.md"),
    ("au_qt", TRANSCRIPTS / "au_house_question_time_2021_2022" / "txt", "*.txt"),
    ("irancontra", TRANSCRIPTS / "us_congress_irancontra_hearings_1987" / "txt", "*.txt"),
)
HANSARD = TRANSCRIPTS / "uk_hansard_historic_debates_sample" / "debates.jsonl"


def every_kth(items: list, n: int) -> list:
    """Every k-th item of a sorted list, at most n of them, k chosen so the picks spread over the list."""
    if n <= 0:
        return []
    k = max(1, len(items) // n)
    return items[::k][:n]


def hansard_text(debate: dict) -> str:
    """One debate as a plain transcript: the title line, then one "Speaker Name: text" line per speech."""
    lines = [f"{debate['title']} ({debate['chamber']}, {debate['date']})", ""]
    for speech in debate["speeches"]:
        speaker = (speech.get("canonical_name") or speech.get("speaker") or "Unknown").strip()
        text = re.sub(r"\s+", " ", speech.get("text") or "").strip()
        if text:
            lines.append(f"{speaker}: {text}")
            lines.append("")
    return "\n".join(lines)


def build(out: Path, per_format: int) -> dict[str, int]:
    """Write the corpus into out; return characters written per format."""
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    seed_out = out / "seed"
    seed_out.mkdir(exist_ok=True)
    for path in sorted(SEED_DIR.glob("*.txt")):
        shutil.copyfile(path, seed_out / path.name)
        sizes["seed"] = sizes.get("seed", 0) + path.stat().st_size
    for name, folder, pattern in COPIED:
        target = out / name
        target.mkdir(exist_ok=True)
        for path in every_kth(sorted(folder.glob(pattern)), per_format):
            shutil.copyfile(path, target / path.name)
            sizes[name] = sizes.get(name, 0) + path.stat().st_size
    debates = [json.loads(line) for line in HANSARD.read_text(encoding="utf-8").splitlines() if line.strip()]
    debates.sort(key=lambda d: d["debate_id"])
    target = out / "hansard"
    target.mkdir(exist_ok=True)
    for debate in every_kth(debates, per_format):
        text = hansard_text(debate)
        (target / f"{debate['debate_id']}.txt").write_text(text, encoding="utf-8")
        sizes["hansard"] = sizes.get("hansard", 0) + len(text.encode("utf-8"))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
    parser.add_argument("--per-format", type=int, default=DEFAULT_PER_FORMAT,
                        help=f"files (debates) kept per format (default {DEFAULT_PER_FORMAT})")
    args = parser.parse_args()
    sizes = build(args.out, args.per_format)
    total = sum(sizes.values())
    for name, size in sizes.items():
        print(f"{name:12s} {size:>10,d} bytes  ~{size // CHARS_PER_CHUNK:,d} chunks")
    print(f"{'total':12s} {total:>10,d} bytes  ~{total // CHARS_PER_CHUNK:,d} chunks -> {args.out}")


if __name__ == "__main__":
    main()
