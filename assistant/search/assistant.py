"""The one engine under the web chat, the command line and users' scripts: open, search, ask, add, re-index.

Orchestration only: reading documents is `ingest`, keeping the index in step is `index`, scoring and
ranking is the current `Snapshot`. A search reads the snapshot once at its start and takes no lock; an
update builds a new snapshot whole and publishes it with one reference swap, so searches never wait for an
update and never see half of one. Updates take turns among themselves (a lock here, a file lock across
processes).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder

from ..collector import paused
from ..errors import ConfigError, InvalidRequest, NoDocuments, from_embeddings
from ..index.store import State, Store, UpdateReport
from ..index.stores import open_store
from ..ingest.corpus import Corpus
from ..ingest.documents import Document, Paragraph
from ..ingest.files import file_hashes
from ..ingest.uploads import AddedFile, add_file
from ..settings import Settings
from ..text.keyterms import besides_symbols, follow_on, with_phrases, without
from ..text.normalize import mainland
from .confidence import RELIABLE_DEPTH, is_reliable, leading
from .fusion import Weights
from .query import (
    checked_documents,
    checked_history,
    checked_k,
    checked_languages,
    checked_path,
    checked_years,
    clean_query,
    is_follow_up,
    language,
    paragraph_citations,
    quoted,
    verbatim,
)
from .records import Hit, IndexInfo, Turn
from .snapshot import CANDIDATES, Snapshot

FOLLOW_UP_WEIGHT = 0.5
KEY_TERM_ROWS = 30  # the best rows whose texts tell which adjacent words of the question form one phrase
KEY_TERM_WEIGHT = 0.5  # how much holding the question's key terms raises one of them (fused scores: z-scores)
Progress = Callable[[int, int], None]


class Assistant:
    """Retrieval over a corpus folder with its index.

    Usage:
        a = Assistant.open()                      # seeds/ and seeds/.index; builds the index if missing
        hits = a.search("哪些小岛屿国家得到了制定反腐败战略的帮助？", k=5)
        turn = a.ask("那2023年呢？", history=[previous_turn])
        a.add_file("report.pdf"); a.reindex()     # only new or changed paragraphs are embedded

    Safe to share between threads (a web server's workers).
    """

    def __init__(
        self,
        settings: Settings,
        corpus: Corpus,
        encoder: Encoder,
        store: Store,
        state: State | None,
        weights: Weights | None = None,
    ) -> None:
        self.settings = settings
        self.encoder = encoder
        self.store = store
        self.weights = weights or Weights()
        self.last_update: UpdateReport | None = None
        self._writing = threading.Lock()
        self._corpus = corpus
        self._snapshot = self._snapshot_of(corpus, state)

    # -- opening and indexing --------------------------------------------------
    @classmethod
    def open(
        cls,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        model: str | None = None,
        cache_dir: str | Path | None = None,
        *,
        settings: Settings | None = None,
        progress: bool = True,
        encoder: Encoder | None = None,
        on_progress: Progress | None = None,
        refresh: bool = False,
        rebuild: bool = False,
        require_documents: bool = True,
    ) -> Assistant:
        """Open the corpus folder and its index, building the index if it is missing.

        The arguments given override `settings` (default: flag-less `Settings.resolve()`: environment,
        un-assistant.toml, defaults). `refresh` brings the index up to date with the folder now, `rebuild`
        embeds everything again (also over a damaged index); the report is `last_update`. Progress of a
        build: a bar on the terminal (`progress`), or `on_progress(done, total)` texts embedded. With
        `require_documents=False` a folder with nothing readable yet opens too: files can be added, and
        searches say there is nothing to search."""
        flags = {"corpus": corpus_dir, "index_dir": index_dir, "model": model, "cache_dir": cache_dir}
        if settings is None:
            settings = Settings.resolve(flags)
        elif isinstance(settings, Settings):
            settings = settings.overridden(flags, "Assistant.open's arguments")
        else:
            raise ConfigError(f"settings must be a Settings (Settings.resolve({{…}})), not {type(settings).__name__}")
        with paused():
            corpus = Corpus.from_dir(settings.corpus, cache_dir=settings.cache_dir)
            if require_documents:
                corpus.require_documents()
            with from_embeddings():
                encoder = encoder or Encoder(settings.model, cache_dir=settings.cache_dir)
            store = open_store(settings, encoder)
            state = None if rebuild else store.current()
            report = None
            if corpus.documents and (rebuild or refresh or store.outdated(state)):
                state, report = store.update(corpus, rebuild, progress, on_progress)
            assistant = cls(settings, corpus, encoder, store, state)
        assistant.last_update = report
        return assistant

    def _snapshot_of(self, corpus: Corpus, state: State | None, changed: int | None = None) -> Snapshot | None:
        if state is None or not corpus.documents:
            return None
        return Snapshot.load(corpus, state, self.store, self.encoder, self.settings.index_path, changed)

    def reindex(
        self, progress: bool = True, rebuild: bool = False, on_progress: Progress | None = None
    ) -> UpdateReport:
        """Re-read the corpus folder and embed only new or changed paragraphs; drop deleted ones."""
        with self._writing, paused():
            corpus = Corpus.from_dir(self.corpus.root, cache_dir=self.corpus.cache_dir, previous=self._corpus)
            state, report = self.store.update(corpus, rebuild, progress, on_progress)
            self._corpus = corpus
            self._snapshot = self._snapshot_of(corpus, state, report.added + report.changed + report.removed)
            self.last_update = report
            return report

    def add_file(self, source: str | Path, name: str | None = None, max_bytes: int | None = None) -> AddedFile:
        """Copy a document into the corpus folder once it parses (RefusedFile or UnreadableFile otherwise,
        the folder unchanged); `reindex()` then makes it searchable."""
        if name is not None and not isinstance(name, str):
            raise InvalidRequest(f"name must be a file name (text), not {type(name).__name__}")
        return add_file(self.corpus.root, checked_path(source), name, self._upload_limit(max_bytes),
                        self.corpus.cache_dir)  # fmt: skip

    def _upload_limit(self, max_bytes: object) -> int:
        limit = self.settings.max_upload_bytes if max_bytes is None else max_bytes
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise InvalidRequest(f"max_bytes is a size in bytes (0 or more), not {max_bytes!r}")
        return limit

    def is_stale(self) -> bool:
        """Whether the corpus folder changed since the index was built."""
        snapshot = self._snapshot
        built = snapshot.state.files if snapshot else None
        return built != file_hashes(self.corpus.root)

    def index_info(self) -> IndexInfo:
        """What the index being searched holds (counts and model)."""
        state = self._current().state
        paragraphs, vectors = state.counts()
        return IndexInfo(paragraphs, vectors, state.model)

    def tuned(self, weights: Weights) -> Assistant:
        """The same engine ranking with other fusion weights (the evaluation compares modes with it)."""
        other = copy.copy(self)
        other.weights = weights
        return other

    # -- searching --------------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        snapshot = self._snapshot
        return snapshot.corpus if snapshot is not None else self._corpus

    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    def _current(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            self.corpus.require_documents()
            raise NoDocuments(f"the index of {self.corpus.root} is not built yet; run: python -m assistant index")
        return snapshot

    def search(
        self,
        query: str,
        k: int = 5,
        documents: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
        languages: Iterable[str] | None = None,
    ) -> list[Hit]:
        """The k most relevant paragraphs for a question or keywords, best first."""
        return self.ask(query, None, k, documents, years, languages).hits

    def ask(
        self,
        question: str,
        history: Sequence[Turn | str] | None = None,
        k: int = 5,
        documents: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
        languages: Iterable[str] | None = None,
    ) -> Turn:
        """A chat turn: a follow-up question is searched together with the previous question."""
        asked = clean_query(question)
        text = mainland(asked)  # (searched in the corpus's words; the turn keeps the question as typed)
        previous = checked_history(history)
        k = checked_k(k)
        snapshot = self._current()
        allowed = snapshot.allowed(checked_documents(documents), checked_years(years), checked_languages(languages))
        follow_up = bool(previous) and is_follow_up(text)
        questions = [text, mainland(clean_query(previous[-1]))] if follow_up else [text]
        vectors = self.encoder.encode_queries(questions)
        n = max(CANDIDATES, k)
        queries = [snapshot.query(q, self.weights, v, allowed, n) for q, v in zip(questions, vectors, strict=True)]
        rows = np.unique(np.concatenate([snapshot.candidates(query) for query in queries]))
        phrases = quoted(text)
        holding = [snapshot.holding(p, allowed) for p in phrases]
        if holding and all(len(h) for h in holding):  # only paragraphs writing every quoted phrase
            rows = functools.reduce(np.intersect1d, holding)
        whole = verbatim(text)
        first = snapshot.holding(whole, allowed) if whole else np.zeros(0, np.int64)
        named = snapshot.of_documents_named(text, allowed)
        citations = paragraph_citations(text)
        cited = snapshot.numbered(named, {c.label for c in citations})
        first = np.union1d(first, cited).astype(np.int64)
        rows = functools.reduce(np.union1d, [rows, first, named])
        scored = snapshot.scored(queries[0], rows, self.weights)
        if follow_up:
            earlier = snapshot.scored(queries[1], rows, self.weights)
            # ranked by both, and close in meaning only as close as to the farther of the two: "那2023年呢？"
            # alone is close to any paragraph of 2023, the earlier question alone to one of another year
            scored = dataclasses.replace(
                scored,
                fused=scored.fused + FOLLOW_UP_WEIGHT * earlier.fused,
                similarity=np.minimum(scored.similarity, earlier.similarity),
                lexical=np.minimum(scored.lexical, earlier.lexical),
            )
        if len(named) and not re.search(r"\w", besides_symbols(text)):  # a symbol alone asks for that document
            first = np.union1d(first, named).astype(np.int64)
        order = snapshot.ranked(scored, max(k, KEY_TERM_ROWS), first)
        near = scored.rows[order]
        key = with_phrases(snapshot.key_terms(text, near), phrases)
        if len(cited):  # the paragraph numbers were looked up: not words a paragraph must hold
            key = without(key, [c.text for c in citations])
        if follow_up:
            key = follow_on(key, snapshot.key_terms(questions[1], near))
        order = snapshot.with_identifiers(scored, order, key.terms)
        lacking = snapshot.lacking(scored.rows[order], key.terms)
        scored = snapshot.by_key_terms(scored, order, key.terms, KEY_TERM_WEIGHT, lacking)
        order = snapshot.ranked(scored, max(k, RELIABLE_DEPTH), first)  # judged on as many whatever k is
        hits = snapshot.hits(scored, order, key, language(text), lacking)
        hits = leading(hits, np.isin(scored.rows[order], first))
        confident = is_reliable([h.judgement for h in hits])
        terms = [t.label for t in key.terms]
        return Turn(asked, hits[:k], confident, follow_up, snapshot.state.name, key.matched, terms)

    def query_terms(self, question: str) -> list[str]:
        """The terms the lexical search looks for (for an English question: the Chinese terms it matched, and its
        own words but common ones)."""
        return self._current().terms(clean_query(question))

    def neighbours(self, paragraph: Paragraph, before: int = 1, after: int = 1) -> list[Paragraph]:
        """The paragraph with those around it in its document, in reading order."""
        if not (isinstance(before, int) and isinstance(after, int) and before >= 0 and after >= 0):
            raise InvalidRequest(f"before and after are counts of paragraphs (0 or more), not {before!r}, {after!r}")
        doc = self._document_of(paragraph)
        i = next((n for n, p in enumerate(doc.paragraphs) if p.key == paragraph.key), None)
        if i is None:
            raise InvalidRequest(f"{doc.id} no longer has paragraph {paragraph.label!r}: search again",
                                 code="unknown_paragraph")  # fmt: skip
        return doc.paragraphs[max(0, i - before) : i + after + 1]

    def versions_of(self, paragraph: Paragraph) -> list[tuple[str, Paragraph]]:
        """The same unit in the other language versions of its document that the corpus holds, as
        (language, unit): UN documents keep their paragraph numbers across languages (`Corpus.counterpart`)."""
        doc = self._document_of(paragraph)
        languages = sorted({d.language for d in self.corpus.versions(doc) if d.language and d.language != doc.language})
        found = [(code, self.corpus.counterpart(paragraph, code)) for code in languages]
        return [(code, unit) for code, unit in found if unit is not None]

    def _document_of(self, paragraph: object) -> Document:
        """The document of a paragraph the caller got from this assistant (a hit's `paragraph`)."""
        if not isinstance(paragraph, Paragraph):
            raise InvalidRequest(f"expected a Paragraph (a hit's .paragraph), not {type(paragraph).__name__}")
        try:
            return self.corpus.document(paragraph.doc_id)
        except KeyError:
            raise InvalidRequest(f"the corpus no longer holds document {paragraph.doc_id!r}",
                                 code="unknown_document", documents=paragraph.doc_id) from None  # fmt: skip

    # -- managing documents (each change is searchable after `reindex()`) --------
    def _document_file(self, doc_id: str) -> str:
        from ..errors import RefusedFile

        if not isinstance(doc_id, str):
            raise InvalidRequest(f"a document is named by its id or file name (text), not {type(doc_id).__name__}")
        try:
            return self.corpus.document(doc_id).path.name
        except KeyError:
            raise RefusedFile(f"no document {doc_id!r} in {self.corpus.root}", code="no_such_document",
                              document=doc_id) from None  # fmt: skip

    def remove_document(self, doc_id: str) -> Path:
        """Delete a document's file (and its catalog entry) from the corpus folder; returns the path it had."""
        from ..ingest.library import remove_document

        return remove_document(self.corpus.root, self._document_file(doc_id))

    def replace_document(self, doc_id: str, source: str | Path, max_bytes: int | None = None) -> AddedFile:
        """Put a new version of a document in its place once it parses (same document name, so links to its
        paragraphs keep working; the new file's type); RefusedFile or UnreadableFile otherwise, nothing changed."""
        from ..ingest.library import replace_document

        limit = self._upload_limit(max_bytes)
        name = self._document_file(doc_id)
        return replace_document(self.corpus.root, name, checked_path(source), limit, self.corpus.cache_dir)

    def set_metadata(self, doc_id: str, **fields: object) -> dict:
        """Set catalog fields of a document (symbol, date, title; None or "" removes one); returns its entry."""
        from ..ingest.library import set_metadata

        return set_metadata(self.corpus.root, self._document_file(doc_id), **fields)

    def catalog_entry(self, doc_id: str) -> dict:
        """A document's entry in the corpus folder's catalog.toml ({} when it has none)."""
        from ..ingest.library import catalog_entry

        return catalog_entry(self.corpus.root, self._document_file(doc_id))
