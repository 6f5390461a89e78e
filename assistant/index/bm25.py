"""BM25 over the lexical segments (lexical.py) as one snapshot sees them.

Scores are computed at query time from the live postings, so document frequencies, the number of paragraphs
and the average length are always those of the live corpus: a paragraph scores the same as if the whole index
had been rebuilt. The formula is bm25s's (Lucene's variant, k1 = 1.5, b = 0.75); `tests/test_lexical.py`
compares the two.

A corpus of up to FULL_SCAN paragraphs is scored whole: every posting of every question term. Beyond that,
the best rows are found with MaxScore's bound (Turtle and Flood, 1995): BM25 gives a term at most its idf, so
once the terms not yet taken (rarest first) could together add less than the n-th best score so far, only the
rows whose score so far plus that bound reaches it can still be among the n best. These candidates narrow after
each term, and a common word's postings are then looked up for them (binary search) instead of being scored in
full. The best rows and their scores are exactly those of a full scan; the mean and spread of the score over
the corpus (which put BM25 on the dense side's scale) are exact for the candidates and estimated for the other
rows from a fixed sample of SAMPLE rows, as the Milvus store does. On bench_scale's corpus of a million
paragraphs this roughly halves the BM25 time of the slowest questions and takes about a tenth off the median.

Kept apart from lexical.py, whose source is part of the index's version: changing how
questions are scored must not re-tokenize every index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..text.analyzer import Analyzer
from .lexical import LexicalSegment
from .store import LexicalResult

_Match = tuple[LexicalSegment, np.ndarray, np.ndarray, np.ndarray]  # segment, positions, counts, segment rows
K1 = 1.5
B = 0.75
FULL_SCAN = 50_000  # paragraphs: up to this many, a question is scored on every row (a few milliseconds)
SAMPLE = 4096  # rows the score statistics are estimated on beyond FULL_SCAN (the dense side's sample size)
LOOKUP_COST = 10  # a binary search in a term's postings costs about as much as scoring this many postings


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
    segment_of: np.ndarray  # per snapshot row: the segment that holds it
    row_in: np.ndarray  # per snapshot row: its row in that segment
    sample: np.ndarray  # snapshot rows, evenly spaced: where statistics are estimated

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
        segment_of = np.zeros(size, np.int32)
        row_in = np.zeros(size, np.int64)
        for number, place in enumerate(places):
            alive = np.flatnonzero(place >= 0)
            segment_of[place[alive]] = number
            row_in[place[alive]] = alive
        dead = [np.flatnonzero(place < 0) for place in places]
        sample = np.arange(0, size, max(1, size // SAMPLE))[:SAMPLE]
        average = total / size if size else 0.0
        return cls(segments, places, size, average, analyzer, english, dead, segment_of, row_in, sample)

    def search(self, terms: list[str], n: int, allowed: np.ndarray | None) -> LexicalResult:
        """The best `n` rows within `allowed` for the query terms (a term given twice counts twice), their
        scores, the statistics of the score over the corpus, and the score of any row."""
        weighted = self._weighted(terms)
        out = np.zeros(self.size, np.float32)  # every row's score from the terms scored in full
        looked: list[tuple[str, float]] = []  # the terms looked up for the candidates only, in order
        candidates: np.ndarray | None = None  # the rows that can still reach the n best (None: any row)
        extra = np.zeros(0, np.float32)  # each candidate's score from the terms looked up
        left = sum(weight for _, weight, _ in weighted)
        ceiling = 0.0  # the n-th best score so far is at most this (a term adds less than its weight to a row)
        for term, weight, frequency in weighted:
            left -= weight
            ceiling += weight
            if candidates is not None and len(candidates) * LOOKUP_COST < frequency:
                looked.append((term, weight))
                self._look_up(term, weight, candidates, extra)
            else:
                self._add_all(term, weight, out)
            # while the terms left could give more than the n-th best score so far, no row is ruled out yet
            if self.size > FULL_SCAN and left > 0 and (candidates is not None or ceiling > left):
                candidates, extra, ceiling = self._narrowed(out, candidates, extra, left, allowed, n)

        def of(rows: np.ndarray) -> np.ndarray:
            rows = np.asarray(rows, np.int64)
            scores = np.zeros(len(rows), np.float32)
            for term, weight in looked:
                self._look_up(term, weight, rows, scores)
            return out[rows] + scores

        head = np.flatnonzero(out > 0) if candidates is None else candidates  # scored exactly
        scores = out[head] + (extra if candidates is not None else np.float32(0))
        if self.size > FULL_SCAN:  # the other rows' scores estimated from the sample
            others = self.sample[~_within(self.sample, head)]
            tail = of(others).astype(np.float64) if len(others) else np.zeros(1)
        else:  # every other row scores 0
            tail = np.zeros(1)
        untouched = self.size - len(head)
        total = float(scores.sum(dtype=np.float64)) + float(tail.mean()) * untouched
        squares = float((scores.astype(np.float64) ** 2).sum()) + float((tail**2).mean()) * untouched
        mean = total / self.size if self.size else 0.0
        std = float(np.sqrt(max(squares / self.size - mean * mean, 0.0))) if self.size else 0.0
        best = float(scores.max(initial=0.0))
        keep = scores > 0 if allowed is None else (scores > 0) & allowed[head]
        matched, matched_scores = head[keep], scores[keep]
        if len(matched) > n:
            top = np.argpartition(-matched_scores, n - 1)[:n]
            matched, matched_scores = matched[top], matched_scores[top]
        return LexicalResult(matched, matched_scores, mean, std, best, of)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every snapshot row for the query terms (a term given twice counts twice)."""
        out = np.zeros(self.size, np.float32)
        for term, weight, _ in self._weighted(terms):
            self._add_all(term, weight, out)
        return out

    def _weighted(self, terms: list[str]) -> list[tuple[str, float, int]]:
        """Each term the corpus holds with its weight (idf times how often it is asked) and the number of
        rows holding it, rarest first."""
        weighted = []
        for term, repeat in Counter(terms).items():
            df = self.frequency(term)
            if df:
                weighted.append((term, repeat * float(np.log(1 + (self.size - df + 0.5) / (df + 0.5))), df))
        return sorted(weighted, key=lambda triple: -triple[1])

    @staticmethod
    def _narrowed(
        out: np.ndarray,
        candidates: np.ndarray | None,
        extra: np.ndarray,
        left: float,
        allowed: np.ndarray | None,
        n: int,
    ) -> tuple[np.ndarray | None, np.ndarray, float]:
        """The candidates (and their looked-up scores) narrowed to the rows whose score so far plus `left`
        (what the terms not yet taken can add at most) reaches the n-th best score so far within `allowed`
        (None while any row could still do so), and that score."""
        if candidates is None:
            rows = np.flatnonzero(out > 0)
            extra = np.zeros(len(rows), np.float32)
        else:
            rows = candidates
        scores = out[rows] + extra
        within = scores if allowed is None else scores[allowed[rows]]
        nth = float(np.partition(within, len(within) - n)[len(within) - n]) if len(within) >= n else 0.0
        if candidates is None and left >= nth:  # a row holding none of the terms taken may still get there
            return None, extra[:0], nth
        keep = scores + left >= nth
        return rows[keep], extra[keep], nth

    def _part(self, weight: float, counts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        average = self.average_length
        norm = K1 * ((1 - B) + B * lengths / average) if average else K1
        return np.float32(weight) * (counts / (norm + counts))

    def _add_all(self, term: str, weight: float, out: np.ndarray) -> None:
        """Adds the term's score to `out` at every live row holding it."""
        for segment, place, dead in zip(self.segments, self.places, self.dead, strict=True):
            rows, counts = segment.postings(term)
            where = place[rows]
            if len(dead):  # (most segments have no row deleted: no mask to apply)
                alive = where >= 0
                where, rows, counts = where[alive], rows[alive], counts[alive]
            out[where] += self._part(weight, counts, segment.lengths[rows])

    def _look_up(self, term: str, weight: float, rows: np.ndarray, out: np.ndarray) -> None:
        """Adds the term's score to out[i] for each snapshot row rows[i] that holds it."""
        for segment, pick, counts, own in self._matches(term, rows):
            out[pick] += self._part(weight, counts, segment.lengths[own])

    def _matches(self, term: str, rows: np.ndarray) -> Iterator[_Match]:
        """Per segment: the positions in `rows` of those that hold `term`, their counts and segment rows (a
        binary search in the term's postings: the cost is that of `rows`, not of the postings)."""
        where = self.segment_of[rows]
        for number, segment in enumerate(self.segments):
            postings, counts = segment.postings(term)
            if not len(postings):
                continue
            pick = np.flatnonzero(where == number)
            own = self.row_in[rows[pick]]
            at = np.minimum(np.searchsorted(postings, own), len(postings) - 1)
            hit = postings[at] == own
            yield segment, pick[hit], counts[at[hit]], own[hit]

    def holding(self, term: str) -> np.ndarray:
        """Snapshot rows whose paragraph holds `term`, in order (from the postings: no scoring)."""
        found = []
        for segment, place in zip(self.segments, self.places, strict=True):
            where = place[segment.postings(term)[0]]
            found.append(where[where >= 0])
        return np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def frequency(self, term: str) -> int:
        """How many snapshot rows hold `term` (its postings less those of rows no longer alive)."""
        total = 0
        for segment, place, dead in zip(self.segments, self.places, self.dead, strict=True):
            rows = segment.postings(term)[0]
            total += len(rows)
            if len(dead) > len(rows):  # more dead rows than postings: the postings looked up instead
                total -= int((place[rows] < 0).sum())
            elif len(dead):
                total -= int(_within(dead, rows).sum())
        return total


def _within(values: np.ndarray, sorted_rows: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_rows` (binary search: no hashing of a large set)."""
    if not len(sorted_rows):
        return np.zeros(len(values), bool)
    at = np.minimum(np.searchsorted(sorted_rows, values), len(sorted_rows) - 1)
    return sorted_rows[at] == values
