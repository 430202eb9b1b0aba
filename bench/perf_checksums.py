"""What checking the index files' checksums adds to loading an index: `python bench/perf_checksums.py [--mb 6]`.

Builds (once) an index of one transcript of the given size (6 MB: about 15,700 chunks) with seeded random
vectors instead of embeddings (the checks read bytes; what the vectors mean does not matter), then loads it
with and without the checks. Medians of 5, with a warm page cache; the checks' CPU time too, which other
processes on the machine disturb less than wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perf_large_file import large_transcript  # noqa: E402
from perfkit import TRANSCRIPTS, WORK  # noqa: E402


class RandomVectors:
    """Stands in for the embedder: seeded unit vectors of the bundled model's dimension."""

    name = "random-384"
    dimension = 384

    def encode_documents(self, texts: list[str], progress=None) -> np.ndarray:
        vectors = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    import index.loaded
    from index import build_index, load_index
    from index.layout import Manifest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=6, help="size of the one transcript indexed")
    parser.add_argument("--transcripts", type=Path, default=TRANSCRIPTS, help="folder of transcripts to join")
    arguments = parser.parse_args()
    directory = WORK / f"checksums-{arguments.mb:g}mb-index"
    build_index(large_transcript(arguments.mb, arguments.transcripts), directory, RandomVectors())
    manifest = Manifest.read(directory)
    size = sum((directory / name).stat().st_size for name in manifest.checksums) / 2**20
    verify = index.loaded.verify_checksums
    timings: dict[str, list[float]] = {"with": [], "without": [], "checks": [], "checks_cpu": []}
    for _ in range(5):
        for label, check in (("with", verify), ("without", lambda *args: None)):
            index.loaded.verify_checksums = check
            started = time.perf_counter()
            load_index(directory, RandomVectors.name).store.close()
            timings[label].append(time.perf_counter() - started)
        started, cpu = time.perf_counter(), time.process_time()
        verify(directory.resolve(), manifest.checksums)
        timings["checks"].append(time.perf_counter() - started)
        timings["checks_cpu"].append(time.process_time() - cpu)  # less disturbed by other processes than wall time
    ms = {label: statistics.median(values) * 1000 for label, values in timings.items()}
    print(f"{manifest.chunks} chunks, {len(manifest.checksums)} files, {size:.1f} MB: "
          f"load_index {ms['without']:.0f} ms without the checks, {ms['with']:.0f} ms with them; the checks alone {ms['checks']:.0f} ms "
          f"({ms['checks_cpu']:.0f} ms of CPU time)")


if __name__ == "__main__":
    main()
