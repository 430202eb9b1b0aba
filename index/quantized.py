"""The int8 sentence encoder: the bundled model exported to ONNX, quantised, run by ONNX Runtime.

MiniLM in 32-bit floats is about as fast as two cores go; with its weights in 8-bit integers it does a
fraction of the arithmetic (docs/BENCHMARKS.md, "int8 and fp32 encoders", has the speed and the quality it
costs). Serving needs only onnxruntime, tokenizers and numpy: no torch. The export (index.onnx_export, which
does need torch) runs once per model folder, into a cache folder, the first time the encoder is loaded.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from index.folder_shape import LengthBatchedEncoder, SentenceShape, WordPieces, sentence_shape

EXPORT_RECIPE = "1"  # changed whenever index.onnx_export changes what it writes: older exports are redone
_SOURCE_FILES = ("config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json",
                 "sentence_bert_config.json")  # fmt: skip


def int8_encoder(folder: Path, cache_dir: Path, announce: Callable[[str], None] | None = None) -> Int8Encoder:
    """The int8 encoder of a model folder, exported into `cache_dir` first if it is not there yet."""
    shape = sentence_shape(folder)
    if shape is None:
        raise ValueError(f"the int8 encoder reads BERT sentence-transformers folders only, not {folder}: "
                         "set CITYQA_ENCODER=fp32")
    path = export_path(folder, cache_dir)
    if not path.exists():
        if announce is not None:
            announce(f"Exporting {folder.name} to an int8 ONNX model in {path.parent} (once)…")
        from index.onnx_export import export_int8

        export_int8(folder, shape, path)
    return Int8Encoder(path, folder / "tokenizer.json", shape)


def export_path(folder: Path, cache_dir: Path) -> Path:
    """Where the export of `folder` is cached: named by the model's files, the recipe and ONNX Runtime's version,
    so that a changed model or a newer optimizer never serves a stale export."""
    folder = folder.resolve()
    stats = [f"{name}\t{(folder / name).stat().st_size}\t{(folder / name).stat().st_mtime_ns}"
             for name in _SOURCE_FILES if (folder / name).exists()]  # fmt: skip
    key = hashlib.sha256("\n".join([str(folder), EXPORT_RECIPE, version("onnxruntime"), *stats]).encode()).hexdigest()
    return cache_dir / f"{folder.name}-{key[:16]}" / "model-int8.onnx"


class Int8Encoder(LengthBatchedEncoder):
    """`encode` as sentence-transformers has it (the arguments cityqa uses), on an int8 ONNX model."""

    def __init__(self, model: Path, tokenizer: Path, shape: SentenceShape) -> None:
        options = onnxruntime.SessionOptions()
        if os.environ.get("OMP_WAIT_POLICY", "").upper() == "PASSIVE":
            # A server: idle pool threads sleep rather than spin, leaving the cores to the request threads.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # errors only: the fused operators' notices are not for users
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = [item.name for item in self.session.get_inputs()]
        self.dimension = int(shape.config["hidden_size"])
        self.normalize = shape.normalize
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length=shape.max_length)
        self.tokenizer.no_padding()  # each batch is padded to its longest text (LengthBatchedEncoder)

    def _encode_batch(self, pieces: WordPieces) -> np.ndarray:
        columns = {"input_ids": pieces.ids, "attention_mask": pieces.attention_mask, "token_type_ids": pieces.type_ids}
        return self.session.run(None, {name: columns[name] for name in self.inputs})[0]
