"""Reading corpus files into clean documents and structure-aware chunks."""

from ingest.chunk import CHUNKER_VERSION, chunk_document
from ingest.clean import is_web_address
from ingest.errors import CityqaError, CorpusNotFound, IngestError
from ingest.loaders import CorpusLoad, load_corpus, load_document
from ingest.models import Chunk, Document, Speaker

__all__ = [
    "CHUNKER_VERSION", "Chunk", "CityqaError", "CorpusLoad", "CorpusNotFound", "Document", "IngestError", "Speaker",
    "chunk_document", "is_web_address", "load_corpus", "load_document",
]
