"""Word (.docx) → text as printed: paragraphs and table cells in order, automatic numbers written
out, footnote marks in place (superscript digits, or the document's own mark) and each footnote
body on its own line after the paragraph that cites it.

python-docx opens the package; the body is walked as XML because python-docx exposes neither
footnotes nor the numbers Word draws in front of list paragraphs, and a UN document's paragraph
numbers are often exactly that. Page headers and footers are not body text; a header that is the
document symbol is passed on, as layout takes the symbol from it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ...errors import UnreadableFile
from ...numerals import chinese_numeral
from .. import limits
from ..layout import HEADING_MARK, SYMBOL, TO_SUPERSCRIPT

_SKIP = {
    qn("w:delText"),
    qn("w:instrText"),
    qn("w:txbxContent"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "chineseCounting": chinese_numeral,
    "chineseCountingThousand": chinese_numeral,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """The numbers Word draws in front of list paragraphs, counted as the document is read."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId (shared counters)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return numbering
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"))): _Level(
                    _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "", int(_val(lvl, "w:start") or 1)
                )
                for lvl in node.findall(qn("w:lvl"))
            }
        for num in root.findall(qn("w:num")):
            num_id, abstract_id = num.get(qn("w:numId")), _val(num, "w:abstractNumId")
            levels = dict(abstract.get(abstract_id, {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl")))
                if (start := _val(override, "w:startOverride")) and ilvl in levels:
                    levels[ilvl] = _Level(levels[ilvl].fmt, levels[ilvl].text, int(start))
            numbering.levels[num_id] = levels
            numbering.abstract_of[num_id] = num_id if num.find(qn("w:lvlOverride")) is not None else abstract_id
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level = levels.get(k)
            count = counters.get(k, level.start if level else 1)
            return _FORMATS.get(level.fmt if level else "decimal", str)(count)

        return re.sub(r"%(\d)", value, levels[ilvl].text)


def _val(node: etree._Element, tag: str) -> str | None:
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


# The heading styles of the UN's Word templates: HCh_G (chapter), H1_G, H23_G, H4_G, H56_G, HM_G.
_UN_HEADING_STYLE = re.compile(r"^(?:hch|hm|h\d{1,2})(?:_g)?$")


def _bold(run_props: etree._Element | None) -> bool:
    b = run_props.find(qn("w:b")) if run_props is not None else None
    return b is not None and b.get(qn("w:val")) not in ("0", "false", "off")


def _heading(paragraph: etree._Element, styles: dict[str, etree._Element]) -> bool:
    """A heading as Word shows it: a heading style (or one with an outline level), or every run in bold."""
    props = paragraph.find(qn("w:pPr"))
    style_id = _val(props, "w:pStyle") if props is not None else None
    if props is not None and props.find(qn("w:outlineLvl")) is not None:
        return True
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        name = (_val(style, "w:name") or "").lower()
        style_props = style.find(qn("w:pPr"))
        if (
            name.startswith(("heading", "title"))
            or _UN_HEADING_STYLE.match(name)
            or (style_props is not None and style_props.find(qn("w:outlineLvl")) is not None)
        ):
            return True
        style_id = _val(style, "w:basedOn")
    runs = [r for r in paragraph.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    return bool(runs) and all(_bold(r.find(qn("w:rPr"))) for r in runs)


def _num_props(paragraph: etree._Element, styles: dict[str, etree._Element]) -> tuple[str, int] | None:
    """(numId, level) from the paragraph, or from its style and the styles it is based on."""
    props = paragraph.find(qn("w:pPr"))
    style_id = _val(props, "w:pStyle") if props is not None else None
    seen = set()
    node = props
    while True:
        num = node.find(qn("w:numPr")) if node is not None else None
        if num is not None:
            num_id = _val(num, "w:numId")
            return (num_id, int(_val(num, "w:ilvl") or 0)) if num_id and num_id != "0" else None
        if not style_id or style_id in seen or style_id not in styles:
            return None
        seen.add(style_id)
        style = styles[style_id]
        node = style.find(qn("w:pPr"))
        style_id = _val(style, "w:basedOn")


class _Reader:
    def __init__(self, document) -> None:
        self.numbering = _Numbering.of(document)
        self.styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        self.notes = _footnotes(document)
        self.note_number = 0
        self.lines: list[str] = []
        self.notes_due: list[str] = []  # footnote bodies, written after the paragraph or table row citing them
        self.depth = 0  # inside how many tables

    def block(self, node: etree._Element) -> None:
        for child in node:
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                for row in child.findall(qn("w:tr")):
                    self.row(row)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self.block(child)
            if not self.depth:
                self.lines.extend(self.notes_due)
                self.notes_due = []

    def row(self, tr: etree._Element) -> None:
        """A table row as one line, "| cell | cell |"; the structure pass keeps it with its paragraph."""
        cells = []
        outer, self.lines = self.lines, []
        self.depth += 1
        for cell in tr.findall(qn("w:tc")):
            self.lines = []
            self.block(cell)
            cells.append(" ".join(line.strip() for line in self.lines if line.strip()))
        self.depth -= 1
        self.lines = outer
        if any(cells):
            self.lines.append("| " + " | ".join(cells) + " |")

    def paragraph(self, p: etree._Element) -> None:
        text: list[str] = []
        cited: list[tuple[str, str]] = []
        custom: str | None = None  # a footnote whose mark is the text that follows the reference
        for el in _iter_text(p):
            tag = el.tag
            if tag == qn("w:t"):
                if custom is not None:
                    cited.append((el.text or "", custom))
                    custom = None
                text.append(el.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                text.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                text.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                text.append("-")
            elif tag == qn("w:footnoteReference"):
                note_id = el.get(qn("w:id"))
                if el.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
                    custom = note_id
                else:
                    self.note_number += 1
                    mark = str(self.note_number).translate(TO_SUPERSCRIPT)
                    text.append(mark)
                    cited.append((mark, note_id))
        number = _num_props(p, self.styles)
        label = self.numbering.label(*number) if number else ""
        body = "".join(text)
        if label and body.strip():
            body = f"{label} {body.lstrip()}"
        mark = HEADING_MARK if not self.depth and body.strip() and _heading(p, self.styles) else ""
        self.lines.extend(mark + line if line.strip() else line for line in body.split("\n"))
        for mark, note_id in cited:
            if note_id in self.notes:
                note = self.notes[note_id]
                note = note[len(mark) :].lstrip() if note.startswith(mark) else note  # Word repeats a custom mark
                self.notes_due.append(f"{mark} {note}")


_DRAWN = {qn(f"w:{tag}") for tag in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "footnoteReference")}


def _iter_text(node: etree._Element):
    """Elements that draw text, in order, leaving out deleted text, field codes, text boxes and fallbacks."""
    for child in node:
        if child.tag in _SKIP:
            continue
        if child.tag in _DRAWN:
            yield child
        else:
            yield from _iter_text(child)


def _plain_text(p: etree._Element) -> str:
    return "".join((el.text or "") if el.tag == qn("w:t") else " " for el in _iter_text(p) if el.tag != qn("w:br"))


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)


def _footnotes(document) -> dict[str, str]:
    """Footnote id → its text, without the mark Word draws at its start."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, _SAFE_XML)
            notes = {}
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paragraphs = [_plain_text(p) for p in note.findall(qn("w:p"))]
                notes[note.get(qn("w:id"))] = " ".join(t.strip() for t in paragraphs if t.strip())
            return notes
    return {}


def _header_symbols(document) -> list[str]:
    symbols = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                continue
            for para in header.paragraphs:
                text = para.text.strip()
                if SYMBOL.match(text) and text not in symbols:
                    symbols.append(text)
    return symbols


def check_package(path: Path) -> None:
    """Refuse a .docx whose archive would unpack beyond the limits (a "zip bomb"), from its directory
    alone: zipfile stops at the size each entry declares, so the declared sizes are what gets read."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"not a readable Word document (.docx): {exc}", code="not_docx") from None
    limits.check("entries in the .docx archive", len(entries), limits.MAX_DOCX_ENTRIES)
    limits.check("bytes unpacked", sum(e.file_size for e in entries), limits.MAX_DOCX_BYTES)
    xml = sum(e.file_size for e in entries if e.filename.lower().endswith((".xml", ".rels")))
    limits.check("bytes of XML unpacked", xml, limits.MAX_DOCX_XML_BYTES)


def read_docx(path: Path) -> str:
    check_package(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise UnreadableFile(f"not a readable Word document (.docx): {exc}", code="not_docx") from None
    except Exception as exc:  # python-docx meets a damaged package in many ways (a part missing, of another type…)
        raise UnreadableFile(
            f"not a readable Word document (.docx): {type(exc).__name__}: {exc}", code="not_docx"
        ) from None
    try:
        body = document.element.body
        paragraphs = sum(1 for _ in body.iter(qn("w:p")))
    except AttributeError:  # no <w:body>
        raise UnreadableFile(
            "not a readable Word document (.docx): the document has no body", code="not_docx"
        ) from None
    limits.check("paragraphs", paragraphs, limits.MAX_DOCUMENT_LINES)
    try:
        reader = _Reader(document)
        reader.block(body)
        symbols = _header_symbols(document)
    except (KeyError, ValueError, AttributeError, TypeError, IndexError, etree.XMLSyntaxError) as exc:
        # a damaged part (notes, numbering, styles) as python-docx gives it
        raise UnreadableFile(
            f"not a readable Word document (.docx): {type(exc).__name__}: {exc}", code="not_docx"
        ) from None
    return "\n".join([*symbols, *reader.lines])
