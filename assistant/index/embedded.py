"""The embedded store: the index as segments on this machine (generations.py, update.py), searched here.

store = EmbeddedStore(Path("seeds/.index"), encoder)
state, report = store.update(corpus, rebuild=False, progress=False, on_progress=None)
retriever = store.retriever(state, [p.key for p in corpus.paragraphs])
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder

from ..ingest.corpus import Corpus
from ..ingest.documents import Document
from ..text.analyzer import Analyzer
from .bm25 import LexicalIndex
from .dense import DenseIndex
from .generations import Generation, load_current
from .store import LexicalResult, Progress, UpdateReport, paragraph_version
from .update import document_hashes, is_outdated, update_index


class EmbeddedRetriever:
    """Dense candidates from the vector segments, BM25 from the postings, for the snapshot's rows."""

    def __init__(self, dense: DenseIndex, lexical: LexicalIndex) -> None:
        self.dense = dense
        self.postings = lexical
        self.analyzer = lexical.analyzer
        self.english = lexical.english
        # From bm25.COMPILED_FROM the BM25 loops are compiled and release the GIL; below, a side takes a few ms.
        self.side_by_side = lexical.compiled

    def dense_candidates(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> np.ndarray:
        return self.dense.candidates(vector, n, allowed)

    def dense_similarities(self, vector: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.dense.similarities(vector, rows)

    def dense_statistics(self, vector: np.ndarray, score: Callable) -> tuple[float, float]:
        return self.dense.statistics(vector, score)

    def lexical(self, terms: list[str], n: int, allowed: np.ndarray | None) -> LexicalResult:
        return self.postings.search(terms, n, allowed)

    def with_term(self, term: str, limit: int) -> np.ndarray | None:
        rows = self.postings.holding(term)
        return rows if len(rows) <= limit else None

    def frequency(self, term: str) -> int:
        return self.postings.frequency(term)


class EmbeddedStore:
    """The index in `index_dir`, embedded with `encoder`."""

    def __init__(self, index_dir: Path, encoder: Encoder) -> None:
        self.index_dir = index_dir
        self.encoder = encoder
        self._known: Generation | None = None  # the last generation read or written: not read again
        self._hashes: dict[int, tuple[Document, list[bytes]]] = {}  # by id: a corpus re-read keeps unchanged ones

    def current(self) -> Generation | None:
        self._known = load_current(self.index_dir, self.encoder.identity())
        return self._known

    def outdated(self, state: Generation | None) -> bool:
        return is_outdated(state)

    def update(
        self, corpus: Corpus, rebuild: bool, progress: bool, on_progress: Progress | None
    ) -> tuple[Generation, UpdateReport]:
        hashes = {id(doc): self._hashes_of(doc, corpus) for doc in corpus.documents}
        known = None if rebuild else self._known
        self._known, report = update_index(
            self.index_dir, corpus, self.encoder, rebuild, progress, on_progress, known, lambda d: hashes[id(d)][1]
        )
        self._hashes = hashes  # each entry holds its document, so its id is not reused while kept
        return self._known, report

    def _hashes_of(self, doc: Document, corpus: Corpus) -> tuple[Document, list[bytes]]:
        kept = self._hashes.get(id(doc))
        if kept is not None and kept[0] is doc:
            return kept
        return doc, self._stored_hashes(doc, corpus) or document_hashes(doc)

    def _stored_hashes(self, doc: Document, corpus: Corpus) -> list[bytes] | None:
        """The hashes the current generation holds for the document's paragraphs, when the file is the one it
        was built from and this program cut it the same way: the same paragraphs, which the generation lists
        in a row (the first update after opening a million paragraphs: 3 s of hashing saved)."""
        known, name = self._known, doc.path.name
        if known is None or known.manifest.get("paragraph_version") != paragraph_version():
            return None
        if known.manifest["files"].get(name) != corpus.hashes.get(name) or not doc.paragraphs:
            return None
        position = known.entries.position
        first, last = position.get(doc.paragraphs[0].key), position.get(doc.paragraphs[-1].key)
        if first is None or last != first + len(doc.paragraphs) - 1:
            return None
        return known.entries.hashes[first : last + 1].tolist()

    def retriever(self, state: Generation, keys: list[str]) -> EmbeddedRetriever:
        position = state.entries.position
        row_of_item = np.full(int(state.manifest["next_item"]) + 1, -1, np.int64)
        row_of_item[state.entries.items[[position[key] for key in keys]]] = np.arange(len(keys))
        dense = DenseIndex.over(state.vectors, [row_of_item[s.owners] for s in state.vectors], len(keys))
        lexical = LexicalIndex.over(
            state.lexical, [row_of_item[s.owners] for s in state.lexical], Analyzer(state.vocabulary), state.english
        )
        return EmbeddedRetriever(dense, lexical)
