"""Postings of jieba terms, in segments written once (like Lucene's); bm25.py scores questions over them.

A re-index writes the postings of new and changed paragraphs as a new segment; the paragraphs they replace
are no longer alive but stay in their old segment until a merge rewrites it.

Files of a segment: `terms.json` (term list, column order), `indptr.npy`, `rows.npy` and `counts.npy`
(postings per term: segment row and term frequency), `lengths.npy` (terms per paragraph), `owners.npy`
(the item each row indexes).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.durable import save_array

from ..errors import IndexUnusable
from ..fingerprint import fingerprint

# What postings depend on besides the texts (the analyzer, its word lists, this module, the libraries behind
# them; not the code that scores questions, nor the English dictionary: text.english.DICTIONARY_VERSION): a
# change re-tokenizes every paragraph on the next open, without re-embedding anything.
VERSION = fingerprint(
    modules=("assistant.text.analyzer", "assistant.text.normalize", "assistant.scripts", "assistant.index.lexical"),
    libraries=("jieba", "opencc", "pycountry"),
)


REBUILD = "rebuild it with: python -m assistant index --rebuild"
_ARRAYS = ("indptr", "rows", "counts", "lengths", "owners")


@dataclass(frozen=True)
class LexicalSegment:
    """Postings of a batch of paragraphs: for term column c, rows[indptr[c]:indptr[c+1]] with their counts."""

    path: Path
    terms: dict[str, int]
    indptr: np.ndarray  # int64 [terms + 1]
    rows: np.ndarray  # int32 [postings]
    counts: np.ndarray  # float32 [postings]
    lengths: np.ndarray  # float32 [rows]: number of terms of each paragraph
    owners: np.ndarray  # int64 [rows]: the item of each row

    def __len__(self) -> int:
        return len(self.owners)

    @classmethod
    def write(cls, path: Path, owners: Sequence[int], tokens: Iterable[list[str]]) -> LexicalSegment:
        """A new segment from each owner's terms (in order); postings are gathered in numpy chunks, so a
        million paragraphs do not become hundreds of millions of Python objects."""
        vocabulary: dict[str, int] = {}
        chunks: list[tuple[np.ndarray, ...]] = []
        columns: list[int] = []
        rows: list[int] = []
        counts: list[int] = []
        lengths: list[int] = []

        def flush() -> None:
            chunks.append((np.array(columns, np.int64), np.array(rows, np.int32), np.array(counts, np.float32)))
            columns.clear(), rows.clear(), counts.clear()

        for row, terms in enumerate(tokens):
            lengths.append(len(terms))
            for term, count in Counter(terms).items():
                columns.append(vocabulary.setdefault(term, len(vocabulary)))
                rows.append(row)
                counts.append(count)
            if len(columns) > 1_000_000:
                flush()
        flush()
        return cls._write(
            path,
            list(vocabulary),
            *(np.concatenate(parts) for parts in zip(*chunks, strict=True)),
            np.array(lengths, np.float32),
            np.asarray(owners, np.int64),
        )

    @classmethod
    def merge(cls, path: Path, parts: Sequence[tuple[LexicalSegment, np.ndarray]]) -> LexicalSegment:
        """One segment holding the alive rows of each (segment, alive mask), in order, without re-tokenizing."""
        vocabulary: dict[str, int] = {}
        columns, rows, counts, lengths, owners = [], [], [], [], []
        offset = 0
        for segment, alive in parts:
            new_row = np.cumsum(alive) - 1 + offset  # old row -> merged row (where alive)
            remap = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in segment.terms], np.int64)
            column_of_posting = np.repeat(np.arange(len(segment.terms)), np.diff(segment.indptr))
            keep = alive[segment.rows]
            columns.append(remap[column_of_posting[keep]])
            rows.append(new_row[segment.rows[keep]].astype(np.int32))
            counts.append(segment.counts[keep])
            lengths.append(segment.lengths[alive])
            owners.append(segment.owners[alive])
            offset += int(alive.sum())

        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)

        return cls._write(
            path,
            list(vocabulary),
            joined(columns, np.int64),
            joined(rows, np.int32),
            joined(counts, np.float32),
            joined(lengths, np.float32),
            joined(owners, np.int64),
        )

    @classmethod
    def _write(cls, path: Path, terms: list[str], columns, rows, counts, lengths, owners) -> LexicalSegment:
        order = np.lexsort((rows, columns))  # by term, then row
        indptr = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(np.bincount(columns, minlength=len(terms)), out=indptr[1:])
        tmp = path.with_name(path.name + ".tmp")
        tmp.mkdir(parents=True)
        (tmp / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        arrays = {"indptr": indptr, "rows": rows[order], "counts": counts[order], "lengths": lengths, "owners": owners}
        for name in _ARRAYS:
            save_array(tmp / f"{name}.npy", arrays[name])
        os.replace(tmp, path)
        return cls.load(path)

    @classmethod
    def load(cls, path: Path) -> LexicalSegment:
        try:
            terms = json.loads((path / "terms.json").read_text(encoding="utf-8"))
            arrays = {name: np.load(path / f"{name}.npy") for name in _ARRAYS}
        except (OSError, ValueError) as exc:
            raise IndexUnusable(f"lexical segment {path} is missing or damaged ({exc}); {REBUILD}") from None
        if len(arrays["indptr"]) != len(terms) + 1 or len(arrays["lengths"]) != len(arrays["owners"]):
            raise IndexUnusable(f"lexical segment {path} is damaged; {REBUILD}")
        return cls(path, {term: c for c, term in enumerate(terms)}, **arrays)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows holding `term` and how often it occurs in each."""
        column = self.terms.get(term)
        if column is None:
            return self.rows[:0], self.counts[:0]
        start, end = self.indptr[column], self.indptr[column + 1]
        return self.rows[start:end], self.counts[start:end]
