"""Physical lines to body lines: page furniture out, footnote bodies set aside.

Text extracted from PDFs carries page headers (the symbol), job numbers ("V.17-05902 16/16",
"25-18686 (E) 171125", "GE.19-13879 (R)"), barcodes ("*2518686*"), "Please recycle", separators
before footnotes, "http://undocs.org/…" link lines, old continuation marks ("/..." and "Página 2")
and footnotes in the middle of paragraphs. This module removes all of those from the body, by what
they are and on every page, and keeps footnote bodies, with the position in the body where they
appeared, so that the structure pass can attach them.

Readers may mark a line: HEADING_MARK in front says the format shows it as a heading (bold or
italic type in a PDF, a heading style in Word, <h1>–<h6>); a line starting with NOTICE_MARK is a
remark of the reader about the whole document (columns read one after the other, an OCR layer).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..scripts import UNSPACED
from .multilingual import ANNEX, NOTES_HEADINGS

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")
HEADING_MARK = "\ue000"
TAIL = 1000  # how much of a paragraph's end the sentence and line-join rules look at: a long one costs no more
NOTICE_MARK = "\ue001"

# Scripts written without spaces between words: CJK ideographs, kana, hangul, CJK and full-width punctuation.
_CJK_CHAR = re.compile(f"[{UNSPACED}]")
_CJK_SPACED = re.compile(f"(?<=[{UNSPACED}]) +(?=[{UNSPACED}])")
_CJK_PAIR = re.compile(f"[{UNSPACED}] *(?=[{UNSPACED}])")
_CJK_RUN = re.compile(f"[{UNSPACED}](?: [{UNSPACED}]){{3,}}")  # four or more characters set one space apart

_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_SEPARATOR = re.compile(r"^[_\-—=]{5,}$")
_UNDOCS = re.compile(r"^https?://(?:undocs\.org|documents\.un\.org|daccess-ods\.un\.org)\S*$", re.I)
# Job numbers as printed at the foot of UN pages, with the language letter, date codes and page number:
# "25-18686 (E)    171125", "GE.19-13879  (R)  210819  230819", "V.21-07185 (C)", "2 GE.19-13879", "25-25750 3/42".
_JOB = r"(?:[A-Z]{1,3}\.\s?)?\d{2}-\d{4,6}(?:\s*\(\s*[A-Z]\s*\))?"
_JOB_NUMBER = re.compile(rf"^(?:\d{{1,4}}\s+)?{_JOB}(?:\s+\d{{6}}){{0,3}}(?:\s+\d{{1,4}}(?:/\d{{1,4}})?)?\*?$")
_BARCODE = re.compile(r"^\*\s?\d{6,10}\s?\*$")
_RECYCLE = re.compile(
    r"^(?:♲\s*)?(?:Please recycle|Accessible document|Merci de recycler|Document accessible|Se ruega reciclar"
    r"|Documento accesible|Просьба отправить на вторичную переработку|Доступный документ|请回收|无障碍文件"
    r"|يرجى إعادة الاستعمال|وثيقة ميسرة)\s*♲?$",
    re.I,
)
_CONTINUED = re.compile(r"^/\s?(?:\.\s?){3}$|^/…$")  # "/..." at the foot of a page: the text goes on overleaf
_PAGE_WORD = r"(?:Page|Página|Pág\.|Страница|Стр\.|الصفحة)"
_PAGE_MARK = re.compile(rf"^{_PAGE_WORD}\s*\d{{1,4}}$|^第\s*\d+\s*页$", re.I)
_PAGE_NUMBER = re.compile(r"^(?:\d{1,4}/\d{1,4}|-\s*\d{1,4}\s*-|第\s*\d+\s*页(?:，共\s*\d+\s*页)?)$")
_PRIVATE = re.compile(r"^[\ue000-\uf8ff\s]+$")  # a barcode font's glyphs, without a meaning as text
SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{0,7}(?:/[A-Za-z0-9.\-()]+){1,7}(?: \(\d{4}\))?$")
_SYMBOL_PAGE = re.compile(rf"^([A-Z][A-Z0-9]{{0,7}}(?:/[A-Za-z0-9.\-()]+){{1,7}})\s+{_PAGE_WORD}\s*\d{{1,4}}$", re.I)
_SUPER_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_STAR_FOOTNOTE = re.compile(r"^(\*{1,3})\s+(\S.*)$")
_NUMBER_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_SLASH_FOOTNOTE = re.compile(r"^(\d{1,3})/\s+(\S.*)$")  # "1/ A/48/803.": notes of older documents
_LETTER_FOOTNOTE = re.compile(r"^([a-z])\s+(\S.*)$")  # "a Authorized strength…": notes under a table
_TABLE_ROW = re.compile(r"^\|.*\|$")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "no", "nos", "para", "paras", "p", "pp", "art", "arts", "e.g", "i.e", "vol", "st", "cf",
    "corr", "add", "rev", "op", "inc", "co", "jr", "sr", "gen", "col", "lt", "gov", "prof", "fig", "sect", "chap",
    "h.e", "u.s", "u.n", "a.m", "p.m", "mme", "m", "sra", "г", "гг", "ст", "п", "см",
}  # fmt: skip


@dataclass
class Line:
    """A non-blank body line: stripped text, its indentation and display width as printed, and whether
    the reader saw it in heading style."""

    text: str
    indent: int
    width: int
    hint: bool = False


@dataclass
class Footnote:
    """A footnote body, the mark that refers to it, and how many body lines preceded it."""

    mark: str
    text: str
    position: int
    superscript: bool


@dataclass
class Layout:
    body: list[Line]
    footnotes: list[Footnote]
    page_symbols: list[str]
    wrapped: bool
    line_width: int
    notices: list[str] = field(default_factory=list)


class _Widths(dict):
    """Character → columns it takes when printed (2 for wide and full-width ones), filled on demand."""

    def __missing__(self, ch: str) -> int:
        self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return self[ch]


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    return sum(map(_WIDTHS.__getitem__, text))


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def unlink(text: str) -> str:
    """Markdown links keep their visible text only."""
    return _MD_LINK.sub(r"\1", text)


def collapse_cjk_spacing(text: str) -> str:
    """Letter-spaced Chinese ("凡 受 刑 事 控 告 者", a PDF typeset with spaces between characters) without
    the spaces: a line spaced throughout or mostly, or a run of four characters or more one space apart in
    a line; a stray space between two characters of ordinary text is left as printed."""
    spaced = len(_CJK_SPACED.findall(text))
    if not spaced:
        return text
    pairs = len(_CJK_PAIR.findall(text))
    if spaced == pairs or (spaced >= 3 and spaced * 2 >= pairs):
        return _CJK_SPACED.sub("", text)
    return _CJK_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)  # "因 此 现 在, 大会" in a mixed line


def ends_sentence(text: str) -> bool:
    """Whether text ends a sentence, so that what follows is not its continuation.

    A full stop ends a sentence after a word or a number ("…matter.", "…30 June 2024."), not after an
    abbreviation ("para.", "Mr.") or an initial; a footnote mark after the stop does not change that.
    Only the end of the text is looked at, so the cost does not grow with a long paragraph."""
    text = text[-TAIL:].rstrip(SUPERSCRIPTS).rstrip("”’」』\"'）)»")
    if not text:
        return False
    if text[-1] in "。！？!?…":
        return True
    if text[-1] != "." or len(text) < 2:
        return False
    head = text[:-1]
    token = "" if head[-1].isspace() else head.rsplit(None, 1)[-1]  # the word before the stop
    token = token.lstrip("(\"'“‘«[").lower()
    if token in _ABBREVIATIONS:
        return False
    before = text[-2]
    if before.isupper():  # "NHRI." ends a sentence, an initial "J." does not
        return len(token) >= 2 and "." not in token
    return before.islower() or before.isdigit() or before in ")]\"'”’»%" or before.isalpha()


# Everything up to the last space or unspaced (CJK) character: what follows it is the last word.
_BEFORE_LAST_WORD = re.compile(f"(?s).*[\\s{UNSPACED}]")


def _url_like(text: str) -> bool:
    text = text[-TAIL:]
    before = _BEFORE_LAST_WORD.match(text)  # greedy from the end: linear, where searching for "…$" is not
    last = text[before.end() :] if before else text
    return "://" in last or "@" in last or last.lower().startswith(("www", "http"))


def wrap_separator(left: str, right: str) -> str:
    """What goes between a wrapped line's end (`left`, of which only the end is looked at) and the next
    line: nothing between Chinese (or other CJK) characters, after a hyphen or inside a link; a space
    between the words of scripts that use spaces (Latin, Cyrillic, Greek, Arabic…)."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if a.isspace() or b.isspace() or is_cjk(a) or is_cjk(b):
        return ""
    if a in "/-‐\u00ad([{“‘«„" or b in ",.;:!?)]}%”’»":
        return ""
    if (a == "." and b.isdigit()) or _url_like(left):
        return ""
    return " "


def join_wrapped(left: str, right: str) -> str:
    """Rejoin a wrapped line: no space between Chinese (or other CJK) characters, one between the words of
    scripts that use spaces (Latin, Cyrillic, Greek, Arabic…), none after a hyphen or inside a link."""
    return left + wrap_separator(left[-TAIL:], right) + right


class Growing:
    """Text built piece by piece in time linear in its length (adding to a str copies it each time), whose
    end can be looked at without joining it: a paragraph that runs on for thousands of lines."""

    __slots__ = ("pieces", "size")

    def __init__(self, text: str = "") -> None:
        self.pieces = [text] if text else []
        self.size = len(text)

    def add(self, piece: str) -> None:
        if piece:
            self.pieces.append(piece)
            self.size += len(piece)

    def wrap(self, line: str) -> None:
        """Add a wrapped line, with a space or none between as join_wrapped would put it."""
        self.add(wrap_separator(self.tail(), line) + line)

    def rstrip(self) -> None:
        """Drop the spaces at the end."""
        while self.pieces and not self.pieces[-1].strip():
            self.size -= len(self.pieces.pop())
        if self.pieces:
            last = self.pieces[-1].rstrip()
            self.size -= len(self.pieces[-1]) - len(last)
            self.pieces[-1] = last

    def tail(self, n: int = TAIL) -> str:
        """The last `n` characters."""
        if n <= 0:
            return ""
        out: list[str] = []
        for piece in reversed(self.pieces):
            out.append(piece[-n:])
            n -= len(piece)
            if n <= 0:
                break
        return "".join(reversed(out))

    def value(self) -> str:
        if len(self.pieces) > 1:
            self.pieces = ["".join(self.pieces)]
        return self.pieces[0] if self.pieces else ""


def furniture(text: str) -> bool:
    """Page furniture by what it is, wherever it stands: job numbers and date codes, barcodes, "Please
    recycle", page numbers and marks, continuation marks, links to the document's own page."""
    return bool(
        _UNDOCS.match(text)
        or _JOB_NUMBER.match(text)
        or _PAGE_NUMBER.match(text)
        or _BARCODE.match(text)
        or _RECYCLE.match(text)
        or _CONTINUED.match(text)
        or _PAGE_MARK.match(text)
        or _PRIVATE.match(text)
    )


def without_furniture_cells(text: str) -> str:
    """A table row ("| *1516764* | Please recycle |") without its furniture cells: the row, the one
    cell left as a line, or nothing."""
    if not _TABLE_ROW.match(text):
        return text
    cells = [cell.strip() for cell in text.strip("|").split("|")]
    kept = [cell for cell in cells if cell and not furniture(cell)]
    if len(kept) == len([c for c in cells if c]):
        return text
    if len(kept) <= 1:
        return kept[0] if kept else ""
    return "| " + " | ".join(kept) + " |"


def _cleaned(raw_lines: list[str]) -> list[tuple[str, bool, str]]:
    """Non-blank lines as (text, heading hint, raw line), furniture cells and letter-spacing gone; the
    readers' notices come first with an empty raw line."""
    out = []
    for raw in raw_lines:
        stripped = raw.strip()
        if stripped.startswith(NOTICE_MARK):
            out.append((stripped[1:].strip(), False, ""))
            continue
        hint = stripped.startswith(HEADING_MARK)
        if hint:
            stripped = stripped.lstrip(HEADING_MARK).strip()
        if not stripped:
            continue
        text = collapse_cjk_spacing(without_furniture_cells(unlink(stripped)))
        if text:
            out.append((text, hint, raw))
    return out


def _note_start(text: str) -> re.Match[str] | None:
    return _SUPER_FOOTNOTE.match(text) or _STAR_FOOTNOTE.match(text)


def split_layout(raw_lines: list[str]) -> Layout:
    """Separate body lines from page furniture and footnotes (and endnotes, after a "Notes" heading)."""
    body: list[Line] = []
    footnotes: list[Footnote] = []
    symbols: list[str] = []
    notices: list[str] = []
    in_notes = False  # inside a footnote block opened by a separator line
    endnotes = False  # after the "Notes" heading that opens the endnotes
    letters = ""  # marks of a block of notes lettered a, b, c (under a table)
    note_text = Growing()  # the last footnote's text, as more lines of it come
    lines = _cleaned(raw_lines)
    for k, (text, hint, raw) in enumerate(lines):
        if not raw:
            notices.append(text)
            continue
        if _SEPARATOR.match(text):
            in_notes, letters = True, ""
            continue
        if furniture(text):
            in_notes = False
            continue
        if (SYMBOL.match(text) and "/" in text and not text.isdigit()) or (m := _SYMBOL_PAGE.match(text)):
            symbols.append(text if SYMBOL.match(text) else m.group(1))
            in_notes = False
            continue
        if NOTES_HEADINGS.match(text) and k + 1 < len(lines) and _note_start(lines[k + 1][0]):
            endnotes = True
            continue
        note = _note_start(text)
        if note is None and in_notes:
            note = _NUMBER_FOOTNOTE.match(text) or _SLASH_FOOTNOTE.match(text)
            lettered = _LETTER_FOOTNOTE.match(text)
            if note is None and lettered and lettered.group(1) == chr(ord(letters[-1:] or "`") + 1):
                note, letters = lettered, letters + lettered.group(1)
        if note:
            mark = note.group(1).translate(FROM_SUPERSCRIPT)
            if footnotes:
                footnotes[-1].text = note_text.value()
            footnotes.append(Footnote(mark, note.group(2).strip(), len(body), note.group(1)[0] in SUPERSCRIPTS))
            note_text = Growing(footnotes[-1].text)
            continue
        if endnotes and footnotes:
            if hint and ANNEX.match(text):
                endnotes = False
            else:
                end = note_text.tail()
                table = _TABLE_ROW.match(text) or _TABLE_ROW.match(end.rsplit("\n", 1)[-1])
                if table or ends_sentence(end) or text.endswith(":"):
                    note_text.add("\n" + text)
                else:
                    note_text.wrap(text)
                continue
        if in_notes and footnotes and not ends_sentence(note_text.tail()):
            note_text.wrap(text)
            continue
        in_notes = False
        body.append(Line(text, len(raw) - len(raw.lstrip()), display_width(raw.rstrip()), hint))
    if footnotes:
        footnotes[-1].text = note_text.value()
    widths = sorted(line.width for line in body)
    line_width = widths[int(len(widths) * 0.9)] if widths else 0
    full = sum(1 for line in body if line.width >= 0.85 * line_width)
    # Wrapped text (from a PDF) has many lines of about the same width; prose with one
    # paragraph per line has widths all over the place.
    wrapped = len(body) >= 20 and line_width < 200 and full >= 0.4 * len(body)
    return Layout(body, footnotes, symbols, wrapped, line_width, notices)
