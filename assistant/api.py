"""The one engine under the web chat, the CLI and users' scripts: open, search, ask, re-index."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder, default_cache_dir
from embeddings.store import UpdateReport, VectorStore

from .confidence import is_confident, load_or_derive
from .corpus import Corpus
from .documents import Document, Paragraph
from .indexing import file_hashes, is_outdated, update_index
from .lexical import LexicalIndex
from .ranking import Weights, dense_scores, fuse, language
from .terms import highlight_spans
from .translate import english_terms
from .uploads import MAX_BYTES, AddedFile, add_file

MAX_QUERY_CHARS = 2000
MAX_K = 100
FOLLOW_UP_WEIGHT = 0.5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FOLLOW_UP = re.compile(
    r"^(那|那么|还有|其中|另外|此外|再|这些|那些|它们|他们|具体|同时|以及|而)|(呢|吗)[？?]?$"
    r"|^(what about|and |how about|which of|those|these|they|it )",
    re.I,
)


@dataclass(frozen=True)
class Hit:
    """A ranked paragraph, verbatim, with its citation and the spans of matched query terms."""

    rank: int
    paragraph: Paragraph
    document: Document
    score: float
    similarity: float
    highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return self.paragraph.citation


@dataclass(frozen=True)
class Turn:
    """One chat turn: the question, the hits, and whether any of them is a reliable match."""

    question: str
    hits: list[Hit]
    confident: bool
    follow_up: bool = False


@dataclass(frozen=True)
class _Scores:
    fused: np.ndarray
    similarity: np.ndarray
    lexical: np.ndarray
    terms: list[str]


def clean_query(query: object) -> str:
    if not isinstance(query, str):
        raise ValueError(f"the question must be text, not {type(query).__name__}")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", query))
    text = " ".join(text.split())
    if not text:
        raise ValueError("the question is empty: type a question or some keywords")
    return text[:MAX_QUERY_CHARS]


def is_follow_up(question: str) -> bool:
    """Short questions leaning on an earlier turn ('那2023年呢？', 'what about 2023?')."""
    return bool(_FOLLOW_UP.search(question.strip())) or len(question.strip()) <= 6


def index_path(corpus_dir: Path, index_dir: str | Path | None) -> Path:
    return Path(index_dir) if index_dir else Path(corpus_dir) / ".index"


class Assistant:
    """Retrieval over a corpus folder with its index; `open` builds the index when it is missing.

    Safe to share between threads (a web server's workers): searches and re-indexing take turns.
    """

    def __init__(self, corpus: Corpus, store: VectorStore, weights: Weights | None = None) -> None:
        self.corpus = corpus
        self.store = store
        self.weights = weights or Weights()
        self._lock = threading.RLock()
        self._load_indexes()

    # -- opening and indexing --------------------------------------------------
    @classmethod
    def open(
        cls,
        corpus_dir: str | Path = "seeds",
        index_dir: str | Path | None = None,
        model: str | None = None,
        cache_dir: str | Path | None = None,
        progress: bool = True,
        encoder: Encoder | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Assistant:
        """Open the corpus folder and its index (default: CORPUS/.index), building the index if missing.

        Progress of a build: a bar on the terminal (`progress`), or `on_progress(done, total)` texts embedded."""
        corpus_path = Path(corpus_dir)
        cache = Path(cache_dir) if cache_dir else default_cache_dir()
        corpus = Corpus.from_dir(corpus_path, cache_dir=cache)
        corpus.require_documents()
        encoder = encoder or Encoder(model, cache)
        store = VectorStore(index_path(corpus_path, index_dir), encoder)
        if is_outdated(store):
            update_index(store, corpus, progress=progress, on_progress=on_progress)
        return cls(corpus, store)

    def reindex(
        self, progress: bool = True, rebuild: bool = False, on_progress: Callable[[int, int], None] | None = None
    ) -> UpdateReport:
        """Re-read the corpus folder and embed only new or changed paragraphs; drop deleted ones."""
        corpus = Corpus.from_dir(self.corpus.root, cache_dir=self.corpus.cache_dir)
        report = update_index(self.store, corpus, progress=progress, rebuild=rebuild, on_progress=on_progress)
        with self._lock:
            self.corpus = corpus
            self._load_indexes()
        return report

    def add_file(self, source: str | Path, name: str | None = None, max_bytes: int = MAX_BYTES) -> AddedFile:
        """Copy a document into the corpus folder once it parses (RefusedFile or UnreadableFile otherwise,
        the folder unchanged); `reindex()` then makes it searchable."""
        return add_file(self.corpus.root, Path(source), name, max_bytes, self.corpus.cache_dir)

    def is_stale(self) -> bool:
        """Whether the corpus folder changed since the index was built."""
        return self.store.manifest.get("files") != file_hashes(self.corpus.root)

    def _load_indexes(self) -> None:
        gen = self.store.current
        assert gen is not None
        self.lexical = LexicalIndex.load(gen.path)
        self._paragraphs = {p.key: (p, d) for d in self.corpus.documents for p in d.paragraphs}
        self._keys = [k for k in self.lexical.keys if k in self._paragraphs]
        lexical_row = {k: i for i, k in enumerate(self.lexical.keys)}
        self._lexical_rows = np.array([lexical_row[k] for k in self._keys], np.int64)
        vector_row = {k: i for i, k in enumerate(gen.keys)}  # a key without vectors points at the NaN after the end
        self._vector_rows = np.array([vector_row.get(k, len(gen.keys)) for k in self._keys], np.int64)
        self.thresholds = load_or_derive(
            self.store.dir, gen.path.name, self.store.encoder.query_fingerprint, self._evidence
        )

    # -- searching --------------------------------------------------------------
    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    def _evidence(self, questions: list[str]) -> list[tuple[float, float]]:
        """For each question: the best similarity and the best BM25 score any paragraph has for it."""
        vectors = self.store.encoder.encode_queries(questions)
        out = []
        for question, vector in zip(questions, vectors, strict=True):
            scores = self._scores(question, vector)
            out.append((float(scores.similarity.max(initial=0.0)), float(scores.lexical.max(initial=0.0))))
        return out

    def _scores(self, question: str, vector: np.ndarray | None = None) -> _Scores:
        """Fused score, best similarity and BM25 score for every key in `self._keys`, and the terms searched."""
        if vector is None:
            vector = self.store.encoder.encode_queries([question])[0]
        found = self.store.similarities(vector)
        whole = np.append(found.whole, np.nan)[self._vector_rows]
        window = np.append(found.part, np.nan)[self._vector_rows]
        whole = np.nan_to_num(whole, nan=float(np.nanmin(whole)) if np.isfinite(whole).any() else 0.0)
        best = np.fmax(window, whole)
        lang = language(question)
        terms = self.lexical.analyzer.terms(question)
        if lang == "en":
            terms = english_terms(question, self.lexical.english) + [t for t in terms if t.isdigit()]
        lexical = self.lexical.scores(terms)[self._lexical_rows]
        fused = fuse(dense_scores(whole, window, self.weights), lexical, lang, self.weights)
        return _Scores(fused, best, lexical, terms)

    def _mask(self, documents: Iterable[str] | None, years: Iterable[int] | None) -> np.ndarray:
        mask = np.ones(len(self._keys), bool)
        if documents is not None:
            wanted = set(documents) if not isinstance(documents, str) else {documents}
            known = {d.id for d in self.documents} | {d.path.name for d in self.documents}
            unknown = sorted(wanted - known)
            if unknown:
                raise ValueError(f"unknown document(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
            ids = {d.id for d in self.documents if d.id in wanted or d.path.name in wanted}
            mask &= np.array([self._paragraphs[k][0].doc_id in ids for k in self._keys])
        if years is not None:
            wanted_years = {int(y) for y in ([years] if isinstance(years, int | str) else years)}
            mask &= np.array([self._paragraphs[k][1].year in wanted_years for k in self._keys])
        return mask

    def _rank(
        self,
        fused: np.ndarray,
        best: np.ndarray,
        terms: Sequence[str],
        k: int,
        documents: Iterable[str] | None,
        years: Iterable[int] | None,
    ) -> list[Hit]:
        if isinstance(k, bool) or not isinstance(k, int | np.integer):
            raise ValueError(f"k must be a whole number, not {k!r}")
        if k <= 0:
            raise ValueError(f"k must be at least 1, not {k}")
        k = min(int(k), MAX_K)
        mask = self._mask(documents, years)
        order = np.flatnonzero(mask)[np.argsort(-fused[mask], kind="stable")][:k]
        hits = []
        for rank, i in enumerate(order, 1):
            para, doc = self._paragraphs[self._keys[i]]
            hits.append(Hit(rank, para, doc, float(fused[i]), float(best[i]), highlight_spans(para.text, terms)))
        return hits

    def search(
        self,
        query: str,
        k: int = 5,
        documents: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
    ) -> list[Hit]:
        """The k most relevant paragraphs for a question or keywords, best first."""
        query = clean_query(query)
        with self._lock:
            scores = self._scores(query)
            return self._rank(scores.fused, scores.similarity, scores.terms, k, documents, years)

    def ask(
        self,
        question: str,
        history: Sequence[Turn | str] | None = None,
        k: int = 5,
        documents: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
    ) -> Turn:
        """A chat turn: a follow-up question is searched together with the previous question."""
        text = clean_query(question)
        with self._lock:
            return self._turn(text, history, k, documents, years)

    def _turn(
        self,
        text: str,
        history: Sequence[Turn | str] | None,
        k: int,
        documents: Iterable[str] | None,
        years: Iterable[int] | None,
    ) -> Turn:
        scores = self._scores(text)
        fused, terms = scores.fused, scores.terms
        previous = [h.question if isinstance(h, Turn) else str(h) for h in (history or [])]
        follow_up = bool(previous) and is_follow_up(text)
        if follow_up:
            earlier = self._scores(clean_query(previous[-1]))
            fused = fused + FOLLOW_UP_WEIGHT * earlier.fused
            terms = [*terms, *earlier.terms]
        hits = self._rank(fused, scores.similarity, terms, k, documents, years)
        confident = bool(hits) and (
            follow_up
            or is_confident(
                self.thresholds, language(text), float(scores.similarity.max()), float(scores.lexical.max())
            )
        )
        return Turn(text, hits, confident, follow_up)

    def neighbours(self, paragraph: Paragraph, before: int = 1, after: int = 1) -> list[Paragraph]:
        """The paragraph with those around it in its document, in reading order."""
        doc = self.corpus.document(paragraph.doc_id)
        i = next(n for n, p in enumerate(doc.paragraphs) if p.key == paragraph.key)
        return doc.paragraphs[max(0, i - before) : i + after + 1]
