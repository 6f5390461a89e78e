"""UN page layouts in PDFs made here with LibreOffice (tests/make_documents.py): the first page's footer
(job number, barcode, "Please recycle"), running heads alternating between odd and even pages, bold
headings after a paragraph ending in a footnote mark, and a page set in two columns."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.cli import main
from assistant.ingest.corpus import read_document
from assistant.ingest.readers.pdf import Glyph, _raised_digits

from .support import CACHE
from .support.make_documents import (
    SeedLines,
    bold_paragraphs,
    docx_to_pdf,
    two_columns,
    un_pages,
    write_docx,
    write_rtl_docx,
)

SENTENCE = (
    "The Mission continued to monitor the ceasefire along the berm and to support the parties in "
    "implementing their commitments, while the Secretariat kept the Council informed of developments. "
)


HEADING = "Equality and non-discrimination, including the rights of persons belonging to national minorities"


def english_report(paragraphs: int = 14) -> SeedLines:
    body = ["Report of the Secretary-General on the situation in the region", "I. Introduction"]
    for n in range(1, paragraphs + 1):
        if n == 7:
            body.append("7. The Group recommended that the Mission act in line with the Paris Principles.¹")
            body.append(
                "C. Implementation of international human rights obligations, taking into account applicable "
                "international humanitarian law"
            )
            body.append(HEADING)
            continue
        body.append(f"{n}. " + SENTENCE * 4 + f"This is paragraph {n}.")
    return SeedLines(body, {"¹": "See the report of the Group (S/2030/77)."})


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_first_page_footer_and_alternating_running_heads_are_not_text(tmp_path: Path):
    report = english_report()
    docx = write_docx(report, tmp_path / "plain.docx", page_numbers=True)
    footer = ["25-18686 (E)    171125", "*2518686*", "Please recycle"]
    pdf = docx_to_pdf(un_pages(docx, tmp_path / "report.docx", footer, "S/2030/1", "Regional situation"), tmp_path)
    doc = read_document(pdf)
    assert doc.symbol == "S/2030/1"
    assert [p.label for p in doc.paragraphs if p.kind == "paragraph"] == [str(n) for n in range(1, 15)]
    everything = "\n".join(
        [doc.title, *(p.text for p in doc.paragraphs), *(n for p in doc.paragraphs for n in p.footnotes)]
    )
    for furniture in ("25-18686", "2518686", "Please recycle", "Regional situation", "S/2030/1"):
        assert furniture not in everything
    for n in (1, 2, 3, 4):  # paragraphs that cross page breaks come out whole
        assert squash(doc.paragraph(str(n)).text) == squash(SENTENCE * 4 + f"This is paragraph {n}.")


def test_a_bold_heading_after_a_paragraph_ending_with_a_note_mark_is_a_heading(tmp_path: Path):
    docx = write_docx(english_report(9), tmp_path / "headings.docx")
    pdf = docx_to_pdf(bold_paragraphs(docx, tmp_path / "bold.docx", (HEADING,)), tmp_path)
    doc = read_document(pdf)
    seven = doc.paragraph("7")
    assert seven.text == "The Group recommended that the Mission act in line with the Paris Principles."
    assert seven.footnotes == ("See the report of the Group (S/2030/77).",)
    assert doc.paragraph("8").section == (
        "I. Introduction",
        "C. Implementation of international human rights obligations, taking into account applicable "
        "international humanitarian law",
        HEADING,
    )


def test_two_columns_are_read_one_after_the_other_with_a_warning(tmp_path: Path, capsys):
    lines = SeedLines(
        ["Summary record of the 985th meeting"]
        + [f"{n}. Mr. Speaker {n} said that " + SENTENCE * 2 + f"End of statement {n}." for n in range(1, 13)]
    )
    pdf = docx_to_pdf(two_columns(write_docx(lines, tmp_path / "one.docx"), tmp_path / "columns.docx"), tmp_path)
    doc = read_document(pdf)
    assert any("two text columns" in warning for warning in doc.warnings)
    assert [p.label for p in doc.paragraphs] == [str(n) for n in range(1, 13)]
    for n in range(1, 13):
        assert squash(doc.paragraph(str(n)).text) == squash(
            f"Mr. Speaker {n} said that " + SENTENCE * 2 + f"End of statement {n}."
        )
    # adding it says so too: a user who adds a file sees what `paragraphs` would warn about
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    given = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "index"), "--cache-dir", str(CACHE)]
    assert main(["add", str(pdf), *given]) == 0
    added = capsys.readouterr().out
    assert "added: columns.pdf (12 paragraphs)" in added and "warning: " in added and "two text columns" in added


def _glyphs(text: str, raised: str) -> list[Glyph]:
    out, x = [], 0.0
    for ch, up in zip(text, raised, strict=True):
        small = up == "^"
        out.append(Glyph(ch, x, x + 5, 0, 8 if small else 12, 6 if small else 10, False, False))
        x += 5
    return out


def test_small_raised_digits_are_note_marks_only_as_a_run_of_digits():
    # "Principles.15": a mark. "/2015/246" in smaller type beside a big masthead letter: text.
    assert _raised_digits(_glyphs("Principles.15", "...........^^"), 10, 12) == {11, 12}
    assert _raised_digits(_glyphs("S/2015/246", ".^^^^^^^^^"), 10, 12) == set()
    # A date in small type on the line of a big heading ("Security Council   17 October 2025"): text.
    council = _glyphs("Council", ".......")
    date = _glyphs("17 October 2025", "^^^^^^^^^^^^^^^")
    for glyph in date:
        glyph.x0, glyph.x1 = glyph.x0 + 200, glyph.x1 + 200
    assert _raised_digits(council + date, 10, 12) == set()


ARABIC = [
    "مشروع قرار بشأن المسألة",
    "إن الجمعية العامة،",
    "إذ تشير إلى قراراتها السابقة بشأن هذه المسألة،",
    "1 - تعرب عن تقديرها للتقرير الصادر في عام 2025 بشأن المسألة وتطلب من الأمين العام أن يواصل العمل على "
    "تنفيذ هذا القرار وأن يقدم تقريرا عن ذلك في دورتها القادمة.",
    "2 - تقرر أن تبقي المسألة قيد نظرها.",
]


def test_arabic_is_read_right_to_left_and_numbered_with_a_dash(tmp_path: Path):
    doc = read_document(docx_to_pdf(write_rtl_docx(ARABIC, tmp_path / "arabic.docx"), tmp_path))
    assert doc.language == "ar"
    assert [(p.label, p.kind) for p in doc.paragraphs] == [
        ("pp1", "preambular"),
        ("1", "paragraph"),
        ("2", "paragraph"),
    ]
    assert doc.paragraph("pp1").text == ARABIC[2]
    assert doc.paragraph("1").text == ARABIC[3].removeprefix("1 - ")  # its two lines rejoined
    assert doc.paragraph("2").citation.endswith("، الفقرة 2")
