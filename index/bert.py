"""A BERT sentence encoder in plain PyTorch, for sentence-transformers folders of the common shape.

Importing sentence-transformers takes about 5 s on this machine (it brings in transformers, scikit-learn
and SciPy), most of a server's start. This module needs only torch, safetensors and tokenizers, reads the
same files and computes the same vectors (tests/test_embed.py compares the two). It serves folders made of
a BERT transformer, mean or CLS pooling and an optional normalisation, as all-MiniLM-L6-v2 is; any other
folder is loaded by sentence-transformers itself (see index.embed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from tokenizers import Tokenizer

from index.folder_shape import LengthBatchedEncoder, WordPieces, sentence_shape


def bert_encoder(folder: Path) -> BertEncoder | None:
    """The encoder for a folder this module reads exactly, or None for sentence-transformers to load."""
    shape = sentence_shape(folder)
    if shape is None:
        return None
    return BertEncoder(folder, shape.config, mean=shape.mean, normalize=shape.normalize, max_length=shape.max_length)


class BertEncoder(LengthBatchedEncoder):
    """`encode` as sentence-transformers has it (the arguments cityqa uses), on the CPU, without gradients."""

    def __init__(self, folder: Path, config: dict, mean: bool, normalize: bool, max_length: int) -> None:
        weights = load_file(str(folder / "model.safetensors"))
        weights = {name.removeprefix("bert."): tensor for name, tensor in weights.items()}
        self.dimension = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.epsilon = float(config["layer_norm_eps"])
        self.mean = mean
        self.normalize = normalize
        self.embeddings = {part: weights[f"embeddings.{part}"] for part in (
            "word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight",
            "LayerNorm.weight", "LayerNorm.bias")}  # fmt: skip
        self.layers = [_Layer(weights, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.no_padding()

    @torch.inference_mode()
    def _encode_batch(self, pieces: WordPieces) -> np.ndarray:
        ids, types = torch.from_numpy(pieces.ids), torch.from_numpy(pieces.type_ids)
        mask = torch.from_numpy(pieces.attention_mask).to(torch.bool)
        hidden = self._forward(ids, types, mask)
        if self.mean:
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        else:
            pooled = hidden[:, 0]
        if self.normalize:
            pooled = F.normalize(pooled, p=2, dim=1)
        return pooled.numpy()

    def _forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        e = self.embeddings
        positions = e["position_embeddings.weight"][: ids.shape[1]]
        hidden = e["word_embeddings.weight"][ids] + positions + e["token_type_embeddings.weight"][types]
        hidden = F.layer_norm(hidden, (self.dimension,), e["LayerNorm.weight"], e["LayerNorm.bias"], self.epsilon)
        # A padded batch needs the mask; a lone question (the common case when serving) does not.
        attention_mask = mask[:, None, None, :] if not bool(mask.all()) else None
        for layer in self.layers:
            hidden = layer(hidden, attention_mask, self.heads, self.epsilon)
        return hidden


class _Layer:
    """One transformer block, its query, key and value projections fused into one matrix product."""

    def __init__(self, weights: dict[str, torch.Tensor], prefix: str) -> None:
        def weight(name: str) -> torch.Tensor:
            return weights[prefix + name]

        attention = "attention.self."
        self.qkv_weight = torch.cat([weight(f"{attention}{p}.weight") for p in ("query", "key", "value")])
        self.qkv_bias = torch.cat([weight(f"{attention}{p}.bias") for p in ("query", "key", "value")])
        self.out_weight, self.out_bias = weight("attention.output.dense.weight"), weight("attention.output.dense.bias")
        self.norm1 = weight("attention.output.LayerNorm.weight"), weight("attention.output.LayerNorm.bias")
        self.up_weight, self.up_bias = weight("intermediate.dense.weight"), weight("intermediate.dense.bias")
        self.down_weight, self.down_bias = weight("output.dense.weight"), weight("output.dense.bias")
        self.norm2 = weight("output.LayerNorm.weight"), weight("output.LayerNorm.bias")

    def __call__(self, hidden: torch.Tensor, mask: torch.Tensor | None, heads: int, epsilon: float) -> torch.Tensor:
        batch, length, width = hidden.shape
        q, k, v = (
            F.linear(hidden, self.qkv_weight, self.qkv_bias)
            .view(batch, length, 3, heads, width // heads)
            .permute(2, 0, 3, 1, 4)
        )
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        attended = attended.transpose(1, 2).reshape(batch, length, width)
        hidden = F.layer_norm(hidden + F.linear(attended, self.out_weight, self.out_bias), (width,), *self.norm1, epsilon)
        inner = F.gelu(F.linear(hidden, self.up_weight, self.up_bias))
        return F.layer_norm(hidden + F.linear(inner, self.down_weight, self.down_bias), (width,), *self.norm2, epsilon)
