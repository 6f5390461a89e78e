"""The Milvus store: the index in Milvus (a server or cluster by URI, or Milvus Lite in a local file), its state in
the index folder (milvus_state.py), kept in step by milvus_update.py, searched by milvus_retriever.py.

store = MilvusStore(Path("seeds/.index"), "seeds/.index/milvus/milvus.db", None, "un_assistant", encoder)
state, report = store.update(corpus, rebuild=False, progress=False, on_progress=None)
retriever = store.retriever(state, [p.key for p in corpus.paragraphs])

pymilvus is imported on first use of the collections, so opening an embedded index never loads it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from embeddings.encoder import Encoder

from .milvus_state import MilvusState, load_current, owner_of
from .store import Progress, UpdateReport, is_current


class MilvusStore:
    """The index of a corpus in the Milvus collections `collection`_vectors and `collection`_text at `uri`."""

    def __init__(self, index_dir: Path, uri: str, token: str | None, collection: str, encoder: Encoder) -> None:
        self.folder = index_dir / "milvus"
        self.uri, self.token, self.collection = uri, token, collection
        self.encoder = encoder
        self._collections = None
        self._connecting = threading.Lock()

    @property
    def collections(self):
        with self._connecting:
            if self._collections is None:
                from .milvus_collections import Collections

                self._collections = Collections(self.uri, self.token, self.collection)
            return self._collections

    def close(self) -> None:
        """Let the connection go (a Milvus Lite file can then be opened by another process); searches and
        updates connect again when they next need Milvus."""
        with self._connecting:
            if self._collections is not None:
                self._collections.close()

    def current(self) -> MilvusState | None:
        """The published state, once its collections are checked (present, same model, filled by this folder)."""
        from .milvus_update import check_collections

        state = load_current(self.folder, self.encoder.identity())
        if state is not None:
            collections = self.collections
            check_collections(collections, collections.described(), self.encoder.identity(), owner_of(self.folder))
        return state

    def outdated(self, state: MilvusState | None) -> bool:
        return state is None or not is_current(state.manifest)

    def update(
        self, corpus, rebuild: bool, progress: bool, on_progress: Progress | None
    ) -> tuple[MilvusState, UpdateReport]:
        from .milvus_update import update_milvus

        return update_milvus(self.folder, self.collections, corpus, self.encoder, rebuild, progress, on_progress)

    def retriever(self, state: MilvusState, keys: list[str]):
        from .milvus_retriever import MilvusRetriever

        return MilvusRetriever(self.collections, state, keys)
