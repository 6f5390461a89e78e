"""Hostile and odd inputs: links out of the corpus folder, limits, long units, copies, name clashes,
encodings, readers that break. Each test names the rule it holds (assistant/ingest/files.py, limits.py,
decode.py)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assistant.ingest import limits, structure
from assistant.ingest.corpus import parse_document, read_document
from assistant.ingest.documents import citation_for

from .support import SEEDS
from .support.hostile import numbered_lines

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
    assert noted.footnotes == ["A note on point 15."] and "point 15 of the report." in noted.text
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
