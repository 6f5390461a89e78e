"""Retrieval assistant for UN documents: verbatim paragraphs with exact citations."""

from .api import Assistant, Hit, Turn
from .corpus import Corpus
from .documents import Document, Paragraph, SkippedFile

__all__ = ["Assistant", "Corpus", "Document", "Hit", "Paragraph", "SkippedFile", "Turn"]
