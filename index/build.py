"""Building an index from a corpus folder: load, chunk, embed what is new, write, swap in."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import bm25s
import numpy as np

from index.checksums import build_checksums, verify_checksums
from index.embed import Embedder, split_encoder_name
from index.errors import IndexLoadError
from index.layout import BM25_DIR, DATABASE, FORMAT_VERSION, Manifest, new_build_dir, publish_build
from index.backend import indexed_chunks
from index.lexical import BM25_B, BM25_K1, TOKENIZER_VERSION, tokenize
from index.openings import opening_views, read_openings, write_openings
from index.qdrant_backend import BACKEND_FILE, QdrantBackend, QdrantLocation
from index.store import Store, write_store
from index.vectors import APPROXIMATE_ABOVE, exact_vectors, write_vectors
from ingest.chunk import CHUNKER_VERSION, chunk_document, transcribe
from ingest.errors import IngestError
from ingest.loaders import corpus_files, load_corpus, sidecar_of
from ingest.models import Chunk, Document, content_hash


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    embedded: int  # chunks whose vectors were computed in this run
    reused: int  # chunks whose vectors came from the previous build
    skipped: tuple[IngestError, ...]
    seconds: float
    up_to_date: bool  # nothing had changed: the previous build was kept as it was
    embed_seconds: float = 0.0  # of `seconds`, the time spent computing vectors (chunks and openings)


@dataclass(frozen=True)
class BuildProgress:
    """Callbacks for a progress display: the number of chunks to embed, then each batch done."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[int], None] = lambda done: None


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    rebuild: bool = False,
    progress: BuildProgress | None = None,
    approximate_above: int = APPROXIMATE_ABOVE,
    qdrant: QdrantLocation | None = None,
) -> BuildReport:
    """Indexes the corpus into `index_dir`, embedding only chunks the previous build did not have.

    Past `approximate_above` chunks the vector index is approximate (see index.vectors). With `qdrant`, the
    build's search structures are a new Qdrant collection, swapped in through its alias."""
    started = time.perf_counter()
    progress = progress or BuildProgress()
    files = _files_fingerprint(corpus_dir, embedder)
    previous = None if rebuild else _previous(index_dir)
    # A build searched through another backend is not current, though its vectors are reused.
    same_backend = previous is not None and _backend_of(previous[1]) == qdrant
    unchanged_files = previous is not None and files and previous[0].files_fingerprint == files
    if same_backend and unchanged_files and previous[0].compatible(embedder.name):
        # No file changed since the last build (which skipped none): no need to parse them all to know it.
        progress.start(0)
        manifest = previous[0]
        return BuildReport(manifest.documents, manifest.chunks, 0, manifest.chunks, (),
                           time.perf_counter() - started, True)
    corpus = load_corpus(corpus_dir)
    documents = sorted(corpus.documents, key=lambda d: d.source)
    if not documents:
        raise IngestError(corpus_dir, "no readable documents (.txt, .md, .html, .pdf) in the corpus folder")
    # Metadata and speaker corrections count: a new title or role must reach the index even if the text is the same.
    fingerprint = content_hash(CHUNKER_VERSION, TOKENIZER_VERSION, *(d.fingerprint for d in documents))
    if previous is not None and same_backend and _is_current(previous[0], embedder, fingerprint):
        manifest = previous[0]
        if files and not corpus.skipped and manifest.files_fingerprint != files:
            # Files were touched, not changed: remember them so that the next check need not parse them.
            replace(manifest, files_fingerprint=files).write(previous[1])
        progress.start(0)
        return BuildReport(manifest.documents, manifest.chunks, 0, manifest.chunks, corpus.skipped,
                           time.perf_counter() - started, True)

    transcripts = [transcribe(document) for document in documents]
    chunks = [chunk for d, t in zip(documents, transcripts) for chunk in chunk_document(d, t)]
    texts = [chunk.embedding_text for chunk in chunks]
    opening_rows, opening_texts = opening_views(chunks)
    keys = [content_hash(embedder.name, text) for text in texts + opening_texts]
    vectors, embedded, embed_seconds = _vectors(texts + opening_texts, keys, embedder, previous, progress)
    reused = len(texts) - sum(i < len(texts) for i in embedded)  # the report counts chunks, not openings
    keys, opening_keys = keys[: len(texts)], keys[len(texts) :]

    build = new_build_dir(index_dir, datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ"))
    vector_index, search_params = write_vectors(build, vectors[: len(texts)], approximate_above)
    write_openings(build, opening_rows, vectors[len(texts) :], opening_keys)
    write_store(build / DATABASE, documents, chunks, keys, transcripts)
    _write_bm25(build / BM25_DIR, chunks)
    backend = _write_qdrant(qdrant, build, embedder.dimension, documents, chunks, vectors) if qdrant else None
    Manifest(
        model=embedder.name, dimension=embedder.dimension, chunker_version=CHUNKER_VERSION,
        tokenizer_version=TOKENIZER_VERSION, corpus_fingerprint=fingerprint, documents=len(documents),
        chunks=len(chunks), built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        vector_index=vector_index, search_params=search_params, files_fingerprint="" if corpus.skipped else files,
        openings=len(opening_rows), encoder=split_encoder_name(embedder.name)[1], checksums=build_checksums(build),
    ).write(build)
    publish_build(index_dir, build)
    if backend is not None:
        backend.publish()
    return BuildReport(len(documents), len(chunks), len(chunks) - reused, reused, corpus.skipped,
                       time.perf_counter() - started, False, embed_seconds)


def _write_qdrant(location: QdrantLocation, build: Path, dimension: int, documents: list[Document],
                  chunks: list[Chunk], vectors: np.ndarray) -> QdrantBackend:  # fmt: skip
    """A Qdrant collection holding the build's chunks, recorded in the build."""
    openings = read_openings(build, len(opening_views(chunks)[0]))
    dates = {document.id: document.date for document in documents}
    backend = QdrantBackend.create(location, build.name.removesuffix(".partial"), dimension,
                                   indexed_chunks(chunks, vectors[: len(chunks)], dates, openings))  # fmt: skip
    backend.record(build)
    return backend


def _backend_of(build: Path) -> QdrantLocation | None:
    """Where a build's search structures are: None for its own FAISS and bm25s files."""
    try:
        return QdrantLocation(**json.loads((build / BACKEND_FILE).read_text())["location"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return QdrantLocation(path="(unreadable)")  # matches no configuration: the next build replaces it


def _files_fingerprint(corpus_dir: Path, embedder: Embedder) -> str:
    """A hash of the path, size and modification time of every file a build reads (the documents of
    `corpus_files` and their metadata sidecars), plus the versions that shape an index."""
    if not corpus_dir.is_dir():
        return ""
    documents, _ = corpus_files(corpus_dir)
    read = [path for document in documents for path in (document, sidecar_of(document)) if os.path.lexists(path)]
    return content_hash(str(FORMAT_VERSION), CHUNKER_VERSION, TOKENIZER_VERSION, embedder.name,
                        *(f"{path.relative_to(corpus_dir).as_posix()}\t{_stamp(path)}" for path in read))


def _stamp(path: Path) -> str:
    """Size and modification time; of the link itself when it leads nowhere (the build says why it skips it)."""
    try:
        stat = path.stat()
    except OSError:
        stat = path.lstat()
    return f"{stat.st_size}\t{stat.st_mtime_ns}"


def _previous(index_dir: Path) -> tuple[Manifest, Path] | None:
    """The current build's manifest and directory, when there is a readable one."""
    try:
        return Manifest.read(index_dir), index_dir.resolve()
    except IndexLoadError:
        return None


def _is_current(manifest: Manifest, embedder: Embedder, fingerprint: str) -> bool:
    return manifest.compatible(embedder.name) and manifest.corpus_fingerprint == fingerprint


def _vectors(
    texts: list[str], keys: list[str], embedder: Embedder,
    previous: tuple[Manifest, Path] | None, progress: BuildProgress,
) -> tuple[np.ndarray, list[int], float]:
    """Vectors for all texts, copied from the previous build where the same text was embedded; which
    texts had to be embedded, and the seconds that took (the model loaded beforehand, not counted)."""
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    known = _previous_vectors(previous, embedder) if previous else {}
    missing = [i for i, key in enumerate(keys) if key not in known]
    for i, key in enumerate(keys):
        if key in known:
            vectors[i] = known[key]
    progress.start(len(missing))
    started = time.perf_counter()
    if missing:
        vectors[missing] = embedder.encode_documents([texts[i] for i in missing], progress=progress.advance)
    return vectors, missing, time.perf_counter() - started


def _previous_vectors(previous: tuple[Manifest, Path], embedder: Embedder) -> dict[str, np.ndarray]:
    manifest, directory = previous
    if manifest.model != embedder.name or manifest.dimension != embedder.dimension:
        return {}
    try:
        if manifest.format == FORMAT_VERSION:  # older builds have no checksums: their vectors are reused as they are
            verify_checksums(directory, manifest.checksums)  # damaged vectors must not be copied into a new build
        store = Store(directory / DATABASE)
        keys = store.embedding_keys()
        store.close()
        matrix = exact_vectors(directory, manifest)
        openings = read_openings(directory, manifest.openings)
    except (IndexLoadError, RuntimeError):
        return {}  # an unreadable previous build only means everything is embedded again
    known = dict(zip(keys, matrix)) if len(keys) == len(matrix) else {}
    if openings is not None:
        known.update(zip(openings.keys, openings.vectors))
    return known


def _write_bm25(path: Path, chunks: list[Chunk]) -> None:
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    # An empty token list would make bm25s fail; a chunk of only stop words gets a placeholder.
    retriever.index([tokenize(chunk.lexical_text) or [""] for chunk in chunks], show_progress=False)
    retriever.save(str(path), show_progress=False)
