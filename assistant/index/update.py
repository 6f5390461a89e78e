"""Keeping the index in step with the corpus: embed what changed, rebuild the lexical index, swap in.

The lexical index is rebuilt with every new generation of the vector index and stored in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from embeddings.store import UpdateReport, VectorStore

from ..ingest.corpus import Corpus
from .freshness import file_hashes
from .lexical import VERSION as LEXICAL_VERSION
from .lexical import LexicalIndex
from .windows import index_items


def update_index(
    store: VectorStore,
    corpus: Corpus,
    progress: bool,
    rebuild: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> UpdateReport:
    """Embed new and changed paragraphs, drop removed ones, rebuild the lexical index, swap in.

    A folder with no readable document is refused (ValueError) and the index is left as it was."""
    corpus.require_documents()
    paragraphs = corpus.paragraphs

    def write_lexical(folder: Path) -> None:
        LexicalIndex.build([p.key for p in paragraphs], [p.search_text for p in paragraphs]).save(folder)

    return store.update(
        index_items(corpus),
        file_hashes(corpus.root),
        progress=progress,
        write_extra=write_lexical,
        rebuild=rebuild,
        extra_version=LEXICAL_VERSION,
        on_progress=on_progress,
    )


def is_outdated(store: VectorStore) -> bool:
    """Whether the index is missing or its lexical part was made by an older version of this program."""
    return store.current is None or store.manifest.get("extra_version") != LEXICAL_VERSION
