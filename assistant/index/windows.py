"""What is embedded for each paragraph: its whole text, then windows of consecutive sentences.

A detail buried in a long paragraph is diluted in one whole-paragraph vector; short windows of
consecutive sentences keep it findable, and the index maps every window back to its paragraph.
The content hash of a paragraph covers this module's code, so changing how windows are cut
re-embeds the paragraphs (and only then).
"""

from __future__ import annotations

import functools
import hashlib
import re

from ..fingerprint import fingerprint
from ..ingest.documents import Paragraph
from ..scripts import SENTENCE_ENDS

WINDOW_CHARS = 40
_SENTENCE_END = re.compile(rf"(?<=[{SENTENCE_ENDS}])|\n")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def sentence_windows(text: str, size: int = WINDOW_CHARS) -> list[str]:
    """Runs of consecutive sentences of at least `size` characters, one starting at each sentence."""
    parts = sentences(text)
    windows: list[str] = []
    for i in range(len(parts)):
        window = parts[i]
        j = i + 1
        while len(window) < size and j < len(parts):
            window += parts[j]
            j += 1
        if window != text.strip() and window not in windows:
            windows.append(window)
        if j >= len(parts) and len(window) >= size and i + 1 < len(parts) and window.endswith(parts[-1]):
            break  # every later window would be a suffix of this one
    return windows


@functools.cache
def windows_version() -> str:
    return fingerprint(modules=("assistant.index.windows",))


def content_hash(paragraph: Paragraph) -> bytes:
    """Identity of what is embedded for a paragraph: its text and footnotes, and how windows are cut."""
    return hashlib.sha256(f"{windows_version()}:{paragraph.search_text}".encode()).hexdigest()[:32].encode()


def texts_to_embed(paragraph: Paragraph) -> list[str]:
    """The paragraph text with footnotes, then its windows and its footnotes alone (no text twice)."""
    return list(dict.fromkeys([paragraph.search_text, *sentence_windows(paragraph.text), *paragraph.footnotes]))
