"""Retrieval assistant for UN documents: verbatim paragraphs with exact citations."""

from .corpus import Corpus
from .documents import Document, Paragraph, SkippedFile

__all__ = ["Corpus", "Document", "Paragraph", "SkippedFile"]
