"""The embedding model: cityqa's own BERT encoder gives the vectors sentence-transformers gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.bert import BertEncoder, bert_encoder
from index.embed import DEFAULT_MODEL, resolve_model
from tests.conftest import SEED_CORPUS

MODEL = Path(resolve_model(DEFAULT_MODEL))
TEXTS = [
    "What is the first-store economy?",
    "   spaces around a question?   ",
    "x",
    "青岛将举办哪些音乐节？",
    "Who is the Minister of Propaganda? " * 60,  # past the model's 256 word pieces: truncated alike
    next(SEED_CORPUS.glob("*.txt")).read_text(encoding="utf-8")[:4000],  # a long real paragraph run
    "Sun Lijie: The culture, tourism, sports, exhibitions and commerce involved are all tertiary industries.",
]


@pytest.fixture(scope="module")
def reference():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(MODEL), device="cpu")


def test_the_bundled_model_is_read_by_the_fast_encoder(embedder):
    assert isinstance(embedder._model, BertEncoder)
    assert embedder.dimension == 384


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_vectors_match_sentence_transformers(reference, batch_size):
    ours = bert_encoder(MODEL).encode(TEXTS, batch_size=batch_size, normalize_embeddings=True)
    theirs = reference.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.abs(ours - theirs).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_text_gets_the_same_vector_alone_and_in_a_padded_batch():
    encoder = bert_encoder(MODEL)
    alone = encoder.encode([TEXTS[0]], normalize_embeddings=True)[0]
    batched = encoder.encode(TEXTS, batch_size=len(TEXTS), normalize_embeddings=True)[0]
    assert np.abs(alone - batched).max() < 1e-5


@pytest.mark.parametrize(("change", "why"), [
    (lambda folder: _edit(folder / "modules.json", lambda m: [*m, {"idx": 3, "name": "3", "path": "3_Dense",
                                                                   "type": "sentence_transformers.models.Dense"}]), "a dense layer"),
    (lambda folder: _edit(folder / "1_Pooling" / "config.json", lambda c: {**c, "pooling_mode_max_tokens": True}), "max pooling"),
    (lambda folder: _edit(folder / "config.json", lambda c: {**c, "model_type": "roberta"}), "another architecture"),
    (lambda folder: (folder / "model.safetensors").unlink(), "no safetensors weights"),
])
def test_folders_of_another_shape_are_left_to_sentence_transformers(tmp_path, change, why):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    change(folder)
    assert bert_encoder(folder) is None, why


def _edit(path: Path, edit) -> None:  # noqa: ANN001
    path.write_text(json.dumps(edit(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
