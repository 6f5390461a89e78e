"""Body lines to citable units, as the document prints them: numbered paragraphs, preambular paragraphs,
annex paragraphs with their own numbering, articles and their paragraphs, summary and letter text,
speakers' statements in verbatim records, footnotes; headings as section trails.

Rules (see the corpus issue and the real-documents issue):
- Numbered paragraphs run 1..N through a document while numbered sub-headings restart per section,
  so a number is a paragraph only when it is the next one due; an annex restarts the numbering (its
  paragraphs are cited with the annex), and so does every article of a convention.
- Headings never become units. A line is a heading by its numbering (一. / I. / A. / 1. out of turn /
  (a)), by its type where the reader saw it (bold or italic, a heading style: HEADING_MARK), or by its
  shape (short, not a sentence: a full stop after a word ends a sentence in any script).
- A resolution's preamble (after "The General Assembly," or a "Preamble" heading) is made of preambular
  paragraphs, one per clause, up to the first operative paragraph.
- A table of contents is left out; it ends where one of its headings comes again.
- A paragraph interrupted by a page break or a footnote block continues until its sentence ends;
  footnote bodies go to the unit that carries their mark.
Parsing is linear in the number of lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from ..scripts import UNSPACED
from .layout import (
    SUPERSCRIPTS,
    TO_SUPERSCRIPT,
    Footnote,
    Growing,
    Layout,
    Line,
    ends_sentence,
)
from .limits import MAX_UNIT_CHARS
from .multilingual import (
    ANNEX,
    ARTICLE,
    BOILERPLATE,
    CHAPTER,
    ENCLOSED,
    LANGUAGE_NOTE,
    LETTER_START,
    OPENER,
    PREAMBLE_HEADINGS,
    PREAMBLE_OPENERS_CJK,
    PREAMBLE_SPLIT,
    PROCEDURAL_START,
    SUMMARY_HEADINGS,
    TOC_HEADINGS,
    article_number,
    speaker,
)

_CN_HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*[.．、]\s*(\S.*)$")
_ROMAN_HEADING = re.compile(r"^([IVX]{1,5})\s*[.．]\s+(\S.*)$")  # "II. Organization of the session"
_LETTER_HEADING = re.compile(r"^([A-Z])\s*[.．]\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,6})\s*[.．]\s*(\S.*)$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_DASH_NUMBERED = re.compile(r"^(\d{1,6})\s*[-–]\s+(\S.*)$")
_OCR_NUMBERED = re.compile(r"^(\d{1,4})\s*[,;:]\s*(\S.*)$")  # "2, Rien ne s'oppose": OCR read "2." as "2,"
_ENCLOSED_NUMBER = re.compile(rf"^([{ENCLOSED}])\s*(\S.*)$")
_ITEM = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)|[a-z]\))\s*(\S.*)$")
_BULLET = re.compile(r"^[-•·▪●]\s+(\S.*)$")
_TABLE_ROW = re.compile(r"^\|.*\|$")  # "| cell | cell |", as readers write table rows
# An entry of a table of contents: dot leaders, or page (and paragraph) numbers at the end of the line.
_TOC_ENTRY = re.compile(r"(?:\.\s?){4,}|\s\d{1,4}(?:\s?[–—−-]\s?\d{1,4})?\s*\|?\s*\d{1,4}\s*\|?$|\|\s*\d{1,4}\s*\|$")
_TOC_CAPTION = re.compile(
    r"^(?:Page|Pages|Paragraphs|Paragraphes|Párrafos|Página|Пункты|Стр\.|段次|页次|页码|الصفحة)\b"
)
_LIST_OPENERS = ("：", ":", "；", ";", "；和", "；以及", "; and", "; or")
_OLD_MARK = re.compile(r"\s\d{1,3}/$")  # "…Questions, 2/": a note mark of older documents
_CLAUSE_ENDS = ("；", ";", "，", ",", "：", ":", "、", "،")

PARAGRAPH = "paragraph"
PREAMBULAR = "preambular"
ANNEX_PARAGRAPH = "annex_paragraph"
ARTICLE_KIND = "article"
ARTICLE_PARAGRAPH = "article_paragraph"
SUMMARY = "summary"
LETTER = "letter"
STATEMENT = "statement"
FOOTNOTE = "footnote"
TEXT = "text"
KINDS = (
    PARAGRAPH, PREAMBULAR, ANNEX_PARAGRAPH, ARTICLE_KIND, ARTICLE_PARAGRAPH, SUMMARY, LETTER, STATEMENT, FOOTNOTE, TEXT,
)  # fmt: skip


@dataclass
class Unit:
    """A unit being assembled; `text` grows line by line. `number` is the paragraph number as printed,
    `annex` and `article` say where it stands, `speaker` who spoke (verbatim records)."""

    label: str
    section: tuple[str, ...]
    text: str = ""
    footnotes: list[str] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)
    numbered: bool = False
    kind: str = TEXT
    number: str | None = None
    annex: str | None = None
    article: str | None = None
    speaker: str | None = None
    part: int | None = None  # a unit longer than MAX_UNIT_CHARS is cut into parts 1, 2…, each a unit
    base: str | None = None  # the label of the whole unit, for a part


@dataclass
class Parsed:
    header: list[str]
    units: list[Unit]
    symbol: str | None


def heading_like(text: str) -> bool:
    """Short, with no full stop, not ending like a clause: a heading rather than body text."""
    return (
        len(text) <= 60
        and "。" not in text
        and not text.endswith(_CLAUSE_ENDS)
        and not (text.endswith(".") and ends_sentence(text))
    )


def long_heading(text: str, limit: int = 250) -> bool:
    """A heading that the numbering or the type already says is one: up to a few lines, not a sentence."""
    return len(text) <= limit and "。" not in text and not text.endswith(_CLAUSE_ENDS) and not ends_sentence(text)


def _summary_heading(text: str) -> bool:
    return text.rstrip(":：") in SUMMARY_HEADINGS


def _annex(text: str) -> tuple[str, str] | None:
    """(word, id) of an annex heading ("Annex", "ANNEX 1 - …", "Annexe II", "附件一"), else None."""
    m = ANNEX.match(text)
    if not m:
        return None
    word, ident = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
    return word, ident or ""


def _article(text: str) -> str | None:
    m = ARTICLE.match(text)
    if not m:
        return None
    return article_number(m.group(1) or m.group(3))


def _header_end(body: list[Line]) -> int:
    """Index of the first structural line; the lines before it are the header block (metadata and title)."""
    for i, line in enumerate(body):
        text = line.text
        m = _NUMBERED.match(text)
        roman = _ROMAN_HEADING.match(text)
        if _CN_HEADING.match(text) or (roman and long_heading(roman.group(2), 200)) or _summary_heading(text):
            return i
        if m and m.group(1) == "1":
            return i
        if (dash := _DASH_NUMBERED.match(text)) and dash.group(1) == "1" and _ARABIC.search(text):
            return i
        if OPENER.match(text) or PREAMBLE_HEADINGS.match(text) or TOC_HEADINGS.match(text):
            return i
        if _article(text) == "1" or speaker(text) or PROCEDURAL_START.match(text) or LETTER_START.match(text):
            return i
        prose = ends_sentence(text) or text.endswith((":", "：")) or "。" in text
        if len(text) >= 100 and prose and not BOILERPLATE.match(text):
            return i  # a paragraph of text (an introduction) is not part of the title
    return min(1, len(body))  # no structure at all: the first line is the title


class _Numbers:
    """Where each paragraph number stands, for looking ahead in constant time."""

    def __init__(self, body: list[Line], dash: bool = False) -> None:
        self.at: dict[int, list[int]] = {}
        for i, line in enumerate(body):
            m = _NUMBERED.match(line.text) or (_DASH_NUMBERED.match(line.text) if dash else None)
            if m:
                self.at.setdefault(int(m.group(1)), []).append(i)

    def next(self, number: int, after: int) -> int | None:
        where = self.at.get(number)
        if not where:
            return None
        k = bisect.bisect_right(where, after)
        return where[k] if k < len(where) else None


class _Builder:
    def __init__(self, layout: Layout, language: str) -> None:
        self.layout = layout
        self.cjk = language in ("zh", "ja", "ko")
        self.units: list[Unit] = []
        self.trail: list[tuple[int, str]] = []
        self._open: Unit | None = None
        self._text = Growing()  # the open unit's text while it grows (Unit.text is set when it closes)
        self.parts: dict[int, list[Unit]] = {}  # id of a part → all parts of its unit
        self.expected = 1
        self.prev: Line | None = None
        self.unit_of_line: list[Unit | None] = []
        self.label_counts: dict[str, int] = {}
        self.units_before: list[int] = []  # per body line: how many units existed when it was read
        self.numbers = _Numbers(layout.body, dash=language == "ar")
        self.preamble = False  # between "The General Assembly," (or a "Preamble" heading) and paragraph 1
        self.preambular = 0
        self.annex: str | None = None  # the annex being read ("" for one without a number)
        self.annex_expected = 1
        self.article: str | None = None
        self.article_expected = 1
        self.articles_seen = 0
        self.toc: set[str] | None = None  # headings listed by a table of contents being skipped
        self.letter = False
        self.verbatim = sum(1 for line in layout.body if speaker(line.text)) >= 3
        self.statements = 0
        self.under_heading = 0  # units since the last heading
        self.ocr = any("OCR" in notice for notice in layout.notices)
        self.arabic = language == "ar"

    # -- the open unit: the one that a following line may carry on ----------------
    @property
    def open(self) -> Unit | None:
        return self._open

    @open.setter
    def open(self, unit: Unit | None) -> None:
        if unit is self._open:
            return
        if self._open is not None:
            self._open.text = self._text.value()
        self._open = unit
        self._text = Growing(unit.text if unit is not None else "")

    def extend(self, text: str) -> None:
        """Add a further block (a table row, a list item, a further paragraph) on a line of its own."""
        self._text.add("\n" + text)

    def end(self) -> str:
        """The end of the open unit's text, for the rules that look at how it ends."""
        return self._text.tail()

    def split_open(self) -> None:
        """The open unit, grown past MAX_UNIT_CHARS, cut at sentence ends: the parts before the last are
        closed and the last stays open."""
        unit = self._open
        assert unit is not None
        pieces = split_text(self._text.value(), MAX_UNIT_CHARS)
        if len(pieces) < 2:
            return
        if unit.part is None:
            unit.part, unit.base = 1, unit.label
            unit.label = self.unique(part_label(unit.label, 1))
            self.parts[id(unit)] = [unit]
        family = self.parts[id(unit)]
        unit.text = pieces[0]
        for piece in pieces[1:]:
            number = family[-1].part + 1  # type: ignore[operator]
            part = replace(unit, label=self.unique(part_label(unit.base or "", number)), text=piece, part=number,
                           footnotes=[], marks=[])  # fmt: skip
            self.units.append(part)
            family.append(part)
            self.parts[id(part)] = family
        self._open = None
        self.open = family[-1]

    def close(self) -> None:
        self.open = None

    def with_parts(self, units: list[Unit | None]) -> list[Unit]:
        """The units (once each, in order), a unit cut into parts with all of its parts."""
        out: dict[int, Unit] = {}
        for unit in units:
            if unit is not None and id(unit) not in out:
                for part in self.parts.get(id(unit), [unit]):
                    out[id(part)] = part
        return list(out.values())

    # -- sections -------------------------------------------------------------
    def section(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.trail)

    def heading(self, level: int, text: str) -> None:
        self.trail = [(lvl, t) for lvl, t in self.trail if lvl < level] + [(level, text)]
        self.open = None
        self.under_heading = 0

    def letter_due(self, numeral: str) -> bool:
        """Whether "I." (or "V.", "X.") is the next lettered sub-heading after "H." rather than a part number."""
        letters = [t for lvl, t in self.trail if lvl == 2]
        return len(numeral) == 1 and bool(letters) and letters[-1][:1] == chr(ord(numeral) - 1)

    def unnumbered_heading_level(self) -> int:
        """One below the last 一./I./A. heading; right under a numbered sub-heading ("1. Cross-cutting
        issues" then "Equality and non-discrimination"), one below that."""
        if self.trail and self.trail[-1][0] in (3, 4) and not self.under_heading:
            last = self.trail[-1][1]
            if _NUMBERED.match(last) or _ITEM.match(last):
                return self.trail[-1][0] + 1
        marked = [lvl for lvl, _ in self.trail if 0 < lvl <= 2]
        return (max(marked) if marked else 0) + 1

    # -- units ------------------------------------------------------------------
    def unique(self, label: str) -> str:
        """Labels are unique in a document: a second "art1" (a second language version in the same file)
        becomes "art1 (2)"."""
        n = self.label_counts.get(label, 0) + 1
        self.label_counts[label] = n
        if n == 1:
            return label
        return f"{label}（{n}）" if self.cjk else f"{label} ({n})"

    def start(self, label: str, text: str, numbered: bool, kind: str, **where: str | None) -> Unit:
        self.open = Unit(self.unique(label), self.section(), text, numbered=numbered, kind=kind, **where)
        self.units.append(self.open)
        self.under_heading += 1
        return self.open

    def unnumbered(self, text: str) -> None:
        """A block of text without a number: a preambular paragraph, summary or letter text, or a unit
        labelled by its heading."""
        if self.preamble:
            self.preambular += 1
            prefix = f"annex{self.annex}." if self.annex is not None else ""
            self.start(f"{prefix}pp{self.preambular}", text, False, PREAMBULAR, number=str(self.preambular),
                       annex=self.annex)  # fmt: skip
            return
        if self.article is not None and self.annex is None:
            self.start(f"art{self.article}", text, False, ARTICLE_KIND, article=self.article)
            return
        summary = any(_summary_heading(t) for _, t in self.trail)
        if self.trail:
            base = self.trail[-1][1]
            base = base if len(base) <= 24 else base[:24] + "…"
        else:
            base = "letter" if self.letter else ("正文" if self.cjk else "text")
        kind = SUMMARY if summary else (LETTER if self.letter else TEXT)
        self.start(base, text, False, kind, annex=self.annex)

    def open_ends_block(self) -> bool:
        return self.open is None or not self._text.size or bool(_TABLE_ROW.match(self.end().rsplit("\n", 1)[-1]))

    def continues(self, line: Line) -> bool:
        """Whether a plain line carries on the open unit (wrapped line, page break, footnote block)."""
        if self.open_ends_block() or line.hint:
            return False
        assert self.open is not None
        text = self.end()
        if not ends_sentence(text):
            # In a preamble a clause ends with a comma and the next clause starts with a capital.
            clause = _OLD_MARK.sub("", text.rstrip(SUPERSCRIPTS)).endswith(_CLAUSE_ENDS)
            return not (self.preamble and clause and (line.text[:1].isupper() or PREAMBLE_OPENERS_CJK.match(line.text)))
        prev = self.prev
        return bool(
            self.layout.wrapped
            and prev is not None
            and prev.width >= 0.85 * self.layout.line_width
            and (line.indent == 0 or not heading_like(line.text))
        )

    def numbered_is_paragraph(self, i: int, number: int, expected: int, rest: str, hint: bool) -> bool:
        if number != expected:
            return False
        if hint and long_heading(rest):
            return False  # set in bold like a heading: a numbered sub-heading that happens to be due
        if not heading_like(rest):
            return True
        # A short line numbered as the next paragraph may still be a sub-heading: then the
        # real paragraph with that number follows before the next one.
        same, following = self.numbers.next(number, i), self.numbers.next(number + 1, i)
        if same is None:
            return True
        return following is not None and following < same

    # -- the passes of one line ---------------------------------------------------------------
    def skip_toc(self, line: Line) -> bool:
        """Lines of a table of contents are left out; it ends where one of its headings comes again."""
        text = line.text
        if TOC_HEADINGS.match(text) and self.toc is None and not self.units:
            self.toc = set()
            return True
        if self.toc is None:
            return False
        key = _toc_key(text)
        listed = key and key in self.toc
        if listed and not _TOC_ENTRY.search(text):  # a heading listed in the contents, now without its page
            self.toc = None
            return False
        if len(text) >= 150 and not _TOC_ENTRY.search(text):  # running text: the contents are over
            self.toc = None
            return False
        if key:
            self.toc.add(key)
        return True

    def enter_annex(self, text: str, ident: str) -> None:
        self.annex = ident
        self.annex_expected = 1
        self.article = None
        self.preamble = False
        self.letter = False
        self.trail = [(0, text)]
        self.open = None

    def add(self, i: int, line: Line) -> None:
        self.units_before.append(len(self.units))
        try:
            self._add(i, line)
            if self.open is not None and self._text.size > MAX_UNIT_CHARS:
                self.split_open()
        finally:
            self.prev = line
            self.unit_of_line.append(self.open)

    def _add(self, i: int, line: Line) -> None:
        text = line.text
        if self.skip_toc(line):
            self.open = None
            return
        if _TABLE_ROW.match(text):  # a table goes with the paragraph before it, else is a unit of its own
            if self.open is not None:
                self.extend(text)
            else:
                self.unnumbered(text)
            return
        if BOILERPLATE.match(text):
            return
        if (annex := _annex(text)) and (line.hint or long_heading(text, 160) or not text[len(annex[0]) :].strip()):
            self.enter_annex(text, annex[1])
            return
        if (number := _article(text)) is not None and self.annex is None and self.article_due(number, text):
            self.article, self.article_expected = number, 1
            self.articles_seen += 1
            self.preamble = False
            kept = [(lvl, t) for lvl, t in self.trail if lvl < 3 and not PREAMBLE_HEADINGS.match(t)]
            self.trail = [*kept, (3, text)]
            self.open = None
            rest = ARTICLE.match(text)
            tail = rest.group(4) if rest and rest.group(4) else None
            if tail:  # "第一条 text" in Chinese law style: the article's text on the same line
                self.trail[-1] = (3, text[: len(text) - len(tail)].strip())
                self.unnumbered(tail)
            return
        if CHAPTER.match(text) and (line.hint or long_heading(text, 120)):
            self.preamble, self.article = False, None
            self.heading(1, text)
            return
        if PREAMBLE_HEADINGS.match(text) and (line.hint or len(text) <= 20 or not self.units):
            self.heading(1, PREAMBLE_HEADINGS.match(text).group(0).split(None, 1)[0])  # type: ignore[union-attr]
            self.preamble = True
            rest = PREAMBLE_HEADINGS.match(text).group(1)  # type: ignore[union-attr]
            if rest:
                self.preamble_text(rest)
            return
        if OPENER.match(text):
            self.preamble, self.preambular = True, 0
            self.open = None
            return
        if PROCEDURAL_START.match(text):
            self.unnumbered(text)
            return
        if self.verbatim and LANGUAGE_NOTE.match(text) and self.open is not None and self.open.kind == STATEMENT:
            self.extend(text)  # "(spoke in French)": the speaker changed language
            return
        if self.verbatim and (turn := speaker(text)):
            self.statements += 1
            who, said = turn
            self.start(f"st{self.statements}", said, False, STATEMENT, speaker=who, annex=self.annex)
            return
        if LETTER_START.match(text) and not self.units:
            self.letter = True
        if self.numbered(i, line):
            return
        if self.headings(i, line):
            return
        if (m := _ITEM.match(text)) and self.open and self.end().endswith(_LIST_OPENERS):
            self.extend(text)
        elif m and heading_like(m.group(1)) and not self.preamble:
            self.heading(4, text)
        elif _BULLET.match(text) and self.open:
            self.extend(text)
        elif self.continues(line):
            assert self.open is not None
            self._text.wrap(text)
        elif (
            self.open
            and (self.open.numbered or self.open.kind in (STATEMENT, ARTICLE_KIND))
            and not (line.hint or heading_like(text))
        ):
            # Body text after a numbered paragraph (a statement, an article), not after a heading, is a
            # further block of it.
            self.extend(text)
        elif self.preamble and not line.hint:
            self.preamble_text(text)
        elif _summary_heading(text) or (line.hint and long_heading(text)) or heading_like(text):
            # Summary headings and the agenda items of a verbatim record stand at the top level.
            level = 1 if _summary_heading(text) or self.verbatim else self.unnumbered_heading_level()
            if self.article is not None and self.trail and self.trail[-1][0] == 3:
                level = 4  # an article's own title ("Article 5" / "Preventive anti-corruption policies")
            self.preamble = False
            self.heading(level, text)
        else:
            self.unnumbered(text)

    def article_due(self, number: str, text: str) -> bool:
        """An article heading opens an article when it is the first one or follows the previous one; a
        line like "Article 19" in a report's running text is a heading of its own."""
        if not number.isdigit():
            return self.article is not None
        n = int(number)
        if self.article is None or not self.article.isdigit():
            return n == 1 or self.articles_seen > 0
        return n in (int(self.article) + 1, int(self.article)) or n == 1

    def preamble_text(self, text: str) -> None:
        """Preambular paragraphs; an English preamble given as one long line is cut at its participles."""
        pieces = PREAMBLE_SPLIT.split(text) if len(text) > 400 else [text]
        for piece in pieces:
            if OPENER.match(piece.strip()):
                continue
            self.unnumbered(piece.strip())

    def numbered(self, i: int, line: Line) -> bool:
        """A numbered line that is the next paragraph due: of the annex being read, of the article, or of
        the document."""
        text = line.text
        m = _NUMBERED.match(text) or (_OCR_NUMBERED.match(text) if self.ocr else None)
        if m is None and self.arabic:
            m = _DASH_NUMBERED.match(text)  # "1 - تعرب …": Arabic documents number paragraphs with a dash
        enclosed = _ENCLOSED_NUMBER.match(text) if self.article is not None else None
        if m is None and enclosed is None:
            return False
        if enclosed:
            number, rest = ENCLOSED.index(enclosed.group(1)) + 1, enclosed.group(2)
        else:
            assert m is not None
            number, rest = int(m.group(1)), m.group(2)
        if self.article is not None and self.annex is None:
            if self.numbered_is_paragraph(i, number, self.article_expected, rest, line.hint):
                self.article_expected += 1
                self.start(f"art{self.article}.{number}", rest, True, ARTICLE_PARAGRAPH, number=str(number),
                           article=self.article)  # fmt: skip
                return True
            return False
        if self.annex is not None and (self.annex_expected > 1 or number == 1):
            # The annex numbers its own paragraphs (else it carries on the document's numbering).
            if self.numbered_is_paragraph(i, number, self.annex_expected, rest, line.hint):
                self.annex_expected = number + 1
                self.preamble = False
                self.start(f"annex{self.annex}.{number}", rest, True, ANNEX_PARAGRAPH, number=str(number),
                           annex=self.annex)  # fmt: skip
                return True
            return False
        if self.ocr and number == self.expected + 1 and not heading_like(rest):
            self.expected = number  # text read by OCR: a paragraph number it garbled is skipped
        if self.numbered_is_paragraph(i, number, self.expected, rest, line.hint):
            self.preamble = False
            self.expected = number + 1
            if self.annex is not None:
                self.annex_expected = number + 1
            self.start(str(number), rest, True, PARAGRAPH, number=str(number), annex=self.annex)
            return True
        return False

    def headings(self, i: int, line: Line) -> bool:
        """Numbered and lettered headings: 一. (level 1), I. (1), A. (2), 1. out of turn (3)."""
        text = line.text
        if _CN_HEADING.match(text) or (
            (m := _ROMAN_HEADING.match(text)) and long_heading(m.group(2), 200) and not self.letter_due(m.group(1))
        ):
            self.heading(1, text)
            return True
        if (m := _LETTER_HEADING.match(text)) and long_heading(m.group(2), 200):
            self.heading(2, text)
            return True
        m = _NUMBERED.match(text)
        if m and (heading_like(m.group(2)) or (line.hint and long_heading(m.group(2)))) and not self.continues(line):
            self.heading(3, text)
            return True
        return False


def _toc_key(text: str) -> str:
    """A table-of-contents entry without its page and paragraph numbers, dot leaders and table bars."""
    text = re.sub(r"(?:\.\s?){3,}", " ", text.replace("|", " "))
    text = re.sub(r"[\s\d–—−\-]+$", "", text).strip(" .")
    if _TOC_CAPTION.match(text) or not text:
        return ""
    return re.sub(r"\s+", " ", text).lower()


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
    if note.mark.isalpha():  # a table note: its mark stays in the table
        return re.compile(r"(?!)")
    # "1/" after a word (notes of older documents), or a plain number glued between Chinese characters or
    # punctuation, as PDF extraction leaves it. It may also end the paragraph, or sit right before a year
    # ("。72016 年").
    return re.compile(
        rf"(?<=\s){note.mark}/(?=[\s,.;:]|$)"
        rf"|(?<=[{UNSPACED}）》”]){note.mark}(?:(?=[{UNSPACED}（《“]|$)|(?<=[。；，]{note.mark})(?=(?:19|20)\d\d\s*年))"
    )


def _attach(candidates: list[Unit], note: Footnote, repeated: bool = True) -> bool:
    """The note goes to the last unit carrying its mark; a superscript mark repeated in other units of the
    page (the same note cited twice) is taken out there too, and the note goes with each of them."""
    pattern = _marker_pattern(note)
    attached = False
    for unit in reversed(candidates):
        matches = list(pattern.finditer(unit.text))
        if matches:
            m = matches[-1]
            start = m.start()
            if unit.text[start - 1 : start] == " " and m.group(0).endswith("/"):
                start -= 1  # "Haiti 1/ and": the space before an old-style mark goes with it
            unit.text = unit.text[:start] + unit.text[m.end() :]
            unit.marks.append((note.mark, start))
            unit.footnotes.append(note.text)
            attached = True
            if not (note.superscript and repeated):
                break
    return attached


def _table_unit(candidates: list[Unit]) -> Unit | None:
    for unit in reversed(candidates):
        if "\n| " in unit.text or unit.text.startswith("| "):
            return unit
    return None


def part_label(label: str, part: int) -> str:
    """The label of one part of a unit cut at MAX_UNIT_CHARS: "11 part 2"."""
    return f"{label} part {part}"


# Where a long text may be cut: after a sentence end (and the quotes and spaces after it), or a line break.
_CUT = re.compile(r"[。！？!?；;…]+[”’」』\"')）]*\s*|\.[”’\"')）]*\s+|\n")


def split_text(text: str, limit: int) -> list[str]:
    """Text cut into pieces of at most `limit` characters, each at the last sentence end (else line break,
    else space) in its second half, else at the limit; spaces at the cuts are left out. Linear in the text."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = None
        for m in _CUT.finditer(text, low, high):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(" ", low, high), text.rfind("\u3000", low, high))
            cut = space + 1 if space > 0 else high
        if piece := text[start:cut].strip():
            pieces.append(piece)
        start = cut
    if piece := text[start:].strip():
        pieces.append(piece)
    return pieces


def _split_long(units: list[Unit], builder: _Builder) -> list[Unit]:
    """Units still longer than MAX_UNIT_CHARS (a footnote standing alone) cut into parts."""
    out = []
    for unit in units:
        if len(unit.text) <= MAX_UNIT_CHARS:
            out.append(unit)
            continue
        for number, piece in enumerate(split_text(unit.text, MAX_UNIT_CHARS), 1):
            label = builder.unique(part_label(unit.label, number))
            out.append(replace(unit, label=label, text=piece, part=number, base=unit.label, footnotes=[], marks=[]))
        out[-1].footnotes, out[-1].marks = unit.footnotes, unit.marks
    return out


def _line_by_line(layout: Layout, language: str) -> _Builder:
    """Each line a unit of its own: for a text in which no line reads as body text (notes, a list of terms, a
    text without full stops), every line being a title or a heading. Refusing it would leave nothing of it to
    find; the lines are not headings of anything."""
    builder = _Builder(layout, language)
    for line in layout.body:
        builder.units_before.append(len(builder.units))
        builder.unnumbered(line.text)
        builder.unit_of_line.append(builder.open)
    builder.close()
    return builder


def parse_body(layout: Layout, language: str = "zh") -> Parsed:
    """Assemble units from body lines and attach each footnote to the unit carrying its mark."""
    body = layout.body
    end = _header_end(body)
    builder = _Builder(layout, language)
    builder.unit_of_line = [None] * end
    builder.units_before = [0] * end
    for i in range(end, len(body)):
        builder.add(i, body[i])
    builder.close()
    if not builder.units and body:
        builder = _line_by_line(layout, language)  # (the header stays: the first line is still the title)
    header = [cell for line in body[:end] for cell in _cells(line.text)]
    created = {id(u): k for k, u in enumerate(builder.units)}
    order: list[tuple[float, Unit]] = []
    start, last = 0, 0
    note_label = "脚注" if builder.cjk else "fn"
    windows: dict[tuple[int, int], list[Unit]] = {}
    for note in layout.footnotes:
        if note.position > last:  # a new footnote block: its marks stand after the previous block
            start, last = last, note.position
        # The mark stands on the same page as the note: look at units since the previous block,
        # then (for unambiguous superscript marks) anywhere before.
        if (start, note.position) not in windows:
            windows[(start, note.position)] = builder.with_parts(builder.unit_of_line[start : note.position])
        window = windows[(start, note.position)]
        if note.mark.isalpha() and (table := _table_unit(window)) is not None:
            table.footnotes.append(f"{note.mark} {note.text}")  # a table's note stays with the table
            continue
        attached = _attach(window, note)
        if not attached and note.superscript:
            earlier = builder.with_parts(builder.unit_of_line[: note.position])
            attached = _attach(earlier, note, repeated=False)
        if not attached:
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
            label = builder.unique(f"{note_label}{note.mark}")
            order.append((after + 0.5, Unit(label, (), note.text, kind=FOOTNOTE, number=note.mark)))
            header = [pattern.sub("", h) for h in header]
    order.extend((float(k), u) for k, u in enumerate(builder.units))
    units = _split_long([u for _, u in sorted(order, key=lambda pair: pair[0])], builder)
    symbol = layout.page_symbols[0] if layout.page_symbols else None
    return Parsed(header, units, symbol)


__all__ = ["KINDS", "Parsed", "Unit", "heading_like", "parse_body"]
