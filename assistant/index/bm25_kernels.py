"""The loops of query-time BM25 (bm25.py), compiled by numba: one pass over a term's postings, one over the scores.

In numpy, adding one term's score to its rows takes several passes and as many temporary arrays (look up the
rows' norms, the parts, then the scatter); a question at a million paragraphs adds several million postings,
and the passes, not the arithmetic, were most of its time. One compiled loop does it in one
pass: about four times as fast (benchmarks/bench_scale.py), which makes scoring every posting cheaper than the
MaxScore pruning it replaces, and exact everywhere. The loops release the GIL, so searches in several threads,
and a question's BM25 side beside its dense side (search/snapshot.py), run at once. Compiled on first use and
kept in numba's cache (next to this file, or the user's cache folder when that is read-only).
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def accumulate(rows: np.ndarray, counts: np.ndarray, norm: np.ndarray, weight: float, out: np.ndarray) -> None:
    """out[r] += weight * count / (count + norm[r]) for each posting (r, count) of a segment: a BM25 term's
    part, with norm = k1 (1 - b + b length / average length), inf for a row no longer alive."""
    for i in range(len(rows)):
        row = rows[i]
        count = counts[i]
        out[row] += weight * count / (count + norm[row])


@numba.njit(cache=True, nogil=True)
def best(scores: np.ndarray, allowed: np.ndarray, n: int) -> tuple[np.ndarray, float, float, float]:
    """Positions of the `n` largest positive scores (any n of them when tied) among those `allowed` (a bool per
    score; empty: all), best first; and the sum, sum of squares (float64) and largest of all the scores. One
    pass: values go to a buffer of 2n, cut back to the n best whenever it fills, and a value under the last cut
    is not looked at again."""
    total = 0.0
    squares = 0.0
    largest = 0.0
    filtered = len(allowed) > 0
    size = 2 * max(n, 1)
    rows = np.empty(size, np.int64)
    values = np.empty(size, scores.dtype)
    kept = 0
    floor = 0.0
    for row in range(len(scores)):
        value = scores[row]
        wide = float(value)
        total += wide
        squares += wide * wide
        largest = max(largest, wide)
        if n <= 0 or value <= floor or (filtered and not allowed[row]):
            continue
        if kept == size:
            floor = np.partition(values, size - n)[size - n]  # the n-th largest
            full_rows, full_values = rows.copy(), values.copy()
            kept = 0
            for i in range(size):  # those above it, then as many of those equal to it as make n
                if full_values[i] > floor:
                    rows[kept], values[kept] = full_rows[i], full_values[i]
                    kept += 1
            for i in range(size):
                if kept < n and full_values[i] == floor:
                    rows[kept], values[kept] = full_rows[i], full_values[i]
                    kept += 1
            if value <= floor:
                continue
        rows[kept] = row
        values[kept] = value
        kept += 1
    order = np.argsort(-values[:kept], kind="mergesort")[:n]
    return rows[:kept][order], total, squares, largest
