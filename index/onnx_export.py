"""Exporting a sentence-transformers folder to an int8 ONNX model, once, into a cache folder.

The recipe is the one sentence-transformers' `export_dynamic_quantized_onnx_model` and optimum follow, done
with the libraries cityqa already has (torch, transformers, ONNX Runtime) rather than optimum: export the
transformer with its pooling and normalisation as one graph, fuse attention, layer norms and GELU with ONNX
Runtime's transformer optimizer, then quantise the weights of the matrix products to int8, one scale per
output channel (one scale per matrix loses too much: the cosine to full precision falls below 0.9 on some
passages). Activations are quantised at run time, per batch. The embedding table stays in float.

This module imports torch and transformers; it runs only when the cache lacks the export.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from index.folder_shape import SentenceShape

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "embedding"


def export_int8(folder: Path, shape: SentenceShape, target: Path) -> None:
    """Writes the int8 ONNX model of `folder` to `target`, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as work, _quiet():
        from onnx import TensorProto
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from onnxruntime.transformers.optimizer import optimize_model

        full = Path(work) / "fp32.onnx"
        fused = Path(work) / "fused.onnx"
        quantized = Path(work) / "int8.onnx"
        _export_fp32(folder, shape, full)
        optimizer = optimize_model(str(full), model_type="bert", num_heads=int(shape.config["num_attention_heads"]),
                                   hidden_size=int(shape.config["hidden_size"]))
        optimizer.save_model_to_file(str(fused))
        quantize_dynamic(str(fused), str(quantized), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Attention"],
                         # the fused operators are of ONNX Runtime's own domain, which shape inference skips
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
        os.replace(quantized, target)


class _SentenceModel(torch.nn.Module):
    """The transformer, its pooling and normalisation: one graph from word pieces to sentence vectors."""

    def __init__(self, transformer: torch.nn.Module, shape: SentenceShape) -> None:
        super().__init__()
        self.transformer = transformer
        self.mean = shape.mean
        self.normalize = shape.normalize

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
        if self.mean:
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        else:
            pooled = hidden[:, 0]
        return torch.nn.functional.normalize(pooled, p=2, dim=1) if self.normalize else pooled


def _export_fp32(folder: Path, shape: SentenceShape, path: Path) -> None:
    from transformers import AutoModel

    # Eager attention traces to plain matrix products, the pattern ONNX Runtime's optimizer fuses.
    transformer = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    example = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS} | {OUTPUT: {0: "batch"}}
    with torch.no_grad():
        # The TorchScript exporter: it needs only the onnx package, where the newer one also needs onnxscript.
        torch.onnx.export(_SentenceModel(transformer, shape), (example, example, torch.zeros_like(example)), str(path),
                          input_names=list(INPUTS), output_names=[OUTPUT], dynamic_axes=axes, opset_version=17,
                          dynamo=False)


@contextmanager
def _quiet() -> Iterator[None]:
    """The exporters' warnings (tracing, deprecation, 'consider pre-processing') are noise in CLI output."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        # ONNX Runtime's quantisation modules call logging.basicConfig when imported: undo it, or every
        # library's debug messages would reach the terminal from then on.
        root.handlers[:] = handlers
        root.setLevel(level)
