"""BM25 over the lexical segments (lexical.py) as one snapshot sees them.

Scores are computed at query time from the live postings, so document frequencies, the number of paragraphs
and the average length are always those of the live corpus: a paragraph scores the same as if the whole index
had been rebuilt. The formula is bm25s's (Lucene's variant, k1 = 1.5, b = 0.75); `tests/test_lexical.py`
compares the two.

Every posting of every question term is scored, so the best rows, the score of any row and the mean and spread
of the score over the corpus (which put BM25 on the dense side's scale) are all exact: in numpy in a small
corpus, in one compiled pass per term (bm25_kernels.py) from COMPILED_FROM paragraphs. At a million paragraphs
that is about twice as fast as the MaxScore pruning in numpy it replaced (which scored common words only for the
rows that could still reach the n best, and had to estimate the statistics from a sample): bench_scale's corpus
holds most question words in tens of thousands of paragraphs, where pruning rules out little. Scores are added
up by segment row and looked up by snapshot row only for the rows asked: a posting then reads its row's length
norm (infinite for a row no longer alive, which so adds 0) and its score, not also the row's place in the
snapshot (6.2 → 3.5 ms for the postings of a dev question at a million paragraphs).

Kept apart from lexical.py, whose source is part of the index's version: changing how
questions are scored must not re-tokenize every index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..text.analyzer import Analyzer
from .lexical import LexicalSegment
from .store import LexicalResult

K1 = 1.5
B = 0.75
KEPT_FREQUENCIES = 100_000  # terms
# Paragraphs from which questions are scored by the compiled kernels (bm25_kernels.py); a smaller corpus is scored
# by their numpy equivalents (_InNumpy) in a few milliseconds, without loading numba (~0.5 s and ~150 MB a process).
COMPILED_FROM = 50_000
_ALL = np.zeros(0, bool)  # `allowed` for the kernel when every row is


@dataclass(frozen=True)
class LexicalIndex:
    """The segments of one index generation as a snapshot sees them: `places[s][r]` is the snapshot row of
    row r of segment s, or -1 when that row is no longer alive.

    index = LexicalIndex.over(segments, places, Analyzer(vocabulary), english)
    result = index.search(["举报人", "保护"], n=200, allowed=None)  # the 200 best rows, their scores, statistics
    """

    segments: list[LexicalSegment]
    places: list[np.ndarray]
    size: int  # number of snapshot rows
    average_length: float  # of the live paragraphs
    analyzer: Analyzer
    english: dict[str, list[str]]
    dead: list[np.ndarray]  # per segment: its rows no longer alive, in order
    norms: list[np.ndarray]  # per segment and row: k1 (1 - b + b length / average length); inf when not alive
    segment_of: np.ndarray  # per snapshot row: its segment
    within: np.ndarray  # per snapshot row: its row in that segment
    _frequencies: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # kept once counted

    @classmethod
    def over(
        cls,
        segments: list[LexicalSegment],
        places: list[np.ndarray],
        analyzer: Analyzer,
        english: dict[str, list[str]],
    ) -> LexicalIndex:
        size = sum(int((place >= 0).sum()) for place in places)
        total = sum(float(s.lengths[place >= 0].sum()) for s, place in zip(segments, places, strict=True))
        dead = [np.flatnonzero(place < 0) for place in places]
        average = total / size if size else 0.0
        base, per_length = np.float32(K1 * (1 - B)), np.float32(K1 * B / average if average else 0.0)
        norms = [
            np.where(place >= 0, base + per_length * s.lengths, np.inf).astype(np.float32)
            for s, place in zip(segments, places, strict=True)
        ]
        segment_of, within = np.full(size, -1, np.int32), np.zeros(size, np.int64)
        for number, place in enumerate(places):
            live = np.flatnonzero(place >= 0)
            segment_of[place[live]], within[place[live]] = number, live
        if size >= COMPILED_FROM:
            _load(_kernels(size))
        return cls(segments, places, size, average, analyzer, english, dead, norms, segment_of, within)

    @property
    def compiled(self) -> bool:
        """Whether questions are scored by the compiled kernels (which release the GIL while they run)."""
        return self.size >= COMPILED_FROM

    def search(self, terms: list[str], n: int, allowed: np.ndarray | None) -> LexicalResult:
        """The best `n` rows within `allowed` for the query terms (a term given twice counts twice), their
        scores, the statistics of the score over the corpus, and the score of any row."""
        parts = self._scores(terms)
        kernels = _kernels(self.size)
        rows, scores = [np.zeros(0, np.int64)], [np.zeros(0, np.float32)]
        total = squares = best = 0.0
        for part, place in zip(parts, self.places, strict=True):
            mask = _ALL if allowed is None else allowed[place] & (place >= 0)
            found, part_total, part_squares, part_best = kernels.best(part, mask, n)
            rows.append(place[found])
            scores.append(part[found])
            total, squares, best = total + part_total, squares + part_squares, max(best, part_best)
        rows, scores = np.concatenate(rows), np.concatenate(scores)
        order = np.lexsort((rows, -scores))[: max(n, 0)]
        mean = total / self.size if self.size else 0.0
        std = float(np.sqrt(max(squares / self.size - mean * mean, 0.0))) if self.size else 0.0
        return LexicalResult(rows[order], scores[order], mean, std, float(best), lambda at: self._of(parts, at))

    def _scores(self, terms: list[str]) -> list[np.ndarray]:
        """Per segment: the BM25 score of each of its rows for the query terms (0 for rows no longer alive).
        Scored by segment row, not snapshot row: no lookup of each posting's snapshot row (at a million
        paragraphs, nearly half the time), and a row no longer alive adds count / inf = 0."""
        parts = [np.zeros(len(s), np.float32) for s in self.segments]
        if not self.average_length:
            return parts
        kernels = _kernels(self.size)
        for term, weight in self._weighted(terms):
            weight = np.float32(weight)  # float32 arguments keep the kernel's arithmetic in float32 (a fifth faster)
            for segment, norm, part in zip(self.segments, self.norms, parts, strict=True):
                rows, counts = segment.postings(term)
                if len(rows):
                    kernels.accumulate(rows, counts, norm, weight, part)
        return parts

    def _of(self, parts: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
        """The scores (from `_scores`) of snapshot `rows`."""
        rows = np.asarray(rows, np.int64)
        out = np.zeros(len(rows), np.float32)
        segment = self.segment_of[rows]
        for number, part in enumerate(parts):
            mine = segment == number
            out[mine] = part[self.within[rows[mine]]]
        return out

    def _weighted(self, terms: list[str]) -> list[tuple[str, float]]:
        """Each term the corpus holds with its weight: idf times how often it is asked."""
        weighted = []
        for term, repeat in Counter(terms).items():
            df = self.frequency(term)
            if df:
                weighted.append((term, repeat * float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))))
        return weighted

    def holding(self, term: str) -> np.ndarray:
        """Snapshot rows whose paragraph holds `term`, in order (from the postings: no scoring)."""
        found = []
        for segment, place in zip(self.segments, self.places, strict=True):
            where = place[segment.postings(term)[0]]
            found.append(where[where >= 0])
        return np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def frequency(self, term: str) -> int:
        """How many snapshot rows hold `term` (its postings less those of rows no longer alive; kept once counted,
        as every question's terms are weighted by it: ~2 ms a question at a million paragraphs)."""
        found = self._frequencies.get(term)
        if found is None:
            if len(self._frequencies) >= KEPT_FREQUENCIES:
                self._frequencies.clear()
            found = self._frequencies[term] = self._counted(term)
        return found

    def _counted(self, term: str) -> int:
        total = 0
        for segment, place, dead in zip(self.segments, self.places, self.dead, strict=True):
            rows = segment.postings(term)[0]
            total += len(rows)
            if len(dead) > len(rows):  # more dead rows than postings: the postings looked up instead
                total -= int((place[rows] < 0).sum())
            elif len(dead):
                total -= int(_within(dead, rows).sum())
        return total


def _kernels(size: int):
    """bm25_kernels for a corpus of `size` paragraphs from COMPILED_FROM, _InNumpy below it."""
    if size < COMPILED_FROM:
        return _InNumpy
    from . import bm25_kernels

    return bm25_kernels


def _load(kernels) -> None:
    """Load numba and the kernels' machine code for the argument types questions use (an index is made while
    an open or update pauses the garbage collector): imported by the first question in a process holding a
    million paragraphs, numba took 2.5 s, the collector walking the whole heap."""
    rows, counts, norm = np.zeros(1, np.int32), np.ones(1, np.float32), np.ones(1, np.float32)
    kernels.accumulate(rows, counts, norm, np.float32(1), np.zeros(1, np.float32))
    kernels.best(np.zeros(1, np.float32), _ALL, 1)


class _InNumpy:
    """bm25_kernels's functions in numpy: the same results, a few passes and temporary arrays each."""

    @staticmethod
    def accumulate(rows, counts, norm, weight, out) -> None:
        out[rows] += weight * counts / (counts + norm[rows])

    @staticmethod
    def best(scores: np.ndarray, allowed: np.ndarray, n: int) -> tuple[np.ndarray, float, float, float]:
        rows = np.flatnonzero((scores > 0) & allowed if len(allowed) else scores > 0)
        if len(rows) > n:
            rows = rows[np.argpartition(-scores[rows], n - 1)[:n]] if n > 0 else rows[:0]
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        wide = scores.astype(np.float64)
        return rows, float(wide.sum()), float((wide * wide).sum()), float(scores.max(initial=0.0))


def _within(values: np.ndarray, sorted_rows: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_rows` (binary search: no hashing of a large set)."""
    if not len(sorted_rows):
        return np.zeros(len(values), bool)
    at = np.minimum(np.searchsorted(sorted_rows, values), len(sorted_rows) - 1)
    return sorted_rows[at] == values
