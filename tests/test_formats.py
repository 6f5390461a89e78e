"""PDF, Word, Markdown and HTML documents parse into the same cited paragraphs as the seed text.

The fixtures are made here from the seeds (tests/make_documents.py): DOCX with python-docx (real
footnotes, automatic numbering), PDF from that DOCX by LibreOffice (running head, page numbers,
footnotes at the page foot), Markdown and a saved web page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant import Corpus
from assistant.errors import UnreadableFile
from assistant.ingest.corpus import read_document

from .support import AS_PDF, RUNNING_HEAD, SEEDS, SYMBOL, WRITTEN
from .support.make_documents import (
    docx_to_pdf,
    pdf_without_spaces,
    penguin_report,
    read_seed,
    scanned_pdf,
    with_tables,
    without_wrap_spaces,
    write_docx,
)


def units(path: Path) -> list[tuple[str, str, tuple[str, ...], list[str]]]:
    return [(p.label, p.text, p.section, p.footnotes) for p in read_document(path).paragraphs]


@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
@pytest.mark.parametrize("seed", WRITTEN)
def test_written_document_parses_exactly_like_its_source_text(made, seed, suffix):
    source = read_document(SEEDS / f"{seed}.txt")
    written = read_document(made / f"{seed}{suffix}")
    assert units(made / f"{seed}{suffix}") == units(SEEDS / f"{seed}.txt")
    assert [p.marks for p in written.paragraphs] == [p.marks for p in source.paragraphs]
    assert (written.title, written.date, written.session, written.place, written.agenda_item) == (
        source.title,
        source.date,
        source.session,
        source.place,
        source.agenda_item,
    )


def test_word_tables_go_with_their_paragraph_and_a_header_table_gives_the_metadata(made, tmp_path):
    rows = [("国家", "呈件"), ("中国", "3"), ("法国", "2")]
    path = with_tables(made / f"{WRITTEN[0]}.docx", tmp_path / "tables.docx", 6, "9. ", rows)
    source, tables = read_document(SEEDS / f"{WRITTEN[0]}.txt"), read_document(path)
    assert (tables.title, tables.date, tables.session) == (source.title, source.date, source.session)
    assert tables.paragraph("9").text == source.paragraph("9").text + "\n| 国家 | 呈件 |\n| 中国 | 3 |\n| 法国 | 2 |"
    assert [(p.label, p.section) for p in tables.paragraphs] == [(p.label, p.section) for p in source.paragraphs]
    assert tables.paragraph("10").text == source.paragraph("10").text


@pytest.mark.integration  # LibreOffice makes the PDF
def test_pdf_tables_become_rows_and_a_first_page_table_gives_the_metadata(tmp_path):
    """A UN-like first page (header block in a two-column table, symbol at the top of each page) and
    a bordered table after paragraph 9."""
    rows = [("国家", "呈件"), ("中国", "3"), ("法国", "2")]
    docx = write_docx(read_seed(SEEDS / f"{WRITTEN[0]}.txt"), tmp_path / "plain.docx", running_head=SYMBOL)
    pdf = docx_to_pdf(with_tables(docx, tmp_path / "un-like.docx", 6, "9. ", rows), tmp_path)
    source, got = read_document(SEEDS / f"{WRITTEN[0]}.txt"), read_document(pdf)
    assert (got.title, got.date, got.session, got.symbol) == (source.title, source.date, source.session, SYMBOL)
    assert [p.label for p in got.paragraphs] == [p.label for p in source.paragraphs]
    for mine, theirs in zip(got.paragraphs, source.paragraphs, strict=True):
        table = "\n| 国家 | 呈件 |\n| 中国 | 3 |\n| 法国 | 2 |" if theirs.label == "9" else ""
        assert without_wrap_spaces(mine.text) == without_wrap_spaces(theirs.text + table), theirs.citation


def test_automatic_paragraph_numbers_of_word_are_read_as_printed(made):
    assert units(made / "auto-numbered.docx") == units(SEEDS / f"{WRITTEN[0]}.txt")


@pytest.mark.parametrize("seed", AS_PDF)
def test_pdf_parses_like_its_source_text(made, seed):
    source = read_document(SEEDS / f"{seed}.txt")
    pdf = read_document(made / f"{seed}.pdf")
    assert [p.label for p in pdf.paragraphs] == [p.label for p in source.paragraphs]
    for got, want in zip(pdf.paragraphs, source.paragraphs, strict=True):
        assert without_wrap_spaces(got.text) == without_wrap_spaces(want.text), want.citation
        assert [without_wrap_spaces(n) for n in got.footnotes] == [without_wrap_spaces(n) for n in want.footnotes]
        assert got.section == want.section
        assert RUNNING_HEAD not in got.text and not re.search(r"\d+/\d+\s*$", got.text)
    assert (pdf.title, pdf.date, pdf.session) == (source.title, source.date, source.session)


def test_pdf_footnote_marks_are_found_and_taken_out_of_the_text(made):
    pdf = read_document(made / f"{AS_PDF[0]}.pdf")
    para = pdf.paragraph("4")
    assert para.footnotes == ("www.unodc.org/unodc/en/corruption/WG-Prevention/working-group-on-prevention.html。",)
    assert "网站提供" in para.text and [mark for mark, _ in para.marks] == ["1"]


def test_symbol_in_the_pdf_page_header_is_the_citation(made):
    doc = read_document(made / "symbol" / "with-symbol.pdf")
    assert doc.symbol == SYMBOL
    assert doc.paragraph("2").citation == f"{SYMBOL}，第2段"
    assert all(SYMBOL not in p.text for p in doc.paragraphs)


def test_scanned_pdf_is_reported_not_indexed_as_empty(tmp_path):
    scanned_pdf(tmp_path / "scan.pdf")
    shutil.copy(SEEDS / f"{WRITTEN[0]}.txt", tmp_path)
    with pytest.raises(UnreadableFile, match=r"scanned PDF.*no text layer"):
        read_document(tmp_path / "scan.pdf")
    corpus = Corpus.from_dir(tmp_path)
    assert [d.id for d in corpus.documents] == [WRITTEN[0]]
    assert [(s.path.name, "scanned" in s.reason) for s in corpus.skipped] == [("scan.pdf", True)]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("broken.pdf", b"%PDF-1.7\nthis is not really a PDF", "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip archive", "not a readable Word document"),
        ("empty.md", b"", "empty file"),
        ("binary.html", bytes(range(256)) * 4, "binary"),
        ("nothing.html", b"<html><body><script>var a = 1;</script></body></html>", "no text paragraphs"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(tmp_path / name)


def test_a_text_whose_every_line_reads_as_a_heading_is_indexed_line_by_line(tmp_path):
    """Notes without full stops were refused as having no text paragraphs: every line read as a title or a
    heading. Each line is now a paragraph, and the first is still the title."""
    (tmp_path / "notes.txt").write_text("资产追回\n技术援助\n", encoding="utf-8")
    doc = read_document(tmp_path / "notes.txt")
    assert doc.title == "资产追回"
    assert [(p.label, p.text) for p in doc.paragraphs] == [("正文", "资产追回"), ("正文（2）", "技术援助")]
    (tmp_path / "terms.md").write_text("# Asset recovery\n\nTechnical assistance\n\n## Mutual legal assistance\n")
    assert [p.text for p in read_document(tmp_path / "terms.md").paragraphs] == [
        "Asset recovery",
        "Technical assistance",
        "Mutual legal assistance",
    ]
    (tmp_path / "draft.md").write_text("---\ntitle: Draft\n---\n")  # was "not readable HTML: Document is empty"
    assert [p.text for p in read_document(tmp_path / "draft.md").paragraphs] == ["Draft"]


def test_encrypted_pdf_asks_for_a_password(made, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(made / f"{AS_PDF[0]}.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_document(tmp_path / "locked.pdf")


def test_markdown_and_html_details(tmp_path):
    (tmp_path / "note.md").write_text(
        "# 说明\n\n一. 背景\n\n1. 第一段，见[链接](http://example.org)和 `代码`。[^a]\n\n"
        "2. 第二段：\n\n   - 甲；\n   - 乙。\n\n| 国家 | 年份 |\n|---|---|\n| 中国 | 2020 |\n\n[^a]: 注释正文。\n",
        encoding="utf-8",
    )
    doc = read_document(tmp_path / "note.md")
    para = doc.paragraph("1")
    assert para.text == "第一段，见链接和 代码。" and para.footnotes == ("注释正文。",)
    assert para.section == ("一. 背景",)
    assert doc.paragraph("2").text == "第二段：\n- 甲；\n- 乙。\n| 国家 | 年份 |\n| 中国 | 2020 |"
    (tmp_path / "page.html").write_text(
        "<html><head><title>t</title><style>p{}</style></head><body><nav>菜单</nav>"
        "<h2>二. 进展</h2><ol><li>第一段\n内容。</li><li value='2'>第二段<sup>[1]</sup>。</li></ol>"
        "<div id='ftn1'><ol><li id='_ftn1'>脚注一。</li></ol></div><footer>版权</footer></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "saved.html").write_text(
        "<html><body><header><a href='/'>UN</a> 首页 | 文件</header><main><h1>会议报告</h1>"
        "<p>1. 正文第一段。</p></main><div class='sidebar'>相关链接</div></body></html>",
        encoding="utf-8",
    )
    saved = read_document(tmp_path / "saved.html")
    assert saved.title == "会议报告" and [(p.label, p.text) for p in saved.paragraphs] == [("1", "正文第一段。")]
    (tmp_path / "front.md").write_text("---\ntitle: 笔记标题\ntags: [a]\n---\n\n1. 第一段。\n", encoding="utf-8")
    front = read_document(tmp_path / "front.md")
    assert front.title == "笔记标题" and [(p.label, p.text) for p in front.paragraphs] == [("1", "第一段。")]
    page = read_document(tmp_path / "page.html")
    assert [(p.label, p.text, p.footnotes) for p in page.paragraphs] == [
        ("1", "第一段内容。", ()),
        ("2", "第二段。", ("脚注一。",)),
    ]


@pytest.mark.integration  # LibreOffice makes the PDF
def test_one_page_pdf_with_short_paragraphs(tmp_path):
    doc = read_document(penguin_report(tmp_path))
    assert [(p.label, p.text, p.footnotes, p.section) for p in doc.paragraphs] == [
        ("1", "南极企鹅监测项目在 2024 年完成了第三次普查。", ("见企鹅年报。",), ("一. 企鹅",)),
        ("2", "帝企鹅的数量保持稳定。", (), ("一. 企鹅",)),
    ]
    assert doc.title == "关于企鹅保护的测试报告"


def test_extracted_text_is_cached_by_content(made, tmp_path, monkeypatch):
    from assistant.ingest.readers import READERS

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(made / f"{AS_PDF[0]}.pdf", folder)
    shutil.copy(made / f"{WRITTEN[2]}.docx", folder)
    first = Corpus.from_dir(folder, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "texts").iterdir())) == 2

    read_again = []

    def must_not_read(path):
        read_again.append(path.name)
        raise AssertionError(f"{path.name} was read again")

    monkeypatch.setitem(READERS, ".pdf", must_not_read)
    monkeypatch.setitem(READERS, ".docx", must_not_read)
    again = Corpus.from_dir(folder, cache_dir=tmp_path / "cache")
    assert read_again == []
    assert [(p.key, p.text, p.footnotes) for p in again.paragraphs] == [
        (p.key, p.text, p.footnotes) for p in first.paragraphs
    ]
    shutil.copy(made / f"{AS_PDF[1]}.pdf", folder / f"{AS_PDF[0]}.pdf")  # same name, other content
    with pytest.raises(UnreadableFile, match="reader failed"):  # the reader was called
        read_document(folder / f"{AS_PDF[0]}.pdf", cache_dir=tmp_path / "cache")
    assert read_again == [f"{AS_PDF[0]}.pdf"]


def test_pdf_without_space_glyphs_keeps_its_word_spaces(tmp_path):
    pdf = pdf_without_spaces(
        tmp_path / "latin.pdf",
        [
            "Report of the Working Group on Prevention",
            "I. Introduction",
            "1. The Conference of the States Parties adopted resolution 8/8 (2019).",
            "2. It asked the secretariat to report on its implementation.",
        ],
    )
    doc = read_document(pdf)
    assert doc.title == "Report of the Working Group on Prevention"
    assert [(p.label, p.text, p.section) for p in doc.paragraphs] == [
        ("1", "The Conference of the States Parties adopted resolution 8/8 (2019).", ("I. Introduction",)),
        ("2", "It asked the secretariat to report on its implementation.", ("I. Introduction",)),
    ]
