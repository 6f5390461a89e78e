"""Candidates and scores from Milvus for one state and the snapshot's rows (the Retriever of index/store.py).

Milvus answers top-k questions; the snapshot also needs exact scores of given paragraphs and corpus-wide
statistics of both scores. How each is had here:

- Dense candidates: the nearest vectors (whole texts, windows, footnotes) within the filters, mapped to rows.
- Dense similarities of given rows: one search restricted to their items (`item in [...]`) with a limit of
  exactly their number of vectors, so every vector of theirs is scored by Milvus (exact in Milvus Lite's FLAT
  index; a server's approximate index can miss a window of a candidate).
- Dense statistics: on the state's sample of vectors (every paragraph up to 4,096, then the items first in a
  fixed hash order), held locally: no round trip. The embedded store samples every n-th row instead: beyond
  4,096 paragraphs the two samples differ, not their size.
- BM25: Milvus's scores (with the project's analyzer output, Lucene's formula, k1 and b as in lexical.py;
  divided by k1 + 1, which Milvus multiplies in) from a deep search of the `DEEP` best paragraphs. When fewer
  match, they are all the paragraphs with a score and the mean, spread and scores of other rows are exact. When
  more match, the head is exact and the rest (scores below the head's last) is estimated from the BM25 scores of
  the sample's paragraphs outside the head; scores of rows outside the head are asked for by item.
- Filters: the snapshot's mask of rows becomes a Milvus expression on the scalar fields (year, language,
  document), checked to select exactly those rows; otherwise the rows' items are listed.

Only hits whose item the state lists map to rows; rows of an unfinished update are also excluded in Milvus
(`item < next item`; text rows by their numbers).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from ..errors import IndexUnusable
from ..text.analyzer import Analyzer
from .dense import VECTORS_PER_CANDIDATE, Gathered, _ranges
from .milvus_collections import MAX_LIMIT, REBUILD, Collections, string_list
from .milvus_state import MilvusState
from .store import LexicalResult

DEEP = 4096  # BM25 results read per question for the statistics


class MilvusRetriever:
    def __init__(self, collections: Collections, state: MilvusState, keys: list[str]) -> None:
        self.collections = collections
        self.analyzer = Analyzer(state.vocabulary)
        self.english = state.english
        self.side_by_side = False  # one request after the other (the two sides at once: not measured on a server)
        entries = state.entries
        at = np.array([entries.position[key] for key in keys], np.int64)
        self.size = len(keys)
        self.items = entries.items[at]
        self.texts = entries.texts[at]
        self.years = entries.years[at]
        docs = np.array([entries.docs[i] for i in at.tolist()], dtype=object)
        names, self.docs = np.unique(docs, return_inverse=True)
        self.doc_names = [str(name) for name in names]
        langs = np.array([entries.langs[i] for i in at.tolist()], dtype=object)
        names, self.langs = np.unique(langs, return_inverse=True)
        self.lang_names = [str(name) for name in names]
        self.row_of_item = np.full(state.next_item + 1, -1, np.int64)
        self.row_of_item[self.items] = np.arange(self.size)
        self.vectors_where = f"item < {state.next_item}"
        floor, ceiling = state.text_rows
        self.text_where = f"tid >= {floor} and tid < {ceiling}"
        sample = state.sample
        starts = np.cumsum(sample.counts) - sample.counts
        mine = self._rows(sample.items) >= 0
        self.sample_items = sample.items[mine]
        counts = sample.counts[mine].astype(np.int64)
        vectors = np.asarray(sample.vectors[_ranges(starts[mine], counts)], np.float32)
        self.sample = Gathered(vectors, np.cumsum(counts) - counts, counts)

    def _rows(self, items: np.ndarray) -> np.ndarray:
        """The snapshot row of each item, -1 for items this state does not list."""
        items = np.asarray(items, np.int64)
        rows = np.full(len(items), -1, np.int64)
        known = (items >= 0) & (items < len(self.row_of_item))
        rows[known] = self.row_of_item[items[known]]
        return rows

    def _where(self, allowed: np.ndarray | None, base: str) -> str | None:
        """`base` and the filter of `allowed` rows as a Milvus expression on the scalar fields (year, language,
        document: the shortest that selects exactly those rows); the rows' items when none does. None when no
        row is allowed."""
        if allowed is None or allowed.all():
            return base
        rows = np.flatnonzero(allowed)
        if not len(rows):
            return None
        clauses = []
        for name, codes, values in (
            ("year", self.years, None),
            ("lang", self.langs, self.lang_names),
            ("doc", self.docs, self.doc_names),
        ):
            chosen = np.unique(codes[rows])
            if len(chosen) == len(np.unique(codes)):
                continue  # every value of the field: no condition on it
            shown = chosen.tolist() if values is None else string_list([values[c] for c in chosen.tolist()])
            clauses.append((f"{name} in {shown}", np.isin(codes, chosen)))
        exact = [
            " and ".join(c for c, _ in chosen)
            for size in range(1, len(clauses) + 1)
            for chosen in itertools.combinations(clauses, size)
            if np.array_equal(np.logical_and.reduce([m for _, m in chosen]), allowed)
        ]
        return f"{base} and {min(exact, key=len) if exact else f'item in {self.items[rows].tolist()}'}"

    # -- dense --------------------------------------------------------------------------
    def dense_candidates(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> np.ndarray:
        where = self._where(allowed, self.vectors_where)
        if where is None or not self.size:
            return np.zeros(0, np.int64)
        items, _, _ = self.collections.nearest(vector, n * VECTORS_PER_CANDIDATE, where)
        rows = self._rows(items)
        return np.unique(rows[rows >= 0])

    def dense_similarities(self, vector: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: similarity to its whole text, and the best to one of its parts (NaN if it has none)."""
        rows = np.asarray(rows, np.int64)
        whole = np.full(len(rows), np.nan, np.float32)
        part = np.full(len(rows), np.nan, np.float32)
        order = np.argsort(rows)
        counts = self.texts[rows]
        start = 0
        while start < len(rows):  # as many rows per search as Milvus's top-k allows
            end = start + max(1, int(np.searchsorted(np.cumsum(counts[start:]), MAX_LIMIT, side="right")))
            chunk = rows[start:end]
            items, is_whole, scores = self.collections.nearest(
                vector, int(counts[start:end].sum()), f"item in {self.items[chunk].tolist()}"
            )
            found = self._rows(items)
            at = order[np.searchsorted(rows, found, sorter=order)]
            whole[at[is_whole]] = scores[is_whole]
            parts = ~is_whole
            np.fmax.at(part, at[parts], scores[parts])
            start = end
        if np.isnan(whole).any():
            raise IndexUnusable(f"vectors of indexed paragraphs are missing in {self.collections.vectors}; {REBUILD}")
        return whole, part

    def dense_statistics(self, vector: np.ndarray, score: Callable) -> tuple[float, float]:
        if not len(self.sample.starts):
            return 0.0, 0.0
        values = score(*self.sample.similarities(vector))
        return float(values.mean()), float(values.std())

    # -- BM25 ---------------------------------------------------------------------------
    def lexical(self, terms: list[str], n: int, allowed: np.ndarray | None) -> LexicalResult:
        if not terms or not self.size:
            return LexicalResult(np.zeros(0, np.int64), np.zeros(0, np.float32), 0.0, 0.0, 0.0, self._zeros)
        items, scores = self.collections.bm25(terms, DEEP, self.text_where)
        truncated = len(items) >= min(DEEP, MAX_LIMIT)
        rows = self._rows(items)
        mine = rows >= 0
        head_rows, head_scores = rows[mine], scores[mine]
        head = dict(zip(head_rows.tolist(), head_scores.tolist(), strict=True))
        total = float(head_scores.astype(np.float64).sum())
        squares = float((head_scores.astype(np.float64) ** 2).sum())
        if truncated and self.size > len(head):
            tail = self._scores_of_items(terms, self.sample_items)
            outside = ~np.isin(self._rows(self.sample_items), head_rows)
            if outside.any():
                others = tail[outside].astype(np.float64)
                total += float(others.mean()) * (self.size - len(head))
                squares += float((others**2).mean()) * (self.size - len(head))
        mean = total / self.size
        std = float(np.sqrt(max(squares / self.size - mean * mean, 0.0)))
        best = float(head_scores.max(initial=0.0))
        if allowed is None:
            top_rows, top_scores = head_rows[:n], head_scores[:n]
        else:
            where = self._where(allowed, self.text_where)
            top_rows, top_scores = np.zeros(0, np.int64), np.zeros(0, np.float32)
            if where is not None:
                found, found_scores = self.collections.bm25(terms, n, where)
                found_rows = self._rows(found)
                top_rows, top_scores = found_rows[found_rows >= 0], found_scores[found_rows >= 0]

        def of(asked: np.ndarray) -> np.ndarray:
            asked = np.asarray(asked, np.int64)
            out = np.array([head.get(row, 0.0) for row in asked.tolist()], np.float32)
            if truncated:
                unknown = np.array([row not in head for row in asked.tolist()], bool)
                if unknown.any():
                    out[unknown] = self._scores_of_items(terms, self.items[asked[unknown]])
            return out

        return LexicalResult(top_rows, top_scores.astype(np.float32), mean, std, best, of)

    def with_term(self, term: str, limit: int) -> np.ndarray | None:
        """Rows holding `term` from a BM25 search on it alone; None when more than `limit` (or Milvus's largest
        top-k) hold it."""
        items, _ = self.collections.bm25([term], min(limit + 1, MAX_LIMIT), self.text_where)
        if len(items) > limit or len(items) >= MAX_LIMIT:
            return None
        rows = self._rows(items)
        return np.sort(rows[rows >= 0])

    def frequency(self, term: str) -> int:
        """How many rows hold `term`, counted up to DEEP (a rarity, for key terms: beyond that, all are common)."""
        items, _ = self.collections.bm25([term], DEEP, self.text_where)
        return int((self._rows(items) >= 0).sum())

    def _scores_of_items(self, terms: list[str], items: np.ndarray) -> np.ndarray:
        """The BM25 score of each of `items` (0 where none of the terms occurs)."""
        out = np.zeros(len(items), np.float32)
        for start in range(0, len(items), MAX_LIMIT):
            chunk = items[start : start + MAX_LIMIT]
            found, scores = self.collections.bm25(terms, len(chunk), f"{self.text_where} and item in {chunk.tolist()}")
            position = {item: i for i, item in enumerate(chunk.tolist())}
            for item, score in zip(found.tolist(), scores.tolist(), strict=True):
                out[start + position[item]] = score
        return out

    @staticmethod
    def _zeros(rows: np.ndarray) -> np.ndarray:
        return np.zeros(len(rows), np.float32)
