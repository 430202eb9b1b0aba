"""Embedding, FAISS and BM25 indexes over ingested chunks, with their metadata in SQLite."""

from index.build import BuildProgress, BuildReport, build_index
from index.embed import DEFAULT_MODEL, Embedder
from index.errors import IndexCorrupt, IndexLoadError, IndexMismatch, IndexNotFound
from index.loaded import Index, load_index

__all__ = [
    "DEFAULT_MODEL", "BuildProgress", "BuildReport", "Embedder", "Index", "IndexCorrupt",
    "IndexLoadError", "IndexMismatch", "IndexNotFound", "build_index", "load_index",
]
