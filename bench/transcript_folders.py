"""Run the turn parser over the MFA, White House, Iran-Contra and UK Hansard folders: counts, crashes,
timing and a few spot checks (no gold labels exist for these). Run on its own, it reads every folder the way
`cityqa ingest` does (loader, cleaning, turns, chunks) and prints per format the turns, exchanges, questions
with no named asker, answers with no named answerer and the share of chunks that end mid-sentence:

    python bench/transcript_folders.py [--transcripts ../shared/transcripts]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.chunk import chunk_document, transcribe  # noqa: E402
from ingest.loaders import load_document  # noqa: E402
from ingest import models  # noqa: E402
from ingest.models import Chunk, Speaker, Transcript  # noqa: E402
from ingest.turns import match_label, parse_turns  # noqa: E402

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
            parsed[doc_id] = parse_turns(_as_document(doc_id, paragraphs))
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


def _as_document(doc_id: str, paragraphs: list[str]) -> models.Document:
    return models.Document(source=doc_id, title="", paragraphs=tuple(paragraphs))


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
        _print_exchanges(parsed[sample[0]], 3)


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


def _print_exchanges(transcript: Transcript, count: int) -> None:
    for exchange in transcript.exchanges[:count]:
        for turn in (exchange.question, *exchange.answers[:1]):
            who = turn.speaker.name if turn.speaker else None
            print(f"    {turn.kind:8} [{turn.label} -> {who}] {turn.text[:70]!r}")


def _time_one_megabyte(mfa: Path) -> None:
    paragraphs: list[str] = []
    for _, ps in read_mfa(mfa):
        paragraphs += ps
        if sum(map(len, paragraphs)) > 1_000_000:
            break
    started = time.perf_counter()
    transcript = parse_turns(_as_document("1mb", paragraphs))
    seconds = time.perf_counter() - started
    print(f"\n1 MB timing: {sum(map(len, paragraphs)) / 1e6:.2f} MB, {len(transcript.turns)} turns in {seconds:.3f}s")


# Product path: each folder's files as `cityqa ingest` reads them. The UK debates come as JSON, so each is
# written out as a text file of 'speaker: text' paragraphs first.
_PRODUCT_FILES: list[tuple[str, str]] = [
    ("mfa_china_press_conferences", "txt/*.txt"),
    ("us_whitehouse_press_briefings", "md/*.md"),
    ("au_house_question_time_2021_2022", "txt/*.txt"),
    ("us_congress_irancontra_hearings_1987", "txt/*.txt"),
    ("uk_hansard_historic_debates_sample", "debates.jsonl"),
]
# A chunk ends mid-sentence when its last character continues a sentence: a lower-case letter, digit or comma.
_MID_SENTENCE = re.compile(r"[a-z0-9,;]\s*$")


def ends_mid_sentence(chunk: Chunk) -> bool:
    return bool(_MID_SENTENCE.search(chunk.text))


def run_ingest_path(root: Path) -> None:
    """Per format, through the loader and chunker: turns, exchanges, unnamed askers, mid-sentence chunk ends."""
    print("| format | docs | turns | exchanges (answered) | questions: no speaker / asked by a role | answers: "
          "no speaker | chunks ending mid-sentence |")
    print("|---|---|---|---|---|---|---|")
    for name, pattern in _PRODUCT_FILES:
        folder = root / name
        if not folder.is_dir():
            print(f"| {name} | missing | | | | | |")
            continue
        with tempfile.TemporaryDirectory() as scratch:
            if pattern.endswith(".jsonl"):
                folder = _write_debates(folder / pattern, Path(scratch))
                pattern = "*.txt"
            _print_ingest_row(name, folder, sorted(folder.glob(pattern)))


def _write_debates(jsonl: Path, out: Path) -> Path:
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        debate = json.loads(line)
        speeches = [f"{s['speaker'].strip()}: {s['text'].strip()}" for s in debate["speeches"]]
        (out / f"{debate['debate_id']}.txt").write_text("\n\n".join([debate["title"], *speeches]), encoding="utf-8")
    return out


def _print_ingest_row(name: str, folder: Path, paths: list[Path]) -> None:
    tally: Counter[str] = Counter()
    for path in paths:
        document = load_document(path, folder)
        transcript = transcribe(document)
        chunks = chunk_document(document, transcript)
        turns = transcript.turns
        tally["docs"] += 1
        tally["turns"] += len(turns)
        tally["exchanges"] += len(transcript.exchanges)
        tally["answered"] += sum(1 for e in transcript.exchanges if e.answers)
        tally["questions"] += sum(1 for t in turns if t.kind == "question")
        tally["no asker"] += sum(1 for t in turns if t.kind == "question" and t.speaker is None)
        tally["role asker"] += sum(1 for t in turns if t.kind == "question" and _is_role(t.speaker))
        tally["answers"] += sum(1 for t in turns if t.kind == "answer")
        tally["no answerer"] += sum(1 for t in turns if t.kind == "answer" and t.speaker is None)
        tally["chunks"] += len(chunks)
        tally["mid-sentence"] += sum(map(ends_mid_sentence, chunks))
    print(f"| {name} | {tally['docs']} | {tally['turns']:,} | {tally['exchanges']:,} ({tally['answered']:,}) | "
          f"{tally['no asker']:,} / {tally['role asker']:,} of {tally['questions']:,} | "
          f"{tally['no answerer']:,} of {tally['answers']:,} | "
          f"{tally['mid-sentence']:,} of {tally['chunks']:,} ({tally['mid-sentence'] / max(tally['chunks'], 1):.1%}) |")


def _is_role(speaker: Speaker | None) -> bool:
    """A role standing in for an unnamed speaker ('a reporter'), not a name."""
    return speaker is not None and speaker.name[:1].islower()


def main() -> int:
    parser = argparse.ArgumentParser(description="Turns, exchanges and chunk ends per transcript format.")
    parser.add_argument("--transcripts", type=Path, default=Path(__file__).resolve().parent.parent / ".." / "shared"
                        / "transcripts", help="folder holding the transcript collections")  # fmt: skip
    root = parser.parse_args().transcripts.resolve()
    if not root.is_dir():
        print(f"Error: {root} not found; pass --transcripts <folder>", file=sys.stderr)
        return 2
    run_ingest_path(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
