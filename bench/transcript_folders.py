"""Run the turn parser over the MFA, White House, Iran-Contra and UK Hansard folders: counts, crashes,
timing and a few spot checks (no gold labels exist for these)."""

from __future__ import annotations

import json
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.turns import Transcript, match_label, parse_turns

Document = tuple[str, list[str]]  # (file or debate id, paragraphs)


def join_wrapped(lines: list[str]) -> list[str]:
    """Paragraphs from hard-wrapped text: blank lines separate them and a labelled line starts one."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or (current and match_label(line)):
            if current:
                paragraphs.append(current)
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paragraphs.append(current)
    return [" ".join(p) for p in paragraphs]


def read_mfa(folder: Path) -> Iterator[Document]:
    for path in sorted((folder / "txt").glob("*.txt")):
        yield path.name, [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_whitehouse(folder: Path) -> Iterator[Document]:
    for path in sorted((folder / "md").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text[text.index("\n---", 3) + 4 :]  # drop the YAML front matter
        yield path.name, join_wrapped(text.splitlines())


def read_congress(folder: Path) -> Iterator[Document]:
    for path in sorted((folder / "txt").glob("*.txt")):
        yield path.name, join_wrapped(path.read_text(encoding="utf-8").splitlines())


def read_uk(folder: Path) -> Iterator[Document]:
    for line in (folder / "debates.jsonl").read_text(encoding="utf-8").splitlines():
        debate = json.loads(line)
        yield str(debate["debate_id"]), [f"{s['speaker'].strip()}: {s['text']}" for s in debate["speeches"]]


FOLDERS: list[tuple[str, Callable[[Path], Iterator[Document]]]] = [
    ("mfa_china_press_conferences", read_mfa),
    ("us_whitehouse_press_briefings", read_whitehouse),
    ("us_congress_irancontra_hearings_1987", read_congress),
    ("uk_hansard_historic_debates_sample", read_uk),
]


def run_other_folders(root: Path) -> None:
    for name, reader in FOLDERS:
        if not (root / name).is_dir():
            print(f"\n{name}: missing, skipped")
            continue
        docs = list(reader(root / name))
        parsed = _parse_all(name, docs)
        _spot_checks(name, docs, parsed)
    _time_one_megabyte(root / FOLDERS[0][0])


def _parse_all(name: str, docs: list[Document]) -> dict[str, Transcript]:
    parsed: dict[str, Transcript] = {}
    crashes = 0
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    for doc_id, paragraphs in docs:
        try:
            parsed[doc_id] = parse_turns(paragraphs)
        except Exception:  # a crash is what this run measures
            crashes += 1
            print(f"  CRASH {doc_id}\n{traceback.format_exc(limit=3)}")
            continue
        kinds.update(t.kind for t in parsed[doc_id].turns)
    seconds = time.perf_counter() - started
    exchanges = [e for t in parsed.values() for e in t.exchanges]
    answered = sum(1 for e in exchanges if e.answers)
    print(f"\n{name}: {len(docs)} docs, {sum(len(p) for _, p in docs)} paragraphs, "
          f"{sum(kinds.values())} turns {dict(kinds)}, {len(exchanges)} exchanges ({answered} answered), "
          f"{crashes} crashes, {seconds:.2f}s")  # fmt: skip
    return parsed


def _spot_checks(name: str, docs: list[Document], parsed: dict[str, Transcript]) -> None:
    speakers = Counter(t.speaker.name if t.speaker else f"<{t.label}>" for p in parsed.values() for t in p.turns)
    print("  top labels/speakers:", ", ".join(f"{s} {n}" for s, n in speakers.most_common(8)))
    if name.startswith("uk_"):
        _uk_label_recall(docs)
    if name.startswith("mfa_"):
        _mfa_label_recall(docs, parsed)
    sample = next((d for d in docs if len(parsed.get(d[0], Transcript((), (), ())).exchanges) >= 3), None)
    if sample:
        print(f"  sample exchanges from {sample[0]}:")
        _print_exchanges(sample[1], parsed[sample[0]], 3)


def _uk_label_recall(docs: list[Document]) -> None:
    """The UK speeches come pre-split, so every 'speaker: text' must come back with that label."""
    misses = Counter(p.split(": ", 1)[0] for _, ps in docs for p in ps if not _label_is(p, p.split(": ", 1)[0]))
    total = sum(len(ps) for _, ps in docs)
    print(f"  label recall: {1 - sum(misses.values()) / total:.3f} of {total} speeches; missed e.g. "
          + ", ".join(f"{s!r}" for s, _ in misses.most_common(6)))  # fmt: skip


def _mfa_label_recall(docs: list[Document], parsed: dict[str, Transcript]) -> None:
    generic = ("Q", "A", "Follow-up")
    opened = Counter(p.split(":", 1)[0] for _, ps in docs for p in ps if p[:10].split(":", 1)[0] in generic)
    turns = Counter(t.label for tr in parsed.values() for t in tr.turns if t.label in generic)
    print(f"  lines opening Q:/A:/Follow-up: {dict(opened)}; turns with those labels: {dict(turns)}")


def _label_is(paragraph: str, printed: str) -> bool:
    m = match_label(paragraph)
    return m is not None and m.label == printed


def _print_exchanges(paragraphs: list[str], transcript: Transcript, count: int) -> None:
    for exchange in transcript.exchanges[:count]:
        for i in (exchange.question, *exchange.answers[:1]):
            turn = transcript.turns[i]
            who = turn.speaker.name if turn.speaker else None
            print(f"    {turn.kind:8} [{turn.label} -> {who}] {paragraphs[turn.first][turn.text_start:][:70]!r}")


def _time_one_megabyte(mfa: Path) -> None:
    paragraphs: list[str] = []
    for _, ps in read_mfa(mfa):
        paragraphs += ps
        if sum(map(len, paragraphs)) > 1_000_000:
            break
    started = time.perf_counter()
    transcript = parse_turns(paragraphs)
    seconds = time.perf_counter() - started
    print(f"\n1 MB timing: {sum(map(len, paragraphs)) / 1e6:.2f} MB, {len(transcript.turns)} turns in {seconds:.3f}s")
