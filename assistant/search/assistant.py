"""The one engine under the web chat, the command line and users' scripts: open, search, ask, add, re-index.

Orchestration only: reading documents is `ingest`, keeping the index in step is `index`, scoring and
ranking is the current `Snapshot`. A search reads the snapshot once at its start; an update builds a new
snapshot whole and publishes it with one reference swap, so searches never wait for an update and never
see half of one. Updates take turns among themselves (a lock here, a file lock across processes).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from embeddings.encoder import Encoder
from embeddings.store import UpdateReport, VectorStore

from ..errors import NoDocuments, from_embeddings
from ..index.freshness import file_hashes
from ..index.update import is_outdated, update_index
from ..ingest.corpus import Corpus
from ..ingest.documents import Document, Paragraph
from ..ingest.uploads import AddedFile, add_file
from ..settings import Settings
from .confidence import is_confident
from .fusion import Weights
from .query import clean_query, is_follow_up, language
from .records import Hit, IndexInfo, Turn
from .snapshot import Snapshot

FOLLOW_UP_WEIGHT = 0.5
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

    def __init__(self, settings: Settings, corpus: Corpus, store: VectorStore, weights: Weights | None = None) -> None:
        self.settings = settings
        self.store = store
        self.weights = weights or Weights()
        self.last_update: UpdateReport | None = None
        self._writing = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._corpus = corpus
        if store.current is not None and corpus.documents:
            self._snapshot = self._load_snapshot(corpus)

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

        Arguments left out come from `settings` (default: flag-less `Settings.resolve()`: environment,
        un-assistant.toml, defaults). `refresh` brings the index up to date with the folder now, `rebuild`
        embeds everything again (also over a damaged index); the report is `last_update`. Progress of a
        build: a bar on the terminal (`progress`), or `on_progress(done, total)` texts embedded. With
        `require_documents=False` a folder with nothing readable yet opens too: files can be added, and
        searches say there is nothing to search."""
        flags = {"corpus": corpus_dir, "index_dir": index_dir, "model": model, "cache_dir": cache_dir}
        settings = Settings.resolve(flags) if settings is None else settings
        corpus = Corpus.from_dir(settings.corpus, cache_dir=settings.cache_dir)
        if require_documents:
            corpus.require_documents()
        with from_embeddings():
            encoder = encoder or Encoder(settings.model, cache_dir=settings.cache_dir)
            store = VectorStore(settings.index_path, encoder, load=not rebuild)
        report = None
        if corpus.documents and (rebuild or refresh or is_outdated(store)):
            with from_embeddings():
                report = update_index(store, corpus, progress=progress, rebuild=rebuild, on_progress=on_progress)
        assistant = cls(settings, corpus, store)
        assistant.last_update = report
        return assistant

    def _load_snapshot(self, corpus: Corpus) -> Snapshot:
        assert self.store.current is not None
        return Snapshot.load(corpus, self.store.current, self.store.encoder, self.store.dir)

    def reindex(
        self, progress: bool = True, rebuild: bool = False, on_progress: Progress | None = None
    ) -> UpdateReport:
        """Re-read the corpus folder and embed only new or changed paragraphs; drop deleted ones."""
        with self._writing:
            corpus = Corpus.from_dir(self.corpus.root, cache_dir=self.corpus.cache_dir)
            with from_embeddings():
                report = update_index(self.store, corpus, progress=progress, rebuild=rebuild, on_progress=on_progress)
            self._corpus = corpus
            self._snapshot = self._load_snapshot(corpus)
            self.last_update = report
            return report

    def add_file(self, source: str | Path, name: str | None = None, max_bytes: int | None = None) -> AddedFile:
        """Copy a document into the corpus folder once it parses (RefusedFile or UnreadableFile otherwise,
        the folder unchanged); `reindex()` then makes it searchable."""
        limit = self.settings.max_upload_bytes if max_bytes is None else max_bytes
        return add_file(self.corpus.root, Path(source), name, limit, self.corpus.cache_dir)

    def is_stale(self) -> bool:
        """Whether the corpus folder changed since the index was built."""
        return self.store.manifest.get("files") != file_hashes(self.corpus.root)

    def index_info(self) -> IndexInfo:
        """What the index being searched holds (counts and model)."""
        generation = self._current().generation
        model = generation.manifest["model"]["name"]
        return IndexInfo(len(generation.keys), generation.index.ntotal, model)

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
    ) -> list[Hit]:
        """The k most relevant paragraphs for a question or keywords, best first."""
        query = clean_query(query)
        snapshot = self._current()
        scores = snapshot.scores(query, self.weights)
        return snapshot.rank(scores.fused, scores.similarity, scores.terms, k, documents, years)

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
        snapshot = self._current()
        scores = snapshot.scores(text, self.weights)
        fused, terms = scores.fused, scores.terms
        previous = [h.question if isinstance(h, Turn) else str(h) for h in (history or [])]
        follow_up = bool(previous) and is_follow_up(text)
        if follow_up:
            earlier = snapshot.scores(clean_query(previous[-1]), self.weights)
            fused = fused + FOLLOW_UP_WEIGHT * earlier.fused
            terms = [*terms, *earlier.terms]
        hits = snapshot.rank(fused, scores.similarity, terms, k, documents, years)
        confident = bool(hits) and (
            follow_up
            or is_confident(
                snapshot.thresholds, language(text), float(scores.similarity.max()), float(scores.lexical.max())
            )
        )
        return Turn(text, hits, confident, follow_up)

    def query_terms(self, question: str) -> list[str]:
        """The terms the lexical search looks for (for an English question: the Chinese terms it matched)."""
        return self._current().terms(clean_query(question))

    def neighbours(self, paragraph: Paragraph, before: int = 1, after: int = 1) -> list[Paragraph]:
        """The paragraph with those around it in its document, in reading order."""
        doc = self.corpus.document(paragraph.doc_id)
        i = next(n for n, p in enumerate(doc.paragraphs) if p.key == paragraph.key)
        return doc.paragraphs[max(0, i - before) : i + after + 1]

    # -- managing documents (each change is searchable after `reindex()`) --------
    def _document_file(self, doc_id: str) -> str:
        from ..errors import RefusedFile

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

        limit = self.settings.max_upload_bytes if max_bytes is None else max_bytes
        name = self._document_file(doc_id)
        return replace_document(self.corpus.root, name, Path(source), limit, self.corpus.cache_dir)

    def set_metadata(self, doc_id: str, **fields: object) -> dict:
        """Set catalog fields of a document (symbol, date, title; None or "" removes one); returns its entry."""
        from ..ingest.library import set_metadata

        return set_metadata(self.corpus.root, self._document_file(doc_id), **fields)

    def catalog_entry(self, doc_id: str) -> dict:
        """A document's entry in the corpus folder's catalog.toml ({} when it has none)."""
        from ..ingest.library import catalog_entry

        return catalog_entry(self.corpus.root, self._document_file(doc_id))
