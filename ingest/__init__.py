"""Reading corpus files into clean documents and structure-aware chunks."""

from ingest.chunk import CHUNKER_VERSION, chunk_document
from ingest.errors import IngestError
from ingest.loaders import CorpusLoad, load_corpus, load_document
from ingest.models import Chunk, Document, Speaker

__all__ = [
    "CHUNKER_VERSION", "Chunk", "CorpusLoad", "Document", "IngestError", "Speaker",
    "chunk_document", "load_corpus", "load_document",
]
