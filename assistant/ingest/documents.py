"""Records of the corpus: documents and the paragraphs a user can cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Paragraph:
    """One citable unit: a numbered paragraph as printed, an unnumbered block, or a stray footnote.

    `text` is verbatim from the source with footnote markers taken out; `marks` records
    where they stood (footnote mark, character offset in `text`) so a view can put them back.
    """

    doc_id: str
    label: str
    text: str
    section: tuple[str, ...]
    footnotes: list[str]
    citation: str
    marks: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        """Stable identity of the unit inside the corpus (document and printed label)."""
        return f"{self.doc_id}#{self.label}"

    @property
    def search_text(self) -> str:
        """What retrieval sees: the text and the bodies of its footnotes."""
        return "\n".join([self.text, *self.footnotes])


@dataclass
class Document:
    """A source document with the metadata a citation needs."""

    id: str
    path: Path
    title: str
    doc_type: str | None = None
    date: dt.date | None = None
    session: str | None = None
    place: str | None = None
    meeting_dates: str | None = None
    agenda_item: str | None = None
    symbol: str | None = None
    url: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def paragraph(self, label: str) -> Paragraph:
        for para in self.paragraphs:
            if para.label == label:
                return para
        raise KeyError(f"{self.id} has no paragraph labelled {label!r}")


@dataclass(frozen=True)
class SkippedFile:
    """A file of the corpus folder that could not be read, and why."""

    path: Path
    reason: str
    code: str = "unreadable_file"  # the error's code, so a view can say the reason in its own language
    details: dict = field(default_factory=dict)


def citation_for(doc: Document, label: str) -> str:
    """The citation a user takes to the original: symbol, or short title and date, then the unit."""
    unit = f"第{label}段" if label.isdigit() else label
    if doc.symbol:
        return f"{doc.symbol}，{unit}"
    when = f"（{doc.date.year}年{doc.date.month}月{doc.date.day}日）" if doc.date else ""
    return f"《{doc.title}》{when}，{unit}"
