"""PDF → text as printed, one paragraph per line, using the geometry and type of every character.

pypdfium2 (PDFium, the PDF engine of Chrome) gives each glyph with its box, its size and its font,
which plain text extraction throws away and which this reader needs: raised small digits are
footnote marks (written back as superscripts), the lines under the footnote rule or in a smaller
size are footnote bodies, lines repeated in the page margins (also running heads that alternate
between odd and even pages) are furniture, a line continues the one above when its first word
could not have fitted there, a line in bold or italic type is a heading (marked for the structure
pass, and its wrapped lines kept together), text with wide gaps is a table row, and a page set in
two columns is read column by column. `benchmarks/compare_pdf.py` measures this against plain
pypdf and pdfplumber text.

PDFium reads a page about ten times faster than pdfminer (which pdfplumber uses); pdfminer's
`dedupe_chars()` alone took 60% of the time and removed nothing on UN documents.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...errors import UnreadableFile
from .. import limits
from ..layout import (
    FROM_SUPERSCRIPT,
    HEADING_MARK,
    NOTICE_MARK,
    SUPERSCRIPTS,
    SYMBOL,
    TO_SUPERSCRIPT,
    furniture,
    is_cjk,
    join_wrapped,
    without_furniture_cells,
)

log = logging.getLogger(__name__)

_MARGIN = 0.1  # share of the page height at the top and bottom where running heads and page numbers sit
_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})\s*(\S.*)$")
_SUPER_START = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_LETTER_START = re.compile(r"^([a-z])\s+(\S.*)$")
_FIRST_TOKEN = re.compile(r"^[\x21-\x7e]+|^.")
_PAGE_NUMBER = re.compile(r"[\d\s/\-–—.|()]*\d[\d\s/\-–—.|()]*|第\s*\d+\s*页.*|page\s+\d+.*", re.I)
_NUMBERED_START = re.compile(r"^\(?(?:[IVXLC]{1,6}|[A-Za-z]|\d{1,4})[.)]\s")
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique", re.I)
_SYMBOL_CELL = re.compile(r"[A-Z][A-Z0-9]{0,7}(?:/[A-Za-z0-9.\-()]+){1,7}")


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    spaced: bool = False  # PDFium saw a word space before it (it adds one where the gap says so)


@dataclass
class PdfLine:
    """One printed line: its text (superscript marks written as such), where it stands, and its type."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    styled: bool = False  # (almost) all of it in bold or italic type
    right: float | None = None  # right edge of its column, on a page set in two columns
    rtl: bool = False  # set right to left (Arabic): it is full when it reaches the left margin


@dataclass(slots=True)
class _Style:
    size: float
    bold: bool
    italic: bool
    invisible: bool
    upright: bool


# -- glyphs --------------------------------------------------------------------------------------


def _style(raw, obj) -> _Style:
    """Size (font size times the text matrix), weight and slant of a text object's font."""
    size = ctypes.c_float(0)
    raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    upright = abs(matrix.b) <= 0.02 * abs(matrix.a) and abs(matrix.c) <= 0.02 * abs(matrix.d) and matrix.d > 0
    scale = abs(matrix.d) if upright else math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    font = raw.FPDFTextObj_GetFont(obj)
    name = ""
    weight = 0
    flags = 0
    if font:
        buffer = ctypes.create_string_buffer(256)
        raw.FPDFFont_GetBaseFontName(font, buffer, 256)
        name = buffer.value.decode("latin-1", "replace")
        weight = raw.FPDFFont_GetWeight(font)
        flags = raw.FPDFFont_GetFlags(font)
    bold = weight >= 600 or bool(_BOLD_NAME.search(name)) or bool(flags & (1 << 18))
    italic = bool(flags & 64) or bool(_ITALIC_NAME.search(name))
    invisible = raw.FPDFTextObj_GetTextRenderMode(obj) == 3
    return _Style(round(size.value * scale, 1), bold, italic, invisible, upright)


def _page_glyphs(raw, page, height: float) -> tuple[list[Glyph], int]:
    """The page's glyphs (not the spaces and line ends PDFium adds itself), and how many are invisible
    (the text layer OCR puts under a scanned image)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        rect = raw.FS_RECTF()
        styles: dict[int, _Style] = {}
        glyphs: list[Glyph] = []
        invisible = 0
        spaced = False
        for k in range(count):
            obj = raw.FPDFText_GetTextObject(handle, k)
            if not obj:  # generated by PDFium: a space or a line end it inferred
                spaced = raw.FPDFText_GetUnicode(handle, k) == 0x20
                continue
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            style = styles.get(key)
            if style is None:
                style = styles[key] = _style(raw, obj)
            if not style.upright:
                continue
            code = raw.FPDFText_GetUnicode(handle, k)
            if code in (0xFFFE, 0xFFFF) or (code < 0x20 and code not in (0x02, 0x09)):
                continue
            text = "-" if code == 0x02 else chr(code)  # 0x02: a hyphen PDFium took for a soft one at a line end
            raw.FPDFText_GetLooseCharBox(handle, k, rect)
            if style.invisible:
                invisible += 1
            glyphs.append(
                Glyph(text, rect.left, rect.right, height - rect.top, height - rect.bottom, style.size, style.bold,
                      style.italic, spaced)
            )  # fmt: skip
            spaced = False
        return glyphs, invisible
    finally:
        textpage.close()


def _cluster(glyphs: list[Glyph], tolerance: float = 3.0) -> list[list[Glyph]]:
    """Glyphs in lines: tops within `tolerance` of the previous one (chained) stand on one line."""
    groups: list[list[Glyph]] = []
    last = None
    for glyph in sorted(glyphs, key=lambda g: g.top):
        if last is None or glyph.top - last > tolerance:
            groups.append([])
        groups[-1].append(glyph)
        last = glyph.top
    return groups


# -- lines ---------------------------------------------------------------------------------------


def _raised_digits(chars: list[Glyph], size: float, bottom: float) -> set[int]:
    """Indexes of glyphs that are footnote marks: a run of small raised digits set against the word before
    it (or opening a note at the start of the line). A raised symbol in smaller type beside a larger
    letter ("/2015/246" after a masthead "S") or a date in smaller type beside a big heading ("17 October
    2025" next to "Security Council") is text."""
    marks: set[int] = set()
    raised = [ch.size <= 0.8 * size and ch.bottom < bottom - 0.2 * size and bool(ch.text.strip()) for ch in chars]
    k = 0
    while k < len(chars):
        if not raised[k]:
            k += 1
            continue
        end = k
        while end < len(chars) and raised[end]:
            end += 1
        run = range(k, end)
        before = next((i for i in range(k - 1, -1, -1) if chars[i].text.strip()), None)
        attached = before is None or (not raised[before] and chars[k].x0 - chars[before].x1 < 0.35 * size)
        if attached and len(run) <= 3 and all(chars[i].text.isdigit() for i in run):
            marks.update(run)
        k = end
    return marks


def _word_gap(prev: Glyph, ch: Glyph, gap: float, size: float) -> bool:
    """Whether the gap before `ch` is a word space: wider than a fifth of the size between letters of
    scripts that use spaces (or where PDFium inferred one), 0.22 of it between Chinese and Latin (typesetters
    add about a fifth of the size there, which is not a space), never between two Chinese characters."""
    cjk_before, cjk_after = is_cjk(prev.text), is_cjk(ch.text)
    if cjk_before and cjk_after:
        return False
    if cjk_before or cjk_after:
        return gap > 0.22 * size
    return gap > size / 5 or (ch.spaced and gap > 0)


def _line_text(chars: list[Glyph], size: float, bottom: float) -> str:
    """Characters left to right, with word spaces where the gaps are (not every PDF draws spaces); a gap
    wider than three sizes separates table cells ("| a | b |"). Raised small digits are footnote marks."""
    chars = sorted(chars, key=lambda c: c.x0)
    marks = _raised_digits(chars, size, bottom)
    cells: list[list[str]] = [[]]
    prev: Glyph | None = None
    for k, ch in enumerate(chars):
        text = ch.text
        if text.isspace() and ch.x1 - ch.x0 < 0.1 * size:
            continue  # a space glyph that takes no room (typewritten documents have them inside words)
        gap = ch.x0 - prev.x1 if prev is not None else 0.0
        if prev is not None and gap > 3 * size and "".join(cells[-1]).strip() and not text.isspace():
            cells.append([])
        elif prev is not None and cells[-1] and not cells[-1][-1].endswith(" ") and _word_gap(prev, ch, gap, size):
            cells[-1].append(" ")
        cells[-1].append(text.translate(TO_SUPERSCRIPT) if k in marks else text)
        if not text.isspace():
            prev = ch
    texts = ["".join(cell) for cell in cells]
    if _right_to_left("".join(texts)):  # Arabic (or Hebrew): the glyphs stand right to left
        texts = [_logical(text) for text in reversed(texts)]
    if len(texts) == 1:
        return texts[0]
    return "| " + " | ".join(text.strip() for text in texts) + " |"


_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = "A-Za-z0-9\u00c0-\u024f⁰-⁹"
_LTR_RUN = re.compile(f"[{_LTR}](?:[{_LTR}/.,:%\\-–]*[{_LTR}])?")
_MIRROR = str.maketrans("()[]{}«»<>", ")(][}{»«><")


def _right_to_left(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if _RTL_LETTER.match(ch)) * 2 > len(letters)


def _logical(visual: str) -> str:
    """A right-to-left line in reading order: the glyphs read from the right, brackets mirrored, and runs of
    digits and Latin letters ("A/80/123", "2025") kept left to right."""
    reversed_text = visual[::-1].translate(_MIRROR)
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], reversed_text)


def _make_line(group: list[Glyph], number: int) -> PdfLine | None:
    ink = [c for c in group if not c.text.isspace()]
    if not ink:
        return None
    size = Counter(c.size for c in ink).most_common(1)[0][0]
    main = [c for c in ink if c.size == size]
    bottom = statistics.median(c.bottom for c in main)
    text = _line_text(group, size, bottom)  # a space at either end is where the line was wrapped
    if not text.strip():
        return None
    letters = [c for c in ink if c.text.isalpha()] or ink
    styled = sum(c.bold or c.italic for c in letters) >= 0.8 * len(letters) and not text.startswith("| ")
    x0, x1 = min(c.x0 for c in ink), max(c.x1 for c in ink)
    line = PdfLine(text, x0, x1, min(c.top for c in main), bottom, size, number, styled)
    line.rtl = _right_to_left(text)
    return line


def _runs(ink: list[Glyph]) -> list[tuple[float, float]]:
    """Stretches of a line's ink without a gap wider than its type size."""
    runs: list[list[float]] = []
    for ch in sorted(ink, key=lambda c: c.x0):
        if runs and ch.x0 - runs[-1][1] <= ch.size:
            runs[-1][1] = max(runs[-1][1], ch.x1)
        else:
            runs.append([ch.x0, ch.x1])
    return [(a, b) for a, b in runs]


def _gutter(groups: list[list[Glyph]], width: float) -> tuple[float, float] | None:
    """The empty band between two columns of prose, if the page is set in two columns: in the middle of
    the page no line has ink there, and on both sides of it many lines hold a dozen characters or more."""
    step = 2.0
    cover = [0] * (int(width / step) + 2)
    lines = 0
    for group in groups:
        ink = [c for c in group if not c.text.isspace()]
        if len(ink) < 4:
            continue
        lines += 1
        for a, b in _runs(ink):
            for k in range(max(0, int(a / step)), min(len(cover), int(b / step) + 1)):
                cover[k] += 1
    if lines < 16:
        return None
    best: tuple[int, int] | None = None
    start = None
    for k in range(int(0.3 * width / step), int(0.7 * width / step) + 1):
        if cover[k] <= 0.03 * lines:
            start = k if start is None else start
            if best is None or k - start > best[1] - best[0]:
                best = (start, k)
        else:
            start = None
    if best is None or (best[1] - best[0] + 1) * step < 6:
        return None
    left_edge, right_edge = best[0] * step, (best[1] + 1) * step
    left = right = 0
    for group in groups:
        ink = [c for c in group if not c.text.isspace()]
        left += sum(1 for c in ink if c.x1 <= left_edge + 1) >= 12
        right += sum(1 for c in ink if c.x0 >= right_edge - 1) >= 12
    if left < 0.3 * lines or right < 0.3 * lines:
        return None
    return left_edge, right_edge


def _page_lines(glyphs: list[Glyph], number: int, width: float) -> tuple[list[PdfLine], bool]:
    """The page's lines in reading order, and whether it was read as two columns: lines across the
    gutter (a title, a table) stand where they are, between them the left column comes before the right."""
    groups = _cluster(glyphs)
    gutter = _gutter(groups, width)
    if gutter is None:
        lines = [line for group in groups if (line := _make_line(group, number))]
        return sorted(lines, key=lambda line: line.top), False
    left_edge, right_edge = gutter
    spanning: list[PdfLine] = []
    left: list[Glyph] = []
    right: list[Glyph] = []
    reach = 0.25 * min(left_edge, width - right_edge)  # a quarter of a column
    for group in groups:
        ink = [c for c in group if not c.text.isspace()]
        if ink and any(c.x0 < right_edge and c.x1 > left_edge for c in ink):
            if min(c.x0 for c in ink) < left_edge - reach and max(c.x1 for c in ink) > right_edge + reach:
                if line := _make_line(group, number):  # across both columns: a title, a table
                    spanning.append(line)
                continue
            middle = (left_edge + right_edge) / 2
            side = left if sum(c.x1 <= middle for c in ink) * 2 >= len(ink) else right
            side.extend(group)
            continue
        for c in group:
            (left if c.x1 <= left_edge + 1 else right).append(c)
    columns = [[line for group in _cluster(side) if (line := _make_line(group, number))] for side in (left, right)]
    for column in columns:
        ends = sorted(line.x1 for line in column)
        for line in column:
            line.right = ends[int(len(ends) * 0.9)] if ends else None
    ordered: list[PdfLine] = []
    cuts = [line.top for line in spanning] + [math.inf]
    previous = -math.inf
    for cut, line in itertools.zip_longest(cuts, spanning):
        for column in columns:
            ordered.extend(ln for ln in column if previous <= ln.top < cut)
        if line is not None:
            ordered.append(line)
        previous = cut
    return ordered, True


# -- page furniture and footnotes ----------------------------------------------------------------


def _margin_key(line: PdfLine, height: float) -> tuple[str, str] | None:
    if line.bottom < height * _MARGIN:
        zone = "top"
    elif line.top > height * (1 - _MARGIN):
        zone = "bottom"
    else:
        return None
    return zone, re.sub(r"\d+", "#", line.text)


def _furniture_keys(pages: list[list[PdfLine]], height: float) -> set[tuple[str, str]]:
    """Texts (digits masked) that stand in the top or bottom margin on at least half the pages, counted
    apart for odd and even pages: running heads often alternate between left and right pages."""
    keys: set[tuple[str, str]] = set()
    for parity in (0, 1):
        group = pages[parity::2]
        counts: Counter[tuple[str, str]] = Counter()
        for lines in group:
            counts.update({_margin_key(line, height) for line in lines} - {None})
        need = max(2, (len(group) + 1) // 2)
        keys |= {key for key, n in counts.items() if n >= need}
    return keys


def _rules(page, raw, height: float, width: float) -> list[float]:
    """Tops of the short horizontal rules in the lower two thirds of the page (a footnote rule)."""
    tops = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2 and 0.1 * width < right - left < 0.6 * width and height - top > height / 3:
            tops.append(height - top)
    return tops


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


def _symbol_of(line: PdfLine) -> str | None:
    """The document symbol in a running head ("| 06/10/2025 | Women and peace | S/PV.10011 |")."""
    for cell in line.text.strip("| ").split(" | "):
        cell = cell.strip()
        if SYMBOL.match(cell) and _SYMBOL_CELL.fullmatch(cell.split(" (")[0]):
            return cell
    return None


# -- paragraphs ----------------------------------------------------------------------------------


def _continues(prev: PdfLine, line: PdfLine, right: float, pitch: float, left: float = 0.0) -> bool:
    """A wrapped line: the first word of `line` would not have fitted after `prev`, and no paragraph gap.
    A heading's lines go together (same type, no gap); a heading and body text never do."""
    gap = line.page != prev.page or line.top - prev.top > pitch * 1.2 + 1
    if gap and not (prev.styled and line.styled and line.page == prev.page):
        return False
    if prev.text.startswith("| ") or line.text.startswith("| "):  # table rows stand alone
        return False
    if prev.styled or line.styled:
        # A heading wraps when its line is (nearly) full: short lines in the same type one under the other
        # are separate items ("Human Rights Council" / "Working Group on …").
        first = _FIRST_TOKEN.match(line.text.lstrip())
        word = line.size * sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in (first.group(0) if first else ""))
        return (
            prev.styled
            and line.styled
            and abs(prev.size - line.size) < 0.6
            and line.top - prev.top <= 1.15 * max(pitch, 1.3 * line.size)  # the next line, not the next heading
            and line.x0 >= prev.x0 - 1
            and prev.x1 - prev.x0 + word > 0.7 * ((prev.right or right) - prev.x0)
            and not _NUMBERED_START.match(line.text.lstrip())
        )
    first = _FIRST_TOKEN.match(line.text.lstrip())
    token = first.group(0) if first else ""
    width = line.size * sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in token)
    if prev.rtl:
        return prev.x0 - width < left + 0.5 * prev.size
    return prev.x1 + width > (prev.right or right) - 0.5 * prev.size


def _measure(body: list[PdfLine], page_width: float, body_size: float) -> tuple[float, float]:
    """Right edge of the text column and the line step (not the paragraph step) of the body text.

    The edge is where many justified lines end; in a short text without such lines, the left margin
    mirrored. The step is the smallest common distance between lines, at most 1.6 times the type size
    (a text with only one line per paragraph has no line step of its own)."""
    prose = [line for line in body if not line.text.startswith("| ") and "....." not in line.text] or body
    ends = sorted(line.x1 for line in prose if len(line.text.strip()) > 10) or [max(line.x1 for line in prose)]
    right = ends[int(len(ends) * 0.9)]
    if sum(1 for x in ends if x >= right - 0.02 * page_width) < 5:
        right = page_width - min(line.x0 for line in prose)
    steps = [b.top - a.top for a, b in itertools.pairwise(body) if a.page == b.page and b.top > a.top]
    if not steps:
        return right, 0.0
    typical = statistics.median(steps)
    return right, min(min(s for s in steps if s >= 0.8 * typical), 1.6 * body_size)


def _paragraphs(body: list[PdfLine], right: float, pitch: float, marks: bool, left: float = 0.0) -> list[str]:
    """Rejoin wrapped lines inside a page; a paragraph split by a page break is left to the structure pass.
    With `marks`, a heading (bold or italic type) is written with HEADING_MARK in front."""
    out: list[str] = []
    styled: list[bool] = []
    for k, line in enumerate(body):
        prev = body[k - 1] if k else None
        if prev is not None and _continues(prev, line, right, pitch, left):
            spaced = prev.text.endswith(" ") or line.text.startswith(" ")
            out[-1] = out[-1].rstrip() + " " + line.text.strip() if spaced else join_wrapped(out[-1], line.text.strip())
        else:
            out.append(line.text.strip())
            styled.append(line.styled)
    return [HEADING_MARK + text if marks and hint else text for text, hint in zip(out, styled, strict=True)]


class _Notes:
    """Footnote bodies, one per output line, each opened by its mark; a line without a mark continues
    the last note, also across a page break. Numbers must run on, so a wrapped line that happens to
    start with a number ("2020 年…") is not taken for a new note; notes lettered a, b, c (under a table)
    run on likewise."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.last: int | None = None
        self.expected: int | None = None
        self.letter: str | None = None
        self.numbered = False  # a numbered note opened the page's block: "a …" is then text

    def add(self, line: PdfLine) -> None:
        text = line.text.strip()
        m = _SUPER_START.match(text) or _NOTE_START.match(text)
        if m:
            mark = m.group(1).translate(FROM_SUPERSCRIPT)
            if mark.startswith("*") or self.expected in (None, int(mark)):
                if not mark.startswith("*"):
                    self.expected = int(mark) + 1
                self.numbered = True
                self.out.append(f"{mark.translate(TO_SUPERSCRIPT)} {m.group(2)}" + " " * line.text.endswith(" "))
                self.last = len(self.out) - 1
                return
        lettered = _LETTER_START.match(text)
        if lettered and not self.numbered and lettered.group(1) == (self.letter or "a"):
            self.letter = chr(ord(lettered.group(1)) + 1)
            self.out.append(text)
            self.last = len(self.out) - 1
            return
        if self.last is None:
            self.out.append(text)
        elif line.text.startswith(" ") or self.out[self.last].endswith(" "):
            self.out[self.last] = self.out[self.last].rstrip() + " " + text
        else:
            self.out[self.last] = join_wrapped(self.out[self.last], text)

    def page_break(self) -> None:
        self.letter = None
        self.numbered = False


@dataclass
class _Pages:
    """Body and footnote lines of each page (furniture removed), the measures, and remarks on the reading."""

    lines: list[tuple[list[PdfLine], list[PdfLine]]]
    width: float
    body_size: float
    symbols: list[str]
    notices: list[str]


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise UnreadableFile("the PDF is encrypted and needs a password", code="encrypted_pdf") from None
        raise UnreadableFile(f"not a readable PDF ({message})", code="not_pdf") from None


def _open_pages(path: Path) -> _Pages:
    import pypdfium2.raw as raw

    pdf = _open(path)
    try:
        limits.check("pages", len(pdf), limits.MAX_PDF_PAGES)
        pages = []
        images = 0
        invisible = total = 0
        columns = []
        for n in range(len(pdf)):
            page = pdf[n]
            width, height = page.get_size()
            glyphs, hidden = _page_glyphs(raw, page, height)
            invisible += hidden
            total += len(glyphs)
            lines, two = _page_lines(glyphs, n + 1, width)
            if two:
                columns.append(n + 1)
            if not lines:
                images += any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
            pages.append((page, width, height, lines))
        if not any(lines for *_, lines in pages):
            if images:
                raise UnreadableFile(
                    f"scanned PDF: {len(pages)} page(s) of images and no text layer; run OCR on it first",
                    code="scanned_pdf",
                    pages=len(pages),
                )
            raise UnreadableFile("the PDF has no text", code="pdf_no_text")
        notices = []
        if invisible > 0.5 * total:
            notices.append(
                "scanned pages with a text layer made by OCR: the text may differ from the printed page; "
                "check quotations against the original"
            )
        if columns:
            notices.append(f"two text columns read one after the other on page(s) {_ranges(columns)}")
        blank = [n for n, (*_, lines) in enumerate(pages, 1) if not lines]
        if blank:
            log.warning("%s: pages without a text layer (scanned?), not indexed: %s", path.name, blank)
            notices.append(f"page(s) {_ranges(blank)} without a text layer (scanned?) are not read")
        first_height = pages[0][2]
        keys = _furniture_keys([lines for *_, lines in pages], first_height)
        sizes = Counter(line.size for *_, lines in pages for line in lines for _ in line.text)
        body_size = sizes.most_common(1)[0][0]
        out = []
        symbols: list[str] = []
        for page, width, height, lines in pages:
            kept = []
            for ln in lines:
                ln.text = without_furniture_cells(ln.text.strip())  # "| *1516764* | Please recycle |"
                text = ln.text
                if not text:
                    continue
                margin = _margin_key(ln, height)
                if SYMBOL.match(text):  # a running head that is the symbol stays: layout takes the symbol from it
                    kept.append(ln)
                elif margin in keys or _page_number(ln, height) or furniture(text) or (margin and _symbol_of(ln)):
                    # A line of the page margin with the symbol in it is a running head, even in a short document.
                    if (symbol := _symbol_of(ln)) and _margin_key(ln, height) is not None:
                        symbols.append(symbol)
                else:
                    kept.append(ln)
            rules = _rules(page, raw, height, width)
            out.append(_split_notes(kept, max(rules) if rules else None, body_size))
        return _Pages(out, pages[0][1], body_size, symbols, notices)
    finally:
        pdf.close()


def _ranges(numbers: list[int]) -> str:
    parts = []
    for _, run in itertools.groupby(enumerate(numbers), lambda pair: pair[1] - pair[0]):
        values = [n for _, n in run]
        parts.append(str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}")
    return ", ".join(parts)


def read_pdf(path: Path) -> str:
    """The document's text: paragraphs one per line, each page's footnotes after a rule line, as layout expects."""
    pages = _open_pages(path)
    lines = [line for body, _ in pages.lines for line in body] or [line for _, n in pages.lines for line in n]
    right, pitch = _measure(lines, pages.width, pages.body_size)
    starts = sorted(line.x0 for line in lines if len(line.text.strip()) > 10) or [0.0]
    left = starts[int(len(starts) * 0.1)]  # the left margin, where right-to-left lines end
    styled = sum(len(line.text) for line in lines if line.styled)
    marks = styled < 0.4 * sum(len(line.text) for line in lines)  # a text all in bold has no bold headings
    out: list[str] = [NOTICE_MARK + notice for notice in pages.notices]
    if pages.symbols:
        out.append(Counter(pages.symbols).most_common(1)[0][0])
    notes = _Notes(out)
    for number, (body, foot) in enumerate(pages.lines, 1):
        out.extend(_paragraphs(body, right, pitch, marks, left))
        if foot:
            out.append("__________")
            notes.page_break()
            for line in foot:
                notes.add(line)
        out.append(f"{number}/{len(pages.lines)}")  # the page number closes the page's footnote block for layout
    return "\n".join(out)
