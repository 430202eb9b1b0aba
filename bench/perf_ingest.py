"""Ingest benchmarks: embedding rate against raw model.encode, re-ingest of an unchanged corpus, one change."""

from __future__ import annotations

import json
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
