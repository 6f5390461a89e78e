"""Where the question's informative terms stand in a paragraph, so a view can mark them.

Only key terms that say what the question is about are marked (`keyterms`): never stop-words nor words
common across the corpus (工作, 执行, 决议…), never a digit inside a longer number (the "8" of "18 日"),
and for an English question both the Chinese terms its words matched and the English words themselves, so
paragraphs in either language are marked.
"""

from __future__ import annotations

from collections.abc import Iterable

from .keyterms import ASKED, KeyTerm, find_spans
from .normalize import normalize


def highlight_spans(text: str, terms: Iterable[KeyTerm]) -> list[tuple[int, int]]:
    """Character spans in `text` where a specific key term occurs (case- and width-insensitive), merged."""
    haystack = normalize(text)
    if len(haystack) != len(text):
        haystack = text.lower()
    marked = [term for term in terms if term.specific and term.kind not in ASKED]  # (not a lone 名 after each number)
    spans = sorted(span for term in marked for span in find_spans(haystack, term))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
