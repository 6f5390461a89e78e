"""The vector segments of one generation as a snapshot sees them: candidates, exact similarities, statistics.

Each paragraph (snapshot row) owns consecutive vectors in one segment: its whole text first, then its
sentence windows and footnotes. A query asks each segment for its nearest live vectors (an exact scan, or an
IVF probe in a large segment), turns them into paragraphs, and then computes for the candidates, exactly, the
similarity to the whole text and the best similarity to any part. Scores are put on a common scale with the
mean and spread of the dense score over the corpus, taken on a fixed sample of paragraphs (every paragraph
when there are at most `SAMPLE` of them, so a small corpus is scored exactly as by a full scan).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from embeddings.segment import VectorSegment

SAMPLE = 4096
VECTORS_PER_CANDIDATE = 3  # about as many vectors per paragraph (whole text, windows, footnotes)


@dataclass(frozen=True)
class Gathered:
    """The vectors of some rows, row after row (each row's whole text first), for one matrix product."""

    vectors: np.ndarray  # float32 [vectors, dim]
    starts: np.ndarray  # per row: where its vectors start
    counts: np.ndarray  # per row: how many

    def similarities(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: similarity to its whole text, and the best to one of its parts (NaN if it has none)."""
        scores = self.vectors @ query
        whole = scores[self.starts]
        part = np.full(len(self.starts), np.nan, np.float32)
        parts = self.counts > 1
        if parts.any():
            scores[self.starts] = -np.inf  # the whole texts: the best part is among the others
            part[parts] = np.maximum.reduceat(scores, self.starts)[parts]
        return whole, part


@dataclass(frozen=True)
class DenseIndex:
    segments: list[VectorSegment]
    places: list[np.ndarray]  # per segment: snapshot row of each vector, -1 when no longer alive
    segment_of: np.ndarray  # per snapshot row: its segment
    first: np.ndarray  # per snapshot row: the row of its whole-text vector in that segment
    count: np.ndarray  # per snapshot row: how many vectors it has
    sample: Gathered  # the vectors the statistics are taken on
    alive: list[np.ndarray]  # per segment: which vectors belong to a snapshot row (bool)
    bitmaps: list[np.ndarray]  # the same, packed for faiss (a million paragraphs: 4 million vectors, ~4 ms a query)

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
        alive = [place >= 0 for place in places]
        bitmaps = [np.packbits(live, bitorder="little") for live in alive]
        empty = Gathered(np.zeros((0, 0), np.float32), first, count)
        index = cls(segments, places, segment_of, first, count, empty, alive, bitmaps)
        step = max(1, size // SAMPLE)
        return dataclasses.replace(index, sample=index.gather(np.arange(0, size, step)[:SAMPLE]))

    def candidates(self, query: np.ndarray, n: int, allowed: np.ndarray | None = None) -> np.ndarray:
        """Snapshot rows of about the `n` paragraphs whose vectors are nearest to `query` (among `allowed`)."""
        found = []
        for segment, place, alive, bitmap in zip(self.segments, self.places, self.alive, self.bitmaps, strict=True):
            if allowed is not None:
                alive = alive & allowed[np.maximum(place, 0)]
                bitmap = np.packbits(alive, bitorder="little")
            rows, _ = segment.search(query, n * VECTORS_PER_CANDIDATE, alive, bitmap)
            found.append(place[rows])
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def gather(self, rows: np.ndarray) -> Gathered:
        """The vectors of snapshot `rows`, in that order."""
        counts = self.count[rows]
        starts = np.cumsum(counts) - counts
        vectors = np.zeros((int(counts.sum()), self.segments[0].vectors.shape[1]), np.float32)
        for number, segment in enumerate(self.segments):
            mine = np.flatnonzero(self.segment_of[rows] == number)
            if not len(mine):
                continue
            vectors[_ranges(starts[mine], counts[mine])] = segment.stored(_ranges(self.first[rows[mine]], counts[mine]))
        return Gathered(vectors, starts, counts)

    def similarities(self, query: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each snapshot row: similarity to its whole text, and the best to one of its parts (NaN if none)."""
        return self.gather(rows).similarities(query)

    def statistics(self, query: np.ndarray, score) -> tuple[float, float]:
        """Mean and standard deviation of `score(whole, part)` over the sample of the corpus."""
        values = score(*self.sample.similarities(query))
        return float(values.mean()), float(values.std())


def _ranges(begins: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """begins[0], begins[0]+1, … (counts[0] numbers), then begins[1], … : consecutive ranges, joined."""
    ends = np.cumsum(counts)
    return np.repeat(begins - ends + counts, counts) + np.arange(int(ends[-1]) if len(ends) else 0)
