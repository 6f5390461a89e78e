"""Retrieval assistant for UN documents: verbatim paragraphs with exact citations.

Names are imported on first use, so `from assistant import Corpus` reads documents without loading
the search libraries (faiss, bm25s, jieba) or the embedding model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "AddedFile": "assistant.ingest.uploads",
    "Assistant": "assistant.search.assistant",
    "AssistantError": "assistant.errors",
    "Corpus": "assistant.ingest.corpus",
    "Document": "assistant.ingest.documents",
    "Hit": "assistant.search.records",
    "Paragraph": "assistant.ingest.documents",
    "RefusedFile": "assistant.errors",
    "Settings": "assistant.settings",
    "SkippedFile": "assistant.ingest.documents",
    "Turn": "assistant.search.records",
    "UnreadableFile": "assistant.errors",
}
__all__ = [
    "AddedFile",
    "Assistant",
    "AssistantError",
    "Corpus",
    "Document",
    "Hit",
    "Paragraph",
    "RefusedFile",
    "Settings",
    "SkippedFile",
    "Turn",
    "UnreadableFile",
]

if TYPE_CHECKING:
    from .errors import AssistantError, RefusedFile, UnreadableFile
    from .ingest.corpus import Corpus
    from .ingest.documents import Document, Paragraph, SkippedFile
    from .ingest.uploads import AddedFile
    from .search.assistant import Assistant
    from .search.records import Hit, Turn
    from .settings import Settings


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
