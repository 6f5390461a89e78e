"""Text extracted from PDF, Word, Markdown and HTML files, kept by content so a corpus opens fast.

Reading a PDF takes about a tenth of a second a page, on every open of the corpus. The text a
reader gives is stored under the cache folder, keyed by the file's bytes and by the code and
library versions that made it, and read back while neither changed.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from ...fingerprint import fingerprint

# What the extracted text depends on: the readers, the helpers they share, and the libraries they call.
_MODULES = (
    "assistant.ingest.readers",
    "assistant.ingest.layout",
    "assistant.ingest.multilingual",
    "assistant.ingest.decode",
    "assistant.scripts",
)
_LIBRARIES = ("pypdfium2", "python-docx", "lxml", "markdown-it-py", "mdit-py-plugins")


@functools.cache
def readers_fingerprint() -> str:
    return fingerprint(_MODULES, _LIBRARIES)


def cached_text(path: Path, reader: Callable[[Path], str], cache_dir: Path) -> str:
    """reader(path), from the cache when this file was read by the same readers before."""
    key = hashlib.sha256(path.read_bytes() + path.suffix.lower().encode() + readers_fingerprint().encode())
    stored = cache_dir / "texts" / f"{key.hexdigest()}.txt"
    try:
        return stored.read_text(encoding="utf-8")
    except OSError:
        pass
    text = reader(path)
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f".{stored.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, stored)
    except OSError:  # a read-only cache only costs the time
        pass
    return text
