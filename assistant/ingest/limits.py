"""How much of a file the readers take on, each limit with the reason for its number.

A file beyond a limit is refused with UnreadableFile (code "too_large") saying which limit and what to
do, before the expensive step, so nothing is added to the corpus or the index; a unit longer than
MAX_UNIT_CHARS is not refused but cut into parts at sentence ends (cited "para. 11, part 2").
Measured on 2 cores: parsing runs at roughly 0.7 million characters a second, embedding at about 40
short texts a second (README, "Formats").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UnreadableFile
from ..scripts import SENTENCE_ENDS

if TYPE_CHECKING:
    from .documents import Document, Paragraph

# Any file of the corpus folder: it is read whole (to hash it, to decode it). Half a gigabyte is well
# above a long scanned PDF with an OCR layer (~100–200 MB) and still fits a search process's memory.
MAX_FILE_BYTES = 512 * 1024 * 1024

# A document's text once extracted, in characters. The longest UN reports are a few hundred pages of
# ~3,500 characters (about 1–3 million); parsing runs at ~0.7 million characters a second, so the limit
# bounds it at ~6 s. (A 10 MB file of Chinese, 3.5 million characters, is parsed, then refused by
# MAX_EMBEDDING_TEXTS instead of being embedded for hours.)
MAX_DOCUMENT_CHARS = 4_000_000

# Lines of a document's text. A PDF or Word document gives one line per paragraph, a text file one per
# wrapped line (~40–80 characters): a document at MAX_DOCUMENT_CHARS has under 100,000. Parsing takes
# ~30 µs a line, so the limit bounds it at ~6 s; 50,000 numbered one-line paragraphs are well inside.
MAX_DOCUMENT_LINES = 200_000

# HTML and Markdown source before its text is taken out, in characters: a saved web page carries two
# to four times its text in markup, scripts and styles.
MAX_MARKUP_CHARS = 4 * MAX_DOCUMENT_CHARS

# PDF pages. A UN document rarely passes 500 pages (parts of longer volumes are issued separately); a
# page takes 0.03–0.1 s to read, so 1,000 pages is up to two minutes.
MAX_PDF_PAGES = 1_000

# A .docx is a zip archive. Its parts, uncompressed, in bytes: python-docx loads every part into memory,
# images included; Word documents of a few hundred pages with pictures stay under 100 MB.
MAX_DOCX_BYTES = 256 * 1024 * 1024
# Of which XML (the body, notes, numbering, styles), which is parsed and walked: Word writes ~3–15
# bytes of XML per character of text, so a document near MAX_DOCUMENT_CHARS fits; walking the XML runs
# at ~2–4 MB a second. A 250 KB "zip bomb" that unpacks to 60 MB of XML is refused here, unread.
MAX_DOCX_XML_BYTES = 32 * 1024 * 1024
# Entries of the archive: a Word document has 10–30 parts, plus one per picture or embedded object.
MAX_DOCX_ENTRIES = 5_000

# Characters of one citable unit. The longest in the published UN documents checked by
# benchmarks/check_real_docs.py is 14,535 (a two-language article of the Convention against
# Corruption); speakers' statements run to ~10,000. A longer unit (a file without paragraph breaks) is
# cut at sentence ends into parts of at most this length, each citable ("para. 11, part 2"), so one
# unit never becomes a page-long search hit or a multi-megabyte text to embed and highlight.
MAX_UNIT_CHARS = 20_000

# Texts embedded for one document (each unit, its sentence windows and its footnotes: index/windows.py).
# The embedding model takes ~40 short texts a second on 2 cores (the seeds: 1,433 texts in ~40 s), so
# 50,000 is about twenty minutes of indexing; the longest real documents need a few thousand.
MAX_EMBEDDING_TEXTS = 50_000


def size_text(size: int) -> str:
    """A size in bytes as people read it, in MB of 2**20 bytes like the upload limit ("50 MB", "15.3 MB"), in KB
    below one MB (not "0.0 MB")."""
    if size < 2**20:
        return f"{max(1, round(size / 2**10)):,} KB"
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


def too_large(what: str, size: int, limit: int, advice: str = "split it into smaller files") -> UnreadableFile:
    """The refusal for a file beyond a limit: what was counted, how much, the limit and what to do."""
    return UnreadableFile(
        f"too large: {size:,} {what}, the limit is {limit:,}; {advice}",
        code="too_large",
        size=f"{size:,} {what}",
        limit=f"{limit:,}",
        count=size,  # the same as numbers, for a caller that says them in its own words and units
        most=limit,
        unit=what,
    )


def check(what: str, size: int, limit: int, advice: str = "split it into smaller files") -> None:
    if size > limit:
        raise too_large(what, size, limit, advice)


# Suffix → most characters a file may hold: a character takes at least one byte, at most four, so a
# file over four times the limit in bytes is refused before it is read.
_CHARS_OF = {".txt": MAX_DOCUMENT_CHARS, ".md": MAX_MARKUP_CHARS, ".markdown": MAX_MARKUP_CHARS,
             ".html": MAX_MARKUP_CHARS, ".htm": MAX_MARKUP_CHARS}  # fmt: skip


def check_file(path: Path) -> None:
    """Refuse, by its size alone, a file that cannot be within the limits."""
    size = path.stat().st_size
    check("bytes", size, MAX_FILE_BYTES)
    chars = _CHARS_OF.get(path.suffix.lower())
    if chars is not None and size > 4 * chars:
        raise UnreadableFile(
            f"too large: {size:,} bytes, more than {chars:,} characters take even at four bytes each (the limit "
            "for a document of this type); split it into smaller files",
            code="too_large",
            size=f"{size:,} bytes",
            limit=f"{4 * chars:,} bytes",
            count=size,
            most=4 * chars,
            unit="bytes",
        )


def check_text(text: str) -> None:
    """A document's text, as the reader gave it, within MAX_DOCUMENT_CHARS and MAX_DOCUMENT_LINES."""
    check("characters", len(text), MAX_DOCUMENT_CHARS)
    check("lines", text.count("\n") + 1, MAX_DOCUMENT_LINES)


# Where index/windows.py starts a new sentence window: it embeds each unit whole, one window for each
# sentence at most, and each footnote.
_SENTENCE_END = re.compile(rf"[{SENTENCE_ENDS}]|\n")


def embedding_texts(paragraphs: Iterable[Paragraph]) -> int:
    """At most how many texts indexing will embed for these units (each whole, its sentence windows,
    its footnotes)."""
    total = 0
    for p in paragraphs:
        ends = len(_SENTENCE_END.findall(p.text.strip()))
        total += 1 + (ends + 1 if ends else 0) + len(p.footnotes)  # no window when the unit is one sentence
    return total


def check_document(doc: Document) -> None:
    """A parsed document whose indexing stays within MAX_EMBEDDING_TEXTS."""
    check("texts to embed (units, their sentences and footnotes)", embedding_texts(doc.paragraphs),
          MAX_EMBEDDING_TEXTS)  # fmt: skip
