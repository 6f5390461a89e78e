"""Retrieval assistant for UN documents: verbatim paragraphs with exact citations."""

from .api import Assistant, Hit, Turn
from .corpus import Corpus
from .documents import Document, Paragraph, SkippedFile
from .reading import UnreadableFile
from .uploads import AddedFile, RefusedFile

__all__ = [
    "AddedFile",
    "Assistant",
    "Corpus",
    "Document",
    "Hit",
    "Paragraph",
    "RefusedFile",
    "SkippedFile",
    "Turn",
    "UnreadableFile",
]
