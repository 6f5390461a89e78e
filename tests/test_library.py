"""Managing the documents of a corpus folder: remove, replace, edit the catalog; each change whole, inside the folder,
and searchable after an incremental update. Error codes the web page translates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant import Corpus, RefusedFile, UnreadableFile
from assistant.ingest.catalog import load_catalog
from assistant.ingest.library import (
    catalog_entry,
    describe,
    document_language,
    remove_document,
    replace_document,
    set_metadata,
)

from .support import ROOT, SEEDS

REPORT = "斑马保护测试报告\n\n1. 斑马研究所在 2019 年统计了草原上的斑马。\n\n2. 第二段。\n"
CATALOG = """# kept: a comment of the librarian
["zebra.txt"]
url = "https://example.org/zebra"  # and this one

["other.txt"]
symbol = "OTHER/1"
"""


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zebra.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "other.txt").write_text("另一份报告\n\n1. 其他内容。\n", encoding="utf-8")
    (corpus / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(REPORT, encoding="utf-8")
    return corpus


def test_metadata_is_written_to_the_catalog_keeping_its_comments_and_other_entries(folder):
    entry = set_metadata(folder, "zebra.txt", symbol="ZEBRA/2019/1", date="2019-05-04", title="  斑马  报告 ")
    assert entry == {"url": "https://example.org/zebra", "symbol": "ZEBRA/2019/1", "date": dt.date(2019, 5, 4),
                     "title": "斑马 报告"}  # fmt: skip
    text = (folder / "catalog.toml").read_text(encoding="utf-8")
    assert "# kept: a comment of the librarian" in text and "# and this one" in text
    for written in ("2019年5月4日", "2019/5/4", " 2019.05.04 "):  # as people write dates
        assert set_metadata(folder, "zebra.txt", date=written)["date"] == dt.date(2019, 5, 4), written
    assert load_catalog(folder)["other.txt"] == {"symbol": "OTHER/1"}
    doc = Corpus.from_dir(folder).document("zebra")
    assert (doc.symbol, doc.date, doc.title) == ("ZEBRA/2019/1", dt.date(2019, 5, 4), "斑马 报告")
    assert doc.paragraphs[0].citation == "ZEBRA/2019/1，第1段"

    set_metadata(folder, "zebra.txt", symbol="", title=None)  # removed: the document's own metadata again
    assert catalog_entry(folder, "zebra.txt") == {"url": "https://example.org/zebra", "date": dt.date(2019, 5, 4)}
    assert Corpus.from_dir(folder).document("zebra").title == "斑马保护测试报告"
    assert not list(folder.glob(".*.part"))


def test_bad_metadata_and_paths_outside_the_corpus_are_refused_with_a_code(folder):
    before = (folder / "catalog.toml").read_bytes()
    cases = [
        (lambda: set_metadata(folder, "zebra.txt", date="May 2019"), "bad_date"),
        (lambda: set_metadata(folder, "zebra.txt", date="2024-13-45"), "no_such_date"),
        (lambda: set_metadata(folder, "zebra.txt", place="Vienna"), "bad_field"),
        (lambda: set_metadata(folder, "../outside.txt", symbol="X"), "outside_corpus"),
        (lambda: remove_document(folder, "../outside.txt"), "outside_corpus"),
        (lambda: remove_document(folder, str(folder.parent / "outside.txt")), "outside_corpus"),
        (lambda: remove_document(folder, "catalog.toml"), "outside_corpus"),
        (lambda: remove_document(folder, "missing.txt"), "no_such_document"),
    ]
    for call, code in cases:
        with pytest.raises(RefusedFile) as refused:
            call()
        assert refused.value.code == code
    assert (folder / "catalog.toml").read_bytes() == before
    assert (folder.parent / "outside.txt").exists()


def test_removing_a_document_deletes_its_file_and_its_catalog_entry(folder):
    set_metadata(folder, "zebra.txt", symbol="ZEBRA/2019/1")
    remove_document(folder, "zebra.txt")
    assert not (folder / "zebra.txt").exists()
    assert "zebra.txt" not in load_catalog(folder) and load_catalog(folder)["other.txt"] == {"symbol": "OTHER/1"}
    assert [d.id for d in Corpus.from_dir(folder).documents] == ["other"]


def test_replacing_a_document_keeps_its_name_takes_the_new_type_and_moves_its_catalog_entry(folder, tmp_path):
    new = tmp_path / "zebra-v2.md"
    new.write_text("# 斑马保护测试报告（修订）\n\n1. 斑马研究所在 2024 年重新统计了草原上的斑马。\n", encoding="utf-8")
    added = replace_document(folder, "zebra.txt", new)
    assert added.path == folder / "zebra.md" and not (folder / "zebra.txt").exists()
    assert (folder / "zebra.md").read_bytes() == new.read_bytes()
    assert load_catalog(folder)["zebra.md"] == {"url": "https://example.org/zebra"}
    assert "zebra.txt" not in load_catalog(folder)
    doc = Corpus.from_dir(folder).document("zebra")
    assert "2024 年重新统计" in doc.paragraphs[0].text


def test_a_replacement_that_cannot_be_used_leaves_the_folder_as_it_was(folder, tmp_path):
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "big.txt").write_text("1. 文字。\n" * 1000, encoding="utf-8")
    with pytest.raises(UnreadableFile) as unreadable:
        replace_document(folder, "zebra.txt", tmp_path / "empty.txt")
    assert unreadable.value.code == "empty_file"
    with pytest.raises(RefusedFile) as refused:
        replace_document(folder, "zebra.txt", tmp_path / "sheet.xlsx")
    assert refused.value.code == "unsupported_type" and refused.value.details["suffix"] == ".xlsx"
    with pytest.raises(RefusedFile) as refused:
        replace_document(folder, "zebra.txt", tmp_path / "big.txt", max_bytes=1000)
    assert refused.value.code == "too_large" and str(refused.value) == "file too large (13 KB); the limit is 1 KB"
    assert refused.value.details == {"size": "13 KB", "limit": "1 KB", "count": 13_000, "most": 1000, "unit": "bytes"}
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_document_list_says_title_symbol_date_language_and_paragraphs(folder):
    (folder / "english.md").write_text(
        "# Report on zebras\n\n1. The institute counted the zebras of the plains in 2019.\n", encoding="utf-8"
    )
    infos = {i.id: i for i in map(describe, Corpus.from_dir(folder).documents)}
    assert (infos["zebra"].title, infos["zebra"].language, infos["zebra"].paragraphs) == ("斑马保护测试报告", "zh", 2)
    assert infos["other"].symbol == "OTHER/1" and infos["english"].language == "en"
    assert {document_language(d) for d in Corpus.from_dir(SEEDS).documents} == {"zh"}


def test_every_error_code_raised_has_a_chinese_and_an_english_text():
    from assistant.web.strings import ERRORS, error_text

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "assistant").rglob("*.py"))
    raised = set(re.findall(r'code="(\w+)"', source)) | set(re.findall(r'^    code = "(\w+)"', source, re.M))
    assert {"empty_question", "scanned_pdf", "too_large", "outside_corpus"} <= raised
    for lang in ("zh", "en"):
        assert raised <= set(ERRORS[lang]), sorted(raised - set(ERRORS[lang]))
    assert error_text("zh", "too_large", {"size": "2.0 MB", "limit": "1.0 MB"}) == "文件太大（2.0 MB），上限为 1.0 MB"
    assert error_text("en", "scanned_pdf", {"pages": 3}).startswith("scanned PDF: 3 page(s)")
    assert error_text("zh", "scanned_pdf") == "出现错误"  # details missing: the general sentence, no crash


@pytest.mark.slow
def test_assistant_manages_documents_and_each_change_is_searchable_after_reindex(index_copy, encoder, tmp_path):
    from assistant import Assistant

    corpus = index_copy / "corpus"
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    doc_id = "002_1b4b291f324d38bd"

    a.set_metadata(doc_id, date="2017-08-30", title="预防腐败后续行动报告")
    assert a.is_stale()
    a.reindex(progress=False)
    assert a.catalog_entry(doc_id) == {"date": dt.date(2017, 8, 30), "title": "预防腐败后续行动报告"}
    assert a.corpus.document(doc_id).year == 2017
    assert {h.document.id for h in a.search("小岛屿国家", k=20, years=[2017])} == {doc_id}

    new = tmp_path / "new.md"
    new.write_text("# 新版本\n\n1. 斑马研究所在 2024 年重新统计了草原上的斑马。\n", encoding="utf-8")
    a.replace_document("003_d1494f5805fa1413", new)
    report = a.reindex(progress=False)
    assert (report.changed, report.removed) == (1, 54)  # paragraph 1 changed, 2-55 gone
    assert a.search("斑马统计", k=1)[0].paragraph.key == "003_d1494f5805fa1413#1"

    a.remove_document("003_d1494f5805fa1413")
    a.reindex(progress=False)
    assert "003_d1494f5805fa1413" not in {d.id for d in a.documents}
    with pytest.raises(RefusedFile) as refused:
        a.remove_document("003_d1494f5805fa1413")
    assert refused.value.code == "no_such_document"
