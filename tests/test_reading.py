"""Files in the encodings users have, files that cannot be read, and the catalog."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from assistant import Corpus
from assistant.errors import CatalogError

from .support import ROOT, SEEDS

SAMPLE = """联合国反腐败公约 缔约国会议

Distr.: General
4 October 2021
Chinese
Original: English

测试文件的标题

秘书处的报告

一. 导言

1. 第一段，说明野生动物保护的情况。

2. 第二段，提到巴拿马和区域反腐败学院。
"""


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_encodings_read_the_same(tmp_path, codec):
    (tmp_path / "doc.txt").write_bytes(SAMPLE.encode(codec))
    corpus = Corpus.from_dir(tmp_path)
    assert corpus.skipped == []
    (doc,) = corpus.documents
    assert [p.label for p in doc.paragraphs] == ["1", "2"]
    assert doc.paragraphs[1].text == "第二段，提到巴拿马和区域反腐败学院。"
    assert doc.title == "测试文件的标题" and doc.date == dt.date(2021, 10, 4)


def test_bad_files_are_reported_by_name_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 \x80\x81\x82\x83\x84\x85 na\xefve".encode("latin-1") * 50)
    corpus = Corpus.from_dir(tmp_path)
    assert [d.id for d in corpus.documents] == ["good"]
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "latin1.txt"}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]


def test_file_without_numbered_paragraphs(tmp_path):
    text = "会议笔记\n\n今天讨论了反腐败战略的制定。\n\n其次讨论了举报人保护的问题。\n"
    (tmp_path / "notes.txt").write_text(text, encoding="utf-8")
    (doc,) = Corpus.from_dir(tmp_path).documents
    assert doc.title == "会议笔记"
    assert [p.text for p in doc.paragraphs] == ["今天讨论了反腐败战略的制定。", "其次讨论了举报人保护的问题。"]
    labels = [p.label for p in doc.paragraphs]
    assert len(set(labels)) == 2 and all(labels)


def test_catalog_sets_and_overrides_fields(tmp_path):
    (tmp_path / "doc.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(
        '["doc.txt"]\nsymbol = "CAC/COSP/2021/99"\ndate = 2021-11-01\nurl = "https://example.org/x"\n',
        encoding="utf-8",
    )
    (doc,) = Corpus.from_dir(tmp_path).documents
    assert doc.symbol == "CAC/COSP/2021/99" and doc.date == dt.date(2021, 11, 1)
    assert doc.paragraphs[0].citation == "CAC/COSP/2021/99，第1段"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('["doc.txt"]\nsymbol = "unterminated\n', "line 2"),
        ('["doc.txt"]\ncolour = "blue"\n', "unknown field"),
        ('["doc.txt"]\ndate = "fourth of may"\n', "date"),
        ('title = "not a table"\n', "must be a table"),
    ],
)
def test_bad_catalog_gives_a_clear_error(tmp_path, content, expected):
    (tmp_path / "doc.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=expected) as info:
        Corpus.from_dir(tmp_path)
    assert "catalog.toml" in str(info.value)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        Corpus.from_dir(tmp_path / "nope")


def test_cli_prints_labels_sections_and_citations():
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "paragraphs", str(SEEDS / "002_1b4b291f324d38bd.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "[12] 二. 第 6/6 号决议实施情况最新信息 › B. 公共部门 › 指定主管机关" in out
    assert "CAC/COSP/2017/4，第12段" in out


def test_cli_reports_unreadable_file_without_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "paragraphs", str(bad)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2
    assert "binary" in result.stderr and "Traceback" not in result.stderr


ENGLISH = """Report of the Implementation Review Group

I. Introduction

1. The Group met in Vienna.

II. Organization of the session

A. Opening

2. The Chair opened the session.

H. Observers

3. Observers attended.

I. Documentation

4. Documents were issued.

III. Recommendations

5. The Group recommended.
"""


def test_english_document_parts_in_roman_numerals(tmp_path):
    (tmp_path / "irg.txt").write_text(ENGLISH, encoding="utf-8")
    (doc,) = Corpus.from_dir(tmp_path).documents
    assert doc.title == "Report of the Implementation Review Group"
    assert [(p.label, p.section) for p in doc.paragraphs] == [
        ("1", ("I. Introduction",)),
        ("2", ("II. Organization of the session", "A. Opening")),
        ("3", ("II. Organization of the session", "H. Observers")),
        ("4", ("II. Organization of the session", "I. Documentation")),  # after H., "I." is a letter
        ("5", ("III. Recommendations",)),
    ]
