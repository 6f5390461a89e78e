"""Records of the corpus: documents and the units a user can cite, and how to cite them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..numerals import chinese_numeral
from .multilingual import CITATION_WORDS, format_date

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One citable unit, as the document prints it: a numbered paragraph, a preambular paragraph, an
    annex paragraph, an article or one of its paragraphs, summary or letter text, a speaker's statement,
    an unnumbered block or a stray footnote (`kind`, one of structure.KINDS).

    `label` is unique in the document and the same in every language version ("11", "pp2", "annex1.3",
    "art5.2", "st12"; unnumbered blocks are labelled by their heading). A unit longer than
    limits.MAX_UNIT_CHARS is cut at sentence ends into parts, `part` 1, 2…, labelled "11 part 2" and cited
    "para. 11, part 2". `number` is the paragraph number
    as printed, `annex` and `article` where the unit stands, `speaker` who spoke. `text` is verbatim from
    the source with footnote markers taken out; `marks` records where they stood (footnote mark,
    character offset in `text`) so a view can put them back. `citation` is in the document's language;
    `citation_for(document, paragraph, lang)` gives it in another.
    """

    doc_id: str
    label: str
    text: str
    section: tuple[str, ...]
    footnotes: tuple[str, ...]
    citation: str
    marks: tuple[tuple[str, int], ...] = ()
    kind: str = "paragraph"
    number: str | None = None
    annex: str | None = None
    article: str | None = None
    speaker: str | None = None
    part: int | None = None

    @property
    def key(self) -> str:
        """Stable identity of the unit inside the corpus (document and printed label)."""
        return f"{self.doc_id}#{self.label}"

    @property
    def search_text(self) -> str:
        """What retrieval sees: the text and the bodies of its footnotes."""
        return "\n".join([self.text, *self.footnotes])


@dataclass
class Document:
    """A source document with the metadata a citation needs. `language` is its ISO 639-1 code; `warnings`
    say what the reader could not do as it should (columns, an OCR text layer, pages without text)."""

    id: str
    path: Path
    title: str
    doc_type: str | None = None
    date: dt.date | None = None
    session: str | None = None
    place: str | None = None
    meeting_dates: str | None = None
    agenda_item: str | None = None
    symbol: str | None = None
    url: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    language: str = "zh"
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def years(self) -> frozenset[int]:
        """The years a user may name the document by ("the 2017 report"): its date's, its symbol's
        (CAC/COSP/2017/4: a background paper the parser found no date for) and its meeting's."""
        found = {int(y) for text in (self.symbol, self.meeting_dates) if text for y in _YEAR.findall(text)}
        return frozenset(found | ({self.date.year} if self.date else set()))

    def paragraph(self, label: str) -> Paragraph:
        for para in self.paragraphs:
            if para.label == label:
                return para
        raise KeyError(f"{self.id} has no paragraph labelled {label!r}")


@dataclass(frozen=True)
class SkippedFile:
    """A file of the corpus folder that was not read or not indexed, why, and the error's `code` (see
    assistant/errors.py: "unreadable_file", "outside_corpus", "name_clash", "duplicate", "too_large"…)."""

    path: Path
    reason: str
    code: str = "unreadable_file"  # the error's code, so a view can say the reason in its own language
    details: dict = field(default_factory=dict)


def short_title(title: str, cjk: bool = False) -> str:
    """The title as a citation can carry it: whole up to 80 characters (40 in Chinese), else cut at a word."""
    limit = 40 if cjk else 80
    if len(title) <= limit + 10:
        return title
    cut = title[:limit]
    if not cjk and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _unit(paragraph: Paragraph, lang: str) -> str:
    words = CITATION_WORDS[lang]
    zh = lang == "zh"
    n = paragraph.number or paragraph.label
    kind = paragraph.kind
    annex = ""
    if paragraph.annex is not None and kind in ("annex_paragraph", "preambular", "statement"):
        ident = paragraph.annex
        if zh and ident.isdigit():
            ident = chinese_numeral(int(ident))
        annex = words["annex"].format(x=ident) if ident else words["annex_plain"]
    article = paragraph.article or ""
    if zh and article.isdigit():
        article = chinese_numeral(int(article))
    if kind in ("paragraph", "annex_paragraph"):
        part = words["paragraph"].format(n=n)
    elif kind == "preambular":
        part = words["preambular"].format(n=n)
    elif kind == "article":
        part = words["article"].format(a=article)
    elif kind == "article_paragraph":
        number = chinese_numeral(int(n)) if zh and n.isdigit() else n
        part = words["article_paragraph"].format(a=article, n=number)
    elif kind == "footnote":
        part = words["footnote"].format(n=n)
    elif kind == "statement" and paragraph.speaker:
        part = words["statement"].format(s=paragraph.speaker)
    else:
        part = paragraph.label.rsplit(" part ", 1)[0] if paragraph.part else paragraph.label
    if paragraph.part:
        part += words["part"].format(i=paragraph.part)
    if annex:
        return annex + ("" if zh else words["sep"]) + part
    return part


def citation_for(doc: Document, paragraph: Paragraph | str, lang: str | None = None) -> str:
    """The citation a user takes to the original, in UN style and in `lang` ("zh", "en", "fr", "es", "ru",
    "ar"; default: the document's language): the symbol, or a short title and the date, then the unit —
    "S/RES/2803 (2025), para. 11", "A/RES/70/10, preambular para. 2", "CAC/COSP/2017/4，第28段".

    `paragraph` may be a label (a numbered paragraph when it is all digits)."""
    if isinstance(paragraph, str):
        digits = paragraph.isdigit()
        paragraph = Paragraph(doc.id, paragraph, "", (), (), "", kind="paragraph" if digits else "text")
    lang = lang if lang in CITATION_WORDS else (doc.language if doc.language in CITATION_WORDS else "en")
    words = CITATION_WORDS[lang]
    unit = _unit(paragraph, lang)
    if doc.symbol:
        return f"{doc.symbol}{words['sep']}{unit}"
    zh = lang == "zh"
    title = short_title(doc.title, cjk=doc.language in ("zh", "ja", "ko"))
    if zh:
        when = f"（{doc.date.year}年{doc.date.month}月{doc.date.day}日）" if doc.date else ""
        return f"《{title}》{when}，{unit}"
    when = f" ({format_date(doc.date, lang)})" if doc.date else ""
    return f"{title}{when}{words['sep']}{unit}"
