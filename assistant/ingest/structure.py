"""Body lines to citable units: numbered paragraphs, unnumbered blocks, headings as section trails.

Rules (see the corpus issue): numbered paragraphs run 1..N through a document while numbered
sub-headings restart per section, so a number is a paragraph only when it is the next one due;
headings never become units; a paragraph interrupted by a page break or a footnote block
continues until its sentence ends; footnote bodies go to the unit that carries their mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..scripts import UNSPACED
from .layout import SUPERSCRIPTS, TO_SUPERSCRIPT, Footnote, Layout, Line, ends_sentence, join_wrapped

_CN_HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*[.．、]\s*(\S.*)$")
_ROMAN_HEADING = re.compile(r"^([IVX]{1,5})\s*[.．]\s+(\S.*)$")  # "II. Organization of the session"
_LETTER_HEADING = re.compile(r"^([A-Z])\s*[.．]\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,4})\s*[.．]\s*(\S.*)$")
_ITEM = re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s*(\S.*)$")
_BULLET = re.compile(r"^[-•·▪●]\s+(\S.*)$")
_TABLE_ROW = re.compile(r"^\|.*\|$")  # "| cell | cell |", as readers write table rows
SUMMARY_HEADINGS = ("摘要", "概要", "Summary", "Abstract")
_LIST_OPENERS = ("：", ":", "；", ";", "；和", "；以及", "; and", "; or")


@dataclass
class Unit:
    """A unit being assembled; `text` grows line by line."""

    label: str
    section: tuple[str, ...]
    text: str = ""
    footnotes: list[str] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)
    numbered: bool = False


@dataclass
class Parsed:
    header: list[str]
    units: list[Unit]
    symbol: str | None


def heading_like(text: str) -> bool:
    """Short, with no full stop, not ending like a clause: a heading rather than body text."""
    return len(text) <= 60 and "。" not in text and not text.endswith(("；", ";", "，", ",", "：", ":", "、"))


def _header_end(body: list[Line]) -> int:
    """Index of the first structural line; the lines before it are the header block."""
    for i, line in enumerate(body):
        text = line.text
        m = _NUMBERED.match(text)
        roman = _ROMAN_HEADING.match(text)
        if _CN_HEADING.match(text) or (roman and heading_like(roman.group(2))) or text in SUMMARY_HEADINGS:
            return i
        if m and m.group(1) == "1":
            return i
    return min(1, len(body))  # no structure at all: the first line is the title


class _Builder:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.units: list[Unit] = []
        self.trail: list[tuple[int, str]] = []
        self.open: Unit | None = None
        self.expected = 1
        self.prev: Line | None = None
        self.item_open = False
        self.unit_of_line: list[Unit | None] = []
        self.label_counts: dict[str, int] = {}
        self.units_before: list[int] = []  # per body line: how many units existed when it was read

    # -- sections -------------------------------------------------------------
    def section(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.trail)

    def heading(self, level: int, text: str) -> None:
        self.trail = [(lvl, t) for lvl, t in self.trail if lvl < level] + [(level, text)]
        self.open = None

    def letter_due(self, numeral: str) -> bool:
        """Whether "I." (or "V.", "X.") is the next lettered sub-heading after "H." rather than a part number."""
        letters = [t for lvl, t in self.trail if lvl == 2]
        return len(numeral) == 1 and bool(letters) and letters[-1][:1] == chr(ord(numeral) - 1)

    def unnumbered_heading_level(self) -> int:
        marked = [lvl for lvl, _ in self.trail if lvl <= 2]
        return (max(marked) if marked else 0) + 1

    # -- units ------------------------------------------------------------------
    def start(self, label: str, text: str, numbered: bool) -> None:
        self.open = Unit(label, self.section(), text, numbered=numbered)
        self.units.append(self.open)
        self.item_open = False

    def unnumbered_label(self) -> str:
        base = self.trail[-1][1] if self.trail else "正文"
        base = base if len(base) <= 24 else base[:24] + "…"
        n = self.label_counts.get(base, 0) + 1
        self.label_counts[base] = n
        return base if n == 1 else f"{base}（{n}）"

    def continues(self, line: Line) -> bool:
        """Whether a plain line carries on the open unit (wrapped line, page break, footnote block)."""
        if self.open is None or not self.open.text or _TABLE_ROW.match(self.open.text.rsplit("\n", 1)[-1]):
            return False
        if not ends_sentence(self.open.text):
            return True
        prev = self.prev
        return bool(
            self.layout.wrapped
            and prev is not None
            and prev.width >= 0.85 * self.layout.line_width
            and (line.indent == 0 or not heading_like(line.text))
        )

    def numbered_is_paragraph(self, i: int, number: int, rest: str) -> bool:
        if number != self.expected:
            return False
        if not heading_like(rest):
            return True
        # A short line numbered as the next paragraph may still be a sub-heading: then the
        # real paragraph with that number follows before the next one.
        for line in self.layout.body[i + 1 :]:
            m = _NUMBERED.match(line.text)
            if m and int(m.group(1)) in (number, number + 1):
                return int(m.group(1)) == number + 1
        return True

    def add(self, i: int, line: Line) -> None:
        self.units_before.append(len(self.units))
        text = line.text
        if _TABLE_ROW.match(text):  # a table goes with the paragraph before it, else is a unit of its own
            if self.open is not None:
                self.open.text += "\n" + text
            else:
                self.start(self.unnumbered_label(), text, numbered=False)
        elif _CN_HEADING.match(text) or (
            (m := _ROMAN_HEADING.match(text)) and heading_like(m.group(2)) and not self.letter_due(m.group(1))
        ):
            self.heading(1, text)
        elif (m := _LETTER_HEADING.match(text)) and heading_like(m.group(2)):
            self.heading(2, text)
        elif (m := _NUMBERED.match(text)) and self.numbered_is_paragraph(i, int(m.group(1)), m.group(2)):
            self.start(m.group(1), m.group(2), numbered=True)
            self.expected += 1
        elif m and heading_like(m.group(2)) and not self.continues(line):
            self.heading(3, text)
        elif (m := _ITEM.match(text)) and self.open and self.open.text.endswith(_LIST_OPENERS):
            self.open.text += "\n" + text
        elif m and heading_like(m.group(1)):
            self.heading(4, text)
        elif _BULLET.match(text) and self.open:
            self.open.text += "\n" + text
        elif self.continues(line):
            assert self.open is not None
            self.open.text = join_wrapped(self.open.text, text)
        elif self.open and self.open.numbered and not heading_like(text):
            # Body text after a numbered paragraph, not after a heading, is a further block of it.
            self.open.text += "\n" + text
        elif text in SUMMARY_HEADINGS or heading_like(text):
            self.heading(self.unnumbered_heading_level() if text not in SUMMARY_HEADINGS else 1, text)
        else:
            self.start(self.unnumbered_label(), text, numbered=False)
        self.prev = line
        self.unit_of_line.append(self.open)


def _cells(text: str) -> list[str]:
    """A table row of the header block (a UN first page is often a table) as its cells."""
    if not _TABLE_ROW.match(text):
        return [text]
    return [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]


def _marker_pattern(note: Footnote) -> re.Pattern[str]:
    if note.superscript:
        sup = note.mark.translate(TO_SUPERSCRIPT)
        return re.compile(rf"(?<![{SUPERSCRIPTS}]){re.escape(sup)}(?![{SUPERSCRIPTS}])")
    if note.mark.startswith("*"):
        return re.compile(rf"(?<!\*){re.escape(note.mark)}(?!\*)")
    # A plain number glued between Chinese characters or punctuation, as PDF extraction leaves it.
    # It may also end the paragraph, or sit right before a year ("。72016 年").
    return re.compile(
        rf"(?<=[{UNSPACED}）》”]){note.mark}(?:(?=[{UNSPACED}（《“]|$)|(?<=[。；，]{note.mark})(?=(?:19|20)\d\d\s*年))"
    )


def _attach(candidates: list[Unit], note: Footnote) -> bool:
    pattern = _marker_pattern(note)
    for unit in reversed(candidates):
        matches = list(pattern.finditer(unit.text))
        if matches:
            m = matches[-1]
            unit.text = unit.text[: m.start()] + unit.text[m.end() :]
            unit.marks.append((note.mark, m.start()))
            unit.footnotes.append(note.text)
            return True
    return False


def parse_body(layout: Layout) -> Parsed:
    """Assemble units from body lines and attach each footnote to the unit carrying its mark."""
    body = layout.body
    end = _header_end(body)
    builder = _Builder(layout)
    builder.unit_of_line = [None] * end
    builder.units_before = [0] * end
    for i in range(end, len(body)):
        builder.add(i, body[i])
    header = [cell for line in body[:end] for cell in _cells(line.text)]
    created = {id(u): k for k, u in enumerate(builder.units)}
    order: list[tuple[float, Unit]] = []
    start, last = 0, 0
    for note in layout.footnotes:
        if note.position > last:  # a new footnote block: its marks stand after the previous block
            start, last = last, note.position
        # The mark stands on the same page as the note: look at units since the previous block,
        # then (for unambiguous superscript marks) anywhere before.
        window = list({id(u): u for u in builder.unit_of_line[start : note.position] if u}.values())
        earlier = list({id(u): u for u in builder.unit_of_line[: note.position] if u}.values())
        if not (_attach(window, note) or (note.superscript and _attach(earlier, note))):
            # A note on the title or a heading has no paragraph to go to: it is a unit of its own, placed
            # where its mark stands (before the first paragraph, or before the heading's first one), so
            # that it does not depend on where a page happened to end.
            pattern = _marker_pattern(note)
            marked = [
                i for i in range(note.position) if builder.unit_of_line[i] is None and pattern.search(body[i].text)
            ]
            if marked:
                after = builder.units_before[marked[-1]] - 1
            else:
                after = max((created[id(u)] for u in window), default=-1)
            order.append((after + 0.5, Unit(f"脚注{note.mark}", (), note.text)))
            header = [pattern.sub("", h) for h in header]
    order.extend((float(k), u) for k, u in enumerate(builder.units))
    units = [u for _, u in sorted(order, key=lambda pair: pair[0])]
    symbol = layout.page_symbols[0] if layout.page_symbols else None
    return Parsed(header, units, symbol)
