"""Ingest benchmarks: embedding rate against raw model.encode, re-ingest of an unchanged corpus, one change."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from perfkit import SHARED, TRANSCRIPTS, WORK, sentence_transformer

SCIFACT = SHARED / "bench" / "scifact" / "corpus.jsonl"


def _scifact_corpus(folder: Path, documents: int) -> Path:
    """`documents` SciFact abstracts written as text files (title on the first line)."""
    if folder.exists() and len(list(folder.glob("*.txt"))) == documents:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with SCIFACT.open(encoding="utf-8") as lines:
        for number, line in zip(range(documents), lines):
            record = json.loads(line)
            (folder / f"{record['_id']}.txt").write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
    return folder


def embedding_rate(transcripts: int) -> dict[str, float]:
    """chunks/s of a full `build_index` (load, chunk, embed, write) against model.encode of the same texts."""
    from index import Embedder, build_index
    from ingest.chunk import chunk_document, transcribe
    from ingest.loaders import load_corpus

    corpus = WORK / f"ingest-{transcripts}"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for path in sorted(TRANSCRIPTS.glob("*.txt"))[-transcripts:]:
        shutil.copy(path, corpus / path.name)
    embedder = Embedder().load()
    documents = sorted(load_corpus(corpus).documents, key=lambda d: d.source)
    texts = [c.embedding_text for d in documents for c in chunk_document(d, transcribe(d))]
    model = sentence_transformer()  # the floor is sentence-transformers' own encode, not cityqa's encoder
    model.encode(texts[:64], batch_size=64)  # warm up
    started = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    raw = len(texts) / (time.perf_counter() - started)
    index = WORK / f"ingest-{transcripts}-index"
    report = build_index(corpus, index, embedder, rebuild=True)
    shutil.rmtree(index.parent / f"{index.name}.builds", ignore_errors=True)
    index.unlink()
    return {"chunks": len(texts), "raw_encode_chunks_per_s": raw, "ingest_chunks_per_s": report.chunks / report.seconds,
            "ingest_ratio": report.chunks / report.seconds / raw}


def reingest(documents: int) -> dict[str, float]:
    """Re-ingesting an unchanged corpus, then after changing one document (only its chunks re-embedded)."""
    from index import Embedder, build_index

    corpus = _scifact_corpus(WORK / f"scifact-{documents}", documents)
    index = WORK / f"scifact-{documents}-index"
    embedder = Embedder().load()
    build_index(corpus, index, embedder)  # once; a rerun of the benchmark finds it built
    unchanged = build_index(corpus, index, embedder)
    changed_file = sorted(corpus.glob("*.txt"))[0]
    original = changed_file.read_text(encoding="utf-8")
    try:
        changed_file.write_text(original + "\nA sentence added to this one document for the benchmark.\n", encoding="utf-8")
        changed = build_index(corpus, index, embedder)
    finally:
        changed_file.write_text(original, encoding="utf-8")
    restored = build_index(corpus, index, embedder)
    return {"documents": documents, "chunks": unchanged.chunks, "unchanged_s": unchanged.seconds,
            "unchanged_up_to_date": unchanged.up_to_date, "changed_s": changed.seconds,
            "changed_embedded": changed.embedded, "changed_reused": changed.reused, "restored_embedded": restored.embedded}


def encoder_rates(transcripts: int, rounds: int = 2, questions: int = 60) -> dict[str, float]:
    """The int8 and fp32 encoders on the same chunk texts and the same questions, in one run, interleaved
    (each encoder's best round counts, so that a burst of load on the shared machine hurts neither alone)."""
    import statistics

    from index import Embedder
    from ingest.chunk import chunk_document, transcribe
    from ingest.loaders import load_corpus
    from perfkit import questions as real_questions

    sources = sorted(TRANSCRIPTS.glob("*.txt"))[-transcripts:]
    if not sources:
        raise SystemExit(f"no transcripts in {TRANSCRIPTS}: set CITYQA_BENCH_SHARED to the shared bench folder")
    corpus = WORK / f"encoders-{transcripts}"
    if len(list(corpus.glob("*.txt"))) != len(sources):
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        for path in sources:
            shutil.copy(path, corpus / path.name)
    documents = sorted(load_corpus(corpus).documents, key=lambda d: d.source)
    texts = [c.embedding_text for d in documents for c in chunk_document(d, transcribe(d))]
    asked = real_questions(questions)
    # Two thread pools in one process: a pool that spins after its run steals the cores from the other
    # encoder's next run (fp32 questions took 1.5 s each behind a spinning ONNX Runtime pool). Idle threads
    # sleep, as in `cityqa serve`; this takes effect for torch only if it is not imported yet.
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    embedders = {name: Embedder(encoder=name).load() for name in ("fp32", "int8")}
    for embedder in embedders.values():
        embedder.encode_documents(texts[:64])  # warm up
    rate = {name: 0.0 for name in embedders}
    query_ms: dict[str, list[float]] = {name: [] for name in embedders}
    for _ in range(rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode_documents(texts)
            rate[name] = max(rate[name], len(texts) / (time.perf_counter() - started))
    for question in asked:
        for name, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode_queries([question])
            query_ms[name].append((time.perf_counter() - started) * 1000)
    return {"chunks": len(texts), "fp32_chunks_per_s": rate["fp32"], "int8_chunks_per_s": rate["int8"],
            "int8_speedup": rate["int8"] / rate["fp32"], "fp32_query_ms": statistics.median(query_ms["fp32"]),
            "int8_query_ms": statistics.median(query_ms["int8"]), "questions": len(asked)}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="int8 against fp32: chunks/s and one question's encode, one run")
    parser.add_argument("--transcripts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    print(json.dumps(encoder_rates(arguments.transcripts, arguments.rounds), indent=2))
