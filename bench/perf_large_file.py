"""Parsing and chunking one very large transcript, without embedding:
`python bench/perf_large_file.py [--mb 2 8 50] [--transcripts DIR]`.

Each size is a single file of press conferences joined end to end (the largest file ingest accepts is 50 MB).
Prints seconds and MB/s for reading and cleaning, the turn parser and the chunker: MB/s that stays the same
from size to size means ingest time grows linearly with a file's size.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perfkit import TRANSCRIPTS, WORK  # noqa: E402

MB = 2**20


def large_transcript(megabytes: float, transcripts: Path = TRANSCRIPTS) -> Path:
    """A corpus folder with one transcript of the given size (written once, then reused)."""
    folder = WORK / f"large-{megabytes:g}mb"
    path = folder / "transcript.txt"
    size = int(megabytes * MB)
    if path.exists() and path.stat().st_size <= size and path.stat().st_size > size - 8:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(transcripts.glob("*.txt"))
    if not sources:
        sys.exit(f"no transcripts (*.txt) in {transcripts}; pass --transcripts DIR")
    parts, total = [], 0
    while total < size:
        part = sources[len(parts) % len(sources)].read_bytes()
        parts.append(part)
        total += len(part) + 2
    path.write_bytes(b"\n\n".join(parts)[:size].decode("utf-8", errors="ignore").encode("utf-8"))
    return folder


def parse_and_chunk(folder: Path) -> dict[str, float]:
    """Seconds of each step of ingest before embedding, for the one file in `folder`."""
    from ingest.chunk import chunk_document, transcribe
    from ingest.loaders import load_corpus

    size = sum(path.stat().st_size for path in folder.glob("*.txt")) / MB
    started = time.perf_counter()
    documents = load_corpus(folder).documents
    loaded = time.perf_counter()
    transcripts = [transcribe(document) for document in documents]
    parsed = time.perf_counter()
    chunks = [chunk for d, t in zip(documents, transcripts) for chunk in chunk_document(d, t)]
    chunked = time.perf_counter()
    return {"mb": size, "chunks": len(chunks), "load_s": loaded - started, "turns_s": parsed - loaded,
            "chunk_s": chunked - parsed, "total_s": chunked - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[2, 8, 50], help="file sizes in MB (at most 50)")
    parser.add_argument("--transcripts", type=Path, default=TRANSCRIPTS, help="folder of transcripts to join")
    arguments = parser.parse_args()
    print("| file | chunks | read + clean s | turns s | chunk s | total s | MB/s |")
    print("|---|---|---|---|---|---|---|")
    for megabytes in arguments.mb:
        r = parse_and_chunk(large_transcript(megabytes, arguments.transcripts))
        print(f"| {r['mb']:.0f} MB | {r['chunks']} | {r['load_s']:.1f} | {r['turns_s']:.1f} | {r['chunk_s']:.1f} | "
              f"{r['total_s']:.1f} | {r['mb'] / r['total_s']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
