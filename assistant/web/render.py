"""Hits and documents as the web page shows them: escaped HTML with highlights.

Everything that comes from a document or from the user passes through `html.escape` before it is put
into markup, so a paragraph or a question holding `<script>` shows as text and runs nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from ..ingest.documents import Document, Paragraph
from ..search.records import Hit, Turn
from .strings import text

STATIC = Path(__file__).parent / "static"
DOCUMENT_CSS = (STATIC / "document.css").read_text(encoding="utf-8")
CHAT_CSS = (STATIC / "chat.css").read_text(encoding="utf-8")
HEAD_JS = f"<script>\n{(STATIC / 'copy.js').read_text(encoding='utf-8')}</script>\n"


def marked(text_: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text_` escaped, with the character spans wrapped in <mark>."""
    out, at = [], 0
    for start, end in spans:
        out.append(html.escape(text_[at:start]))
        out.append(f"<mark>{html.escape(text_[start:end])}</mark>")
        at = end
    out.append(html.escape(text_[at:]))
    return "".join(out)


def anchor(paragraph: Paragraph) -> str:
    return "p-" + quote(paragraph.label, safe="")


def document_link(paragraph: Paragraph) -> str:
    return f"doc/{quote(paragraph.doc_id, safe='')}#{anchor(paragraph)}"


def _section(paragraph: Paragraph) -> str:
    return " › ".join(paragraph.section)


def _context_html(neighbours: Sequence[Paragraph], current: Paragraph) -> str:
    rows = []
    for para in neighbours:
        cls = ' class="ctx-current"' if para.key == current.key else ""
        label = html.escape(para.label)
        rows.append(f"<p{cls}><b>{label}.</b> {html.escape(para.text)}</p>")
    return "".join(rows)


def hit_html(hit: Hit, neighbours: Sequence[Paragraph], top_score: float, lang: str) -> str:
    """One hit: rank, citation, section trail, the text with highlights, relevance, context, links."""
    para = hit.paragraph
    citation = html.escape(hit.citation, quote=True)
    relevance = max(0.05, min(1.0, hit.score / top_score)) if top_score > 0 else 1.0
    section = f'<div class="hit-section">{html.escape(_section(para))}</div>' if para.section else ""
    notes = "".join(f'<div class="hit-note">{html.escape(note)}</div>' for note in para.footnotes)
    return (
        '<div class="hit">'
        f'<div class="hit-head"><span class="hit-rank">#{hit.rank}</span> '
        f'<span class="hit-cite">{citation}</span> '
        f'<span class="hit-rel" title="{text(lang, "relevance")} {hit.score:.2f} · {hit.similarity:.3f}">'
        f'<span style="width:{relevance * 100:.0f}%"></span></span></div>'
        f"{section}"
        f'<div class="hit-text">{marked(para.text, hit.highlights)}</div>'
        f"{notes}"
        f'<details class="hit-context"><summary>{text(lang, "context")}</summary>'
        f"{_context_html(neighbours, para)}</details>"
        f'<div class="hit-actions"><a href="{document_link(para)}" target="_blank" rel="noopener">'
        f"{text(lang, 'whole')}</a> "
        f'<button type="button" class="copy-cite">{text(lang, "copy")}</button></div>'
        "</div>"
    )


def answer_html(turn: Turn, neighbours: Sequence[Sequence[Paragraph]], lang: str) -> str:
    """A chat answer: the one-line header, then the hits. No other prose."""
    if not turn.hits:
        header = text(lang, "none")
    else:
        header = text(lang, "found", n=len(turn.hits)) if turn.confident else text(lang, "not_found")
    if turn.follow_up:
        header += " " + text(lang, "follow_up")
    cls = "answer" if turn.confident else "answer answer-weak"
    top = turn.hits[0].score if turn.hits else 0.0
    body = "".join(hit_html(h, n, top, lang) for h, n in zip(turn.hits, neighbours, strict=True))
    return f'<div class="{cls}"><div class="answer-header">{html.escape(header)}</div>{body}</div>'


def question_html(question: str) -> str:
    return f'<div class="question">{html.escape(question)}</div>'


def document_html(doc: Document, lang: str) -> str:
    """The whole document as a page, every unit with an anchor so a link can scroll to it."""
    meta = " · ".join(html.escape(str(v)) for v in (doc.symbol, doc.date, doc.session, doc.place) if v)
    link = f"../original/{quote(doc.id, safe='')}"
    original = f'<a href="{link}">{text(lang, "original")}: {html.escape(doc.path.name)}</a>'
    meta = f"{meta} · {original}" if meta else original
    rows = []
    section: tuple[str, ...] = ()
    for para in doc.paragraphs:
        if para.section != section and para.section:
            rows.append(f"<h3>{html.escape(_section(para))}</h3>")
        section = para.section
        notes = "".join(f'<div class="note">{html.escape(n)}</div>' for n in para.footnotes)
        rows.append(f'<p id="{anchor(para)}"><b>{html.escape(para.label)}.</b> {html.escape(para.text)}</p>{notes}')
    return (
        f'<!doctype html><html lang="{"en" if lang == "en" else "zh"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc.title)}</title><style>{DOCUMENT_CSS}</style></head><body>"
        f"<h1>{html.escape(doc.title)}</h1><div class=meta>{meta}</div>{''.join(rows)}</body></html>"
    )
