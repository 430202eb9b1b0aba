"""The embedding model: cityqa's own BERT encoder gives the vectors sentence-transformers gives, and the int8
encoder gives vectors close to them, without importing torch once exported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.bert import BertEncoder, bert_encoder
from index.embed import DEFAULT_ENCODER, DEFAULT_MODEL, Embedder, resolve_model
from index.quantized import Int8Encoder, export_path, int8_encoder
from tests.conftest import REPO, SEED_CORPUS

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


# Real passages of the seed hearing: what an int8 vector must stay close to its full-precision twin on.
PASSAGES = [paragraph.strip() for paragraph in next(SEED_CORPUS.glob("*.txt")).read_text(encoding="utf-8").split("\n\n")
            if len(paragraph.strip()) > 40]


@pytest.fixture(scope="module")
def int8(embedder) -> Int8Encoder:
    """The int8 encoder from the shared cache (the session's embedder exported it if it is the default)."""
    return int8_encoder(MODEL, embedder.cache_dir)


def test_the_bundled_model_is_read_by_the_configured_encoder(embedder):
    expected = Int8Encoder if DEFAULT_ENCODER == "int8" else BertEncoder
    assert isinstance(embedder._model, expected)
    assert embedder.dimension == 384
    assert isinstance(Embedder(encoder="fp32").load()._model, BertEncoder)


def test_an_embedder_is_named_by_its_model_and_encoder(tmp_path):
    assert Embedder(encoder="fp32").name == "all-MiniLM-L6-v2"  # as indexes built before int8 existed say
    assert Embedder(encoder="int8").name == "all-MiniLM-L6-v2@int8"
    with pytest.raises(ValueError, match="encoder must be one of int8, fp32, got 'int4'"):
        Embedder(encoder="int4")


def test_int8_vectors_stay_close_to_full_precision(int8):
    assert len(PASSAGES) >= 10
    texts = [text for text in TEXTS if len(text) > 1] + PASSAGES  # real sentences ("x" keeps 0.979)
    quantized = int8.encode(texts, batch_size=16, normalize_embeddings=True)
    full = bert_encoder(MODEL).encode(texts, batch_size=16, normalize_embeddings=True)
    assert quantized.shape == full.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(quantized, axis=1), 1.0, atol=1e-5)
    cosines = (quantized * full).sum(axis=1)
    assert cosines.min() >= 0.98, [texts[i][:60] for i in np.flatnonzero(cosines < 0.98)]
    # Close is not enough if every vector moved the same way: each passage's nearest full-precision
    # neighbour among the others must still be itself.
    assert ((quantized @ full.T).argmax(axis=1) == np.arange(len(texts))).all()


def test_an_int8_vector_hardly_depends_on_its_batch(int8):
    # Activations are quantised with one scale per batch, so a text's vector moves a little with its company
    # (0.994 here); full precision moves it by rounding only.
    alone = int8.encode([PASSAGES[0]], normalize_embeddings=True)[0]
    batched = int8.encode(PASSAGES, batch_size=len(PASSAGES), normalize_embeddings=True)[0]
    assert float(alone @ batched) >= 0.99


def test_the_export_is_made_once_and_serving_it_needs_no_torch(embedder, int8):
    path = export_path(MODEL, embedder.cache_dir)
    assert path.is_file() and path == export_path(MODEL, embedder.cache_dir)
    announced: list[str] = []
    int8_encoder(MODEL, embedder.cache_dir, announced.append)
    assert announced == []  # found in the cache: nothing exported again
    script = ("import sys; from pathlib import Path; from index.quantized import int8_encoder; "
              "from index.embed import resolve_model, DEFAULT_MODEL; "
              f"e = int8_encoder(Path(resolve_model(DEFAULT_MODEL)), Path({str(embedder.cache_dir)!r})); "
              "e.encode(['a question'], normalize_embeddings=True); "
              "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def test_the_int8_encoder_refuses_a_folder_of_another_shape(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL, folder)
    _edit(folder / "config.json", lambda c: {**c, "model_type": "roberta"})
    with pytest.raises(ValueError, match="BERT sentence-transformers folders only.*set CITYQA_ENCODER=fp32"):
        int8_encoder(folder, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


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
