"""The vector index of a build: exact (flat inner product) for small corpora, approximate past a size.

Past `approximate_above` vectors the index is an inverted file with 8-bit scalar quantisation
(`IVF<nlist>,SQ8`): about a quarter of the memory of exact float32 vectors and a fraction of the scan.
Quantised vectors cannot be read back exactly, so such a build keeps a float16 copy of its vectors
(`vectors.f16.npy`, memory-mapped, read only by the next build to reuse what it embedded).
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from index.errors import IndexCorrupt
from index.layout import REBUILD_HINT, VECTORS, Manifest

FLAT = "flat-ip"
EXACT_COPY = "vectors.f16.npy"
APPROXIMATE_ABOVE = 200_000  # below this a flat scan takes under ~12 ms on two cores and is exact
_TRAINING_PER_LIST = 64  # k-means points per inverted list: enough for stable centroids, quick to train
# Lists searched per query: question vectors have flat similarities, so neighbours spread wide. With a
# million vectors, 256 of 2,000 lists find 0.96 of the exact top 10 (bench/perf_scale.py).
_PROBED_SHARE = 0.128


def choose_vector_index(count: int, approximate_above: int = APPROXIMATE_ABOVE) -> tuple[str, str]:
    """(FAISS factory description, search parameters) for an index of `count` vectors."""
    if approximate_above < 1:
        raise ValueError(f"approximate_above must be at least 1, got {approximate_above}")
    if count <= approximate_above:
        return FLAT, ""
    lists = max(16, int(2 * math.sqrt(count)))  # ~2·√n lists of ~√n/2 vectors each
    probes = max(8, math.ceil(lists * _PROBED_SHARE))
    return f"IVF{lists},SQ8", f"nprobe={probes}"


def write_vectors(directory: Path, vectors: np.ndarray, approximate_above: int = APPROXIMATE_ABOVE) -> tuple[str, str]:
    """Writes the vector index of a build; returns what `choose_vector_index` chose, for the manifest."""
    kind, params = choose_vector_index(len(vectors), approximate_above)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if kind == FLAT:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.index_factory(vectors.shape[1], kind, faiss.METRIC_INNER_PRODUCT)
        ivf = faiss.extract_index_ivf(index)
        ivf.cp.niter = 10
        sample = _training_sample(vectors, ivf.nlist * _TRAINING_PER_LIST)
        index.train(sample)
        np.save(directory / EXACT_COPY, vectors.astype(np.float16))
    index.add(vectors)
    faiss.write_index(index, str(directory / VECTORS))
    return kind, params


def read_vectors(directory: Path, manifest: Manifest) -> faiss.Index:
    """The vector index of a build, checked against its manifest, ready for search and reconstruction."""
    path = directory / VECTORS
    if not path.exists():
        raise IndexCorrupt(f"{path} is missing; {REBUILD_HINT}")
    try:
        index = faiss.read_index(str(path))
    except RuntimeError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "unreadable"
        raise IndexCorrupt(f"{path} is damaged ({reason}); {REBUILD_HINT}") from None
    if index.ntotal != manifest.chunks or index.d != manifest.dimension:
        raise IndexCorrupt(
            f"{path} holds {index.ntotal} vectors of {index.d} dimensions, the manifest says "
            f"{manifest.chunks} of {manifest.dimension}; {REBUILD_HINT}"
        )
    if manifest.vector_index != FLAT:
        ivf = faiss.extract_index_ivf(index)
        ivf.make_direct_map()  # so that `Index.similarity` can reconstruct rows
        ivf.parallel_mode = 1  # one question's lists are scanned on every core (half the latency on two)
        if manifest.search_params:
            faiss.ParameterSpace().set_index_parameters(index, manifest.search_params)
    return index


def exact_vectors(directory: Path, manifest: Manifest) -> np.ndarray:
    """The vectors of a build as they were embedded (within float16 precision for approximate builds)."""
    if manifest.vector_index == FLAT:
        index = faiss.read_index(str(directory / VECTORS))
        return index.reconstruct_n(0, index.ntotal)
    try:
        return np.load(directory / EXACT_COPY, mmap_mode="r")
    except (OSError, ValueError) as error:
        raise IndexCorrupt(f"{directory / EXACT_COPY} is damaged or missing ({error}); {REBUILD_HINT}") from None


def _training_sample(vectors: np.ndarray, size: int) -> np.ndarray:
    if len(vectors) <= size:
        return vectors
    rows = np.random.default_rng(0).choice(len(vectors), size, replace=False)
    return vectors[np.sort(rows)]
