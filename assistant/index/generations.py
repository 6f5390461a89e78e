"""The index on disk: generations that list segments, one CURRENT pointer, one writer at a time.

    INDEX/CURRENT            names the generation searches use
    INDEX/gen-*/             manifest.json (model, segments, file hashes, versions), the live entries
                             (keys.json, hashes.npy, items.npy, texts.npy), vocabulary.json, english.json
    INDEX/segments/vec-*/    vector segments (embeddings/segment.py), written once
    INDEX/segments/lex-*/    lexical segments (index/lexical.py), written once
    INDEX/lock               held by the process writing a new generation

A writer adds segments and writes a complete new generation folder beside the current one, then replaces
CURRENT atomically; a crash or kill at any moment leaves the previous generation loadable. Segments that no
generation lists any more are deleted afterwards. An entry is one paragraph as embedded: its key, the hash
of what was embedded, its item number (which segments rows belong to) and how many texts it has.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from embeddings.durable import save_array, sync, write_file
from embeddings.segment import VectorSegment

from ..errors import IndexUnusable, ModelMismatch, from_embeddings
from .lexical import REBUILD, LexicalSegment
from .tokenize import refuse_in_starting_worker

FORMAT = 2
CURRENT = "CURRENT"
SEGMENTS = "segments"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Entries:
    """The live paragraphs of a generation: key, content hash, item number, number of embedded texts."""

    keys: list[str]
    hashes: np.ndarray  # bytes (S32)
    items: np.ndarray  # int64
    texts: np.ndarray  # int32

    @cached_property
    def position(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.keys)}

    @classmethod
    def empty(cls) -> Entries:
        return cls([], np.zeros(0, "S32"), np.zeros(0, np.int64), np.zeros(0, np.int32))


@dataclass(frozen=True)
class Generation:
    """One complete, immutable state of the index."""

    path: Path
    manifest: dict
    entries: Entries
    vectors: list[VectorSegment]
    lexical: list[LexicalSegment]
    vocabulary: list[str]
    english: dict[str, list[str]]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def files(self) -> dict[str, str]:
        return self.manifest["files"]

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    def held(self, key: str) -> str | None:
        """The string the entries hold for `key` (None when they do not): kept instead of another copy."""
        at = self.entries.position.get(key)
        return None if at is None else self.entries.keys[at]

    def counts(self) -> tuple[int, int]:
        """Paragraphs and vectors of the live entries."""
        return len(self.entries.keys), int(self.entries.texts.sum())


@contextlib.contextmanager
def writing(index_dir: Path) -> Iterator[None]:
    """One writer at a time, across processes; a second one waits, saying so (a tokenizing worker being
    started, which would wait for its parent, is refused: `tokenize.refuse_in_starting_worker`)."""
    refuse_in_starting_worker()
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(index_dir / "lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"waiting for another re-index of {index_dir} to finish…", flush=True)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def new_segment_path(index_dir: Path, kind: str) -> Path:
    (index_dir / SEGMENTS).mkdir(parents=True, exist_ok=True)
    return index_dir / SEGMENTS / f"{kind}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"


def current_name(index_dir: Path) -> str | None:
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    name = pointer.read_text().strip()
    if not name or "/" in name or name.startswith("."):
        raise IndexUnusable(f"{pointer} is corrupt (holds {name!r}); {REBUILD}")
    return name


def load_current(index_dir: Path, model: dict) -> Generation | None:
    """The generation CURRENT names (None when there is none, or it has an older format: it is rebuilt);
    IndexUnusable when it is damaged, ModelMismatch when it was built with another model than `model`."""
    name = current_name(index_dir)
    if name is None:
        return None
    try:
        return _load(index_dir, name, model)
    except IndexUnusable:
        if current_name(index_dir) != name:  # a writer replaced it (and deleted its files) while we read it
            return load_current(index_dir, model)
        raise


def _load(index_dir: Path, name: str, model: dict) -> Generation | None:
    path = index_dir / name
    manifest_path = path / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        built_with = manifest["model"]
    except FileNotFoundError:
        raise IndexUnusable(f"{manifest_path} is missing; {REBUILD}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexUnusable(f"{manifest_path} is corrupt or truncated ({exc}); {REBUILD}") from None
    if manifest.get("format") != FORMAT:
        return None
    if built_with.get("fingerprint") != model["fingerprint"]:
        raise ModelMismatch(
            f"the index in {index_dir} was built with model {_describe(built_with)}, but the configured model is "
            f"{_describe(model)}. Either configure the model the index was built with, or {REBUILD}"
        )
    try:
        entries = Entries(
            json.loads((path / "keys.json").read_text(encoding="utf-8")),
            np.load(path / "hashes.npy"),
            np.load(path / "items.npy"),
            np.load(path / "texts.npy"),
        )
        vocabulary = json.loads((path / "vocabulary.json").read_text(encoding="utf-8"))
        english = json.loads((path / "english.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"{path} is damaged ({exc}); {REBUILD}") from None
    if not (len(entries.keys) == len(entries.hashes) == len(entries.items) == len(entries.texts)):
        raise IndexUnusable(f"{path} is damaged (its entry files disagree); {REBUILD}")
    segments = index_dir / SEGMENTS
    with from_embeddings():
        vectors = [VectorSegment.load(segments / s) for s in manifest["vector_segments"]]
    for segment in vectors:
        if segment.vectors.shape[1] != model["dim"]:
            raise IndexUnusable(f"{segment.path} holds vectors of dimension {segment.vectors.shape[1]}; {REBUILD}")
    lexical = [LexicalSegment.load(segments / s) for s in manifest["lexical_segments"]]
    return Generation(path, manifest, entries, vectors, lexical, vocabulary, english)


def publish(
    index_dir: Path,
    manifest: dict,
    entries: Entries,
    vocabulary: list[str],
    english: dict[str, list[str]],
    vectors: list[VectorSegment],
    lexical: list[LexicalSegment],
) -> Generation:
    """Write a generation folder, make it CURRENT, delete what no generation needs; the caller holds `writing`."""
    manifest = {
        **manifest,
        "format": FORMAT,
        "vector_segments": [s.path.name for s in vectors],
        "lexical_segments": [s.path.name for s in lexical],
    }
    name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    tmp = index_dir / f"{name}.tmp"
    tmp.mkdir(parents=True)
    (index_dir / SEGMENTS).mkdir(exist_ok=True)
    write_file(tmp / "keys.json", json.dumps(entries.keys, ensure_ascii=False).encode("utf-8"))
    save_array(tmp / "hashes.npy", entries.hashes)
    save_array(tmp / "items.npy", entries.items)
    save_array(tmp / "texts.npy", entries.texts)
    write_file(tmp / "vocabulary.json", json.dumps(vocabulary, ensure_ascii=False).encode("utf-8"))
    write_file(tmp / "english.json", json.dumps(english, ensure_ascii=False).encode("utf-8"))
    write_file(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    sync(tmp)
    os.replace(tmp, index_dir / name)
    sync(index_dir / SEGMENTS)
    pointer = index_dir / f"{CURRENT}.tmp"
    write_file(pointer, name.encode())
    os.replace(pointer, index_dir / CURRENT)
    sync(index_dir)
    _collect_garbage(index_dir, name, manifest)
    return Generation(index_dir / name, manifest, entries, vectors, lexical, vocabulary, english)


def _collect_garbage(index_dir: Path, current: str, manifest: dict) -> None:
    """Delete older generations, unfinished writes and segments the current generation does not list.

    A search process that opened an older generation keeps reading its files: they were opened or mapped
    before, and the system keeps deleted files while they are open."""
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith("gen-") and path.name != current:
            shutil.rmtree(path, ignore_errors=True)
    used = set(manifest["vector_segments"]) | set(manifest["lexical_segments"])
    for path in (index_dir / SEGMENTS).iterdir():
        if path.name not in used:
            shutil.rmtree(path, ignore_errors=True)


def _describe(identity: dict) -> str:
    return json.dumps({k: identity.get(k) for k in ("name", "fingerprint", "dim")}, ensure_ascii=False)
