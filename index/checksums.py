"""A checksum of every file of a build, kept in its manifest and verified when the build is loaded.

FAISS reads random bytes inside a vector file as vectors without complaint, and NumPy or SQLite find some damage
only when a damaged page is read: without checksums a damaged index serves wrong answers. SHA-256 is computed
by the processor's SHA instructions where it has them (twice as fast as BLAKE2b here): a 15,000-chunk index
(about 55 MB) is checked in a fraction of a second (figure in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from index.errors import IndexCorrupt
from index.layout import MANIFEST, REBUILD_HINT


def file_checksum(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def build_checksums(build: Path) -> dict[str, str]:
    """The checksum of every file of a finished build but its manifest, by path relative to the build."""
    return {
        path.relative_to(build).as_posix(): file_checksum(path)
        for path in sorted(build.rglob("*"))
        if path.is_file() and path.name != MANIFEST and not path.name.startswith(".")
    }


def verify_checksums(build: Path, checksums: dict[str, str]) -> None:
    """Raises IndexCorrupt naming the first file that is missing or differs from its checksum."""
    if not checksums:  # every build of this format lists its files: an empty list is a damaged manifest
        raise IndexCorrupt(f"{build / MANIFEST} lists no checksums; {REBUILD_HINT}")
    for name, expected in checksums.items():
        path = build / name
        try:
            actual = file_checksum(path)
        except FileNotFoundError:
            raise IndexCorrupt(f"{path} is missing; {REBUILD_HINT}") from None
        except OSError as error:
            raise IndexCorrupt(f"{path} cannot be read ({error.strerror or error}); {REBUILD_HINT}") from None
        if actual != expected:
            raise IndexCorrupt(f"{path} is damaged (its checksum differs from the manifest's); {REBUILD_HINT}")
