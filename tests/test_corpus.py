"""The seed corpus parses into exactly-cited paragraphs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil

import pytest

EXPECTED_NUMBERED = {
    "000_f8be4dd885aa960f": 98,
    "001_b632c6f20b3b1be5": 162,
    "002_1b4b291f324d38bd": 91,
    "003_d1494f5805fa1413": 53,
    "004_b3e6555703f58ac3": 63,
}


def squash(text: str) -> str:
    return "".join(text.split())


def test_every_seed_document_is_read(corpus):
    assert sorted(d.id for d in corpus.documents) == sorted(EXPECTED_NUMBERED)
    assert corpus.skipped == []


@pytest.mark.parametrize("doc_id", sorted(EXPECTED_NUMBERED))
def test_numbered_paragraphs_run_one_to_n(corpus, doc_id):
    doc = corpus.document(doc_id)
    numbers = [int(p.label) for p in doc.paragraphs if p.label.isdigit()]
    assert numbers == list(range(1, EXPECTED_NUMBERED[doc_id] + 1))


def test_every_gold_snippet_lies_in_exactly_its_paragraph(corpus, dev_questions):
    units = [(p.doc_id, p.label, squash(p.search_text)) for p in corpus.paragraphs]
    checked = 0
    for q in dev_questions:
        for gold in q["gold"]:
            snippet = squash(gold["snippet"])
            found = [(doc, label) for doc, label, text in units if snippet in text]
            assert found == [(gold["doc"].removesuffix(".txt"), gold["para"])], (q["id"], gold)
            checked += 1
    assert checked >= 40


FURNITURE = re.compile(r"undocs\.org|V\.\d{2}-\d{5}|_{4,}|^\s*\d+/\d+\s*$|CAC/COSP/2017/4\s*$", re.M)


def test_no_page_furniture_or_footnote_body_in_paragraph_text(corpus):
    for para in corpus.paragraphs:
        assert not FURNITURE.search(para.text), (para.citation, para.text)
        for note in para.footnotes:
            assert squash(note)[:12] not in squash(para.text), para.citation
        assert not re.search(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]", para.text)


def test_pdf_text_is_rejoined_without_spaces_inside_chinese(corpus):
    doc = corpus.document("002_1b4b291f324d38bd")
    p1 = doc.paragraph("1").text
    assert "联合国反腐败公约缔约国会议第六届会议" in p1
    assert "\n" not in p1
    # paragraph 70 continues after a footnote block and a page break
    assert doc.paragraph("70").text.endswith("20国集团高级别原则提供资料。")
    # footnote marks glued to the text are taken out and recorded
    assert "科索沃、老挝" in doc.paragraph("10").text
    assert doc.paragraph("10").footnotes == ("本文件凡有提及科索沃，均应按照安全理事会第 1244 (1999)号决议理解。",)
    assert ("2", doc.paragraph("10").text.index("、老挝")) in doc.paragraph("10").marks


def test_latin_words_keep_their_space_when_rejoined(corpus):
    text = corpus.document("002_1b4b291f324d38bd").paragraph("4").text
    assert "CAC/COSP/WG.4/2016/3 号" in text


def test_footnotes_attach_to_the_paragraph_with_their_mark(corpus):
    doc = corpus.document("000_f8be4dd885aa960f")
    p4 = doc.paragraph("4")
    assert p4.footnotes == ("www.unodc.org/unodc/en/corruption/WG-Prevention/working-group-on-prevention.html。",)
    assert "专题网站提供" in p4.text
    # a paragraph interrupted by a footnote continues after it
    assert "支持秘鲁起草实施预防模式的指导方针" in doc.paragraph("7").text


def test_footnote_on_the_title_is_its_own_unit(corpus):
    doc = corpus.document("003_d1494f5805fa1413")
    labels = [p.label for p in doc.paragraphs]
    assert "脚注*" in labels and "脚注**" in labels
    assert doc.paragraph("脚注*").text == "CAC/COSP/WG.4/2020/1。"
    assert "*" not in doc.title


def test_unnumbered_summary_is_a_unit(corpus):
    doc = corpus.document("001_b632c6f20b3b1be5")
    summary = doc.paragraph("摘要")
    assert summary.text.startswith("本报告概述了")
    assert summary.section == ("摘要",)


def test_section_trails(corpus):
    doc = corpus.document("000_f8be4dd885aa960f")
    assert doc.paragraph("5").section == (
        "二. 第 8/7、8/8、8/11、8/12 和 8/14 号决议的最新执行情况",
        "B. 支持反腐败法律框架和政策框架",
        "1. 支持起草侧重于预反腐败条款的法律",
    )
    assert doc.paragraph("12").section[-1] == "(b) 透明度措施"
    # numbered sub-headings are not paragraphs
    assert not any(p.text.startswith("支持起草侧重于") for p in doc.paragraphs)
    assert corpus.document("004_b3e6555703f58ac3").paragraph("36").section == (
        "六. 技术援助",
        "关于《公约》第五章的专题小组讨论",
    )


def test_list_items_stay_in_their_paragraph(corpus):
    text = corpus.document("000_f8be4dd885aa960f").paragraph("91").text
    assert text.count("\n(") == 5 and text.endswith("一项联合举措。")


def test_markdown_links_keep_visible_text(corpus):
    text = corpus.document("004_b3e6555703f58ac3").paragraph("4").text
    assert "（CAC/COSP/IRG/2022/1/Add.2）" in text and "](#)" not in text


def test_header_metadata(corpus):
    doc = corpus.document("000_f8be4dd885aa960f")
    assert doc.title == "关于预防腐败的缔约国会议第 8/7、8/8、8/11、8/12 和 8/14 号决议的执行情况"
    assert doc.doc_type == "秘书处的报告"
    assert doc.date == dt.date(2021, 10, 4)
    assert doc.session == "第九届会议"
    assert doc.place == "埃及沙姆沙伊赫"
    assert doc.agenda_item == "4"
    meeting = corpus.document("004_b3e6555703f58ac3")
    assert meeting.doc_type == "会议报告" and meeting.date == dt.date(2023, 1, 30)
    pdf = corpus.document("002_1b4b291f324d38bd")
    assert pdf.symbol == "CAC/COSP/2017/4"
    assert pdf.doc_type == "秘书处编写的背景文件"
    assert pdf.title == "缔约国会议题为“《马拉喀什预防腐败宣言》后续行动”的第 6/6 号决议实施情况"
    wg = corpus.document("003_d1494f5805fa1413")
    assert wg.session == "预防腐败问题不限成员名额政府间工作组"


def test_citations(corpus):
    assert corpus.document("002_1b4b291f324d38bd").paragraph("12").citation == "CAC/COSP/2017/4，第12段"
    assert corpus.document("000_f8be4dd885aa960f").paragraph("12").citation == (
        "《关于预防腐败的缔约国会议第 8/7、8/8、8/11、8/12 和 8/14 号决议的执行情况》（2021年10月4日），第12段"
    )
    assert corpus.document("001_b632c6f20b3b1be5").paragraph("摘要").citation.endswith("，摘要")


def test_a_corpus_read_again_comes_from_the_parse_cache_equal_to_a_fresh_parse(corpus, tmp_path, monkeypatch):
    from assistant import Corpus
    from assistant.ingest import corpus as reading

    shutil.copytree(corpus.root, tmp_path / "seeds", ignore=shutil.ignore_patterns(".*"))
    first = Corpus.from_dir(tmp_path / "seeds", cache_dir=tmp_path / "cache")
    assert first.documents == [dataclasses.replace(d, path=tmp_path / "seeds" / d.path.name) for d in corpus.documents]
    assert any(p.marks for p in first.paragraphs) and any(p.footnotes for p in first.paragraphs)

    def no_parsing(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(reading, "parse_document", no_parsing)
    again = Corpus.from_dir(tmp_path / "seeds", cache_dir=tmp_path / "cache")
    assert again.documents == first.documents
    # what a document's paragraphs share is held once, as in a fresh parse (a million copies are ~300 MB)
    for doc in again.documents:
        assert len({id(p.doc_id) for p in doc.paragraphs}) == 1
        assert len({id(p.section) for p in doc.paragraphs}) == len({p.section for p in doc.paragraphs})


def test_a_catalog_entry_or_a_damaged_cache_file_parses_the_document_again(tmp_path):
    from assistant import Corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "note.txt").write_text("Note on whistle-blowers\n\n1. States protect reporting persons.\n", "utf-8")
    cache = tmp_path / "cache"
    assert Corpus.from_dir(folder, cache_dir=cache).documents[0].title == "Note on whistle-blowers"
    (folder / "catalog.toml").write_text('["note.txt"]\ntitle = "Protection of reporting persons"\n', "utf-8")
    assert Corpus.from_dir(folder, cache_dir=cache).documents[0].title == "Protection of reporting persons"
    for stored in (cache / "documents").glob("*.json"):
        stored.write_text('{"title": ', encoding="utf-8")
    again = Corpus.from_dir(folder, cache_dir=cache).documents[0]
    assert again.title == "Protection of reporting persons" and again.paragraphs[0].label == "1"
