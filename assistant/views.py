"""Hits as the web chat shows them: escaped HTML with highlights, the JSON of the API, interface texts.

Everything that comes from a document or from the user passes through `html.escape` before it is put
into markup, so a paragraph or a question holding `<script>` shows as text and runs nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

from .api import Hit, Turn
from .documents import Document, Paragraph

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "联合国文件检索助手",
        "subtitle": "用中文或英文提问，得到原文段落及其确切出处。助手不写任何自己的回答。",
        "found": "找到 {n} 段相关内容",
        "not_found": "没有找到可靠的匹配，以下为最接近的段落",
        "none": "没有可显示的段落（请放宽筛选条件）",
        "follow_up": "（结合上一个问题检索）",
        "question": "问题",
        "placeholder": "例如：哪些小岛屿国家得到了制定反腐败战略的帮助？",
        "send": "提问",
        "clear": "新对话",
        "documents": "文件",
        "years": "年份",
        "k": "段落数",
        "examples": "示例问题",
        "language": "界面语言",
        "context": "上下文",
        "whole": "全文",
        "copy": "复制引用",
        "relevance": "相关度",
        "building": "正在建立索引：{done}/{total} 段已嵌入…",
        "loading": "正在打开索引…",
        "ready": "已就绪：{docs} 个文件，{paras} 个段落。",
        "stale": "文件夹中的文件在建立索引后有变动。",
        "update": "更新索引",
        "updated": "索引已更新：{summary}",
        "not_ready": "索引尚未就绪，请稍候再问。",
        "error": "无法检索：{error}",
        "failed": "索引无法打开：{error}",
        "upload": "添加文档（PDF、Word、Markdown、HTML、TXT；每个不超过 {mb} MB）",
        "reading": "正在读取 {file}…",
        "added": "已添加 {file}（{paras} 段），正在更新索引。",
        "present": "{file} 已在语料库中，未作更改。",
        "refused": "未添加 {file}：{reason}",
        "skipped": "未能读取的文件（未编入索引）：{files}",
        "original": "原文件",
    },
    "en": {
        "title": "UN documents retrieval assistant",
        "subtitle": "Ask in Chinese or English; get the source paragraphs with exact citations. "
        "The assistant writes no answer of its own.",
        "found": "Found {n} relevant paragraphs",
        "not_found": "No reliable match found; the closest paragraphs follow",
        "none": "No paragraph to show (loosen the filters)",
        "follow_up": "(searched together with the previous question)",
        "question": "Question",
        "placeholder": "e.g. Which small island States got help with anti-corruption strategies?",
        "send": "Ask",
        "clear": "New chat",
        "documents": "Documents",
        "years": "Years",
        "k": "Paragraphs",
        "examples": "Example questions",
        "language": "Interface language",
        "context": "Context",
        "whole": "Whole document",
        "copy": "Copy citation",
        "relevance": "Relevance",
        "building": "Building the index: {done}/{total} paragraphs embedded…",
        "loading": "Opening the index…",
        "ready": "Ready: {docs} documents, {paras} paragraphs.",
        "stale": "Files in the corpus folder changed since the index was built.",
        "update": "Update the index",
        "updated": "Index updated: {summary}",
        "not_ready": "The index is not ready yet; ask again in a moment.",
        "error": "Cannot search: {error}",
        "failed": "The index cannot be opened: {error}",
        "upload": "Add documents (PDF, Word, Markdown, HTML, TXT; up to {mb} MB each)",
        "reading": "Reading {file}…",
        "added": "Added {file} ({paras} paragraphs); updating the index.",
        "present": "{file} is already in the corpus; nothing changed.",
        "refused": "Not added {file}: {reason}",
        "skipped": "Files that could not be read (not indexed): {files}",
        "original": "Original file",
    },
}

EXAMPLES = [
    "哪些小岛屿国家得到了制定反腐败战略的帮助？",
    "毒品和犯罪问题办公室在体育领域开展了哪些反腐败工作？",
    "实施情况审议机制第二周期完成了多少份国别审议？",
    "Which countries received support for asset declaration systems?",
    "What did States say about the role of regional anti-corruption conventions?",
]


def text(lang: str, name: str, **values: object) -> str:
    """An interface text in the chosen language (Chinese unless 'en')."""
    return TEXTS["en" if lang == "en" else "zh"][name].format(**values)


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


def hit_record(hit: Hit) -> dict:
    """A hit as JSON for the API: verbatim text, citation, where it is, how it scored."""
    para, doc = hit.paragraph, hit.document
    return {
        "rank": hit.rank,
        "citation": hit.citation,
        "document": doc.id,
        "file": doc.path.name,
        "title": doc.title,
        "symbol": doc.symbol,
        "date": doc.date.isoformat() if doc.date else None,
        "paragraph": para.label,
        "section": list(para.section),
        "text": para.text,
        "footnotes": list(para.footnotes),
        "highlights": [list(span) for span in hit.highlights],
        "score": round(hit.score, 4),
        "similarity": round(hit.similarity, 4),
    }


DOCUMENT_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; max-width: 52em; margin: 2em auto;
       line-height: 1.7; padding: 0 1em; }
.meta { color: #555; margin-bottom: 1.5em; }
p { margin: 0.6em 0; padding: 0.2em 0.4em; white-space: pre-line; }
p:target { background: #fff3b0; outline: 2px solid #e0b000; }
.note { font-size: 0.85em; color: #555; margin-left: 2em; }
"""

CHAT_CSS = """
.answer-header { font-weight: 600; margin-bottom: 0.5em; }
.answer-weak .answer-header { color: #a15c00; }
.hit { border-left: 3px solid #4a7bd0; padding: 0.3em 0.7em; margin: 0.7em 0; }
.answer-weak .hit { border-left-color: #bbb; }
.hit-head { font-size: 0.9em; }
.hit-rank { font-weight: 700; }
.hit-cite { font-weight: 600; }
.hit-rel { display: inline-block; width: 4em; height: 0.5em; background: #e4e4e4; vertical-align: middle; }
.hit-rel > span { display: block; height: 100%; background: #4a7bd0; }
.hit-section { font-size: 0.8em; color: #666; }
.hit-text, .hit-context p { white-space: pre-line; }  /* list items and table rows on their own lines */
.hit-text mark { background: #ffe58a; padding: 0 1px; }
.hit-note { font-size: 0.8em; color: #666; }
.hit-context p { font-size: 0.9em; color: #444; margin: 0.3em 0; }
.hit-context p.ctx-current { color: inherit; font-weight: 500; }
.hit-actions { font-size: 0.85em; margin-top: 0.3em; }
.copy-cite { font-size: 0.85em; cursor: pointer; }
"""

# Copies a hit's citation: one delegated listener, since the sanitiser strips handlers and data attributes
# from markup inside chat messages.
COPY_JS = """
<script>
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy-cite");
  if (!button) return;
  const cite = button.closest(".hit").querySelector(".hit-cite").textContent;
  const done = () => { button.dataset.label = button.textContent; button.textContent = "✓"; };
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(cite).then(done, done); }
  else { const t = document.createElement("textarea"); t.value = cite; document.body.appendChild(t); t.select();
         document.execCommand("copy"); t.remove(); done(); }
});
</script>
"""
