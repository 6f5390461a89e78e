"""The web page's views as pure functions over the seed corpus: exports, filters, the whole-document page, the
conversation's markup. Fast: no model, no server, no browser."""

from __future__ import annotations

import csv
import io

import pytest
from markdown_it import MarkdownIt

from assistant import Corpus
from assistant.ingest.documents import Paragraph
from assistant.web.conversation import UNDATED, Filters, document_choices, year_choices
from assistant.web.export import csv_text, items_for, markdown
from assistant.web.render import citation_text, document_html, unit_label

from .support import SEEDS

UNDATED_DOC = "002_1b4b291f324d38bd"


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return Corpus.from_dir(SEEDS)


def test_the_citation_copied_and_exported_is_made_in_one_place(seeds):
    doc = seeds.document(UNDATED_DOC)
    para = doc.paragraph("28")
    # The citation follows the reader's language, as the UN cites in each (issue 14).
    assert citation_text(doc, para, "zh") == para.citation == "CAC/COSP/2017/4，第28段"
    assert citation_text(doc, para, "en") == "CAC/COSP/2017/4, para. 28"
    assert (unit_label(para, "zh"), unit_label(para, "en")) == ("第28段", "para. 28")
    note = next(p for p in doc.paragraphs if p.kind == "footnote")  # labelled 脚注* by the parser
    assert (unit_label(note, "zh"), unit_label(note, "en")) == (f"脚注{note.number}", f"footnote {note.number}")
    assert f"<b>footnote {note.number}.</b>" in document_html(doc, "en") and "脚注" not in document_html(doc, "en")


def test_markdown_export_shows_markup_in_a_paragraph_as_the_verbatim_text(seeds):
    doc = seeds.document(UNDATED_DOC)
    para = doc.paragraph("28")
    tricky = Paragraph(doc.id, "28", "1. <script>x()</script> *a* [b](c) # d\n- e & f", (), (), para.citation)
    doc_copy = type(doc)(**{**doc.__dict__, "paragraphs": [tricky]})

    class One:
        def document(self, _):
            return doc_copy

    items = items_for([f"{doc.id}#28"], One(), "http://host/")
    rendered = MarkdownIt("commonmark").render(markdown(items, "问题 <b>", "zh"))
    assert "<script>" not in rendered and "<b>" not in rendered and "<em>" not in rendered
    assert rendered.count("<a ") == 1  # the permanent link, nothing made from the text
    assert "&lt;script&gt;x()&lt;/script&gt; *a* [b](c) # d" in rendered and "- e &amp; f" in rendered
    assert "http://host/doc/002_1b4b291f324d38bd#p-28" in rendered


def test_csv_export_keeps_text_and_disarms_formulas(seeds):
    items = items_for([f"{UNDATED_DOC}#28", "nope#1", f"{UNDATED_DOC}#999"], seeds, "http://host/")
    assert len(items) == 1  # unknown documents and paragraphs are left out
    rows = list(csv.DictReader(io.StringIO(csv_text(items, "zh").lstrip("\ufeff"))))
    assert rows[0]["text"] == seeds.document(UNDATED_DOC).paragraph("28").text
    doc = seeds.document(UNDATED_DOC)
    formula = Paragraph(doc.id, "28", "=HYPERLINK(1)", (), (), "=cite")
    doc_copy = type(doc)(**{**doc.__dict__, "paragraphs": [formula], "symbol": "=cite"})

    class One:
        def document(self, _):
            return doc_copy

    row = next(csv.DictReader(io.StringIO(csv_text(items_for([f"{doc.id}#28"], One(), "h/"), "zh").lstrip("\ufeff"))))
    assert row["text"] == "'=HYPERLINK(1)" and row["citation"].startswith("'=cite")
    assert row["symbol"] == "'=cite"


def test_undated_documents_can_be_chosen_and_a_year_filter_names_what_it_keeps(seeds):
    docs = seeds.documents
    assert year_choices(docs, "zh")[-1] == ("无日期", UNDATED)
    assert [v for _, v in year_choices(docs, "en")][:2] == ["2023", "2021"]
    assert Filters.of(None, [UNDATED]).document_ids(docs) == [UNDATED_DOC]
    assert set(Filters.of(None, ["2023", UNDATED]).document_ids(docs)) == {
        UNDATED_DOC, "001_b632c6f20b3b1be5", "004_b3e6555703f58ac3"
    }  # fmt: skip
    assert Filters.of([UNDATED_DOC], ["2023"]).document_ids(docs) == []
    assert Filters().document_ids(docs) is None
    labels = dict((v, k) for k, v in document_choices(docs, "zh"))
    assert labels[UNDATED_DOC].startswith("CAC/COSP/2017/4 · 缔约国会议") and labels[UNDATED_DOC].endswith("(无日期)")
    assert labels["004_b3e6555703f58ac3"].endswith("第十三届会议第二次续会的报告 (2023年1月30日)")


def test_whole_document_page_is_in_the_interface_language_and_fits_a_phone(seeds):
    doc = seeds.document("000_f8be4dd885aa960f")
    english, chinese = document_html(doc, "en"), document_html(doc, "zh")
    for page in (english, chinese):
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert '<main lang="zh">' in page and 'id="p-9"' in page
    assert '<html lang="en">' in english and "Original file: 000_f8be4dd885aa960f.txt" in english
    assert "4 October 2021" in english and "2021年10月4日" in chinese and "原文件" in chinese


def test_a_hit_shows_its_level_and_the_key_terms_it_lacks_escaped(seeds):
    from assistant.search.records import Hit
    from assistant.search.relevance import PARTIAL, Judgement
    from assistant.text.keyterms import YEAR, KeyTerm
    from assistant.web.render import hit_html

    doc = seeds.document(UNDATED_DOC)
    para = doc.paragraph("28")
    lacking = (KeyTerm("2024年", ("2024",), YEAR, hard=True), KeyTerm("<b>x</b>", ("x",), "name"))
    hit = Hit(1, para, doc, 1.0, 0.9, Judgement(lacking, 0.4, False, PARTIAL))
    zh, en = hit_html(hit, [para], "zh", 0), hit_html(hit, [para], "en", 0)
    assert "未包含：<s>2024年</s>、<s>&lt;b&gt;x&lt;/b&gt;</s>" in zh and "部分相关" in zh
    assert "Missing: <s>2024年</s>, " in en and "Partial match" in en
    assert "hit-rel" not in zh  # no bar scaled to the first hit
    assert "未包含" not in hit_html(Hit(1, para, doc, 1.0, 0.9, Judgement((), 1.0, True, "strong")), [para], "zh", 0)


def test_a_hit_links_the_same_paragraph_in_the_other_language_versions(tmp_path, encoder):
    from assistant import Assistant
    from assistant.web.conversation import ask
    from assistant.web.render import answer_html

    from .test_un_documents import RESOLUTION, RESOLUTION_RU

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "res-en.txt").write_text(RESOLUTION, encoding="utf-8")
    (corpus / "res-ru.txt").write_text(RESOLUTION_RU, encoding="utf-8")
    assistant = Assistant.open(corpus, index_dir=tmp_path / "index", encoder=encoder, progress=False)
    exchange = ask(assistant, "Requests the Secretary-General to submit a report", k=1)
    hit = exchange.turn.hits[0]
    assert (hit.document.id, hit.paragraph.label) == ("res-en", "2")
    page = answer_html(exchange, 0, "en")
    assert '<a class="version" href="doc/res-ru?lang=en#p-2"' in page and ">In Russian</a>" in page
    assert ">俄文本</a>" in answer_html(exchange, 0, "zh")
    assert exchange.versions[0] == [("ru", assistant.corpus.document("res-ru").paragraph("2"))]


def test_english_counts_agree_with_their_nouns_and_chinese_is_unchanged():
    from assistant.web.strings import text

    assert text("en", "in_documents", docs=1) == " (from 1 document)"
    assert text("en", "in_documents", docs=3) == " (from 3 documents)"
    assert (
        text("en", "found", n=1) + text("en", "in_documents", docs=1) == "Found 1 relevant paragraph (from 1 document)"
    )
    assert text("en", "found", n=5) == "Found 5 relevant paragraphs"
    counts = {"changed": 0, "removed": 0, "unchanged": 476}
    assert text("en", "updated", added=1, **counts).startswith("Index updated: 1 paragraph added, 0 changed")
    assert text("en", "updated", added=2, **counts).startswith("Index updated: 2 paragraphs added, 0 changed")
    assert text("en", "ready", docs=1, paras=1) == "Ready: 1 document, 1 paragraph."
    assert text("en", "added", file="a.pdf", paras=1) == "Added a.pdf (1 paragraph)."
    assert text("en", "replaced", name="a.txt", file="a.md", paras=2) == "Replaced a.txt with a.md (2 paragraphs)."
    assert text("zh", "in_documents", docs=1) == "（来自 1 个文件）"
    assert text("zh", "updated", added=1, **counts) == "索引已更新：新增 1 段，修改 0 段，删除 0 段，未变 476 段。"


def test_a_size_refused_by_the_reading_limits_is_said_in_the_interface_language():
    from assistant.ingest.limits import too_large
    from assistant.web.strings import exception_text

    refused = too_large("characters", 4_100_000, 4_000_000)
    assert exception_text("zh", refused) == "文件太大（4,100,000 个字符），上限为 4,000,000 个字符"
    assert exception_text("en", refused) == "file too large (4,100,000 characters); the limit is 4,000,000 characters"
    assert exception_text("zh", too_large("bytes", 3 * 2**20, 2**20)) == "文件太大（3 MB），上限为 1 MB"


def test_indexing_progress_counts_texts_embedded_not_paragraphs(tmp_path):
    from assistant.settings import Settings
    from assistant.web.worker import Engine

    engine = Engine(Settings.resolve({"corpus": tmp_path}, environ={}))
    engine.progress = (700, 1437)  # the seeds' 477 paragraphs are 1,437 texts: each whole, its sentences, footnotes
    line, _, _ = engine.status("zh")
    assert line == "正在建立索引：已编码 700/1437 条文本（段落、其中的句子和脚注）…" and "段已嵌入" not in line
    assert engine.status("en")[0].startswith("Building the index: 700/1437 texts embedded (paragraphs, their")


def test_a_symbol_or_punctuation_is_not_told_its_english_words_matched_nothing(assistant):
    from assistant.web.conversation import ask
    from assistant.web.render import answer_html
    from assistant.web.strings import text

    for query in ("CAC/COSP/2017/4", "？？？"):
        exchange = ask(assistant, query, k=1)
        assert exchange.terms is None and text("en", "no_terms") not in answer_html(exchange, 0, "en"), query
    english = ask(assistant, "What is CAC/COSP/2017/4 about whistle-blowers?", k=1)
    assert english.terms and "举报人" in english.terms
    unodc = ask(assistant, "What did UNODC do on whistle-blower protection?", k=1).terms
    assert "毒品和犯罪问题办公室" in unodc and "举报人" in unodc  # shown whole, not the pieces searched too:
    assert not {"报人", "举报", "办公", "公室"} & set(unodc), unodc


def test_an_upload_the_corpus_holds_under_another_name_is_reported_by_both_names(tmp_path, encoder):
    from assistant import Assistant
    from assistant.settings import Settings
    from assistant.web.worker import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lunar.md").write_text("# 月球水资源\n\n1. 月球水资源登记处于 2030 年成立。\n", encoding="utf-8")
    engine = Engine(Settings.resolve({"corpus": corpus}, environ={}))
    engine.assistant = Assistant.open(corpus, index_dir=tmp_path / "index", encoder=encoder, progress=False)
    upload = tmp_path / "upload" / "copy of lunar.md"
    upload.parent.mkdir()
    upload.write_bytes((corpus / "lunar.md").read_bytes())
    *_, report = engine.add_files([str(upload)], "zh")
    assert report == ["copy of lunar.md 与语料库中的 lunar.md 内容相同，未重复添加。"]
    *_, again = engine.add_files([str(corpus / "lunar.md")], "en")
    assert again == ["lunar.md is already in the corpus; nothing changed."]


def test_every_strong_hit_of_a_document_is_in_view_and_only_its_weaker_ones_are_folded(assistant):
    """Grouping by document folded the document's second hit, however strong: for the 2020 Anti-Corruption Day
    the paragraph on that day's activities sat under '本文件另有 1 段'."""
    from assistant.web.conversation import ask
    from assistant.web.render import answer_html

    exchange = ask(assistant, "2020年国际反腐败日有哪些活动？", k=5)
    page = answer_html(exchange, 0, "zh")
    hits = exchange.turn.hits
    by_doc = {}
    for hit in hits:
        by_doc.setdefault(hit.document.id, []).append(hit)
    assert any(len([h for h in group if h.level == "strong"]) > 1 for group in by_doc.values())  # the case asked
    for group in by_doc.values():
        for hit in group[1:]:
            folded = page.split(f'data-doc="{hit.document.id}"', 1)[1].split("</section>", 1)[0]
            more = '<details class="more-hits">'
            inside = more in folded and f'id="t0-h{hit.rank}"' in folded.split(more, 1)[1]
            assert inside == (hit.level != "strong"), (hit.paragraph.label, hit.level)


def test_a_question_with_nothing_to_check_asks_for_another_wording(assistant):
    from assistant.web.conversation import ask
    from assistant.web.render import answer_header

    for query in ("的", "？？？"):
        exchange = ask(assistant, query, k=3)
        assert exchange.turn.key_terms == [] and not exchange.turn.confident
        assert "请换个问法" in answer_header(exchange, "zh"), query
    real = ask(assistant, "举报人保护", k=3)
    assert "举报人" in "".join(real.turn.key_terms) and "请换个问法" not in answer_header(real, "zh")
    assert real.turn.to_json()["key_terms"] == real.turn.key_terms
