"""What the web page shows, as escaped HTML: the conversation (answers grouped by document), the status line,
the upload report, the document list and the whole-document page.

Everything that comes from a document, a file name or the user passes through `html.escape` before it is put
into markup, so a paragraph, a question or a file named `![x](y.png).txt` holding `<script>` or Markdown
shows as text and runs or loads nothing.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, urlencode

from ..ingest.documents import Document, Paragraph, citation_for
from ..ingest.library import DocumentInfo
from ..scripts import has_han
from ..search.query import MAX_QUERY_CHARS, is_follow_up
from ..search.records import Hit
from ..search.relevance import STRONG
from .conversation import Exchange, Filters
from .strings import TEXTS, date_text, language_name, language_of, text

STATIC = Path(__file__).parent / "static"
DOCUMENT_CSS = (STATIC / "document.css").read_text(encoding="utf-8")
CHAT_CSS = (STATIC / "chat.css").read_text(encoding="utf-8")
PAGE_JS = (STATIC / "page.js").read_text(encoding="utf-8")
PAGE_CSS = (STATIC / "page.css").read_text(encoding="utf-8")
MAX_SHOWN = 50  # "show more" stops there
MORE = 5  # paragraphs added by one "show more"
CLIENT_TEXTS = ("copied", "star", "starred", "starred_bar", "starred_title", "too_big_upload", "title", "warning")


def head_html(max_upload_bytes: int) -> str:
    """The page's <head> additions: the texts and limits the page script needs, and the script."""
    config = {
        "maxUpload": max_upload_bytes,
        "texts": {lang: {k: TEXTS[lang][k] for k in CLIENT_TEXTS} for lang in TEXTS},
    }
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return f"<style>\n{PAGE_CSS}</style>\n<script>\nwindow.UN_ASSISTANT = {data};\n{PAGE_JS}</script>\n"


# -- citations and links ------------------------------------------------------------
def citation_text(document: Document, paragraph: Paragraph, lang: str) -> str:
    """The citation the page copies, exports and shows for a paragraph, UN style in the interface language:
    "CAC/COSP/2017/4, para. 28" / "CAC/COSP/2017/4，第28段"; a document without a symbol by a short title and
    its date."""
    return citation_for(document, paragraph, language_of(lang))


def unit_label(paragraph: Paragraph, lang: str) -> str:
    """'第9段' / 'para. 9' for a numbered paragraph, '脚注*' / 'footnote *' for a footnote unit (whatever the
    document's language), a heading by its own label."""
    if paragraph.label.isdigit():
        return text(lang, "paragraph", label=paragraph.label)
    if paragraph.kind == "footnote" and paragraph.number and not paragraph.part:
        return text(lang, "footnote", mark=paragraph.number)
    return paragraph.label


def printed_label(paragraph: Paragraph, lang: str) -> str:
    """A unit's label in a document's text: the number as printed, a footnote unit named in the interface
    language (its label, "脚注*", is the parser's)."""
    return unit_label(paragraph, lang) if paragraph.kind == "footnote" else paragraph.label


def doc_name(doc: Document | DocumentInfo, lang: str) -> str:
    """A document as filters and headers name it: symbol or title, with the date (not cut short)."""
    name = f"{doc.symbol} · {doc.title}" if doc.symbol else doc.title
    return f"{name} ({date_text(doc.date, lang)})"


def anchor(paragraph: Paragraph) -> str:
    return "p-" + quote(paragraph.label, safe="")


def document_link(paragraph: Paragraph, lang: str | None = None) -> str:
    """The whole document at the paragraph, relative to the page: doc/<id>#p-N (with ?lang= for the page)."""
    query = f"?lang={lang}" if lang else ""
    return f"doc/{quote(paragraph.doc_id, safe='')}{query}#{anchor(paragraph)}"


def export_link(keys: Sequence[str], lang: str, fmt: str, question: str = "") -> str:
    params = [("format", fmt), ("lang", lang), *([("q", question)] if question else []), *(("p", k) for k in keys)]
    return "export?" + urlencode(params)


def share_link(question: str, lang: str, filters: Filters | None = None) -> str:
    """The page asking `question` again, under the same document and year filters (read back by ui.restore_page)."""
    chosen = [*(("doc", d) for d in filters.documents), *(("year", y) for y in filters.years)] if filters else []
    return "?" + urlencode([("q", question), ("lang", lang), *chosen])


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


# -- the conversation -------------------------------------------------------------
def marked(text_: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text_` escaped, with the character spans wrapped in <mark>."""
    out, at = [], 0
    for start, end in spans:
        out.append(html.escape(text_[at:start]))
        out.append(f"<mark>{html.escape(text_[start:end])}</mark>")
        at = end
    out.append(html.escape(text_[at:]))
    return "".join(out)


def _section(paragraph: Paragraph) -> str:
    return " › ".join(paragraph.section)


def _lang_of(value: str) -> str:
    return "zh" if has_han(value) else "en"


def _versions_html(versions: Sequence[tuple[str, Paragraph]], lang: str) -> str:
    """Links to the same unit in the document's other language versions (UN documents keep their numbering)."""
    return "".join(
        f'<a class="version" href="{_attr(document_link(para, lang))}" target="_blank" rel="noopener">'
        f"{text(lang, 'version', language=language_name(lang, code))}</a>"
        for code, para in versions
    )


def _context_html(neighbours: Sequence[Paragraph], current: Paragraph, lang: str) -> str:
    rows = []
    for para in neighbours:
        cls = ' class="ctx-current"' if para.key == current.key else ""
        label = html.escape(printed_label(para, lang))
        rows.append(f"<p{cls}><b>{label}.</b> {html.escape(para.text)}</p>")
    return "".join(rows)


def hit_html(
    hit: Hit,
    neighbours: Sequence[Paragraph],
    lang: str,
    turn: int,
    versions: Sequence[tuple[str, Paragraph]] = (),
) -> str:
    """One hit: rank, paragraph, its level (the same meaning on every question), the question's key terms it
    lacks, section trail, the text with highlights, context, actions. Its citation and link ride on the element
    for the copy and star buttons; `versions` (language, unit) link the same unit in other language versions."""
    para = hit.paragraph
    sep = ", " if lang == "en" else "、"
    missing = ""
    if hit.missing:
        terms = sep.join(f"<s>{html.escape(term)}</s>" for term in hit.missing)
        missing = f'<div class="hit-missing">{text(lang, "missing", terms=terms)}</div>'
    section = f'<div class="hit-section">{html.escape(_section(para))}</div>' if para.section else ""
    notes = "".join(f'<div class="hit-note">{html.escape(note)}</div>' for note in para.footnotes)
    cite = citation_text(hit.document, para, lang)
    return (
        f'<div class="hit" id="t{turn}-h{hit.rank}" data-key="{_attr(para.key)}" data-cite="{_attr(cite)}" '
        f'data-link="{_attr(document_link(para))}">'
        f'<div class="hit-head"><span class="hit-rank">#{hit.rank}</span> '
        f'<span class="hit-cite" title="{_attr(cite)}">{html.escape(unit_label(para, lang))}</span> '
        f'<span class="hit-level level-{hit.level}" title="{_attr(text(lang, "level_title"))} '
        f'({text(lang, "relevance")} {hit.score:.2f} · {hit.similarity:.3f})">{text(lang, "level_" + hit.level)}</span>'
        f"</div>{missing}{section}"
        f'<div class="hit-text" lang="{_lang_of(para.text)}">{marked(para.text, hit.highlights)}</div>'
        f"{notes}"
        f'<details class="hit-context"><summary>{text(lang, "context")}</summary>'
        f"{_context_html(neighbours, para, lang)}</details>"
        f'<div class="hit-actions"><a class="whole" href="{_attr(document_link(para, lang))}" target="_blank" '
        f'rel="noopener">{text(lang, "whole")}</a>{_versions_html(versions, lang)}'
        f'<button type="button" class="copy-cite">{text(lang, "copy")}</button>'
        f'<button type="button" class="star" aria-pressed="false">☆ {text(lang, "star")}</button></div>'
        "</div>"
    )


def _groups(exchange: Exchange) -> list[list[int]]:
    """Hit positions grouped by document, the groups in the order of their best hit."""
    groups: dict[str, list[int]] = {}
    for i, hit in enumerate(exchange.turn.hits):
        groups.setdefault(hit.document.id, []).append(i)
    return list(groups.values())


def answer_header(exchange: Exchange, lang: str) -> str:
    """The answer's one line: how many paragraphs from how many documents, or why there are none; the
    follow-up note and the filters in force."""
    turn = exchange.turn
    if exchange.emptied is not None:
        header = text(lang, "none") + (": " if lang == "en" else "：") + exchange.emptied_text(lang)
    elif not turn.hits:
        header = text(lang, "none")
    elif turn.confident:
        header = text(lang, "found", n=len(turn.hits)) + text(lang, "in_documents", docs=len(_groups(exchange)))
    else:
        header = text(lang, "not_found")
    if turn.follow_up:
        header += " " + text(lang, "follow_up")
    elif exchange.new_topic and is_follow_up(turn.question):  # "那2021年呢？" first, or after 新对话
        header += " " + text(lang, "nothing_to_follow")
    if turn.hits and not turn.key_terms:  # "的", "？？？": nothing a paragraph could be checked for
        header += " " + text(lang, "no_key_terms")
    filters = exchange.filters_text(lang)
    if filters and exchange.emptied is None:
        header += " · " + text(lang, "filters_active", filters=filters)
    return header


def answer_html(exchange: Exchange, index: int, lang: str) -> str:
    """A chat answer: the header line, that a long question was cut, the Chinese terms of an English question, the
    hits grouped by document, the answer's tools. No other prose."""
    turn = exchange.turn
    header = answer_header(exchange, lang)
    cls = "answer" if turn.confident else "answer answer-weak"
    cut = ""
    if exchange.cut:
        cut = f'<div class="answer-note">{text(lang, "cut", n=f"{MAX_QUERY_CHARS:,}")}</div>'
    terms = ""
    if exchange.terms is not None:
        sep = ", " if lang == "en" else "、"
        found = sep.join(f'<span class="term" lang="zh">{html.escape(t)}</span>' for t in exchange.terms)
        said = f"{text(lang, 'terms')} {found}" if exchange.terms else text(lang, "no_terms")
        terms = f'<div class="answer-terms">{said}</div>'
    body = []
    for group in _groups(exchange):
        hits = [turn.hits[i] for i in group]
        doc = hits[0].document
        rendered = [
            hit_html(h, exchange.neighbours[i], lang, index, exchange.versions[i])
            for h, i in zip(hits, group, strict=True)
        ]
        # the document's best hit and every other strong one in view; its partial and weak ones folded
        shown = [r for j, r in enumerate(rendered) if j == 0 or hits[j].level == STRONG]
        folded = [r for j, r in enumerate(rendered) if j > 0 and hits[j].level != STRONG]
        more = ""
        if folded:
            more = (
                f'<details class="more-hits"><summary>{text(lang, "more_from_document", n=len(folded))}'
                f"</summary>{''.join(folded)}</details>"
            )
        meta = " · ".join(x for x in (doc.symbol, date_text(doc.date, lang)) if x)
        body.append(
            f'<section class="doc-group" data-doc="{_attr(doc.id)}">'
            f'<div class="doc-head"><span class="doc-title" lang="{_lang_of(doc.title)}">{html.escape(doc.title)}'
            f'</span> <span class="doc-meta">{html.escape(meta)}</span></div>{"".join(shown)}{more}</section>'
        )
    tools = ""
    if turn.hits:
        keys = [h.paragraph.key for h in turn.hits]
        exports = "".join(
            f'<a class="export" href="{_attr(export_link(keys, lang, fmt, turn.question))}" download>{label}</a>'
            for fmt, label in (("md", "Markdown"), ("docx", "Word"), ("csv", "CSV"))
        )
        shared = share_link(turn.question, lang, exchange.filters)
        tools = (
            '<div class="answer-tools">'
            f'<button type="button" class="copy-answer">{text(lang, "copy_answer")}</button>'
            f'<button type="button" class="share" data-share="{_attr(shared)}">'
            f"{text(lang, 'share')}</button>"
            f'<span class="exports">{text(lang, "export")}: {exports}</span></div>'
        )
    more_button = ""
    if turn.hits and len(turn.hits) >= exchange.k and exchange.k < MAX_SHOWN:
        more_button = f'<button type="button" class="show-more" data-turn="{index}">{text(lang, "show_more")}</button>'
    return (
        f'<article class="{cls}" id="answer-{index}" aria-label="{_attr(text(lang, "answer_said", header=header))}">'
        f'<h3 class="answer-header" tabindex="-1">{html.escape(header)}</h3>'
        f"{cut}{terms}{tools}{''.join(body)}{more_button}</article>"
    )


def question_html(question: str, index: int, lang: str) -> str:
    said = text(lang, "question_said", q=question)
    return f'<div class="question" id="question-{index}" aria-label="{_attr(said)}">{html.escape(question)}</div>'


def conversation_html(exchanges: Sequence[Exchange], lang: str, focus: int | None = None, token: int = 0) -> str:
    """The whole conversation. `focus`: the answer the page scrolls to (a new `token` each time it should)."""
    rows = "".join(
        f'<section class="exchange" data-turn="{i}">{question_html(ex.question, i, lang)}{answer_html(ex, i, lang)}'
        "</section>"
        for i, ex in enumerate(exchanges)
    )
    focus_attr = f' data-focus="{focus}" data-token="{token}"' if focus is not None else ""
    return (
        f'<div class="conversation" role="log" aria-label="{text(lang, "conversation")}" data-lang="{lang}"'
        f"{focus_attr}>{rows}</div>"
    )


# -- status, reports and the document list -----------------------------------------------
def lines_html(lines: Sequence[str]) -> str:
    """A report: lines of plain text (file names, reasons) as escaped paragraphs, in one element that the page
    script may also write to (an upload too large is refused before it is sent)."""
    return '<div class="report" role="status">' + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</div>"


def status_html(line: str, stale_note: str | None = None) -> str:
    note = f' <strong class="stale">{html.escape(stale_note)}</strong>' if stale_note else ""
    return f'<div class="status-line">{html.escape(line)}{note}</div>'


def documents_table_html(infos: Sequence[DocumentInfo], lang: str) -> str:
    head = "".join(
        f"<th>{text(lang, c)}</th>"
        for c in ("col_title", "col_symbol", "col_date", "col_language", "col_paragraphs", "col_file")
    )
    rows = []
    for info in infos:
        language = language_name(lang, info.language)
        cells = [
            info.title,
            info.symbol or "",
            date_text(info.date, lang),
            language,
            str(info.paragraphs),
            info.file,
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return (
        f'<table class="doc-list"><caption>{text(lang, "doc_list")}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# -- the whole-document page ---------------------------------------------------------
def _page(lang: str, title: str, body: str) -> str:
    """A page outside the chat (`title` escaped, `body` markup): in the interface language, fit for a phone."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{DOCUMENT_CSS}</style></head><body>{body}</body></html>"
    )


def _back(lang: str) -> str:
    return f'<a href="../?lang={lang}">{text(lang, "back")}</a>'


def document_html(doc: Document, lang: str) -> str:
    """The whole document as a page in the interface language, every unit with an anchor so a link can scroll
    to it. Works on a phone (viewport meta) and without scripts."""
    meta = [html.escape(str(v)) for v in (doc.symbol, doc.session, doc.place) if v]
    if doc.date:
        meta.insert(1 if doc.symbol else 0, html.escape(date_text(doc.date, lang)))
    link = f"../original/{quote(doc.id, safe='')}"
    original = f'<a href="{link}">{text(lang, "original")}: {html.escape(doc.path.name)}</a>'
    meta_line = " · ".join([*meta, original, _back(lang)])
    content_lang = _lang_of(doc.title + "".join(p.text for p in doc.paragraphs[:3]))
    rows = []
    section: tuple[str, ...] = ()
    for para in doc.paragraphs:
        if para.section != section and para.section:
            rows.append(f"<h2>{html.escape(_section(para))}</h2>")
        section = para.section
        notes = "".join(f'<div class="note">{html.escape(n)}</div>' for n in para.footnotes)
        label = html.escape(printed_label(para, lang))
        rows.append(f'<p id="{anchor(para)}"><b>{label}.</b> {html.escape(para.text)}</p>{notes}')
    return _page(
        lang,
        doc.title,
        f'<header><h1 lang="{content_lang}">{html.escape(doc.title)}</h1><div class="meta">{meta_line}</div></header>'
        f'<main lang="{content_lang}">{"".join(rows)}</main>',
    )


def missing_document_html(doc_id: str, lang: str) -> str:
    """The page a link to a document no longer in the corpus opens (one of an older answer, after the document
    was deleted or renamed): what happened and the way back, in the interface language."""
    said = text(lang, "gone", id=html.escape(doc_id))
    return _page(lang, text(lang, "gone_title"), f"<h1>{text(lang, 'gone_title')}</h1><p>{said}</p>{_back(lang)}")
