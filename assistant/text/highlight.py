"""Where the matched terms stand in a paragraph, so a view can mark them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..scripts import HAN_CHAR
from .normalize import normalize


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans in `text` where any of `terms` occurs (case- and width-insensitive), merged."""
    haystack = normalize(text)
    if len(haystack) != len(text):
        haystack = text.lower()
    spans: list[tuple[int, int]] = []
    for term in {t for t in terms if len(t) >= 2 or t.isdigit() or HAN_CHAR.match(t)}:
        if len(term) == 1 and HAN_CHAR.match(term):
            continue  # single characters light up everything and mean little
        for m in re.finditer(re.escape(term), haystack):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
