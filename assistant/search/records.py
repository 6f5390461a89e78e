"""What a search returns: ranked hits with their citations, chat turns, and their JSON form for the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest.documents import Document, Paragraph
from .relevance import Judgement


@dataclass(frozen=True)
class Hit:
    """A ranked paragraph, verbatim, with its citation and the spans of matched query terms."""

    rank: int
    paragraph: Paragraph
    document: Document
    score: float
    similarity: float
    judgement: Judgement
    highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return self.paragraph.citation

    @property
    def level(self) -> str:
        """'strong', 'partial' or 'weak': the same meaning on every question (see `relevance`)."""
        return self.judgement.level

    @property
    def missing(self) -> list[str]:
        """The question's specific terms (years, numbers, names, rarer words) this paragraph does not contain."""
        return [t.label for t in self.judgement.missing]

    def to_json(self) -> dict:
        """The hit as JSON for the API: verbatim text, citation, where it is, how it scored."""
        para, doc = self.paragraph, self.document
        return {
            "rank": self.rank,
            "citation": self.citation,
            "document": doc.id,
            "file": doc.path.name,
            "title": doc.title,
            "symbol": doc.symbol,
            "date": doc.date.isoformat() if doc.date else None,
            "paragraph": para.label,
            "section": list(para.section),
            "text": para.text,
            "footnotes": list(para.footnotes),
            "highlights": [list(span) for span in self.highlights],
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
            "level": self.level,
            "coverage": round(self.judgement.coverage, 3),
            "missing": self.missing,
        }


@dataclass(frozen=True)
class IndexInfo:
    """What the index being searched holds: paragraphs and vectors, and the model that embedded them."""

    paragraphs: int
    vectors: int
    model: str


@dataclass(frozen=True)
class Turn:
    """One chat turn: the question, the hits, and whether any of them is a reliable match."""

    question: str
    hits: list[Hit]
    confident: bool
    follow_up: bool = False
    generation: str | None = None  # the index generation that answered (it changes with every update)
    matched_terms: dict[str, list[str]] = field(default_factory=dict)  # English words -> the Chinese terms searched
    key_terms: list[str] = field(default_factory=list)  # what a paragraph is checked for ([]: nothing to check)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "confident": self.confident,
            "follow_up": self.follow_up,
            "matched_terms": self.matched_terms,
            "key_terms": self.key_terms,
            "hits": [h.to_json() for h in self.hits],
        }
