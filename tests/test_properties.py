"""Properties of the readers and parsers on generated inputs (hypothesis).

Each property runs twice: in the fast tier with a bounded, fixed set of examples (derandomized, so a run
is repeatable), and as a longer random soak in the `slow` tier. The properties: no input gives anything
but a Document or an UnreadableFile/RefusedFile with a reason (never a traceback, never the readers'
safety net); encodings read back exactly or are refused, never guessed; units have unique labels and
stay within MAX_UNIT_CHARS; numbered paragraphs are numbered as printed; the folder rules leave nothing
out silently and read nothing outside the folder; the texts searched together for a key term are those
that hold it searched one by one.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import RefusedFile, UnreadableFile
from assistant.ingest import structure
from assistant.ingest.corpus import parse_document, read_document
from assistant.ingest.decode import decode
from assistant.ingest.documents import citation_for
from assistant.ingest.files import list_documents
from assistant.ingest.structure import split_text
from assistant.text import keyterms
from assistant.text.keyterms import DATE, YEAR, KeyTerm, Texts

from .support.hostile import HANZI, JAPANESE

_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=_CHECKS)
SOAK = settings(max_examples=1500, deadline=None, database=None, suppress_health_check=_CHECKS)


def tiers(*strategies: st.SearchStrategy) -> Callable[[Callable], tuple[Callable, Callable]]:
    """The property as a fast test (FAST) and as a soak in the slow tier (SOAK)."""

    def make(prop: Callable) -> tuple[Callable, Callable]:
        return FAST(given(*strategies)(prop)), pytest.mark.slow(SOAK(given(*strategies)(prop)))

    return make


def refused_for_a_reason(exc: Exception) -> bool:
    return isinstance(exc, (UnreadableFile, RefusedFile)) and exc.code != "reader_failed" and bool(str(exc))


# -- decoding -------------------------------------------------------------------------------------------------


def _any_bytes(data: bytes) -> None:
    try:
        assert isinstance(decode(data), str)
    except UnreadableFile as exc:
        assert str(exc)


test_any_bytes_decode_or_are_refused, test_any_bytes_soak = tiers(st.binary(max_size=3000))(_any_bytes)

_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"), include_characters="\n\t"), min_size=1)


def _unicode_round_trip(text: str, codec: str) -> None:
    if not text.strip() or text.startswith("\ufeff"):
        return
    ascii_share = sum(" " <= ch <= "~" for ch in text) / len(text)
    if codec in ("utf-16-le", "utf-16-be") and (len(text) < 4 or ascii_share < 0.8):
        return  # without a byte-order mark, only the NUL bytes of ASCII characters tell UTF-16 and its order
    assert decode(text.encode(codec)) == text


_ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=4)
test_unicode_reads_back_exactly, test_unicode_round_trip_soak = tiers(
    st.one_of(_TEXT, _ASCII, st.tuples(_ASCII, _TEXT).map("".join)),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]),
)(_unicode_round_trip)


def _chinese_in_gb18030(text: str) -> None:
    # Chinese text, not one character repeated: "一一一" in GB18030 is also valid UTF-8 ("һһһ"), read as such.
    if sum(ch in HANZI for ch in text) < 20 or len(set(text) & set(HANZI)) < 8:
        return
    assert decode(text.encode("gb18030")) == text


test_chinese_in_gb18030_reads_back, test_chinese_in_gb18030_soak = tiers(
    st.text(st.sampled_from(HANZI + "，。、；：“”（）《》 \n0123456789abcXYZ.,"), min_size=10, max_size=400)
)(_chinese_in_gb18030)


def _never_mojibake(text: str, codec: str) -> None:
    # A few two-byte characters may happen to be valid UTF-8 as well ("民" in EUC-JP is CC B1, U+0331), and so
    # may one character repeated; text of several different characters is not.
    if len({ch for ch in text if ord(ch) > 0x7F}) < 8:
        return
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    try:
        assert decode(data) == text  # read right, or…
    except UnreadableFile as exc:
        assert exc.code == "encoding" or "empty" in str(exc)  # …refused as not read, never mojibake


_JAPANESE_TEXT = st.text(st.sampled_from(JAPANESE + "アイウエオカキクケコ abc.\n"), min_size=1, max_size=400)
test_japanese_is_read_right_or_refused, test_japanese_soak = tiers(
    _JAPANESE_TEXT, st.sampled_from(["shift_jis", "euc_jp", "utf-8"])
)(_never_mojibake)


# -- units ------------------------------------------------------------------------------------------------------


def _split(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(piece) <= limit and piece == piece.strip() for piece in pieces)
    assert "".join("".join(piece.split()) for piece in pieces) == "".join(text.split())


test_split_text_keeps_every_character, test_split_text_soak = tiers(
    st.text(st.sampled_from("abc 。. \n!字"), max_size=2000), st.integers(2, 300)
)(_split)

_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=2, max_size=9)
_SENTENCE = st.lists(_WORD, min_size=1, max_size=12).map(lambda words: "The " + " ".join(words) + " was noted.")


def _numbered(sentences: list[str]) -> None:
    text = "Report of the Committee\n\n" + "\n".join(f"{n}. {s}" for n, s in enumerate(sentences, 1))
    doc = parse_document(Path("report.txt"), text)
    assert [(p.label, p.text) for p in doc.paragraphs] == [(str(n), s) for n, s in enumerate(sentences, 1)]


test_numbered_paragraphs_are_numbered_as_printed, test_numbered_paragraphs_soak = tiers(
    st.lists(_SENTENCE, min_size=1, max_size=120)
)(_numbered)

# Lines of the kinds UN documents are made of, and noise.
_LINE = st.one_of(
    st.builds(lambda n, s: f"{n}. {s}", st.integers(0, 12_000), _SENTENCE),
    st.builds(lambda n, s: f"{n}. {s}", st.integers(1, 30), _WORD),
    st.sampled_from(
        [
            "I. Introduction",
            "II. Organization of the session",
            "A. Opening",
            "(a) An item;",
            "一. 导言",
            "Annex",
            "Annex II",
            "Article 1",
            "Article 2",
            "The General Assembly,",
            "Recalling its resolution,",
            "Summary",
            "Contents",
            "Notes",
            "__________",
            "¹ A footnote.",
            "* A star note.",
            "1/ An old note.",
            "| cell | cell |",
            "25-18686 (E) 171125",
            "*2518686*",
            "Please recycle",
            "A/RES/70/10",
            "2/14",
            "Mr. Smith (France): I thank the President.",
            "The President: I give the floor.",
            "(spoke in French)",
            "第一条 人人生而自由。",
            "1. 第一段，说明情况。",
            "2．第二段。¹",
            "a Authorized strength.",
            "",
        ]
    ),
    _SENTENCE.map(lambda s: s + "¹"),
    st.text(max_size=200),
)


def _any_lines(lines: list[str]) -> None:
    with mock.patch.object(structure, "MAX_UNIT_CHARS", 300):
        doc = parse_document(Path("doc.txt"), "\n".join(lines))
    labels = [p.label for p in doc.paragraphs]
    assert len(labels) == len(set(labels))
    for para in doc.paragraphs:
        assert len(para.text) <= 300, para.label
        assert para.citation and para.citation == citation_for(doc, para)


test_any_lines_parse_into_uniquely_labelled_units, test_any_lines_soak = tiers(st.lists(_LINE, max_size=80))(_any_lines)


# -- files of every format --------------------------------------------------------------------------------------


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except Exception as exc:
            assert refused_for_a_reason(exc), repr(exc)
            return
        assert doc.paragraphs and len({p.label for p in doc.paragraphs}) == len(doc.paragraphs)


_MARKUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<h1>",
                "</h1>",
                "<ol start='9999'>",
                "<li>",
                "<table><tr><td>",
                "<sup>1</sup>",
                "<li id='fn1'>",
                "# ",
                "## ",
                "1. ",
                "[^1]",
                "[^1]: note",
                "\n",
                "\n\n",
                "---\ntitle: x\n---",
                "<script>x</script>",
                "&amp;",
                "&#0;",
                "<!--",
                "<![CDATA[",
                "| a | b |\n|---|---|",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=60,
).map(lambda parts: "".join(parts).encode("utf-8"))

test_text_and_markup_files_are_read_or_refused, test_text_and_markup_soak = tiers(
    st.sampled_from(["doc.txt", "doc.md", "doc.html"]), st.one_of(_MARKUP, st.binary(max_size=500))
)(_read)

_XML = st.one_of(
    st.just(b""),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"<?xml version='1.0'?><w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
            b"<w:body><w:p><w:r><w:t>1. Text.</w:t></w:r></w:p></w:body></w:document>",
            b"<a><b/></a>",
            b"<!DOCTYPE a [<!ENTITY x 'xxxxxxxx'><!ENTITY y '&x;&x;&x;&x;'>]><a>&y;&y;</a>",
        ]
    ),
)
_PART = st.sampled_from(
    ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/footnotes.xml",
     "word/numbering.xml", "word/styles.xml", "docProps/core.xml", "other.bin"]
)  # fmt: skip


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in dict(entries).items():
            zf.writestr(name, data)
    return out.getvalue()


def _docx_from(template: bytes, replaced: list[tuple[str, bytes]]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(template)) as zf:
        entries = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    entries.update(dict(replaced))
    return _zip(list(entries.items()))


def _template() -> bytes:
    from docx import Document as DocxDocument

    out = io.BytesIO()
    document = DocxDocument()
    document.add_paragraph("1. The first paragraph of the document.")
    document.save(out)
    return out.getvalue()


_TEMPLATE = _template()
_DOCX = st.one_of(
    st.lists(st.tuples(_PART, _XML), max_size=8).map(_zip),
    st.lists(st.tuples(_PART, _XML), max_size=3).map(lambda parts: _docx_from(_TEMPLATE, parts)),
    st.binary(max_size=300),
)
test_word_files_are_read_or_refused, test_word_files_soak = tiers(st.just("doc.docx"), _DOCX)(_read)
test_pdf_files_are_read_or_refused, test_pdf_files_soak = tiers(
    st.just("doc.pdf"), st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"%PDF-1.7\n" + b))
)(_read)


# -- the corpus folder -------------------------------------------------------------------------------------------

_ENTRY = st.tuples(
    st.sampled_from(["a", "b", "C", "d d", ".hidden"]),
    st.sampled_from([".txt", ".md", ".pdf", ".TXT", ".xyz"]),
    st.sampled_from(["file", "file", "link in", "link out", "dangling", "folder"]),
    st.integers(0, 2),  # which content
)


def _folder(entries: list[tuple[str, str, str, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, outside = Path(tmp) / "corpus", Path(tmp) / "outside.txt"
        root.mkdir()
        outside.write_text("1. Outside the corpus folder.", encoding="utf-8")
        made: list[Path] = []
        for k, (stem, suffix, kind, content) in enumerate(entries):
            path = root / f"{stem}{suffix}"
            if path.exists() or path.is_symlink():
                continue
            if kind == "file" or (kind == "link in" and not made):
                path.write_text(f"1. Content number {content}.", encoding="utf-8")
            elif kind == "link in":
                path.symlink_to(made[k % len(made)])
            elif kind == "link out":
                path.symlink_to(outside)
            elif kind == "dangling":
                path.symlink_to(root / "nowhere")
            else:
                path.mkdir()
            os.utime(path, (k, k), follow_symlinks=False)
            made.append(path)
        listing = list_documents(root)
        candidates = {p.name for p in made if p.suffix.lower() in (".txt", ".md", ".pdf") and p.name[0] != "."}
        read, skipped = [p.name for p in listing.files], [s.path.name for s in listing.skipped]
        assert sorted(read + skipped) == sorted(candidates)  # each exactly once: read, or left out with a reason
        assert all(s.reason and s.code for s in listing.skipped)
        assert all(p.resolve().is_relative_to(root.resolve()) and p.resolve().is_file() for p in listing.files)
        assert len({p.stem for p in listing.files}) == len(listing.files)
        assert len({p.read_bytes() for p in listing.files}) == len(listing.files)


test_folder_rules_leave_nothing_out_silently, test_folder_rules_soak = tiers(st.lists(_ENTRY, max_size=12))(_folder)


# -- key terms in paragraphs -------------------------------------------------------------------------------------

_TERM_KINDS = [*sorted(keyterms.NUMERIC), keyterms.NAME, keyterms.WORD, keyterms.SYMBOL]
_TEXT = st.text(alphabet="18a年月第二日/.,x ", max_size=30)
_FORM = st.text(alphabet="18a年月第二/.", max_size=4)


def _searched_one_by_one(text: str, term: KeyTerm) -> bool:
    """The rule `Texts.holding` keeps, asked of one text with the patterns' own search (the reference)."""
    if any(keyterms._pattern(form, term.kind).search(text) for form in term.forms):
        return True
    if term.kind == DATE:
        year, month = term.forms[0].rstrip("月").split("年")
        return bool(
            keyterms._pattern(year, YEAR).search(text) and keyterms._pattern(f"{month}月", keyterms.NUMBER).search(text)
        )
    return False


def _texts_holding(texts: list[str], forms: list[str], kind: str) -> None:
    if kind == DATE:  # (a month of a year: its forms are written so)
        forms = [f"{d}年{d}月" for d in ("".join(c for c in f if c.isdigit()) or "1" for f in forms)]
    term = KeyTerm("t", tuple(forms), kind)
    expected = {i for i, text in enumerate(texts) if _searched_one_by_one(text, term)}
    assert Texts(texts).holding(term) == expected


test_texts_holding_a_term_are_those_each_searched_alone_holds, test_texts_holding_soak = tiers(
    st.lists(_TEXT, max_size=6), st.lists(_FORM, min_size=1, max_size=3), st.sampled_from(_TERM_KINDS)
)(_texts_holding)
