"""PDF → text as printed, one paragraph per line, using the geometry of every character.

pdfplumber (over pdfminer.six) gives each glyph with its position and size, which plain text
extraction throws away and which this reader needs: raised small digits are footnote marks
(written back as superscripts), the lines under the footnote rule or in a smaller size are
footnote bodies, lines repeated in the page margins are running heads and page numbers, and a
line continues the one above when its first word could not have fitted there, and text with wide
gaps is a table row. `benchmarks/compare_pdf.py` measures this against plain pypdf and pdfplumber text.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from ...errors import UnreadableFile
from ..layout import FROM_SUPERSCRIPT, SUPERSCRIPTS, SYMBOL, TO_SUPERSCRIPT, join_wrapped

log = logging.getLogger(__name__)

_MARGIN = 0.1  # share of the page height at the top and bottom where running heads and page numbers sit
_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})\s*(\S.*)$")
_SUPER_START = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_FIRST_TOKEN = re.compile(r"^[\x21-\x7e]+|^.")
_PAGE_NUMBER = re.compile(r"[\d\s/\-–—.|()]*\d[\d\s/\-–—.|()]*|第\s*\d+\s*页.*|page\s+\d+.*", re.I)


@dataclass
class PdfLine:
    """One printed line: its text (superscript marks written as such) and where it stands."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def _line_text(chars: list[dict], size: float, bottom: float) -> str:
    """Characters left to right. A gap is a space when wider than a fifth of the size between Latin
    glyphs (not every PDF draws spaces), a third next to Chinese (typesetters add room between Chinese
    and Latin); wider than three sizes it separates table cells ("| a | b |"). Raised small digits
    are footnote marks."""
    cells: list[list[str]] = [[]]
    prev_x1: float | None = None
    latin = False  # the previous glyph was Latin: a narrower gap is a word space
    for ch in sorted(chars, key=lambda c: c["x0"]):
        text = ch["text"]
        gap = ch["x0"] - prev_x1 if prev_x1 is not None else 0.0
        if gap > 3 * size and "".join(cells[-1]).strip() and not text.isspace():
            cells.append([])
        elif gap > size / (5 if latin and text.isascii() else 3) and cells[-1] and not cells[-1][-1].endswith(" "):
            cells[-1].append(" ")
        raised = ch["size"] <= 0.8 * size and ch["bottom"] < bottom - 0.2 * size
        cells[-1].append(text.translate(TO_SUPERSCRIPT) if raised and text.isdigit() else text)
        if not text.isspace():
            prev_x1, latin = ch["x1"], text.isascii()
    if len(cells) == 1:
        return "".join(cells[0])
    return "| " + " | ".join("".join(cell).strip() for cell in cells) + " |"


def _page_lines(page: pdfplumber.page.Page, number: int) -> list[PdfLine]:
    chars = [c for c in page.dedupe_chars().chars if c.get("upright", True)]
    lines = []
    for group in cluster_objects(chars, "top", tolerance=3):
        size = Counter(round(c["size"], 1) for c in group if not c["text"].isspace()).most_common(1)
        if not size:
            continue
        main = [c for c in group if round(c["size"], 1) == size[0][0]]
        bottom = statistics.median(c["bottom"] for c in main)
        text = _line_text(group, size[0][0], bottom)  # a space at either end is where the line was wrapped
        if text.strip():
            ink = [c for c in group if not c["text"].isspace()]
            x0, x1 = min(c["x0"] for c in ink), max(c["x1"] for c in ink)
            top = min(c["top"] for c in main)
            lines.append(PdfLine(text, x0, x1, top, bottom, size[0][0], number))
    return sorted(lines, key=lambda line: line.top)


def _furniture_keys(pages: list[list[PdfLine]], height: float) -> set[tuple[str, str]]:
    """Texts (digits masked) that stand in the top or bottom margin on at least half the pages."""
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        seen = {_margin_key(line, height) for line in lines} - {None}
        counts.update(seen)
    need = max(2, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= need}


def _margin_key(line: PdfLine, height: float) -> tuple[str, str] | None:
    if line.bottom < height * _MARGIN:
        zone = "top"
    elif line.top > height * (1 - _MARGIN):
        zone = "bottom"
    else:
        return None
    return zone, re.sub(r"\d+", "#", line.text)


def _rule_top(page: pdfplumber.page.Page) -> float | None:
    """Top of the short horizontal rule that opens a footnote block, if the page has one."""
    width = page.width
    candidates = [
        obj["top"]
        for obj in (*page.lines, *page.rects)
        if obj["bottom"] - obj["top"] < 2
        and 0.1 * width < obj["x1"] - obj["x0"] < 0.6 * width
        and obj["top"] > page.height / 3
    ]
    return max(candidates) if candidates else None


def _page_number(line: PdfLine, height: float) -> bool:
    """A page number in the top or bottom margin ("3", "3/17", "- 3 -", "第 3 页", "Page 3 of 17")."""
    text = line.text.strip()
    return _margin_key(line, height) is not None and bool(_PAGE_NUMBER.fullmatch(text))


def _split_notes(lines: list[PdfLine], rule: float | None, body_size: float) -> tuple[list[PdfLine], list[PdfLine]]:
    """Body lines and footnote lines of one page: below the rule, or trailing lines in a smaller size.

    A rule with text in body size under it is a table's or a drawing's, not the footnote rule."""
    if rule is not None:
        below = [ln for ln in lines if ln.top >= rule]
        if below and sum(ln.size < 0.95 * body_size for ln in below) * 2 >= len(below):
            return [ln for ln in lines if ln.top < rule], below
    k = len(lines)
    while k > 0 and lines[k - 1].size < 0.9 * body_size:
        k -= 1
    return lines[:k], lines[k:]


def _continues(prev: PdfLine, line: PdfLine, right: float, pitch: float) -> bool:
    """A wrapped line: the first word of `line` would not have fitted after `prev`, and no paragraph gap."""
    if line.page != prev.page or line.top - prev.top > pitch * 1.2 + 1:
        return False
    if prev.text.startswith("| ") or line.text.startswith("| "):  # table rows stand alone
        return False
    first = _FIRST_TOKEN.match(line.text.lstrip())
    token = first.group(0) if first else ""
    width = line.size * sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in token)
    return prev.x1 + width > right - 0.5 * prev.size


def _measure(body: list[PdfLine], page_width: float, body_size: float) -> tuple[float, float]:
    """Right edge of the text column and the line step (not the paragraph step) of the body text.

    The edge is where many justified lines end; in a short text without such lines, the left margin
    mirrored. The step is the smallest common distance between lines, at most 1.6 times the type size
    (a text with only one line per paragraph has no line step of its own)."""
    prose = [line for line in body if not line.text.startswith("| ")] or body
    ends = sorted(line.x1 for line in prose if len(line.text.strip()) > 10) or [max(line.x1 for line in prose)]
    right = ends[int(len(ends) * 0.9)]
    if sum(1 for x in ends if x >= right - 0.02 * page_width) < 5:
        right = page_width - min(line.x0 for line in prose)
    steps = [b.top - a.top for a, b in itertools.pairwise(body) if a.page == b.page and b.top > a.top]
    if not steps:
        return right, 0.0
    typical = statistics.median(steps)
    return right, min(min(s for s in steps if s >= 0.8 * typical), 1.6 * body_size)


def _paragraphs(body: list[PdfLine], right: float, pitch: float) -> list[str]:
    """Rejoin wrapped lines inside a page; a paragraph split by a page break is left to the structure pass."""
    out: list[str] = []
    for k, line in enumerate(body):
        prev = body[k - 1] if k else None
        if prev is not None and _continues(prev, line, right, pitch):
            spaced = prev.text.endswith(" ") or line.text.startswith(" ")
            out[-1] = out[-1].rstrip() + " " + line.text.strip() if spaced else join_wrapped(out[-1], line.text.strip())
        else:
            out.append(line.text.strip())
    return out


class _Notes:
    """Footnote bodies, one per output line, each opened by its mark; a line without a mark continues
    the last note, also across a page break. Numbers must run on, so a wrapped line that happens to
    start with a number ("2020 年…") is not taken for a new note."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.last: int | None = None
        self.expected: int | None = None

    def add(self, line: PdfLine) -> None:
        text = line.text.strip()
        m = _SUPER_START.match(text) or _NOTE_START.match(text)
        if m:
            mark = m.group(1).translate(FROM_SUPERSCRIPT)
            if mark.startswith("*") or self.expected in (None, int(mark)):
                if not mark.startswith("*"):
                    self.expected = int(mark) + 1
                self.out.append(f"{mark.translate(TO_SUPERSCRIPT)} {m.group(2)}" + " " * line.text.endswith(" "))
                self.last = len(self.out) - 1
                return
        if self.last is None:
            self.out.append(text)
        elif line.text.startswith(" ") or self.out[self.last].endswith(" "):
            self.out[self.last] = self.out[self.last].rstrip() + " " + text
        else:
            self.out[self.last] = join_wrapped(self.out[self.last], text)


@dataclass
class _Pages:
    """Body and footnote lines of each page (running heads and page numbers removed), and the measures."""

    lines: list[tuple[list[PdfLine], list[PdfLine]]]
    width: float
    body_size: float


def _open_pages(path: Path) -> _Pages:
    try:
        with pdfplumber.open(path) as pdf:
            pages = [(page, _page_lines(page, n)) for n, page in enumerate(pdf.pages, 1)]
            if not any(lines for _, lines in pages):
                if any(page.images for page, _ in pages):
                    raise UnreadableFile(
                        f"scanned PDF: {len(pages)} page(s) of images and no text layer; run OCR on it first",
                        code="scanned_pdf",
                        pages=len(pages),
                    )
                raise UnreadableFile("the PDF has no text", code="pdf_no_text")
            blank = [n for n, (_, lines) in enumerate(pages, 1) if not lines]
            if blank:
                log.warning("%s: pages without a text layer (scanned?), not indexed: %s", path.name, blank)
            furniture = _furniture_keys([lines for _, lines in pages], pages[0][0].height)
            sizes = Counter(line.size for _, lines in pages for line in lines for _ in line.text)
            body_size = sizes.most_common(1)[0][0]
            out = []
            for page, lines in pages:
                # A running head that is the document symbol stays: layout takes the symbol from it.
                kept = [
                    ln
                    for ln in lines
                    if (_margin_key(ln, page.height) not in furniture and not _page_number(ln, page.height))
                    or SYMBOL.match(ln.text.strip())
                ]
                out.append(_split_notes(kept, _rule_top(page), body_size))
            return _Pages(out, pages[0][0].width, body_size)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableFile("the PDF is encrypted and needs a password", code="encrypted_pdf") from None
        raise UnreadableFile(f"not a readable PDF ({cause or exc})", code="not_pdf") from None


def read_pdf(path: Path) -> str:
    """The document's text: paragraphs one per line, each page's footnotes after a rule line, as layout expects."""
    pages = _open_pages(path)
    lines = [line for body, _ in pages.lines for line in body] or [line for _, n in pages.lines for line in n]
    right, pitch = _measure(lines, pages.width, pages.body_size)
    out: list[str] = []
    notes = _Notes(out)
    for number, (body, foot) in enumerate(pages.lines, 1):
        out.extend(_paragraphs(body, right, pitch))
        if foot:
            out.append("__________")
            for line in foot:
                notes.add(line)
        out.append(f"{number}/{len(pages.lines)}")  # the page number closes the page's footnote block for layout
    return "\n".join(out)
