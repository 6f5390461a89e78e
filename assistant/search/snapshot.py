"""One consistent state of everything a search reads, and the search itself: candidates, fusion, filters.

A snapshot is the corpus as read, one state of the index (a generation of the embedded store, a version of
a Milvus collection), a retriever over it (snapshot rows are the corpus's paragraphs that the state holds,
in reading order) and the no-match thresholds. It is built
whole and never changed: the Assistant publishes a new one with a single reference swap after an update,
so a search that took the old one finishes on the old one and never mixes the two.

A question is answered from candidates, not by scoring every paragraph: the nearest paragraphs from the
vector segments and the best BM25 paragraphs, within the filters, then fused on their union. Both sides are
put on a common scale with corpus-wide statistics (BM25: exact, from the postings; dense: from a fixed sample
of paragraphs), so a paragraph's fused score does not depend on which others happened to be candidates.
Where the retriever allows it (a large embedded index), the BM25 side runs in a second thread while this one
finds the nearest paragraphs: on 2 cores a question then takes about the time of the slower side, not both.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import os
import re
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder

from ..errors import InvalidRequest
from ..index.store import LexicalResult, Retriever, State, Store
from ..ingest.corpus import Corpus
from ..ingest.documents import Document, Paragraph
from ..text.english import Written, english_terms, is_common
from ..text.highlight import highlight_spans
from ..text.keyterms import (
    ASKED,
    COUNT,
    RESOLUTION,
    SYMBOL,
    KeyTerm,
    Question,
    Texts,
    contains,
    key_terms,
    squashed,
    symbols,
)
from .confidence import Thresholds, levels, load_or_derive
from .fusion import Weights, dense_scores
from .query import language
from .records import Hit
from .relevance import complete, coverage, judge

Lacking = dict[int, list[KeyTerm]]  # snapshot row -> the question's key terms its paragraph does not contain
CANDIDATES = 200  # per side (dense, lexical); the k best of their union are returned
# How much a paragraph is raised (fused: z-scores) for holding the resolution numbers a question names and the kind of
# answer it asks for: a sum, a share, a person, a title (not a count: most paragraphs have a number so counted);
# less when it names other resolutions too (see `_about`).
ANSWERING_WEIGHT = 3.0
_RESOLUTIONS = re.compile(r"(?<![a-z0-9/.])\d{1,2}/\d{1,2}(?![a-z0-9/])")  # (as analyzer.WHOLE reads them)
# A phrase is looked for in the paragraphs holding its ANCHORS rarest words (the index's postings, intersected),
# not in every paragraph. Words the phrase has whole are preferred: those its segmentation gives with and
# without its first and last characters (a word cut at the edge, 洲 of 美洲, gives one of them only). A corpus of
# up to SCAN_LIMIT paragraphs is scanned whole when they find nothing (a few milliseconds), so there a phrase
# is found whatever its words.
ANCHORS = 3
VERIFY_LIMIT = 2_000  # paragraphs checked one by one at most; a phrase of common words only is not looked for
SCAN_LIMIT = 20_000
KEPT_TEXTS = 100_000  # normalised paragraph texts kept once read, per snapshot
KEPT_PHRASES = 10_000  # phrases (and whole questions) looked for word for word, with the rows writing them
# Where BM25 runs beside the dense side (a question's two sides at once: on 2 cores, the search time of the
# slower side instead of both). As many threads as cores: each search hands over one task at a time.
_BESIDE = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="bm25")


@dataclass(frozen=True)
class Query:
    """A question prepared against a snapshot: its vector, terms, BM25 side and the dense side's scale."""

    text: str
    vector: np.ndarray
    terms: list[str]
    lexical: LexicalResult
    dense_scale: tuple[float, float]  # mean, standard deviation over the corpus
    lexical_weight: float
    dense_rows: np.ndarray  # the nearest paragraphs (within the filters the query was made with), in order
    read: Similarities  # the similarities of some rows, read beforehand


@dataclass(frozen=True)
class Similarities:
    """Rows (in order) with their similarity to a question's whole text and the best one to any of its parts."""

    rows: np.ndarray
    whole: np.ndarray
    part: np.ndarray


@dataclass(frozen=True)
class Scored:
    """Candidate rows with their fused score, best similarity and BM25 score."""

    rows: np.ndarray
    fused: np.ndarray
    similarity: np.ndarray
    lexical: np.ndarray


@dataclass(frozen=True)
class Snapshot:
    corpus: Corpus
    state: State
    encoder: Encoder
    units: list[tuple[Paragraph, Document]]  # by snapshot row
    retriever: Retriever
    document_rows: dict[str, np.ndarray]  # document id -> its rows
    years: np.ndarray  # per row: the document's year, -1 when undated
    languages: np.ndarray  # per row: the document's language (ISO 639-1), "" when unknown
    thresholds: Thresholds
    _squashed: dict[int, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _searched: dict[int, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _frequency: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _held: dict[str, np.ndarray] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(
        cls, corpus: Corpus, state: State, store: Store, encoder: Encoder, index_dir: Path, changed: int | None = None
    ) -> Snapshot:
        """The snapshot of `corpus` over `state`, with thresholds from the cache (in `index_dir`) or derived now
        (`changed`: how many paragraphs the update that made `state` changed, when known)."""
        _one_blas_thread()
        held = [(key, p, d) for d in corpus.documents for p in d.paragraphs if (key := state.held(p.key)) is not None]
        units = [(p, d) for _, p, d in held]
        retriever = store.retriever(state, [key for key, _, _ in held])
        documents: dict[str, list[int]] = {}
        for row, (para, _) in enumerate(units):
            documents.setdefault(para.doc_id, []).append(row)
        snapshot = cls(
            corpus,
            state,
            encoder,
            units,
            retriever,
            {doc: np.array(rows, np.int64) for doc, rows in documents.items()},
            np.array([doc.year or -1 for _, doc in units], np.int64),
            np.array([doc.language or "" for _, doc in units], dtype=object),
            {},
        )
        fingerprint = encoder.query_fingerprint
        thresholds = load_or_derive(index_dir, state.name, fingerprint, snapshot.evidence, len(units), changed)
        return dataclasses.replace(snapshot, thresholds=thresholds)

    # -- questions --------------------------------------------------------------------
    def terms(self, question: str) -> list[str]:
        """The terms the lexical search looks for: the question's words, and for an English question also the
        Chinese terms of the corpus its words and phrases translate to (a rendering the corpus writes as several
        terms, such as 大流行, searched as those): its own words (but "taken", "say") find the corpus's documents in
        English."""
        analyzer = self.retriever.analyzer
        terms = analyzer.terms(question)
        if language(question) == "en":
            chinese = english_terms(question, self.english)
            chinese = [part for c in chinese for part in ([c] if self.frequency(c) else analyzer.terms(c))]
            terms = list(dict.fromkeys(chinese + [t for t in terms if t[0].isdigit() or not is_common(t)]))
        return terms

    def query(
        self,
        question: str,
        weights: Weights,
        vector: np.ndarray | None = None,
        allowed: np.ndarray | None = None,
        n: int = CANDIDATES,
    ) -> Query:
        """The question against this snapshot: its BM25 side and its nearest paragraphs (the best `n` rows of
        each within `allowed`). Where the retriever's two sides can run side by side (see Retriever), the BM25
        side and the dense statistics run in a second thread while this one finds the nearest paragraphs and reads
        their vectors: at a million paragraphs each half takes ~8 ms."""
        if vector is None:
            vector = self.encoder.encode_queries([question])[0]
        terms = self.terms(question)
        statistics = functools.partial(dense_scores, weights=weights)

        def beside() -> tuple[LexicalResult, tuple[float, float]]:  # (the dense scale too: halves of equal time)
            return self.retriever.lexical(terms, n, allowed), self.retriever.dense_statistics(vector, statistics)

        pending = _BESIDE.submit(beside) if self.retriever.side_by_side else None
        dense_rows = self.retriever.dense_candidates(vector, n, allowed)
        read = Similarities(dense_rows, *self.retriever.dense_similarities(vector, dense_rows)) if pending else _NONE
        lexical, dense_scale = pending.result() if pending else beside()
        weight = weights.lexical_zh if language(question) == "zh" else weights.lexical_en
        lexical_weight = weight if lexical.matched else 0.0
        return Query(question, vector, terms, lexical, dense_scale, lexical_weight, dense_rows, read)

    def candidates(self, query: Query) -> np.ndarray:
        """Rows worth scoring: the nearest paragraphs and the best BM25 paragraphs (within the query's filters)."""
        return np.union1d(query.dense_rows, query.lexical.rows)

    def scored(self, query: Query, rows: np.ndarray, weights: Weights) -> Scored:
        """Fused score (dense and BM25, each on the corpus's scale) and best similarity of `rows`."""
        whole, part = self._similarities(query, rows)
        best = np.fmax(part, whole)
        fused = weights.dense * _scaled(dense_scores(whole, part, weights), query.dense_scale)
        lexical = query.lexical
        bm25 = lexical.of(rows)
        fused = fused + query.lexical_weight * _scaled(bm25, (lexical.mean, lexical.std))
        return Scored(rows, fused, best, bm25)

    def _similarities(self, query: Query, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row (in order): similarity to its whole text and the best to a part; read now unless the query
        read them beforehand (the nearest paragraphs' vectors are read while the BM25 side runs)."""
        read = query.read
        at = np.minimum(np.searchsorted(read.rows, rows), max(len(read.rows) - 1, 0))
        known = read.rows[at] == rows if len(read.rows) else np.zeros(len(rows), bool)
        if known.all():
            return read.whole[at], read.part[at]
        whole, part = np.empty(len(rows), np.float32), np.empty(len(rows), np.float32)
        whole[known], part[known] = read.whole[at[known]], read.part[at[known]]
        whole[~known], part[~known] = self.retriever.dense_similarities(query.vector, rows[~known])
        return whole, part

    def evidence(self, questions: list[str]) -> list[tuple[float, float]]:
        """For each question: the best similarity and the best BM25 score any paragraph has for it."""
        vectors = self.encoder.encode_queries(questions)
        out = []
        for question, vector in zip(questions, vectors, strict=True):
            query = self.query(question, Weights(), vector)
            scored = self.scored(query, self.candidates(query), Weights())
            out.append((float(scored.similarity.max(initial=0.0)), query.lexical.best))
        return out

    # -- what a paragraph says -------------------------------------------------------------
    def squashed(self, row: int) -> str:
        """The paragraph's text, footnotes, section trail and its document's title, normalised and without spaces
        (kept once read): what a key term is looked for in."""
        return _kept(
            self._squashed,
            row,
            lambda: "\n".join([self.units[row][0].search_text, *self.units[row][0].section, self.units[row][1].title]),
        )

    def of_documents_named(self, question: str, allowed: np.ndarray | None) -> np.ndarray:
        """Rows of the documents whose symbol the question names ("CAC/COSP/2017/4 第3段")."""
        named = set(symbols(question))
        if not named:
            return np.zeros(0, np.int64)
        # (a document's symbol as printed may go on: "S/RES/2803 (2025)")
        ids = [d.id for d in self.corpus.documents if d.symbol and named & set(symbols(d.symbol))]
        none = np.zeros(0, np.int64)
        rows = np.concatenate([none, *(self.document_rows.get(i, none) for i in ids)]).astype(np.int64)
        return rows if allowed is None else rows[allowed[rows]]

    def numbered(self, rows: np.ndarray, labels: set[str]) -> np.ndarray:
        """Those of `rows` whose paragraph is numbered one of `labels` (a citation "CAC/COSP/2017/4 第3段" is looked
        up among the rows of the document it names, not searched for)."""
        return np.array([r for r in rows.tolist() if self.units[r][0].label in labels], np.int64)

    def searched(self, row: int) -> str:
        """The paragraph's text and footnotes, normalised and without spaces (kept once read)."""
        return _kept(self._searched, row, lambda: self.units[row][0].search_text)

    def frequency(self, term: str) -> int:
        """How many paragraphs hold an index term (from the BM25 side; kept once asked)."""
        df = self._frequency.get(term)
        if df is None:
            if len(self._frequency) > 100_000:
                self._frequency.clear()
            df = self._frequency[term] = self.retriever.frequency(term)
        return df

    def key_terms(self, question: str, rows: np.ndarray) -> Question:
        """The question's key terms; adjacent words become a phrase where one of `rows` writes them together."""
        texts = "\n".join(self.squashed(int(r)) for r in rows)
        return key_terms(
            question,
            language(question),
            self.retriever.analyzer,
            self.english,
            self.frequency,
            len(self.units),
            texts.count,
        )

    @functools.cached_property
    def english(self) -> Written:
        """English words and phrases -> the Chinese terms, or phrases this corpus writes, they stand for. (It asks
        the snapshot through a weak reference: a snapshot holding what holds it would outlive its last search
        until a garbage collection, and at a million paragraphs each one left behind is ~350 MB.)"""
        me = weakref.proxy(self)
        return Written(self.retriever.english, lambda phrase: me.frequency(phrase) > 0 or len(me.holding(phrase)))

    def holding(self, phrase: str, allowed: np.ndarray | None = None) -> np.ndarray:
        """Rows whose paragraph writes `phrase` (normalised, spaces next to Chinese characters ignored), found
        among the paragraphs holding all of its rarest whole words (see ANCHORS) or, in a small corpus, in all.
        Kept once asked: every question is looked for word for word, and a question asked again costs nothing."""
        needle = squashed(phrase).strip()
        found = self._held.get(needle)
        if found is None:
            if len(self._held) >= KEPT_PHRASES:
                self._held.clear()
            found = self._held[needle] = self._find(needle)
            found.setflags(write=False)  # shared by every caller
        return found if allowed is None else found[allowed[found]]

    def _find(self, needle: str) -> np.ndarray:
        if not needle:
            return np.zeros(0, np.int64)
        terms = self.retriever.analyzer.terms
        words = set(terms(needle))
        whole = words & set(terms(needle[1:-1])) or words
        rows: np.ndarray | None = None
        for word in sorted(whole, key=self.frequency)[:ANCHORS]:
            holding = self.retriever.with_term(word, len(self.units))
            if holding is None:  # more paragraphs hold it than a store lists (Milvus): the next ones as many
                break
            rows = holding if rows is None else np.intersect1d(rows, holding, assume_unique=True)
            if len(rows) <= VERIFY_LIMIT // 10:
                break
        found = np.zeros(0, np.int64)
        if rows is not None and len(rows) <= VERIFY_LIMIT:
            found = np.array([r for r in rows.tolist() if needle in self.searched(r)], np.int64)
        if not len(found) and len(self.units) <= SCAN_LIMIT:
            found = np.array([r for r in range(len(self.units)) if needle in self.searched(r)], np.int64)
        return found

    def lacking(self, rows: Sequence[int], terms: tuple[KeyTerm, ...]) -> Lacking:
        """For each of `rows`: the terms its paragraph does not contain (the texts searched together)."""
        rows = [int(r) for r in rows]
        texts = Texts([self.squashed(r) for r in rows])
        held = {t: texts.holding(t) for t in terms}
        lacking = {r: [t for t in terms if i not in held[t]] for i, r in enumerate(rows)}
        for row, lacks in lacking.items():
            if any(t.kind == SYMBOL for t in lacks):  # a question naming a document is about all the document says
                symbol = squashed(self.units[row][1].symbol or "")
                lacks = [t for t in lacks if not (t.kind == SYMBOL and contains(symbol, t))]
            if any(t.of_document for t in lacks):  # so is one naming the year of a report ("2017年的报告")
                years = {str(y) for y in self.units[row][1].years}
                lacks = [t for t in lacks if not (t.of_document and set(t.forms) & years)]
            lacking[row] = lacks
        return lacking

    # -- filters and ranking ----------------------------------------------------------
    def allowed(
        self, documents: set[str] | None, years: set[int] | None, languages: set[str] | None = None
    ) -> np.ndarray | None:
        """Which rows pass the document filter (ids or file names), the year filter and the language filter
        (None: no filter)."""
        if documents is None and years is None and languages is None:
            return None
        mask = np.ones(len(self.units), bool)
        if documents is not None:
            wanted = documents
            known = {d.id for d in self.corpus.documents} | {d.path.name for d in self.corpus.documents}
            unknown = sorted(wanted - known)
            if unknown:
                hint = _suggested(unknown, known, len(self.corpus.documents))
                raise InvalidRequest(
                    f"unknown document(s): {', '.join(unknown)}; {hint}",
                    code="unknown_document",
                    documents=", ".join(unknown),
                )
            ids = {d.id for d in self.corpus.documents if d.id in wanted or d.path.name in wanted}
            chosen = np.zeros(len(self.units), bool)
            for doc_id in ids & set(self.document_rows):
                chosen[self.document_rows[doc_id]] = True
            mask &= chosen
        if years is not None:
            mask &= np.isin(self.years, sorted(years))
        if languages is not None:
            mask &= np.isin(self.languages, sorted(languages))
        return mask

    def ranked(self, scored: Scored, k: int, first: np.ndarray) -> np.ndarray:
        """Positions in `scored` of its k best rows, best first (ties in reading order); rows in `first` (those
        quoting the question word for word) before all others."""
        return np.lexsort((scored.rows, -scored.fused, ~np.isin(scored.rows, first)))[:k]

    def with_identifiers(self, scored: Scored, order: np.ndarray, terms: tuple[KeyTerm, ...]) -> np.ndarray:
        """`order` (positions in `scored` of the rows to judge) and the candidates further down that hold every
        resolution number the question names ("第9/3号决议的标题": the one paragraph writing 9/3 among resolutions
        listed, far in meaning from a short question, must be judged to be raised)."""
        numbers = tuple(t for t in terms if t.hard and t.kind == RESOLUTION)
        if not numbers:
            return order
        rest = np.setdiff1d(np.arange(len(scored.rows)), order)
        lacking = self.lacking(scored.rows[rest], numbers)
        holding = [p for p in rest if not lacking[int(scored.rows[p])]]
        return np.concatenate([order, np.array(holding, dtype=order.dtype)]) if holding else order

    def by_key_terms(
        self, scored: Scored, order: np.ndarray, terms: tuple[KeyTerm, ...], weight: float, lacking: Lacking
    ) -> Scored:
        """The rows at `order` (the best ones) raised by how much of the question's key-term weight they hold and
        whether they hold its hard terms: of two paragraphs close in meaning, the one with the year, resolution or
        name asked comes first; one holding every resolution number asked and writing the sum, share, person or
        title asked for is raised by ANSWERING_WEIGHT more (a paragraph on another resolution, or one naming nobody when
        asked who chaired, does not answer, however close in meaning). Only raised, so no row outside `order`
        can pass one inside it. (`lacking`: the terms each row lacks, as far as known.)"""
        lacking = self._known(lacking, scored.rows[order], terms)
        fused = scored.fused.copy()
        answering = [t for t in terms if t.hard and (t.kind == RESOLUTION or t.kind in ASKED - {COUNT})]
        resolutions = {t.forms[0] for t in terms if t.kind == RESOLUTION}
        for i in order:
            lacks = lacking[int(scored.rows[i])]
            fused[i] += weight * (coverage(terms, lacks) + complete(terms, lacks))
            if answering and not any(t in lacks for t in answering):
                fused[i] += ANSWERING_WEIGHT * self._about(int(scored.rows[i]), resolutions)
        return dataclasses.replace(scored, fused=fused)

    def _about(self, row: int, asked: set[str]) -> float:
        """How much the paragraph is about the resolutions asked rather than others it names too: the square root
        of the share of its resolution numbers that were asked (1 naming only 8/14; 0.45 in a list of five)."""
        if not asked:
            return 1.0
        return math.sqrt(len(asked) / len(asked | set(_RESOLUTIONS.findall(self.searched(row)))))

    def hits(self, scored: Scored, order: np.ndarray, question: Question, lang: str, lacking: Lacking) -> list[Hit]:
        """The rows at `order` of `scored` as hits: highlights, the key terms each lacks, its level."""
        scale = levels(self.thresholds, lang)
        lacking = self._known(lacking, scored.rows[order], question.terms)
        hits = []
        for rank, i in enumerate(order, 1):
            row = int(scored.rows[i])
            para, doc = self.units[row]
            similarity = float(scored.similarity[i])
            judgement = judge(question.terms, lacking[row], similarity, float(scored.lexical[i]), scale)
            spans = highlight_spans(para.text, question.terms)
            hits.append(Hit(rank, para, doc, float(scored.fused[i]), similarity, judgement, spans))
        return hits

    def _known(self, lacking: Lacking, rows: np.ndarray, terms: tuple[KeyTerm, ...]) -> Lacking:
        """`lacking` with the rows it does not know yet."""
        unknown = [int(r) for r in rows if int(r) not in lacking]
        return {**lacking, **self.lacking(unknown, terms)} if unknown else lacking


_NONE = Similarities(np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.float32))


@functools.cache
def _one_blas_thread() -> None:
    """Searches multiply one query vector by matrices of a few thousand rows: a second BLAS thread gains
    little there, and beside other searches (and the query encoder's threads) its spinning costs several
    times the work. Process-wide, set once when the first snapshot is loaded."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _kept(cache: dict[int, str], row: int, text) -> str:
    """`text()` squashed, from `cache` when it was read before (the cache is emptied when it holds KEPT_TEXTS)."""
    found = cache.get(row)
    if found is None:
        if len(cache) >= KEPT_TEXTS:
            cache.clear()
        found = cache[row] = squashed(text())
    return found


def _scaled(values: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    mean, std = scale
    return (values - mean) / std if std > 1e-9 else np.zeros_like(values)


def _suggested(unknown: list[str], known: set[str], count: int) -> str:
    """What to say instead of listing every document of a large corpus: the names closest to those asked."""
    close = sorted({name for asked in unknown for name in difflib.get_close_matches(asked, known, n=3, cutoff=0.5)})
    listed = f"did you mean {', '.join(close)}? " if close else ""
    return f"{listed}the corpus has {count} documents (python -m assistant documents lists them)"
