"""The one place that decides what an index directory holds, and its manifest.

`<index>` is a symbolic link to the current build, `<index>.builds/<build-id>/`, so that a new
build is swapped in with one atomic rename and readers never see half an index.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.embed import split_encoder_name
from index.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from index.lexical import TOKENIZER_VERSION
from ingest.chunk import CHUNKER_VERSION

FORMAT_VERSION = 5  # 2: speakers, turns and exchanges tables; 3: passage term counts; 4: openings; 5: checksums
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
DATABASE = "chunks.sqlite"
OPENINGS = "openings.npz"
BM25_DIR = "bm25"
REBUILD_HINT = "run `cityqa ingest --rebuild`"
PARTIAL = ".partial"  # the suffix of a build still being written (or left by a crashed ingest)


@dataclass(frozen=True)
class Manifest:
    model: str
    dimension: int
    chunker_version: str
    tokenizer_version: str
    corpus_fingerprint: str
    documents: int
    chunks: int
    built_at: str
    vector_index: str = "flat-ip"  # "flat-ip" (exact) or a FAISS factory description such as "IVF2000,SQ8"
    search_params: str = ""  # FAISS search parameters of an approximate index, e.g. "nprobe=32"
    files_fingerprint: str = ""  # names, sizes and times of the corpus files: an unchanged corpus is not parsed again
    openings: int = 0  # documents whose first sentence is a second view of their first chunk (index.openings)
    checksums: dict[str, str] = field(default_factory=dict)  # file in the build -> SHA-256 (index.checksums)
    encoder: str = "fp32"  # what computed the vectors: "fp32" (the model as trained) or "int8" (index.quantized)
    format: int = FORMAT_VERSION

    def write(self, directory: Path) -> None:
        """Written whole and renamed into place, so that a reader never sees half a manifest."""
        partial = directory / f".{MANIFEST}.{os.getpid()}"
        partial.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(partial, directory / MANIFEST)

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """The manifest of a build, of whatever format (a new build still reuses an older one's vectors);
        `check` says whether this cityqa can search it."""
        path = directory / MANIFEST
        if not path.exists():
            raise IndexNotFound(f"no index at {directory}: {REBUILD_HINT.replace(' --rebuild', '')} to build it")
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            return cls(**fields)
        except (OSError, ValueError, TypeError) as error:
            raise IndexCorrupt(f"{path} is damaged ({error}); {REBUILD_HINT}") from None

    def check(self, model: str, directory: Path) -> None:
        """The one judgement of whether this cityqa can search the build at `directory` with questions embedded
        by `model` (an embedder's name, with its encoder); IndexMismatch says what differs and how to rebuild."""
        if self.format != FORMAT_VERSION:
            raise IndexMismatch(f"{directory / MANIFEST} has index format {self.format}, this cityqa reads "
                                f"{FORMAT_VERSION}; {REBUILD_HINT}")
        built_model, built_encoder = split_encoder_name(self.model)
        wanted_model, wanted_encoder = split_encoder_name(model)
        if built_model == wanted_model and built_encoder != wanted_encoder:
            raise IndexMismatch(
                f"the index at {directory} was built with the {built_encoder} encoder, but {wanted_encoder} is "
                f"configured; {REBUILD_HINT} (or set CITYQA_ENCODER={built_encoder})"
            )
        if self.model != model:
            raise IndexMismatch(
                f"the index at {directory} was built with model '{built_model}', but '{wanted_model}' is configured; "
                f"{REBUILD_HINT} (or set CITYQA_MODEL={built_model})"
            )
        if (self.chunker_version, self.tokenizer_version) != (CHUNKER_VERSION, TOKENIZER_VERSION):
            raise IndexMismatch(f"the index at {directory} was built by another version of cityqa; {REBUILD_HINT}")

    def compatible(self, model: str) -> bool:
        """Whether `check` would pass: a build that a new one may keep as it is."""
        try:
            self.check(model, Path())
        except IndexMismatch:
            return False
        return True


def current_build(index_dir: Path) -> Path:
    """The directory of the build that `index_dir` points at now."""
    return index_dir.resolve()


def new_build_dir(index_dir: Path, build_id: str) -> Path:
    """A fresh, empty directory for a build that is not visible to readers yet. Its name carries the id of
    the process writing it, so that a later build tells a crashed one's leftover from one still running."""
    builds = index_dir.parent / f"{index_dir.name}.builds"
    path = builds / f"{build_id}-{os.getpid()}{PARTIAL}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def publish_build(index_dir: Path, build: Path) -> Path:
    """Makes a finished build the current one, atomically, and removes builds no longer needed."""
    final = build.with_name(build.name.removesuffix(PARTIAL))
    previous = index_dir.resolve() if index_dir.is_symlink() else None  # what servers read until they reload
    build.rename(final)
    link = index_dir.with_name(f".{index_dir.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(final, index_dir.parent))
    if index_dir.exists() and not index_dir.is_symlink():
        # An index directory from before builds were linked: move it aside so the link can replace it.
        shutil.rmtree(index_dir)
    os.replace(link, index_dir)
    _remove_old_builds(final.parent, keep={final.resolve(), previous})
    return final


def _remove_old_builds(builds: Path, keep: set[Path | None]) -> None:
    """Keeps the new build and the one the link pointed at before it (a server may still be reading it), and
    builds other ingests are writing now; removes the rest, among them what a crashed ingest left behind."""
    for path in builds.iterdir():
        if path.is_dir() and path.resolve() not in keep and not _being_written(path):
            shutil.rmtree(path, ignore_errors=True)


def _being_written(path: Path) -> bool:
    """True for a partial build whose writer (named in its directory name) is another running process."""
    if not path.name.endswith(PARTIAL):
        return False
    pid = path.name.removesuffix(PARTIAL).rpartition("-")[2]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False  # a build of ours that failed, or one named before names carried the process
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user
    return True
