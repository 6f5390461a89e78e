"""Physical lines to body lines: page furniture out, footnote bodies set aside.

Text extracted from PDFs carries page headers (the symbol), job numbers ("V.17-05902 16/16"),
separators before footnotes, "http://undocs.org/…" link lines and footnotes in the middle of
paragraphs. This module removes all of those from the body and keeps footnote bodies, with
the position in the body where they appeared, so that the structure pass can attach them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")

_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_SEPARATOR = re.compile(r"^[_\-—=]{5,}$")
_UNDOCS = re.compile(r"^https?://(?:undocs\.org|documents\.un\.org|daccess-ods\.un\.org)\S*$", re.I)
_JOB_NUMBER = re.compile(r"^(?:[A-Z]{1,2}\.\d{2}-\d{4,6}|GE\.\d{2}-\d{4,6})(?:\s*\(\w\))?(?:\s+\d+/\d+)?$")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,4}/\d{1,4}|-\s*\d{1,4}\s*-|第\s*\d+\s*页(?:，共\s*\d+\s*页)?)$")
SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{0,7}(?:/[A-Za-z0-9.\-()]+){1,7}$")
_SUPER_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_STAR_FOOTNOTE = re.compile(r"^(\*{1,3})\s+(\S.*)$")
_NUMBER_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")


@dataclass
class Line:
    """A non-blank body line: stripped text, its indentation and display width as printed."""

    text: str
    indent: int
    width: int


@dataclass
class Footnote:
    """A footnote body, the mark that refers to it, and how many body lines preceded it."""

    mark: str
    text: str
    position: int
    superscript: bool


@dataclass
class Layout:
    body: list[Line]
    footnotes: list[Footnote]
    page_symbols: list[str]
    wrapped: bool
    line_width: int


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def unlink(text: str) -> str:
    """Markdown links keep their visible text only."""
    return _MD_LINK.sub(r"\1", text)


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence, so that what follows is not its continuation."""
    text = text.rstrip("”’」』\"'）)")
    if not text:
        return False
    if text[-1] in "。！？!?…":
        return True
    return text[-1] == "." and len(text) > 1 and (text[-2].islower() or text[-2] in ")]\"'")


def join_wrapped(left: str, right: str) -> str:
    """Rejoin a wrapped line: no space between Chinese characters, one between Latin words."""
    if not left:
        return right
    a, b = left[-1], right[:1]
    latin_gap = (a.isascii() and (a.isalnum() or a in ",;:!?)")) and b.isascii() and b.isalnum()
    if a == "/" or (a == "." and b.isdigit()):
        latin_gap = False
    return f"{left} {right}" if latin_gap else left + right


def _furniture(text: str) -> bool:
    return bool(_UNDOCS.match(text) or _JOB_NUMBER.match(text) or _PAGE_NUMBER.match(text))


def split_layout(raw_lines: list[str]) -> Layout:
    """Separate body lines from page furniture and footnotes."""
    body: list[Line] = []
    footnotes: list[Footnote] = []
    symbols: list[str] = []
    in_notes = False  # inside a footnote block opened by a separator line
    for raw in raw_lines:
        stripped = raw.strip()
        if not stripped:
            continue
        text = unlink(stripped)
        if _SEPARATOR.match(text):
            in_notes = True
            continue
        if _furniture(text):
            in_notes = False
            continue
        if SYMBOL.match(text) and "/" in text and not text.isdigit():
            symbols.append(text)
            in_notes = False
            continue
        note = _SUPER_FOOTNOTE.match(text) or _STAR_FOOTNOTE.match(text)
        if note is None and in_notes:
            note = _NUMBER_FOOTNOTE.match(text)
        if note:
            mark = note.group(1).translate(FROM_SUPERSCRIPT)
            footnotes.append(Footnote(mark, note.group(2).strip(), len(body), note.group(1)[0] in SUPERSCRIPTS))
            continue
        if in_notes and footnotes and not ends_sentence(footnotes[-1].text):
            footnotes[-1].text = join_wrapped(footnotes[-1].text, text)
            continue
        in_notes = False
        body.append(Line(text, len(raw) - len(raw.lstrip()), display_width(raw.rstrip())))
    widths = sorted(line.width for line in body)
    line_width = widths[int(len(widths) * 0.9)] if widths else 0
    full = sum(1 for line in body if line.width >= 0.85 * line_width)
    # Wrapped text (from a PDF) has many lines of about the same width; prose with one
    # paragraph per line has widths all over the place.
    wrapped = len(body) >= 20 and line_width < 200 and full >= 0.4 * len(body)
    return Layout(body, footnotes, symbols, wrapped, line_width)
