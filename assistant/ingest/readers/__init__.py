"""Files → text as printed, one reader per format; the paragraph rules (layout, structure) do the rest."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..decode import decode


def read_text_file(path: Path) -> str:
    return decode(path.read_bytes())


def _on_first_use(module: str, name: str) -> Callable[[Path], str]:
    """A reader whose module (and its PDF, Word or HTML library) is imported when a file needs it:
    a search process over text files does not load them."""

    def read(path: Path) -> str:
        return getattr(importlib.import_module(module, __name__), name)(path)

    read.__name__ = name
    return read


# Suffix → function giving the document's text as lines would be printed.
READERS: dict[str, Callable[[Path], str]] = {
    ".txt": read_text_file,
    ".pdf": _on_first_use(".pdf", "read_pdf"),
    ".docx": _on_first_use(".word", "read_docx"),
    ".md": _on_first_use(".markup", "read_markdown"),
    ".markdown": _on_first_use(".markup", "read_markdown"),
    ".html": _on_first_use(".markup", "read_html"),
    ".htm": _on_first_use(".markup", "read_html"),
}
