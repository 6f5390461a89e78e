"""Files → text as printed, one reader per format; the paragraph rules (layout, structure) do the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..reading import decode
from .markup import read_html, read_markdown
from .pdf import read_pdf
from .word import read_docx


def read_text_file(path: Path) -> str:
    return decode(path.read_bytes())


# Suffix → function giving the document's text as lines would be printed.
READERS: dict[str, Callable[[Path], str]] = {
    ".txt": read_text_file,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
