"""One consistent state of everything a search reads: the corpus, a vector generation, its lexical index,
the row mappings between them and the no-match thresholds.

A snapshot is built whole and never changed afterwards; the Assistant publishes a new one with a single
reference swap after an update, so a search that took the old one finishes on the old one and never sees
vectors of one generation with the paragraphs of another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from embeddings.encoder import Encoder
from embeddings.store import Generation

from ..errors import InvalidRequest
from ..index.lexical import LexicalIndex
from ..ingest.corpus import Corpus
from ..ingest.documents import Document, Paragraph
from ..text.english import english_terms
from ..text.highlight import highlight_spans
from .confidence import Thresholds, load_or_derive
from .fusion import Weights, dense_scores, fuse
from .query import language
from .records import Hit

MAX_K = 100


@dataclass(frozen=True)
class Scores:
    """Per paragraph (in `Snapshot.keys` order): fused score, best similarity, BM25 score; and the terms searched."""

    fused: np.ndarray
    similarity: np.ndarray
    lexical: np.ndarray
    terms: list[str]


@dataclass(frozen=True)
class Snapshot:
    corpus: Corpus
    generation: Generation
    lexical: LexicalIndex
    encoder: Encoder
    paragraphs: dict[str, tuple[Paragraph, Document]]
    keys: list[str]  # the paragraphs searched, in the lexical index's order
    lexical_rows: np.ndarray  # key number -> row of the lexical index
    vector_rows: np.ndarray  # key number -> key number in the generation (len(generation.keys) when it has none)
    thresholds: Thresholds

    @classmethod
    def load(cls, corpus: Corpus, generation: Generation, encoder: Encoder, index_dir) -> Snapshot:
        """The snapshot of `corpus` over `generation`, with thresholds from the cache or derived now."""
        lexical = LexicalIndex.load(generation.path)
        paragraphs = {p.key: (p, d) for d in corpus.documents for p in d.paragraphs}
        keys = [k for k in lexical.keys if k in paragraphs]
        lexical_row = {k: i for i, k in enumerate(lexical.keys)}
        vector_row = {k: i for i, k in enumerate(generation.keys)}  # a key without vectors: the NaN after the end
        snapshot = cls(
            corpus,
            generation,
            lexical,
            encoder,
            paragraphs,
            keys,
            np.array([lexical_row[k] for k in keys], np.int64),
            np.array([vector_row.get(k, len(generation.keys)) for k in keys], np.int64),
            {},
        )
        thresholds = load_or_derive(index_dir, generation.path.name, encoder.query_fingerprint, snapshot.evidence)
        return dataclasses.replace(snapshot, thresholds=thresholds)

    def evidence(self, questions: list[str]) -> list[tuple[float, float]]:
        """For each question: the best similarity and the best BM25 score any paragraph has for it."""
        vectors = self.encoder.encode_queries(questions)
        out = []
        for question, vector in zip(questions, vectors, strict=True):
            scores = self.scores(question, Weights(), vector)
            out.append((float(scores.similarity.max(initial=0.0)), float(scores.lexical.max(initial=0.0))))
        return out

    def scores(self, question: str, weights: Weights, vector: np.ndarray | None = None) -> Scores:
        """Fused score, best similarity and BM25 score for every paragraph, and the terms searched."""
        if vector is None:
            vector = self.encoder.encode_queries([question])[0]
        found = self.generation.similarities(vector)
        whole = np.append(found.whole, np.nan)[self.vector_rows]
        window = np.append(found.part, np.nan)[self.vector_rows]
        whole = np.nan_to_num(whole, nan=float(np.nanmin(whole)) if np.isfinite(whole).any() else 0.0)
        best = np.fmax(window, whole)
        terms = self.terms(question)
        lexical = self.lexical.scores(terms)[self.lexical_rows]
        fused = fuse(dense_scores(whole, window, weights), lexical, language(question), weights)
        return Scores(fused, best, lexical, terms)

    def terms(self, question: str) -> list[str]:
        """The terms the lexical search looks for: the question's words, or for an English question the
        Chinese terms of the corpus its words and phrases translate to (and its numbers)."""
        terms = self.lexical.analyzer.terms(question)
        if language(question) == "en":
            terms = english_terms(question, self.lexical.english) + [t for t in terms if t.isdigit()]
        return terms

    def mask(self, documents: Iterable[str] | None, years: Iterable[int] | None) -> np.ndarray:
        """Which paragraphs pass the document and year filters."""
        mask = np.ones(len(self.keys), bool)
        documents_ = self.corpus.documents
        if documents is not None:
            wanted = set(documents) if not isinstance(documents, str) else {documents}
            known = {d.id for d in documents_} | {d.path.name for d in documents_}
            unknown = sorted(wanted - known)
            if unknown:
                raise InvalidRequest(
                    f"unknown document(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                    code="unknown_document",
                    documents=", ".join(unknown),
                )
            ids = {d.id for d in documents_ if d.id in wanted or d.path.name in wanted}
            mask &= np.array([self.paragraphs[k][0].doc_id in ids for k in self.keys])
        if years is not None:
            wanted_years = {int(y) for y in ([years] if isinstance(years, int | str) else years)}
            mask &= np.array([self.paragraphs[k][1].year in wanted_years for k in self.keys])
        return mask

    def rank(
        self,
        fused: np.ndarray,
        best: np.ndarray,
        terms: Sequence[str],
        k: int,
        documents: Iterable[str] | None,
        years: Iterable[int] | None,
    ) -> list[Hit]:
        """The k best paragraphs that pass the filters, with their highlights."""
        if isinstance(k, bool) or not isinstance(k, int | np.integer):
            raise InvalidRequest(f"k must be a whole number, not {k!r}", code="bad_k")
        if k <= 0:
            raise InvalidRequest(f"k must be at least 1, not {k}", code="bad_k")
        k = min(int(k), MAX_K)
        mask = self.mask(documents, years)
        order = np.flatnonzero(mask)[np.argsort(-fused[mask], kind="stable")][:k]
        hits = []
        for rank, i in enumerate(order, 1):
            para, doc = self.paragraphs[self.keys[i]]
            hits.append(Hit(rank, para, doc, float(fused[i]), float(best[i]), highlight_spans(para.text, terms)))
        return hits
