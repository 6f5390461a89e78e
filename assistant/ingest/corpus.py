"""A folder of documents read into citable paragraphs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusNotFound, NoDocuments, UnreadableFile
from .catalog import load_catalog
from .documents import Document, Paragraph, SkippedFile, citation_for
from .header import parse_header
from .layout import split_layout
from .readers import READERS, read_text_file
from .readers.text_cache import cached_text
from .structure import parse_body

log = logging.getLogger(__name__)


def parse_document(path: Path, text: str, overrides: dict | None = None) -> Document:
    """Text of one document → Document with metadata and paragraphs."""
    layout = split_layout(text.splitlines())
    parsed = parse_body(layout)
    head = parse_header(parsed.header)
    doc = Document(
        id=path.stem,
        path=path,
        title=head.title or path.stem,
        doc_type=head.doc_type,
        date=head.date,
        session=head.session,
        place=head.place,
        meeting_dates=head.meeting_dates,
        agenda_item=head.agenda_item,
        symbol=parsed.symbol,
    )
    for key, value in (overrides or {}).items():
        setattr(doc, key, value)
    doc.paragraphs = [
        Paragraph(
            doc_id=doc.id,
            label=unit.label,
            text=unit.text,
            section=unit.section,
            footnotes=list(unit.footnotes),
            citation=citation_for(doc, unit.label),
            marks=tuple(unit.marks),
        )
        for unit in parsed.units
    ]
    return doc


def read_document(path: Path, overrides: dict | None = None, cache_dir: Path | None = None) -> Document:
    """Read and parse one file; raises UnreadableFile with the reason when it cannot be used.

    With `cache_dir`, text extracted from a PDF, Word, Markdown or HTML file is kept there by content."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(READERS)}",
            code="unsupported_type",
            suffix=path.suffix,
            supported=", ".join(READERS),
        )
    text = reader(path) if cache_dir is None or reader is read_text_file else cached_text(path, reader, cache_dir)
    doc = parse_document(path, text, overrides)
    if not doc.paragraphs:
        raise UnreadableFile("no text paragraphs found", code="no_paragraphs")
    return doc


@dataclass
class Corpus:
    """The documents of a folder, and the files that were skipped with the reason."""

    root: Path
    documents: list[Document]
    skipped: list[SkippedFile] = field(default_factory=list)
    cache_dir: Path | None = None

    @classmethod
    def from_dir(cls, folder: str | Path, cache_dir: Path | None = None) -> Corpus:
        """Read every supported file in the folder; one bad file is reported and skipped, never fatal.

        `cache_dir` keeps the text extracted from non-text formats, so the next read is fast."""
        root = Path(folder)
        if not root.is_dir():
            raise CorpusNotFound(f"corpus folder not found: {root}")
        catalog = load_catalog(root)
        documents: list[Document] = []
        skipped: list[SkippedFile] = []
        for path in sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in READERS):
            same = next((d.path.name for d in documents if d.id == path.stem), None)
            if same:  # a document's id is its file name without the suffix, so it must be unique
                reason = f"{same} already has the document name {path.stem!r}; rename one"
                skipped.append(SkippedFile(path, reason, "id_taken", {"other": same, "id": path.stem}))
                log.warning("skipped %s: %s", path.name, skipped[-1].reason)
                continue
            try:
                documents.append(read_document(path, catalog.get(path.name), cache_dir))
            except (UnreadableFile, OSError) as exc:
                log.warning("skipped %s: %s", path.name, exc)
                skipped.append(
                    SkippedFile(path, str(exc), getattr(exc, "code", "unreadable_file"), getattr(exc, "details", {}))
                )
        return cls(root, documents, skipped, cache_dir)

    def require_documents(self) -> None:
        """Raise NoDocuments (a ValueError), saying what to do, when no file of the folder could be read: there is
        nothing to index or search."""
        if self.documents:
            return
        skipped = "; ".join(f"{s.path.name}: {s.reason}" for s in self.skipped)
        raise NoDocuments(
            f"no readable documents in {self.root}"
            + (f" (skipped {skipped})" if skipped else "")
            + "; add PDF, Word, Markdown, HTML or text files"
        )

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id or doc.path.name == doc_id:
                return doc
        raise KeyError(f"no document {doc_id!r} in {self.root}")

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for doc in self.documents for p in doc.paragraphs]
