"""A segment of vectors on disk, written once and never changed: the unit an index is made of.

An index that only ever adds segments can publish a new state without rewriting the old data: a change
to one text among a million writes one small segment, and the texts it replaces are simply no longer
referenced (the caller says which rows are alive). Small segments are searched exactly; a large one
(from `APPROXIMATE_FROM` vectors) also carries an IVF index over 8-bit codes (FAISS), probed for
candidates, whose exact scores then come from the stored vectors.

Files: `vectors.npy` (float16, one row per vector, memory-mapped), `owners.npy` (int64: the caller's
item each vector belongs to), `whole.npy` (bool: the vector embeds the item's whole text), and for large
segments `ivf.faiss`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .durable import save_array, sync
from .errors import IndexDamaged

APPROXIMATE_FROM = 50_000  # vectors; below this an exact scan of the segment is fast enough (~5 ms)
READ_ROWS = 262_144  # rows read at a time when building the IVF index (~400 MB as float32)
PROBES = 128  # IVF cells visited per query; recall against exact search in benchmarks/bench_scale.py

# One query vector at a time gains nothing from threads, and faiss's OpenMP pool spinning beside the
# encoder's threads doubled the search latency on 2 cores (benchmarks/bench_query.py).
faiss.omp_set_num_threads(1)


@dataclass(frozen=True)
class VectorSegment:
    """Vectors of some items: `owners[i]` is the item of row i, `whole[i]` whether it embeds the whole text."""

    path: Path
    vectors: np.ndarray  # float16 (memory-mapped) [n, dim]
    owners: np.ndarray  # int64 [n]
    whole: np.ndarray  # bool [n]
    exact: np.ndarray | None  # float32 copy in memory for an exact scan (small segments)
    ivf: faiss.Index | None  # approximate index over the rows (large segments)

    def __len__(self) -> int:
        return len(self.owners)

    @classmethod
    def write(
        cls, path: Path, owners: np.ndarray, whole: np.ndarray, batches: Iterable[np.ndarray], dim: int
    ) -> VectorSegment:
        """Write a new segment folder (it must not exist) from vectors given in batches, in row order."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.mkdir(parents=True)
        _write_rows(tmp / "vectors.npy", batches, len(owners), dim)
        save_array(tmp / "owners.npy", np.asarray(owners, np.int64))
        save_array(tmp / "whole.npy", np.asarray(whole, bool))
        if len(owners) >= APPROXIMATE_FROM:
            faiss.write_index(_train_ivf(tmp / "vectors.npy"), str(tmp / "ivf.faiss"))
            sync(tmp / "ivf.faiss")
        os.replace(tmp, path)
        return cls.load(path)

    @classmethod
    def load(cls, path: Path) -> VectorSegment:
        files = {name: path / name for name in ("vectors.npy", "owners.npy", "whole.npy", "ivf.faiss")}
        loaded: dict[str, object] = {}
        for name, file in files.items():
            if name == "ivf.faiss" and not file.exists():
                loaded[name] = None
                continue
            try:
                if name == "ivf.faiss":
                    loaded[name] = faiss.read_index(str(file))
                else:
                    loaded[name] = np.load(file, mmap_mode="r" if name == "vectors.npy" else None)
            except Exception as exc:  # numpy and faiss raise many kinds on damaged files
                raise IndexDamaged(f"{file} is missing or damaged ({str(exc).splitlines()[0]})") from None
        vectors, owners, whole = loaded["vectors.npy"], loaded["owners.npy"], loaded["whole.npy"]
        if vectors.ndim != 2 or not (len(vectors) == len(owners) == len(whole)):
            raise IndexDamaged(f"{files['vectors.npy']} is damaged (the segment's files disagree on its size)")
        ivf = loaded["ivf.faiss"]
        exact = None if ivf is not None else np.asarray(vectors, np.float32)
        return cls(path, vectors, owners, whole, exact, ivf)

    def search(
        self, query: np.ndarray, n: int, alive: np.ndarray, bitmap: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows (among those `alive`; `bitmap`: the same packed little-endian, when the caller has it) of the
        about `n` vectors most similar to `query`, with their similarity."""
        if n <= 0 or not (bitmap if bitmap is not None else alive).any():
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if self.exact is not None:
            scores = self.exact @ query
            scores[~alive] = -np.inf
            n = min(n, int(alive.sum()))
            rows = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.flatnonzero(alive)
            return rows, scores[rows]
        bitmap = np.packbits(alive, bitorder="little") if bitmap is None else bitmap
        params = faiss.SearchParametersIVF(sel=faiss.IDSelectorBitmap(len(alive), faiss.swig_ptr(bitmap)))
        params.nprobe = PROBES
        scores, rows = self.ivf.search(np.ascontiguousarray(query.reshape(1, -1), np.float32), n, params=params)
        found = rows[0] >= 0
        return rows[0][found].astype(np.int64), scores[0][found]

    def stored(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors at `rows` (float32)."""
        if self.exact is not None:
            return self.exact[rows]
        return _as_float32(np.asarray(self.vectors[rows]))


def _as_float32(half: np.ndarray) -> np.ndarray:
    """float16 rows as float32, decoded by faiss's fp16 scalar quantizer (the same values): numpy converts half
    floats one by one, 2.4 ms for the ~3,000 vectors of a question's candidates at a million paragraphs, where
    faiss takes 0.85 ms."""
    return faiss.ScalarQuantizer(half.shape[1], faiss.ScalarQuantizer.QT_fp16).decode(
        np.ascontiguousarray(half).view(np.uint8)
    )


def _write_rows(path: Path, batches: Iterable[np.ndarray], n: int, dim: int) -> None:
    """Write `n` float16 rows to a .npy file batch by batch: written through the file, not a memory map, so the
    writing process does not keep the whole array resident (a million rows built in 5.5 GB that way)."""
    with path.open("wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {"descr": "<f2", "fortran_order": False, "shape": (n, dim)})
        row = 0
        for batch in batches:
            fh.write(np.ascontiguousarray(batch, "<f2").tobytes())
            row += len(batch)
        if row != n:
            raise ValueError(f"{row} vectors given for {n} owners")
        fh.flush()
        os.fsync(fh.fileno())


def _read_rows(path: Path, start: int, stop: int) -> np.ndarray:
    """Rows start..stop of a float16 .npy file as float32, read from the file (no memory map left resident)."""
    with path.open("rb") as fh:
        np.lib.format.read_magic(fh)
        (n, dim), _, _ = np.lib.format.read_array_header_1_0(fh)
        fh.seek(start * dim * 2, os.SEEK_CUR)
        return np.fromfile(fh, "<f2", (min(stop, n) - start) * dim).reshape(-1, dim).astype(np.float32)


def _train_ivf(path: Path) -> faiss.Index:
    """An IVF index with 8-bit scalar-quantised codes over the float16 vectors in `path`; rows are numbered
    0..n-1 in segment order."""
    n, dim = np.load(path, mmap_mode="r").shape
    cells = int(4 * np.sqrt(n))
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dim), dim, cells, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    sample = np.sort(np.random.default_rng(0).choice(n, min(n, 40 * cells), replace=False))
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building uses every core; searching uses one
    try:
        chunk = READ_ROWS
        picked = []  # the training sample, gathered one chunk at a time
        for start in range(0, n, chunk):
            rows = sample[(sample >= start) & (sample < start + chunk)] - start
            picked.append(_read_rows(path, start, start + chunk)[rows])
        index.train(np.concatenate(picked))
        del picked
        for start in range(0, n, chunk):
            index.add(_read_rows(path, start, start + chunk))
    finally:
        faiss.omp_set_num_threads(threads)
    return index
