"""A FAISS index of keyed vectors on disk, updated incrementally and swapped in atomically.

Each key (e.g. a paragraph) owns one or more vectors (its whole text first, then parts of it).
The manifest maps every key to the content hash it was embedded from and to its vector ids, so an
update embeds only keys whose hash is new or changed and drops the vectors of keys that are gone.

On disk: `index_dir/CURRENT` names the active generation folder; a writer builds a complete new
generation beside it and replaces CURRENT atomically, so a crash at any moment leaves the previous
generation loadable. A lock file keeps two writers apart.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock, Timeout

from .encoder import Encoder, describe
from .errors import IndexDamaged, WrongModel

FORMAT_VERSION = 1
VECTORS_FILE = "vectors.faiss"
MANIFEST_FILE = "manifest.json"
EMBED_CHUNK = 64  # texts per progress report
HNSW_THRESHOLD = 200_000  # vectors; below it exact search is fast enough and exact

# One query vector at a time gains nothing from threads, and faiss's OpenMP pool spinning beside the
# encoder's threads doubled the search latency on 2 cores (benchmarks/bench_query.py).
faiss.omp_set_num_threads(1)


REBUILD_HINT = "rebuild the index (a full re-embedding)"


@dataclass(frozen=True)
class Item:
    """What to index for one key: the hash of its content and the texts to embed (whole text first)."""

    key: str
    content_hash: str
    texts: list[str]


@dataclass
class UpdateReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    vectors_embedded: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"added {self.added}, changed {self.changed}, removed {self.removed}, unchanged {self.unchanged}; "
            f"embedded {self.embedded} ({self.vectors_embedded} vectors) in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class KeySimilarities:
    """Per key (in `Generation.keys` order): similarity to its whole text and the best one to one of its parts."""

    whole: np.ndarray
    part: np.ndarray


@dataclass
class Generation:
    """One complete, immutable state of the index: vectors plus manifest."""

    path: Path
    manifest: dict
    index: faiss.Index
    owner: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # vector id -> key number
    keys: list[str] = field(default_factory=list)
    is_whole: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # vector id -> embeds a whole text

    @property
    def entries(self) -> dict[str, dict]:
        return self.manifest["entries"]

    def similarities(self, query: np.ndarray) -> KeySimilarities:
        """Similarity of `query` to each key's whole text and to its best part; NaN where a key has no vector."""
        whole = np.full(len(self.keys), np.nan, np.float32)
        part = whole.copy()
        if self.index.ntotal == 0:
            return KeySimilarities(whole, part)
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), np.float32), self.index.ntotal)
        found = ids[0] >= 0
        ids, scores = ids[0][found], scores[0][found]
        rows, is_whole = self.owner[ids], self.is_whole[ids]
        np.fmax.at(whole, rows[is_whole], scores[is_whole])
        np.fmax.at(part, rows[~is_whole], scores[~is_whole])
        return KeySimilarities(whole, part)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _build_faiss(vectors: np.ndarray, ids: np.ndarray, dim: int, kind: str) -> faiss.Index:
    base = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT) if kind == "hnsw" else faiss.IndexFlatIP(dim)
    index = faiss.IndexIDMap2(base)
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vectors, np.float32), ids.astype(np.int64))
    return index


class VectorStore:
    """Open (or create) the index in `index_dir` for `encoder`; `update` re-embeds what changed."""

    def __init__(self, index_dir: Path, encoder: Encoder, load: bool = True) -> None:
        """`load=False` skips reading what is on disk, for a rebuild that replaces even an unreadable index."""
        self.dir = Path(index_dir)
        self.encoder = encoder
        self.current: Generation | None = self._load_current() if load else None

    # -- reading ------------------------------------------------------------------
    def _current_name(self) -> str | None:
        pointer = self.dir / "CURRENT"
        if not pointer.exists():
            return None
        name = pointer.read_text().strip()
        if not name or "/" in name:
            raise IndexDamaged(f"{pointer} is corrupt (holds {name!r}); {REBUILD_HINT}")
        return name

    def _load_current(self) -> Generation | None:
        name = self._current_name()
        if name is None:
            return None
        gen_dir = self.dir / name
        manifest_path = gen_dir / MANIFEST_FILE
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            entries = manifest["entries"]
            model = manifest["model"]
        except FileNotFoundError:
            raise IndexDamaged(f"{manifest_path} is missing; {REBUILD_HINT}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexDamaged(f"{manifest_path} is corrupt or truncated ({exc}); {REBUILD_HINT}") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexDamaged(
                f"{manifest_path} has format {manifest.get('format')}, expected {FORMAT_VERSION}; {REBUILD_HINT}"
            )
        if model.get("fingerprint") != self.encoder.fingerprint:
            raise WrongModel(
                f"the index in {self.dir} was built with model {describe(model)}, but the configured model is "
                f"{describe(self.encoder.identity())}. Either configure the model the index was built with, or "
                f"{REBUILD_HINT}"
            )
        vectors_path = gen_dir / VECTORS_FILE
        try:
            index = faiss.read_index(str(vectors_path))
        except Exception as exc:
            raise IndexDamaged(
                f"{vectors_path} is corrupt or truncated ({str(exc).splitlines()[0]}); {REBUILD_HINT}"
            ) from None
        expected = sum(len(e["ids"]) for e in entries.values())
        if index.ntotal != expected or index.d != self.encoder.dim:
            raise IndexDamaged(
                f"{vectors_path} holds {index.ntotal} vectors of dimension {index.d}, the manifest "
                f"expects {expected} of dimension {self.encoder.dim}; {REBUILD_HINT}"
            )
        return self._generation(gen_dir, manifest, index)

    @staticmethod
    def _generation(path: Path, manifest: dict, index: faiss.Index) -> Generation:
        keys = list(manifest["entries"])
        size = manifest.get("next_id", 0)
        owner = np.full(size, -1, np.int64)
        is_whole = np.zeros(size, bool)
        for k, key in enumerate(keys):
            ids = manifest["entries"][key]["ids"]
            owner[ids] = k
            is_whole[ids[:1]] = True
        return Generation(path, manifest, index, owner, keys, is_whole)

    @property
    def manifest(self) -> dict:
        return self.current.manifest if self.current else {}

    # -- writing ------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time (across processes); a second one waits, saying so."""
        self.dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.dir / "lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            print(f"waiting for another re-index of {self.dir} to finish…", flush=True)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def _embed(self, texts: list[str], progress: bool, on_progress: Callable[[int, int], None] | None) -> np.ndarray:
        if on_progress is None:
            return self.encoder.encode_documents(texts, progress=progress and bool(texts))
        parts = [np.zeros((0, self.encoder.dim), np.float32)]
        on_progress(0, len(texts))
        for start in range(0, len(texts), EMBED_CHUNK):
            parts.append(self.encoder.encode_documents(texts[start : start + EMBED_CHUNK]))
            on_progress(min(start + EMBED_CHUNK, len(texts)), len(texts))
        return np.vstack(parts)

    @staticmethod
    def _kind(total: int) -> str:
        return "hnsw" if total >= HNSW_THRESHOLD else "flat"

    def update(
        self,
        items: list[Item],
        files: dict[str, str],
        progress: bool = False,
        write_extra: Callable[[Path], None] | None = None,
        rebuild: bool = False,
        extra_version: str = "",
        on_progress: Callable[[int, int], None] | None = None,
    ) -> UpdateReport:
        """Make the index hold exactly `items`: embed new and changed keys, drop missing ones, swap in.

        `write_extra` adds files of the caller's to the new generation; a new `extra_version` (how those
        files are made) makes a new generation even when no vector changed. `on_progress(done, total)` is
        called as texts are embedded, for a caller that shows progress elsewhere than a terminal."""
        started = time.perf_counter()
        with self._locked():
            if not rebuild:
                self.current = self._load_current()  # another writer may have swapped since we opened
            old = None if rebuild else self.current
            old_entries = old.entries if old else {}
            report = UpdateReport()
            wanted = {item.key: item for item in items}
            keep: dict[str, dict] = {}
            todo: list[Item] = []
            for key, item in wanted.items():
                entry = old_entries.get(key)
                if entry and entry["hash"] == item.content_hash and len(entry["ids"]) == len(item.texts):
                    keep[key] = entry
                    report.unchanged += 1
                else:
                    todo.append(item)
                    if entry:
                        report.changed += 1
                    else:
                        report.added += 1
            report.removed = sum(1 for key in old_entries if key not in wanted)
            unchanged = (
                old is not None
                and old.manifest.get("files") == files
                and old.manifest.get("extra_version", "") == extra_version
            )
            if not todo and not report.removed and unchanged:
                report.seconds = time.perf_counter() - started
                return report

            texts = [t for item in todo for t in item.texts]
            new_vectors = self._embed(texts, progress, on_progress)
            report.embedded = len(todo)
            report.vectors_embedded = len(texts)

            next_id = old.manifest.get("next_id", 0) if old else 0
            kept_ids = np.array([i for e in keep.values() for i in e["ids"]], np.int64)
            kept_vectors = _vectors_of(old.index, kept_ids) if old is not None else new_vectors[:0]
            entries: dict[str, dict] = {}
            new_ids: list[int] = []
            for key, item in wanted.items():
                if key in keep:
                    entries[key] = keep[key]
                    continue
                ids = list(range(next_id, next_id + len(item.texts)))
                next_id += len(item.texts)
                new_ids.extend(ids)
                entries[key] = {"hash": item.content_hash, "ids": ids}
            all_ids = np.concatenate([kept_ids, np.array(new_ids, np.int64)])
            all_vectors = np.vstack([kept_vectors, new_vectors])
            kind = self._kind(len(all_ids))
            index = _build_faiss(all_vectors, all_ids, self.encoder.dim, kind)
            manifest = {
                "format": FORMAT_VERSION,
                "model": {**self.encoder.identity(), "normalized": True},
                "index_type": kind,
                "files": files,
                "extra_version": extra_version,
                "next_id": next_id,
                "entries": entries,
            }
            self.current = self._swap_in(manifest, index, write_extra)
        report.seconds = time.perf_counter() - started
        return report

    def _swap_in(self, manifest: dict, index: faiss.Index, write_extra: Callable[[Path], None] | None) -> Generation:
        name = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = self.dir / f"{name}.tmp"
        tmp.mkdir(parents=True)
        faiss.write_index(index, str(tmp / VECTORS_FILE))
        with (tmp / VECTORS_FILE).open("rb+") as fh:
            os.fsync(fh.fileno())
        if write_extra:
            write_extra(tmp)
        _write_file(tmp / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        _fsync_dir(tmp)
        final = self.dir / name
        os.replace(tmp, final)
        pointer_tmp = self.dir / "CURRENT.tmp"
        _write_file(pointer_tmp, name.encode())
        os.replace(pointer_tmp, self.dir / "CURRENT")
        _fsync_dir(self.dir)
        for stale in self.dir.iterdir():  # we hold the lock: nothing else is being written
            if stale.is_dir() and stale.name.startswith("gen-") and stale.name != name:
                shutil.rmtree(stale, ignore_errors=True)
        return self._generation(final, manifest, index)


def _vectors_of(index: faiss.Index, ids: np.ndarray) -> np.ndarray:
    """The stored vectors for `ids`, read back from an IndexIDMap2 in one pass."""
    stored_ids = faiss.vector_to_array(index.id_map)
    row = {int(v): r for r, v in enumerate(stored_ids)}
    everything = index.index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
    return everything[[row[int(i)] for i in ids]].reshape(len(ids), index.d)
