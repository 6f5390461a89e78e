"""Paragraphs exported for a footnote, a memo or a spreadsheet: Markdown, Word (.docx) and CSV, each paragraph
with its citation, section, verbatim text, footnotes and a permanent link to it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..ingest.documents import Document, Paragraph
from .render import citation_text, document_link
from .strings import date_text, text

FORMATS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
MAX_ITEMS = 200
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>])|^(\s*\d+)([.)])")


@dataclass(frozen=True)
class Item:
    """One exported paragraph: its document, its place, and the permanent link to it."""

    paragraph: Paragraph
    document: Document
    link: str


def items_for(keys: Sequence[str], corpus, base_url: str) -> list[Item]:
    """The paragraphs named by their keys (`doc_id#label`), in that order; unknown keys are left out."""
    out = []
    for key in list(dict.fromkeys(keys))[:MAX_ITEMS]:
        doc_id, _, label = key.partition("#")
        try:
            doc = corpus.document(doc_id)
            para = doc.paragraph(label)
        except KeyError:
            continue
        out.append(Item(para, doc, base_url.rstrip("/") + "/" + document_link(para)))
    return out


def _md_escape(value: str) -> str:
    """Text that a Markdown reader shows exactly as it is: the marks that could start markup escaped with a
    backslash (CommonMark), inline and at the start of a line; other characters as they are."""
    value = _MD_INLINE.sub(r"\\\1", value)
    return "\n".join(
        _MD_LINE_START.sub(lambda m: (m[1] or m[3] or "") + "\\" + (m[2] or m[4]), line) for line in value.split("\n")
    )


def markdown(items: Sequence[Item], title: str, lang: str) -> str:
    lines = [f"# {_md_escape(title)}", ""]
    for n, item in enumerate(items, 1):
        para = item.paragraph
        lines.append(f"## {n}. {_md_escape(citation_text(item.document, para, lang))}")
        lines.append("")
        if para.section:
            lines += [f"*{_md_escape(' › '.join(para.section))}*", ""]
        lines += ["> " + _md_escape(line) if line else ">" for line in para.text.split("\n")]
        lines.append("")
        for note in para.footnotes:
            lines += [f"> — {_md_escape(note)}", ""]
        lines += [f"<{item.link}>", ""]
    return "\n".join(lines)


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(items: Sequence[Item], lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["n", "citation", "document", "symbol", "title", "date", "paragraph", "section", "text",
                     "footnotes", "link"])  # fmt: skip
    for n, item in enumerate(items, 1):
        para, doc = item.paragraph, item.document
        row = [
            str(n),
            citation_text(doc, para, lang),
            doc.id,
            doc.symbol or "",
            doc.title,
            doc.date.isoformat() if doc.date else "",
            para.label,
            " › ".join(para.section),
            para.text,
            "\n".join(para.footnotes),
            item.link,
        ]
        writer.writerow([_csv_cell(c) for c in row])
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def docx_bytes(items: Sequence[Item], title: str, lang: str) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")  # Chinese in a Chinese face
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for n, item in enumerate(items, 1):
        para, doc = item.paragraph, item.document
        head = document.add_paragraph()
        head.add_run(f"{n}. {citation_text(doc, para, lang)}").bold = True
        if para.section:
            trail = document.add_paragraph().add_run(" › ".join(para.section))
            trail.italic = True
            trail.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        for line in para.text.split("\n"):
            document.add_paragraph(line)
        for note in para.footnotes:
            document.add_paragraph().add_run(note).font.size = Pt(9)
        meta = document.add_paragraph()
        source = f"{doc.title} ({date_text(doc.date, lang)}) — "
        meta.add_run(source).font.size = Pt(9)
        link = meta.add_run(item.link)
        link.font.size = Pt(9)
        link.font.color.rgb = RGBColor(0x1F, 0x4E, 0xA0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export(items: Sequence[Item], fmt: str, title: str, lang: str) -> bytes:
    """The file's bytes in the format asked for ("md", "docx" or "csv")."""
    if fmt == "md":
        return markdown(items, title, lang).encode("utf-8")
    if fmt == "csv":
        return csv_text(items, lang).encode("utf-8")
    return docx_bytes(items, title, lang)


def default_title(question: str, lang: str) -> str:
    return question or text(lang, "starred_title")


def file_stem(question: str) -> str:
    """The exported file's name without its suffix: "answer-" and the question's first words (letters, digits
    and Chinese characters, the rest as single hyphens, 30 characters at most), so that the exports of several
    answers are told apart in a downloads folder; "starred" for the starred paragraphs."""
    if not question:
        return "starred"
    words = re.sub(r"[^\w]+", "-", question[:30]).strip("-_")
    return f"answer-{words}" if words else "answer"
