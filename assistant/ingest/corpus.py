"""A folder of documents read into citable paragraphs."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..errors import AssistantError, CorpusNotFound, NoDocuments, RefusedFile, UnreadableFile
from . import limits
from .catalog import CATALOG_NAME, load_catalog
from .documents import Document, Paragraph, SkippedFile, citation_for
from .files import file_hashes, list_documents, require_inside
from .header import parse_header
from .layout import split_layout
from .multilingual import detect_language
from .parse_cache import cached_parse
from .readers import READERS, read_text_file
from .readers.text_cache import cached_text
from .structure import parse_body

log = logging.getLogger(__name__)


def _symbol(page_symbols: list[str], header_symbol: str | None) -> str | None:
    """The document symbol: from the running heads (two that run together make a joint symbol,
    "A/80/434–S/2025/632"), else from the masthead."""
    if not page_symbols:
        return header_symbol
    counts: dict[str, int] = {}
    for symbol in page_symbols:
        counts[symbol] = counts.get(symbol, 0) + 1
    top = max(counts.values())
    joint = [symbol for symbol, n in counts.items() if n * 2 >= top and n >= 2] or [page_symbols[0]]
    if len(joint) == 1 and header_symbol and joint[0] in header_symbol.split("–"):
        return header_symbol
    return "–".join(joint)


def parse_document(path: Path, text: str, overrides: dict | None = None) -> Document:
    """Text of one document → Document with metadata and its citable units."""
    layout = split_layout(text.splitlines())
    language = detect_language("\n".join(line.text for line in layout.body[:400]))
    parsed = parse_body(layout, language)
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
        symbol=_symbol(layout.page_symbols, head.symbol),
        language=language,
        warnings=list(layout.notices),
    )
    for key, value in (overrides or {}).items():
        setattr(doc, key, value)
    paragraphs = []
    for unit in parsed.units:
        para = Paragraph(
            doc_id=doc.id,
            label=unit.label,
            text=unit.text,
            section=unit.section,
            footnotes=tuple(unit.footnotes),
            citation="",
            marks=tuple(unit.marks),
            kind=unit.kind,
            number=unit.number,
            annex=unit.annex,
            article=unit.article,
            speaker=unit.speaker,
            part=unit.part,
        )
        paragraphs.append(replace(para, citation=citation_for(doc, para)))
    doc.paragraphs = paragraphs
    return doc


def read_document(
    path: Path, overrides: dict | None = None, cache_dir: Path | None = None, *, root: Path | None = None
) -> Document:
    """Read and parse one file; raises UnreadableFile with the reason when it cannot be used (RefusedFile
    when `root` is given and the file's real path is not inside that folder).

    With `cache_dir`, text extracted from a PDF, Word, Markdown or HTML file is kept there by content, and so
    is the parsed document (parse_cache.py).
    The limits of limits.py are checked before each costly step; a reader that breaks on a file gives an
    UnreadableFile too (code "reader_failed"), never an exception of its own."""
    if path.is_dir():
        raise UnreadableFile(f"{path.name} is a folder, not a file", code="is_folder")
    if not path.exists() and not path.is_symlink():  # (a dangling link is told apart below)
        raise UnreadableFile(f"no such file: {path}", code="not_found")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(
            f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(READERS)}",
            code="unsupported_type",
            suffix=path.suffix,
            supported=", ".join(READERS),
        )
    if root is not None:
        require_inside(root, path)
    try:
        limits.check_file(path)
        text = reader(path) if cache_dir is None or reader is read_text_file else cached_text(path, reader, cache_dir)
        limits.check_text(text)
        if cache_dir is None:
            doc = parse_document(path, text, overrides)
        else:
            doc = cached_parse(path, text, overrides, cache_dir, parse_document)
        limits.check_document(doc)
    except (AssistantError, OSError):
        raise
    except Exception as exc:  # a reader's bug must not become the user's traceback
        log.exception("reading %s failed", path)
        raise UnreadableFile(
            f"the {path.suffix.lower()} reader failed on this file ({type(exc).__name__}); check that it opens in "
            "its usual program, or save it again in another format",
            code="reader_failed",
        ) from None
    if not doc.paragraphs:
        raise UnreadableFile("no text paragraphs found", code="no_paragraphs")
    return doc


def _without_same_text(documents: list[Document], skipped: list[SkippedFile], keys: dict[str, str]) -> list[Document]:
    """Documents whose units are the same as an earlier one's (the same text saved in another format or
    encoding) are indexed once: the file modified first is kept, the others are skipped naming it. `keys`:
    file name -> hash of its units, as known from an earlier read (the others are added)."""
    kept: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: (_mtime(d.path), d.path.name)):
        key = keys.get(doc.path.name)
        if key is None:
            units = "\x00".join(f"{p.label}\x01{p.text}" for p in doc.paragraphs)
            key = keys[doc.path.name] = hashlib.sha256(units.encode()).hexdigest()
        if key in kept:
            reason = f"the same text as {kept[key].path.name}, which is indexed once; delete one of the copies"
            skipped.append(SkippedFile(doc.path, reason, "duplicate"))
        else:
            kept[key] = doc
    ids = {id(doc) for doc in kept.values()}
    return [doc for doc in documents if id(doc) in ids]


def _mtime(path: Path) -> int:
    try:
        return path.lstat().st_mtime_ns
    except OSError:
        return 0


@dataclass
class Corpus:
    """The documents of a folder, and the files that were skipped with the reason."""

    root: Path
    documents: list[Document]
    skipped: list[SkippedFile] = field(default_factory=list)
    cache_dir: Path | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # file name -> content hash, as read
    text_keys: dict[str, str] = field(default_factory=dict)  # file name -> hash of its units (copies)

    @classmethod
    def from_dir(cls, folder: str | Path, cache_dir: Path | None = None, previous: Corpus | None = None) -> Corpus:
        """Read every supported file in the folder; one bad file is reported and skipped, never fatal.

        `cache_dir` keeps the text extracted from non-text formats, so the next read is fast. Documents of
        `previous` (an earlier read of the same folder) are taken over as they are when neither their file
        nor the catalog changed: a re-index after one change reads one file, not the whole folder."""
        root = Path(folder)
        if not root.is_dir():
            raise CorpusNotFound(f"corpus folder not found: {root}")
        catalog = load_catalog(root)
        hashes = file_hashes(root)
        unchanged = {}
        if previous is not None and previous.hashes.get(CATALOG_NAME) == hashes.get(CATALOG_NAME):
            unchanged = {d.path.name: d for d in previous.documents if previous.hashes.get(d.path.name)}
        documents: list[Document] = []
        listing = list_documents(root)  # files.py: inside the folder, one per document name, no copies
        skipped: list[SkippedFile] = list(listing.skipped)
        keys: dict[str, str] = {}
        for path in listing.files:
            known = unchanged.get(path.name)
            if known is not None and previous is not None and previous.hashes[path.name] == hashes.get(path.name):
                documents.append(known)
                if path.name in previous.text_keys:
                    keys[path.name] = previous.text_keys[path.name]
                continue
            try:
                documents.append(read_document(path, catalog.get(path.name), cache_dir, root=root))
            except (UnreadableFile, RefusedFile) as exc:
                skipped.append(SkippedFile(path, str(exc), exc.code, exc.details))
            except OSError as exc:
                skipped.append(SkippedFile(path, str(exc)))
        documents = _without_same_text(documents, skipped, keys)
        for skip in skipped:
            log.warning("skipped %s: %s", skip.path.name, skip.reason)
        skipped.sort(key=lambda s: s.path.name)
        return cls(root, documents, skipped, cache_dir, hashes, {d.path.name: keys[d.path.name] for d in documents})

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

    @cached_property
    def _by_name(self) -> dict[str, Document]:
        return {**{d.path.name: d for d in self.documents}, **{d.id: d for d in self.documents}}

    def document(self, doc_id: str) -> Document:
        """The document with this id (or file name)."""
        try:
            return self._by_name[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in {self.root}") from None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for doc in self.documents for p in doc.paragraphs]

    def versions(self, doc: Document) -> list[Document]:
        """The other language versions of a document: the documents with the same symbol."""
        if not doc.symbol:
            return []
        key = _symbol_key(doc.symbol)
        return [d for d in self.documents if d is not doc and d.symbol and _symbol_key(d.symbol) == key]

    def counterpart(self, paragraph: Paragraph, language: str) -> Paragraph | None:
        """The same unit in the version of its document in `language` ("en", "ru", …): UN documents keep
        their paragraph numbers across languages, so the same label; a unit labelled by its heading (a
        summary paragraph, a footnote on the title) is found by its kind and its place among those."""
        doc = self.document(paragraph.doc_id)
        same_kind = [p for p in doc.paragraphs if p.kind == paragraph.kind]
        for other in self.versions(doc):
            if other.language != language:
                continue
            for candidate in other.paragraphs:
                if candidate.label == paragraph.label:
                    return candidate
            theirs = [p for p in other.paragraphs if p.kind == paragraph.kind]
            if len(theirs) == len(same_kind):
                return theirs[same_kind.index(paragraph)]
        return None


def _symbol_key(symbol: str) -> str:
    return "".join(symbol.split()).replace("—", "-").replace("–", "-").upper()
