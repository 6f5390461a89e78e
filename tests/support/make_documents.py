"""Fixture documents made from a seed: DOCX (python-docx), PDF (LibreOffice), Markdown and HTML.

The seeds 000, 001, 003 and 004 hold one paragraph per line, footnote bodies on their own lines
("¹ text", "* text") and the marks in the text. Each writer here renders the same lines the way
that format carries them — real DOCX footnotes, Markdown `[^n]` notes, HTML `<sup>` and a notes
list — so that the parse of the written file can be compared with the parse of the seed.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_NOTE_LINE = re.compile(rf"^([{SUPERSCRIPTS}]+|\*{{1,3}})\s+(\S.*)$")
_MARK = re.compile(rf"[{SUPERSCRIPTS}]+|\*{{1,3}}")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+|[A-Z])\s*[.．]\s")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class SeedLines:
    """A seed as written: body lines (marks kept in place) and footnote bodies by mark."""

    body: list[str]
    notes: dict[str, str] = field(default_factory=dict)


_CJK_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def without_wrap_spaces(text: str) -> str:
    """For comparing PDF text: a PDF does not draw the space where a line was wrapped, so spaces next
    to a Chinese character are left out; spaces between Latin words must stay."""
    return _CJK_SPACE.sub("", text)


def read_seed(path: Path) -> SeedLines:
    lines = SeedLines([])
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = _MD_LINK.sub(r"\1", raw.strip())
        if not text:
            continue
        if m := _NOTE_LINE.match(text):
            lines.notes[m.group(1)] = m.group(2)
        else:
            lines.body.append(text)
    return lines


def _pieces(text: str, notes: dict[str, str]) -> list[tuple[str, bool]]:
    """Text split into (piece, is_mark) where a mark is one that has a footnote body."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.group(0) in notes:
            out.append((text[pos : m.start()], False))
            out.append((m.group(0), True))
            pos = m.end()
    out.append((text[pos:], False))
    return [(piece, mark) for piece, mark in out if piece]


# -- DOCX ------------------------------------------------------------------------------------------


def _w(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(qn(f"w:{tag}"))
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _run(text: str | None = None, superscript: bool = False, size: int | None = None) -> etree._Element:
    run = _w("r")
    props = _w("rPr")
    if size:  # schema order: sz before vertAlign
        props.append(_w("sz", val=str(size * 2)))
    if superscript:
        props.append(_w("vertAlign", val="superscript"))
    if len(props):
        run.append(props)
    if text is not None:
        t = _w("t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


class _Footnotes:
    """The footnotes part of a DOCX, which python-docx does not write itself."""

    def __init__(self, document) -> None:
        self.root = etree.Element(qn("w:footnotes"), nsmap={"w": W})
        for kind, note_id in (("separator", "-1"), ("continuationSeparator", "0")):
            note = _w("footnote", type=kind, id=note_id)
            para, run = _w("p"), _w("r")
            run.append(_w(kind))
            para.append(run)
            note.append(para)
            self.root.append(note)
        self.next_id = 1
        self.document = document

    def add(self, mark: str, text: str) -> etree._Element:
        """A footnote body; returns the reference run for the text. Stars are custom marks."""
        note_id = str(self.next_id)
        self.next_id += 1
        note = _w("footnote", id=note_id)
        para = _w("p")
        props = _w("pPr")
        props.append(_w("pStyle", val="FootnoteText"))
        para.append(props)
        if not mark.startswith("*"):  # a custom mark is shown by the reference itself
            mark_run = _run(superscript=True, size=9)
            mark_run.append(_w("footnoteRef"))
            para.append(mark_run)
        para.append(_run(" " + text))
        note.append(para)
        self.root.append(note)
        ref = _run(superscript=True)
        reference = _w("footnoteReference", id=note_id)
        if mark.startswith("*"):
            reference.set(qn("w:customMarkFollows"), "1")
        ref.append(reference)
        if mark.startswith("*"):
            t = _w("t")
            t.text = mark
            ref.append(t)
        return ref

    def save_into(self) -> None:
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(
            PackURI("/word/footnotes.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
            blob,
            self.document.part.package,
        )
        self.document.part.relate_to(part, RT.FOOTNOTES)


def write_docx(seed: SeedLines, out: Path, running_head: str | None = None, page_numbers: bool = True) -> Path:
    """A Word document of the seed: headings styled, real footnotes, a running head and page numbers."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    style.paragraph_format.space_after = Pt(6)
    note_style = document.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = style
    note_style.font.size = Pt(9)
    note_style.paragraph_format.space_after = Pt(0)
    notes = _Footnotes(document)
    for line in seed.body:
        para = document.add_paragraph(style="Heading 2" if _HEADING.match(line) else None)
        for piece, is_mark in _pieces(line, seed.notes):
            para._p.append(notes.add(piece, seed.notes[piece]) if is_mark else _run(piece))
    notes.save_into()
    section = document.sections[0]
    if running_head:
        section.header.paragraphs[0].text = running_head
    if page_numbers:
        footer = section.footer.paragraphs[0]
        for code in ("PAGE", None, "NUMPAGES"):
            if code is None:
                footer._p.append(_run("/"))
                continue
            field = _w("fldSimple", instr=code)
            field.append(_run("1"))
            footer._p.append(field)
    document.save(out)
    return out


def add_numbering(docx_path: Path, out: Path) -> Path:
    """The same document with its paragraph numbers made automatic (Word list numbering)."""
    document = DocxDocument(docx_path)
    numbering = document.part.numbering_part.element
    abstract = _w("abstractNum", abstractNumId="90")
    level = _w("lvl", ilvl="0")
    for tag, val in (("start", "1"), ("numFmt", "decimal"), ("lvlText", "%1.")):
        level.append(_w(tag, val=val))
    abstract.append(level)
    numbering.insert(0, abstract)
    num = _w("num", numId="90")
    num.append(_w("abstractNumId", val="90"))
    numbering.append(num)
    expected = 1
    for para in document.paragraphs:
        first = para.runs[0] if para.runs else None
        m = re.match(r"^(\d+)\.\s*", first.text) if first is not None else None
        if m and int(m.group(1)) == expected:
            first.text = first.text[m.end() :]
            props = para._p.get_or_add_pPr()
            num_props = _w("numPr")
            num_props.append(_w("ilvl", val="0"))
            num_props.append(_w("numId", val="90"))
            props.append(num_props)
            expected += 1
    document.save(out)
    return out


def with_tables(docx_path: Path, out: Path, header_cells: int, after: str, rows: list[tuple[str, str]]) -> Path:
    """The document with its first `header_cells` paragraphs set in a two-column table (as on a UN
    first page), and a bordered table of `rows` after the paragraph starting with `after`."""
    document = DocxDocument(docx_path)
    paragraphs = document.paragraphs
    top = document.add_table(rows=(header_cells + 1) // 2, cols=2)
    for k, para in enumerate(paragraphs[:header_cells]):
        top.cell(k // 2, k % 2).text = para.text
        para._p.getparent().remove(para._p)
    document.element.body.insert(0, top._tbl)
    grid = document.add_table(rows=len(rows), cols=2)
    grid.style = "Table Grid"
    for k, (left, right) in enumerate(rows):
        grid.cell(k, 0).text, grid.cell(k, 1).text = left, right
    anchor = next(p for p in document.paragraphs if p.text.startswith(after))
    anchor._p.addnext(grid._tbl)
    document.save(out)
    return out


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless; its own profile folder so parallel runs do not clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed: run scripts/install-test-tools.sh")
    profile = out_dir / "lo-profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        said = (done.stdout + done.stderr).decode(errors="replace").strip()
        raise RuntimeError(f"LibreOffice made no PDF of {docx_path.name} ({said}); is Writer installed?")
    return pdf


def scanned_pdf(out: Path) -> Path:
    """A PDF of one page image and no text layer, as a scanner makes it."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(page).text((100, 100), "1. A scanned page: pixels only, no text layer.", fill="black")
    page.save(out, resolution=150)
    return out


def pdf_without_spaces(out: Path, lines: list[str], size: float = 11.0) -> Path:
    """A PDF in Helvetica whose words are placed one by one, with no space glyphs between them (as
    some typesetters write PDFs): only the gaps tell where a word ends."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    stream = ["BT", f"/F1 {size} Tf"]
    y = 760.0
    for line in lines:
        x = 72.0
        for word in line.split(" "):
            escaped = word.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            stream.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj")
            x += sum(widths[ch] for ch in word) * size / 1000 + widths[" "] * size / 1000
        y -= size * 1.4
    stream.append("ET")
    content = "\n".join(stream).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    out.write_bytes(bytes(data))
    return out


# -- Markdown and HTML ---------------------------------------------------------------------------


def _digits(mark: str) -> str:
    return mark.translate(str.maketrans(SUPERSCRIPTS, "0123456789"))


def write_markdown(seed: SeedLines, out: Path) -> Path:
    """Headings as `##`, numbered notes as `[^n]` defined at the end, star notes as escaped text."""
    blocks = []
    for line in seed.body:
        text = "".join(
            (f"[^{_digits(p)}]" if not p.startswith("*") else p.replace("*", "\\*"))
            if is_mark
            else p.replace("*", "\\*")
            for p, is_mark in _pieces(line, seed.notes)
        )
        blocks.append(("## " if _HEADING.match(line) else "") + text)
    for mark, body in seed.notes.items():
        blocks.append(mark.replace("*", "\\*") + " " + body if mark.startswith("*") else f"[^{_digits(mark)}]: {body}")
    out.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return out


def write_html(seed: SeedLines, out: Path, title: str = "") -> Path:
    """A saved web page: navigation and footer around the text, `<sup>` marks, a notes list."""
    numbers = {mark: k for k, mark in enumerate(seed.notes, 1)}
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>p{margin:0}</style><script>var x = '<p>not text</p>';</script></head><body>",
        "<nav><a href='/'>首页</a> | <a href='/docs'>文件</a></nav><main>",
    ]
    for line in seed.body:
        tag = "h2" if _HEADING.match(line) else "p"
        inner = "".join(
            f"<sup><a href='#fn{numbers[p]}' id='ref{numbers[p]}'>{html.escape(_digits(p))}</a></sup>"
            if is_mark
            else html.escape(p)
            for p, is_mark in _pieces(line, seed.notes)
        )
        parts.append(f"<{tag}>{inner}</{tag}>\n")
    parts.append("<section class='footnotes'><hr><ul>")
    for mark, body in seed.notes.items():
        parts.append(
            f"<li id='fn{numbers[mark]}'><sup>{html.escape(_digits(mark))}</sup> {html.escape(body)} "
            f"<a href='#ref{numbers[mark]}'>↩</a></li>"
        )
    parts.append("</ul></section></main><footer>© United Nations</footer></body></html>")
    out.write_text("".join(parts), encoding="utf-8")
    return out


def un_pages(docx_path: Path, out: Path, first_footer: list[str], odd_head: str, even_head: str) -> Path:
    """The document as UN pages are printed: a first page whose footer holds the job number, barcode and
    "Please recycle" (and no running head), then running heads that alternate between odd and even pages."""
    document = DocxDocument(docx_path)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].text = first_footer[0]
    for line in first_footer[1:]:
        footer.add_paragraph(line)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = odd_head
    section.even_page_header.is_linked_to_previous = False
    section.even_page_header.paragraphs[0].text = even_head
    document.save(out)
    return out


def two_columns(docx_path: Path, out: Path) -> Path:
    """The document set in two text columns."""
    document = DocxDocument(docx_path)
    sect = document.sections[0]._sectPr
    for old in sect.findall(qn("w:cols")):
        sect.remove(old)
    sect.append(_w("cols", num="2", space="708"))
    document.save(out)
    return out


def bold_paragraphs(docx_path: Path, out: Path, starts: tuple[str, ...]) -> Path:
    """The document with the paragraphs starting with one of `starts` set in bold (a heading by its type)."""
    document = DocxDocument(docx_path)
    for para in document.paragraphs:
        if para.text.startswith(starts):
            for run in para.runs:
                run.bold = True
    document.save(out)
    return out


def write_rtl_docx(lines: list[str], out: Path) -> Path:
    """A right-to-left (Arabic) Word document in DejaVu Sans, one paragraph per line."""
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:cs"), "DejaVu Sans")
    for line in lines:
        para = document.add_paragraph()
        para._p.get_or_add_pPr().append(_w("bidi"))
        run = para.add_run(line)
        run._r.get_or_add_rPr().append(_w("rtl"))
    document.save(out)
    return out


def penguin_report(folder: Path) -> Path:
    """A one-page PDF: short paragraphs (no line reaches the margin), a footnote, a page number."""
    lines = SeedLines(
        [
            "关于企鹅保护的测试报告",
            "一. 企鹅",
            "1. 南极企鹅监测项目在 2024 年完成了第三次普查¹。",
            "2. 帝企鹅的数量保持稳定。",
        ],
        {"¹": "见企鹅年报。"},
    )
    return docx_to_pdf(write_docx(lines, folder / "penguin.docx"), folder)
