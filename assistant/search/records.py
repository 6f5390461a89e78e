"""What a search returns: ranked hits with their citations, chat turns, and their JSON form for the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest.documents import Document, Paragraph


@dataclass(frozen=True)
class Hit:
    """A ranked paragraph, verbatim, with its citation and the spans of matched query terms."""

    rank: int
    paragraph: Paragraph
    document: Document
    score: float
    similarity: float
    highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return self.paragraph.citation

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

    def to_json(self) -> dict:
        return {"question": self.question, "confident": self.confident, "hits": [h.to_json() for h in self.hits]}
