"""Hostile and odd inputs: links out of the corpus folder, limits, long units, copies, name clashes,
encodings, readers that break. Each test names the rule it holds (assistant/ingest/files.py, limits.py,
decode.py)."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from assistant import Corpus
from assistant.errors import CatalogError, RefusedFile, UnreadableFile
from assistant.ingest import limits, structure
from assistant.ingest.corpus import parse_document, read_document
from assistant.ingest.decode import decode
from assistant.ingest.documents import citation_for
from assistant.ingest.uploads import add_file

from .support import SEEDS
from .support.hostile import JAPANESE, md_beside_txt, numbered_lines, passwd_link, shift_jis_text, three_copies

SEED = SEEDS / "001_b632c6f20b3b1be5.txt"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the corpus folder, standing for /etc/passwd."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    shutil.copy(SEED, path)
    return path


# -- nothing outside the corpus folder is read -------------------------------------------------------


def test_a_link_out_of_the_folder_is_skipped_with_the_reason_and_never_read(folder, secret):
    passwd_link(folder, secret)
    (folder / "etc.txt").symlink_to(secret.parent)  # a link to a folder
    (folder / "gone.txt").symlink_to(folder / "nothing-here")
    corpus = Corpus.from_dir(folder)
    assert [d.path.name for d in corpus.documents] == [SEED.name]
    codes = {s.path.name: s.code for s in corpus.skipped}
    assert codes == {"778_passwd.txt": "outside_corpus", "etc.txt": "outside_corpus", "gone.txt": "broken_link"}
    assert "outside the corpus folder" in next(s.reason for s in corpus.skipped if s.path.name == "778_passwd.txt")
    assert not any("root:" in p.search_text for p in corpus.paragraphs)
    with pytest.raises(KeyError):
        corpus.document("778_passwd")  # so /doc/778_passwd and /original/778_passwd have nothing to serve
    with pytest.raises(RefusedFile, match="outside the corpus folder") as info:
        read_document(folder / "778_passwd.txt", root=folder)
    assert info.value.code == "outside_corpus"


def test_a_missing_file_or_a_folder_is_named_as_such_not_as_a_file_type(folder, tmp_path):
    (tmp_path / "minutes").mkdir()
    for refused in (lambda p: read_document(p), lambda p: add_file(folder, p)):
        with pytest.raises((UnreadableFile, RefusedFile), match="no such file") as missing:
            refused(tmp_path / "gone.pdf")
        with pytest.raises((UnreadableFile, RefusedFile), match="minutes is a folder, not a file") as directory:
            refused(tmp_path / "minutes")
        assert (missing.value.code, directory.value.code) == ("not_found", "is_folder")


def test_a_link_inside_the_folder_is_read_and_a_folder_reached_by_a_link_is_its_own(tmp_path, secret):
    real = tmp_path / "real-corpus"
    real.mkdir()
    shutil.copy(SEED, real / "report.txt")
    (real / "alias.txt").symlink_to(real / "report.txt")  # inside: read, but the same bytes as report.txt
    later = time.time() + 5
    os.utime(real / "alias.txt", (later, later), follow_symlinks=False)  # the link was made after the file
    passwd_link(real, secret)
    linked = tmp_path / "corpus-link"
    linked.symlink_to(real)  # the corpus folder itself reached through a link
    corpus = Corpus.from_dir(linked)
    assert [d.path.name for d in corpus.documents] == ["report.txt"]
    assert {s.path.name: s.code for s in corpus.skipped} == {
        "alias.txt": "duplicate",
        "778_passwd.txt": "outside_corpus",
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_document_is_skipped_not_read_forever(folder):
    os.mkfifo(folder / "pipe.txt")
    corpus = Corpus.from_dir(folder)
    assert [(s.path.name, s.code) for s in corpus.skipped] == [("pipe.txt", "not_regular")]
    with pytest.raises(RefusedFile, match="not a regular file"):
        add_file(folder, folder / "pipe.txt", name="other.txt")


def test_an_upload_never_reads_or_replaces_a_link_out_of_the_folder(folder, secret, tmp_path):
    link = passwd_link(folder, secret)
    upload = tmp_path / "upload.txt"
    upload.write_bytes(secret.read_bytes())  # the same bytes as the linked file: still not "already present"
    for source in (upload, SEED):
        with pytest.raises(RefusedFile, match="outside the corpus folder"):
            add_file(folder, source, name="778_passwd.txt")
    assert link.is_symlink() and os.readlink(link) == str(secret)
    assert secret.read_text(encoding="utf-8").startswith("root:")


def test_a_catalog_linked_from_outside_the_folder_is_refused(folder, tmp_path):
    outside = tmp_path / "catalog.toml"
    outside.write_text('["x.txt"]\nsymbol = "A/1"\n', encoding="utf-8")
    (folder / "catalog.toml").symlink_to(outside)
    with pytest.raises(CatalogError, match="outside the corpus folder"):
        Corpus.from_dir(folder)


# -- one document once ---------------------------------------------------------------------------------


def test_the_same_file_under_three_names_is_indexed_once(tmp_path):
    three_copies(SEED, tmp_path)
    corpus = Corpus.from_dir(tmp_path)
    assert [d.path.name for d in corpus.documents] == ["report.txt"]
    assert sorted((s.path.name, s.code) for s in corpus.skipped) == [
        ("report (2).txt", "duplicate"),
        ("report-copy.txt", "duplicate"),
    ]
    assert all("the same file as report.txt" in s.reason for s in corpus.skipped)
    keys = [p.key for p in corpus.paragraphs]
    assert len(keys) == len(set(keys)) == len(corpus.documents[0].paragraphs)


def test_the_same_text_in_another_encoding_is_indexed_once(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-16")
    later = time.time() + 5
    os.utime(tmp_path / "a.txt", (later, later))  # b.txt was there first: it is the one kept
    corpus = Corpus.from_dir(tmp_path)
    assert [d.path.name for d in corpus.documents] == ["b.txt"]
    assert [(s.path.name, s.code) for s in corpus.skipped] == [("a.txt", "duplicate")]
    assert "the same text as b.txt" in corpus.skipped[0].reason


def test_an_uploaded_copy_under_another_name_is_reported_as_already_there(folder, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    added = add_file(folder, copy)
    assert added.already_present and added.path.name == SEED.name
    assert sorted(p.name for p in folder.iterdir()) == [SEED.name]


def test_a_file_copied_beside_one_of_the_same_name_does_not_take_its_place(tmp_path):
    txt = tmp_path / "X.txt"
    shutil.copy(SEED, txt)
    md = md_beside_txt(txt)  # X.md < X.txt by name, but newer
    corpus = Corpus.from_dir(tmp_path)
    assert [d.path.name for d in corpus.documents] == ["X.txt"]
    (skip,) = corpus.skipped
    assert (skip.path.name, skip.code) == ("X.md", "name_clash")
    assert "X.txt already has the document name 'X'" in skip.reason and "rename X.md" in skip.reason
    earlier = time.time() - 3600
    os.utime(md, (earlier, earlier))  # the rule is the age, not the name or the format
    assert [d.path.name for d in Corpus.from_dir(tmp_path).documents] == ["X.md"]


# -- limits ---------------------------------------------------------------------------------------------


def _docx(path: Path, paragraphs: int = 3, extra_entries: int = 0) -> Path:
    from docx import Document as DocxDocument

    document = DocxDocument()
    for n in range(1, paragraphs + 1):
        document.add_paragraph(f"{n}. The Committee considered the report number {n}.")
    document.save(path)
    if extra_entries:
        with zipfile.ZipFile(path, "a") as zf:
            for k in range(extra_entries):
                zf.writestr(f"customXml/extra{k}.xml", "<a/>")
    return path


@pytest.mark.parametrize(
    ("limit", "value", "expected"),
    [
        ("MAX_DOCX_ENTRIES", 10, "entries in the .docx archive"),
        ("MAX_DOCX_BYTES", 10_000, "bytes unpacked"),
        ("MAX_DOCX_XML_BYTES", 5_000, "bytes of XML unpacked"),
        ("MAX_DOCUMENT_LINES", 2, "paragraphs"),
    ],
)
def test_a_docx_beyond_a_limit_is_refused_before_its_xml_is_walked(tmp_path, monkeypatch, limit, value, expected):
    path = _docx(tmp_path / "big.docx", paragraphs=5, extra_entries=20)
    assert [p.label for p in read_document(path).paragraphs] == ["1", "2", "3", "4", "5"]
    monkeypatch.setattr(limits, limit, value)
    monkeypatch.setattr("assistant.ingest.readers.word._Reader", None)  # walking would fail: it must not start
    with pytest.raises(UnreadableFile, match=f"too large: [0-9,]+ {expected}, the limit is {value:,}") as info:
        read_document(path)
    assert info.value.code == "too_large"


def test_the_zip_bomb_docx_is_refused_at_once(tmp_path):
    """The battery's zip bomb, smaller: 40 MB of XML in under 200 KB."""
    from .support.hostile import zip_bomb_docx

    bomb = zip_bomb_docx(tmp_path / "bomb.docx", xml_mb=40)
    assert bomb.stat().st_size < 400_000
    start = time.perf_counter()
    with pytest.raises(UnreadableFile, match="bytes of XML unpacked"):
        read_document(bomb)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("limit", "value", "content", "expected"),
    [
        ("MAX_DOCUMENT_CHARS", 1_000, "1. A paragraph of text.\n" * 100, "characters"),
        ("MAX_DOCUMENT_LINES", 50, "1. A paragraph of text.\n" * 100, "lines"),
        ("MAX_EMBEDDING_TEXTS", 20, "".join(f"{n}. One. Two; three!\n" for n in range(1, 11)), "texts to embed"),
    ],
)
def test_a_text_beyond_a_limit_is_refused_with_the_limit_named(tmp_path, monkeypatch, limit, value, content, expected):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\n" + content, encoding="utf-8")
    read_document(path)
    monkeypatch.setattr(limits, limit, value)
    with pytest.raises(UnreadableFile, match=f"too large: [0-9,]+ {expected}") as info:
        read_document(path)
    assert info.value.code == "too_large" and f"{value:,}" in str(info.value)


def test_a_file_too_large_to_be_within_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "huge.md"
    path.write_text("# Title\n\n1. Text.\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(limits, "_CHARS_OF", {".md": 1000})
    monkeypatch.setattr("assistant.ingest.readers.markup.decode", None)  # reading it would fail
    with pytest.raises(UnreadableFile, match="more than 1,000 characters"):
        read_document(path)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    corpus = Corpus.from_dir(tmp_path)
    assert [(s.path.name, s.code) for s in corpus.skipped] == [("huge.md", "too_large")]


def test_markup_beyond_its_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>1. Text of the page.</p>" * 100 + "</body></html>", encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_MARKUP_CHARS", 500)
    monkeypatch.setattr("assistant.ingest.readers.markup.html_lines", None)
    with pytest.raises(UnreadableFile, match="characters of markup, the limit is 500"):
        read_document(path)


def test_embedding_texts_bound_what_indexing_embeds():
    from assistant.index.windows import texts_to_embed

    corpus = Corpus.from_dir(SEEDS)
    for doc in corpus.documents:
        embedded = sum(len(texts_to_embed(p)) for p in doc.paragraphs)
        assert embedded <= limits.embedding_texts(doc.paragraphs) <= 2 * embedded, doc.id


# -- long units, many units -------------------------------------------------------------------------------


def test_a_unit_longer_than_the_limit_is_cut_at_sentence_ends_and_cited_by_part(monkeypatch):
    monkeypatch.setattr(structure, "MAX_UNIT_CHARS", 300)
    sentences = [f"The Council noted point {n} of the report." for n in range(1, 31)]
    text = "Report of the Council\n\n1. " + " ".join(sentences[:15]) + "¹\n" + " ".join(sentences[15:]) + "\n"
    text += "2. A short paragraph.\n__________\n¹ A note on point 15.\n"
    doc = parse_document(Path("council.txt"), text)
    parts = [p for p in doc.paragraphs if p.number == "1"]
    assert [p.label for p in parts] == [f"1 part {n}" for n in range(1, len(parts) + 1)] and len(parts) >= 4
    assert all(len(p.text) <= 300 and p.text.endswith(".") and p.text.startswith("The Council") for p in parts)
    assert " ".join(p.text for p in parts).split() == " ".join(sentences).split()
    assert parts[1].citation == "Report of the Council, para. 1, part 2"
    assert citation_for(doc, parts[1], "zh") == "《Report of the Council》，第1段（第2部分）"
    assert citation_for(doc, parts[1], "fr").endswith("par. 1, partie 2")
    (noted,) = [p for p in parts if p.footnotes]
    assert noted.footnotes == ("A note on point 15.",) and "point 15 of the report." in noted.text
    assert doc.paragraph("2").text == "A short paragraph." and doc.paragraph("2").part is None


def test_a_text_without_any_break_is_cut_at_the_limit():
    text = "标题\n" + "无标点的文字" * 10_000
    doc = parse_document(Path("x.txt"), text)
    assert all(len(p.text) <= limits.MAX_UNIT_CHARS for p in doc.paragraphs)
    assert "".join(p.text for p in doc.paragraphs) == "无标点的文字" * 10_000
    assert [p.part for p in doc.paragraphs] == [1, 2, 3]


def test_fifty_thousand_numbered_lines_are_fifty_thousand_paragraphs(tmp_path):
    """Numbers beyond 9999 are paragraph numbers too (the battery found 9,999 of 50,000)."""
    doc = read_document(numbered_lines(tmp_path / "numbered.txt", 50_000))
    assert [p.label for p in doc.paragraphs] == [str(n) for n in range(1, 50_001)]
    assert doc.paragraph("50000").text == "The Committee took note of item 50000 of the list."


# -- encodings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "named"),
    [
        ("1. " + JAPANESE * 10, "shift_jis", "Japanese in Shift-JIS"),
        ("1. " + JAPANESE * 10, "euc_jp", "Japanese in EUC-JP"),
        (
            "1. 대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n" * 10,
            "euc_kr",
            "Korean",
        ),
        ("1. 聯合國反腐敗公約締約國會議審議執行情況與技術援助。\n" * 10, "big5", "Big5"),
        ("1. L'Assemblée générale, réaffirmant la nécessité d'un développement.\n" * 10, "cp1252", "Windows-1252"),
    ],
)
def test_text_in_an_encoding_that_is_not_read_is_refused_naming_it(text, codec, named):
    with pytest.raises(UnreadableFile, match=f"looks like .*{named}.*save it as UTF-8") as info:
        decode(text.encode(codec))
    assert info.value.code == "encoding"


def test_the_shift_jis_file_of_the_battery_is_not_indexed_as_mojibake(tmp_path):
    shift_jis_text(tmp_path / "sjis.txt")
    corpus = Corpus.from_dir(tmp_path)
    assert corpus.documents == [] and [(s.path.name, s.code) for s in corpus.skipped] == [("sjis.txt", "encoding")]


def test_traditional_chinese_in_gb18030_is_doubtful_not_guessed():
    with pytest.raises(UnreadableFile, match="doubtful encoding"):
        decode(("1. 聯合國反腐敗公約締約國會議審議執行情況與技術援助。\n" * 10).encode("gb18030"))


def test_utf16_without_a_byte_order_mark_is_read_in_the_right_order():
    text = "Report of the Group\n\n1. The Group met.\n"
    assert decode(text.encode("utf-16-be")) == text
    assert decode(text.encode("utf-16-le")) == text


# -- no traceback ------------------------------------------------------------------------------------------


def test_a_reader_that_breaks_gives_an_unreadable_file_not_a_traceback(tmp_path, monkeypatch):
    from assistant.ingest.readers import READERS

    def broken(path):
        raise ZeroDivisionError("a bug in a reader")

    monkeypatch.setitem(READERS, ".md", broken)
    (tmp_path / "a.md").write_text("# A\n\n1. Text.\n", encoding="utf-8")
    shutil.copy(SEED, tmp_path)
    with pytest.raises(UnreadableFile, match="reader failed on this file") as info:
        read_document(tmp_path / "a.md")
    assert info.value.code == "reader_failed"
    corpus = Corpus.from_dir(tmp_path)
    assert [(s.path.name, s.code) for s in corpus.skipped] == [("a.md", "reader_failed")]


def _seconds(call) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def _wrapped_chinese(lines: int) -> str:
    from .support.hostile import HANZI

    return "标题\n" + "\n".join(HANZI[k % 500 : k % 500 + 39] + ("。" if k % 3 else "，") for k in range(lines))


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda n: ("chinese.txt", _wrapped_chinese(n)), id="one paragraph of wrapped Chinese lines"),
        pytest.param(
            lambda n: ("numbered.txt", "T\n" + "".join(f"{k}. Item {k}.\n" for k in range(1, n))), id="numbered"
        ),
        pytest.param(lambda n: ("notes.txt", "T\n\n1. Text.\nNotes\n¹ " + "note text\n" * n), id="one long endnote"),
        pytest.param(
            lambda n: ("page.html", "<h1>T</h1><p>1. " + "word and more\n" * n + "</p>"), id="one long HTML paragraph"
        ),
    ],
)
def test_parsing_is_linear_in_the_input(tmp_path, make):
    """Four times the input takes about four times as long (quadratic parsing: sixteen)."""
    times = []
    for n in (10_000, 40_000):
        name, text = make(n)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        times.append(_seconds(lambda path=path: read_document(path)))
    assert times[1] < 8 * times[0] + 0.2, times
