"""The vector segments of one generation as a snapshot sees them: candidates, exact similarities, statistics.

Each paragraph (snapshot row) owns consecutive vectors in one segment: its whole text first, then its
sentence windows and footnotes. A query asks each segment for its nearest live vectors (an exact scan, or an
IVF probe in a large segment), turns them into paragraphs, and then computes for the candidates, exactly, the
similarity to the whole text and the best similarity to any part. Scores are put on a common scale with the
mean and spread of the dense score over the corpus, taken on a fixed sample of paragraphs (every paragraph
when there are at most `SAMPLE` of them, so a small corpus is scored exactly as by a full scan).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embeddings.segment import VectorSegment

SAMPLE = 4096
VECTORS_PER_CANDIDATE = 3  # about as many vectors per paragraph (whole text, windows, footnotes)


@dataclass(frozen=True)
class DenseIndex:
    segments: list[VectorSegment]
    places: list[np.ndarray]  # per segment: snapshot row of each vector, -1 when no longer alive
    segment_of: np.ndarray  # per snapshot row: its segment
    first: np.ndarray  # per snapshot row: the row of its whole-text vector in that segment
    count: np.ndarray  # per snapshot row: how many vectors it has
    sample: np.ndarray  # snapshot rows the statistics are taken on

    @classmethod
    def over(cls, segments: list[VectorSegment], places: list[np.ndarray], size: int) -> DenseIndex:
        segment_of = np.full(size, -1, np.int32)
        first = np.zeros(size, np.int64)
        count = np.zeros(size, np.int32)
        for number, place in enumerate(places):
            alive = np.flatnonzero(place >= 0)
            rows, starts, counts = np.unique(place[alive], return_index=True, return_counts=True)
            segment_of[rows] = number
            first[rows] = alive[starts]
            count[rows] = counts
        if (segment_of < 0).any():
            raise ValueError("a paragraph of the snapshot has no vector")
        step = max(1, size // SAMPLE)
        return cls(segments, places, segment_of, first, count, np.arange(0, size, step)[:SAMPLE])

    def candidates(self, query: np.ndarray, n: int, allowed: np.ndarray | None = None) -> np.ndarray:
        """Snapshot rows of about the `n` paragraphs whose vectors are nearest to `query` (among `allowed`)."""
        found = []
        for segment, place in zip(self.segments, self.places, strict=True):
            alive = place >= 0
            if allowed is not None:
                alive &= allowed[np.maximum(place, 0)]
            rows, _ = segment.search(query, n * VECTORS_PER_CANDIDATE, alive)
            found.append(place[rows])
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def similarities(self, query: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each snapshot row: similarity to its whole text, and the best to one of its parts (NaN if none)."""
        whole = np.zeros(len(rows), np.float32)
        part = np.full(len(rows), np.nan, np.float32)
        for number, segment in enumerate(self.segments):
            mine = np.flatnonzero(self.segment_of[rows] == number)
            if not len(mine):
                continue
            firsts, counts = self.first[rows[mine]], self.count[rows[mine]]
            vector_rows = np.repeat(firsts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            scores = segment.similarity(query, vector_rows)
            starts = np.cumsum(counts) - counts
            whole[mine] = scores[starts]
            parts = counts > 1
            if parts.any():
                scores[starts] = -np.inf  # the whole texts: the best part is among the others
                part[mine[parts]] = np.maximum.reduceat(scores, starts)[parts]
        return whole, part

    def statistics(self, query: np.ndarray, score) -> tuple[float, float]:
        """Mean and standard deviation of `score(whole, part)` over the sample of the corpus."""
        values = score(*self.similarities(query, self.sample))
        return float(values.mean()), float(values.std())
