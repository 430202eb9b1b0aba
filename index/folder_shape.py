"""What a sentence-transformers folder computes, when it is of the common shape cityqa's encoders read.

Both index.bert (PyTorch, full precision) and index.quantized (ONNX Runtime, int8) serve folders made of a
BERT transformer, mean or CLS pooling and an optional normalisation, as all-MiniLM-L6-v2 is; any other
folder is left to sentence-transformers. This module imports neither torch nor ONNX Runtime.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

_TRANSFORMER = "sentence_transformers.models.Transformer"
_POOLING = "sentence_transformers.models.Pooling"
_NORMALIZE = "sentence_transformers.models.Normalize"


@dataclass(frozen=True)
class SentenceShape:
    """What a sentence-transformers folder of the common shape computes: a transformer, then pooling."""

    config: dict
    mean: bool  # mean pooling; otherwise the CLS token's vector
    normalize: bool
    max_length: int  # word pieces past this are cut off


def sentence_shape(folder: Path) -> SentenceShape | None:
    """The shape of a folder this module (and index.quantized) reads exactly, or None for any other."""
    try:
        modules = [module["type"] for module in _json(folder / "modules.json")]
        config = _json(folder / "config.json")
        pooling = _json(folder / "1_Pooling" / "config.json")
        sentence = _json(folder / "sentence_bert_config.json")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    shape_known = (
        modules in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE])
        and config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and not sentence.get("do_lower_case", False)
        and (folder / "model.safetensors").exists()
        and (folder / "tokenizer.json").exists()
    )
    modes = {mode for mode in ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens", "weightedmean_tokens", "lasttoken")
             if pooling.get(f"pooling_mode_{mode}")}  # fmt: skip
    if not shape_known or modes not in ({"mean_tokens"}, {"cls_token"}):
        return None
    return SentenceShape(config, mean=modes == {"mean_tokens"}, normalize=_NORMALIZE in modules,
                         max_length=int(sentence.get("max_seq_length") or config["max_position_embeddings"]))


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class LengthBatchedEncoder:
    """`encode` as sentence-transformers has it (the arguments cityqa uses): texts encoded in batches of similar
    length by a subclass's `_encode_batch`. A subclass sets `dimension`, `normalize` (whether the model folder
    already normalises its vectors) and `tokenizer` (truncating to the model's length, not padding)."""

    dimension: int
    normalize: bool
    tokenizer: Tokenizer

    def get_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32, normalize_embeddings: bool = False,
               convert_to_numpy: bool = True) -> np.ndarray:  # fmt: skip
        """Vectors of `texts` in their order, normalised when asked and the folder does not already normalise."""
        del convert_to_numpy  # always numpy
        encodings = self.tokenizer.encode_batch([text.strip() for text in texts])
        # A batch costs as much as its longest text in word pieces times its size: sorted by that length, the
        # padding is a few per cent (sorted by characters, as sentence-transformers does, it was 8 %).
        order = np.argsort([-len(encoding.ids) for encoding in encodings], kind="stable")
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = order[start : start + batch_size]
            vectors[batch] = self._encode_batch(WordPieces.of([encodings[i] for i in batch]))
        if normalize_embeddings and not self.normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    def _encode_batch(self, pieces: WordPieces) -> np.ndarray:
        raise NotImplementedError


@dataclass(frozen=True)
class WordPieces:
    """A batch of tokenised texts padded to its longest: (texts, length) arrays of int64."""

    ids: np.ndarray
    type_ids: np.ndarray
    attention_mask: np.ndarray  # 1 for a word piece, 0 for padding

    @classmethod
    def of(cls, encodings: Sequence[Encoding]) -> WordPieces:
        length = max(len(encoding.ids) for encoding in encodings)
        ids, type_ids, mask = (np.zeros((len(encodings), length), dtype=np.int64) for _ in range(3))
        for row, encoding in enumerate(encodings):
            size = len(encoding.ids)
            ids[row, :size] = encoding.ids
            type_ids[row, :size] = encoding.type_ids
            mask[row, :size] = 1
        return cls(ids, type_ids, mask)
