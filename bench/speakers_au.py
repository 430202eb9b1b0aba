"""Score the speaker-turn parser on Australian Question Time against the gold labels from the Hansard XML,
then run it over the other transcript folders and report counts, crashes and spot checks.

    python bench/speakers_au.py [--transcripts ../shared/transcripts]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.transcript_folders import run_other_folders  # noqa: E402
from ingest.loaders import load_document  # noqa: E402
from ingest.models import Transcript  # noqa: E402
from ingest.names import key  # noqa: E402
from ingest.turns import parse_turns  # noqa: E402

AU = "au_house_question_time_2021_2022"


@dataclass(frozen=True)
class AuScore:
    right: int  # gold questions with the right asker and first answerer
    total: int
    errors: dict[str, list[str]]  # error kind -> examples
    answers: Counter[str]  # 'right', 'total' and miss kinds over all gold answer records
    seconds: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=Path, default=REPO / ".." / "shared" / "transcripts",
                        help="folder holding the transcript collections (default: ../shared/transcripts)")  # fmt: skip
    args = parser.parse_args()
    folder = args.transcripts.resolve()
    if not (folder / AU / "qa_turns.jsonl").is_file():
        print(f"Error: {folder / AU / 'qa_turns.jsonl'} not found; pass --transcripts <folder>", file=sys.stderr)
        return 2
    _print_au(score_au(folder / AU))
    run_other_folders(folder)
    return 0


def _print_au(score: AuScore) -> None:
    print(f"AU question time ({score.seconds:.2f}s): asker and first answerer right for "
          f"{score.right / max(score.total, 1):.3f} ({score.right} of {score.total} gold questions)")  # fmt: skip
    for kind, examples in sorted(score.errors.items(), key=lambda item: -len(item[1])) or [("none", [])]:
        print(f"  {len(examples):4d}  {kind}")
        for example in examples[:3]:
            print(f"          {example}")
    misses = {kind: n for kind, n in score.answers.items() if kind not in ("right", "total")}
    print(f"AU answers: {score.answers['right']} of {score.answers['total']} gold answer records start a parsed "
          f"answer turn in the gold question's exchange; misses: {misses or 'none'}")  # fmt: skip


def score_au(folder: Path) -> AuScore:
    """Check every gold question (asker, first answerer) and every gold answer against the parse."""
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in (folder / "qa_turns.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold[record["date"]].append(record)
    errors: dict[str, list[str]] = defaultdict(list)
    answers: Counter[str] = Counter()
    right = total = 0
    started = time.perf_counter()
    for path in sorted((folder / "txt").glob("*.txt")):
        document = load_document(path, path.parent)  # read as the product reads it: headings marked
        paragraphs = list(document.paragraphs)
        transcript = parse_turns(document)
        records = gold[path.name[:10]]
        for n, record in enumerate(records):
            if record["role"] != "question":
                continue
            total += 1
            following = records[n + 1] if n + 1 < len(records) else None
            answer = following if following and following["role"] == "answer" else None
            error = _check(transcript, paragraphs, record, answer)
            if error:
                errors[error].append(f"{record['date']} {record['paragraphs'][0][:90]}")
            right += error is None
        _count_answers(transcript, paragraphs, records, answers)
    return AuScore(right, total, dict(errors), answers, time.perf_counter() - started)


def _count_answers(transcript: Transcript, paragraphs: list[str], records: list[dict], tally: Counter[str]) -> None:
    """Every gold answer, not only the first: is it an answer turn in the exchange of its gold question?"""
    starts = {paragraphs[t.first_paragraph - 1]: t for t in transcript.turns}
    question_of = {a.ordinal: e.question.ordinal for e in transcript.exchanges for a in e.answers}
    question = None
    for record in records:
        turn = starts.get(record["paragraphs"][0])
        if record["role"] == "question":
            question = turn
            continue
        tally["total"] += 1
        if turn is None:
            tally["answer paragraph does not start a turn"] += 1
        elif turn.kind != "answer":
            tally[f"answer parsed as {turn.kind}"] += 1
        elif question_of.get(turn.ordinal) != (question.ordinal if question else None):
            tally["answer paired with another question"] += 1
        else:
            tally["right"] += 1


def _check(transcript: Transcript, paragraphs: list[str], question: dict, answer: dict | None) -> str | None:
    """None when the parse agrees with gold, else the kind of error."""
    first = question["paragraphs"][0]
    found = [t for t in transcript.turns if paragraphs[t.first_paragraph - 1] == first]
    if not found:
        return "question paragraph does not start a turn"
    turn = found[0]
    if turn.kind != "question":
        return f"question parsed as {turn.kind}"
    if not _same_person(turn.speaker.name if turn.speaker else None, question["speaker_metadata_name"]):
        return "wrong asker"
    exchange = next((e for e in transcript.exchanges if e.question.ordinal == turn.ordinal), None)
    if exchange is None:
        return "question opens no exchange"
    if answer is None:
        return "parsed an answer where gold has none" if exchange.answers else None
    if not exchange.answers:
        return "no answer paired"
    first_answer = exchange.answers[0]
    if not _same_person(first_answer.speaker.name if first_answer.speaker else None, answer["speaker_metadata_name"]):
        return "wrong first answerer"
    return None


def _same_person(parsed: str | None, gold: str) -> bool:
    """'Mr MORRISON' vs 'Morrison, Scott MP': the printed name ends with the gold surname."""
    return parsed is not None and key(parsed).endswith(key(gold.split(",")[0]))



if __name__ == "__main__":
    raise SystemExit(main())
