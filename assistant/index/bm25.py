"""BM25 over the lexical segments (lexical.py) as one snapshot sees them.

Scores are computed at query time from the live postings, so document frequencies, the number of paragraphs
and the average length are always those of the live corpus: a paragraph scores the same as if the whole index
had been rebuilt. The formula is bm25s's (Lucene's variant, k1 = 1.5, b = 0.75); `tests/test_lexical.py`
compares the two. Kept apart from lexical.py, whose source is part of the index's version: changing how
questions are scored must not re-tokenize every index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..text.analyzer import Analyzer
from .lexical import LexicalSegment

K1 = 1.5
B = 0.75


@dataclass(frozen=True)
class LexicalIndex:
    """The segments of one index generation as a snapshot sees them: `places[s][r]` is the snapshot row of
    row r of segment s, or -1 when that row is no longer alive."""

    segments: list[LexicalSegment]
    places: list[np.ndarray]
    size: int  # number of snapshot rows
    average_length: float  # of the live paragraphs
    analyzer: Analyzer
    english: dict[str, list[str]]

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
        return cls(segments, places, size, total / size if size else 0.0, analyzer, english)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every snapshot row for the query terms (a term given twice counts twice)."""
        out = np.zeros(self.size, np.float32)
        if not terms or not self.size:
            return out
        average = self.average_length
        for term, repeat in Counter(terms).items():
            found = []
            for segment, place in zip(self.segments, self.places, strict=True):
                rows, counts = segment.postings(term)
                where = place[rows]
                alive = where >= 0
                found.append((where[alive], counts[alive], segment.lengths[rows[alive]]))
            frequency = sum(len(where) for where, _, _ in found)
            if not frequency:
                continue
            idf = np.log(1 + (self.size - frequency + 0.5) / (frequency + 0.5))
            for where, counts, length in found:
                norm = K1 * ((1 - B) + B * length / average) if average else K1
                out[where] += np.float32(repeat * idf) * (counts / (norm + counts))
        return out

    def holding(self, term: str) -> np.ndarray:
        """Snapshot rows whose paragraph holds `term`, in order (from the postings: no scoring)."""
        found = []
        for segment, place in zip(self.segments, self.places, strict=True):
            where = place[segment.postings(term)[0]]
            found.append(where[where >= 0])
        return np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def frequency(self, term: str) -> int:
        """How many snapshot rows hold `term`."""
        total = 0
        for segment, place in zip(self.segments, self.places, strict=True):
            total += int((place[segment.postings(term)[0]] >= 0).sum())
        return total

    def corpus_terms(self) -> set[str]:
        return {term for segment in self.segments for term in segment.terms}
