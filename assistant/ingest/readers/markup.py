"""HTML and Markdown → text as printed: one line per block, list numbers written out, footnotes as
superscript marks with their bodies as "¹ text" lines.

Markdown is rendered to HTML by markdown-it (CommonMark, tables, footnotes) and read like a saved
web page, so both formats share one walk. Navigation, scripts, styles and page footers of a saved
page are left out; a list item keeps the number it shows (`<ol start>`, `<li value>`, and for
Markdown the number the author wrote).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import UnreadableFile
from .. import limits
from ..decode import decode
from ..layout import HEADING_MARK, SUPERSCRIPTS, TO_SUPERSCRIPT, Growing, wrap_separator

_SKIP = {"script", "style", "nav", "footer", "noscript", "template", "head", "button", "form", "svg", "aside"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "tr", "blockquote", "pre", "dd", "dt", "dl", "figcaption", "caption", "address", "hr", "body",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NOTE_ID = re.compile(r"^(?:fn|footnote|ftn|_ftn|note)[-_:]?(\d+)$", re.I)
_BACKREF = re.compile(r"^(?:↩|↩︎|\^|↑)$")
_BRACKETED = re.compile(r"^\[(\d+|\*+)\]$")
# "##Title" without the space CommonMark wants: a heading all the same in files made by other converters.
_LOOSE_HEADING = re.compile(r"^(#{1,6})([^#\s])", re.M)


def _mark(text: str) -> str | None:
    """A footnote mark as written inside <sup>: "1", "[1]", "*"; digits come back as superscripts."""
    text = text.strip()
    if m := _BRACKETED.match(text):
        text = m.group(1)
    if text.isdigit():
        return text.translate(TO_SUPERSCRIPT)
    if re.fullmatch(r"\*{1,3}", text):
        return text
    return None


class _Walker:
    """Collects lines: inline text accumulates until a block boundary flushes it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current = Growing()  # the line being collected (a long paragraph is many pieces)
        self.blank = True  # nothing but spaces in it so far
        self.label = ""  # a list item's number, for the first line inside it
        self.in_heading = 0  # inside <h1>…<h6>: lines are marked as headings for the structure pass

    def add(self, piece: str) -> None:
        self.current.add(piece)
        self.blank = self.blank and not piece.strip()

    def flush(self) -> None:
        if not self.blank:
            mark = HEADING_MARK if self.in_heading else ""
            self.lines.append(mark + self.label + self.current.value().strip())
            self.label = ""
        self.current, self.blank = Growing(), True

    def text(self, text: str | None, pre: bool = False) -> None:
        if not text:
            return
        if pre:
            for k, part in enumerate(text.split("\n")):
                if k:
                    self.flush()
                self.add(part)
            return
        # Source line breaks inside a block are wraps: no space between Chinese characters.
        for k, part in enumerate(re.split(r"[ \t\r\f]*\n\s*", text)):
            part = re.sub(r"\s+", " ", part)
            if k == 0:
                self.add(part)
            elif part and self.blank:
                self.current = Growing()
                self.add(part)
            elif part:
                self.current.rstrip()
                part = part.lstrip()
                self.add(wrap_separator(self.current.tail(), part) + part)

    def walk(self, el: etree._Element, pre: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or isinstance(el, etree._Comment):
            self.text(el.tail, pre)
            return
        block = tag in _BLOCKS
        heading = tag in _HEADINGS
        if block:
            self.flush()
        self.in_heading += heading
        if tag == "br":
            self.flush()
        elif tag == "sup" and (mark := _mark(el.text_content())) is not None:
            self.add(mark)
        elif tag == "a" and _BACKREF.match(el.text_content().strip()):
            pass  # "back to text" link of a footnote
        elif tag == "li" and _NOTE_ID.match(el.get("id", "")):
            self.note(el)
        elif tag == "tr":
            self.row(el)
        else:
            if tag == "li":
                self.label = _list_label(el)
            self.text(el.text, pre or tag == "pre")
            for child in el:
                self.walk(child, pre or tag == "pre")
        if block:
            self.flush()
            self.label = ""
        self.in_heading -= heading
        self.text(el.tail, pre)

    def row(self, tr: etree._Element) -> None:
        """A table row as one line, "| cell | cell |"; the structure pass keeps it with its paragraph."""
        cells = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            inner = _Walker()
            inner.text(cell.text)
            for child in cell:
                inner.walk(child)
            inner.flush()
            cells.append(" ".join(inner.lines))
        self.flush()
        if any(cells):
            self.lines.append("| " + " | ".join(cells) + " |")

    def note(self, li: etree._Element) -> None:
        """A footnote list item → "¹ text" (the number from the item, or from its id)."""
        inner = _Walker()
        inner.text(li.text)
        for child in li:
            inner.walk(child)
        inner.flush()
        body = " ".join(inner.lines)
        if not re.match(rf"^(?:[{SUPERSCRIPTS}]+|\*{{1,3}})\s", body):
            number = _NOTE_ID.match(li.get("id", ""))
            body = f"{number.group(1).translate(TO_SUPERSCRIPT)} {body}" if number else body
        self.flush()
        self.lines.append(body)


def _list_label(li: etree._Element) -> str:
    """What the browser draws before a list item: its number in an <ol>, a bullet in a <ul>."""
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return li.get("data-bullet", "•") + " "
    if li.get("value", "").isdigit():
        return f"{li.get('value')}. "
    number = int(parent.get("start", "1")) if parent.get("start", "1").isdigit() else 1
    for sibling in parent:
        if sibling is li:
            break
        if sibling.tag == "li":
            value = sibling.get("value", "")
            number = int(value) + 1 if value.isdigit() else number + 1
    return f"{number}. "


def html_lines(markup: str) -> str:
    if not markup.strip():  # (lxml: "Document is empty") nothing to read, as in an empty text file
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"not readable HTML: {exc}", code="not_html") from None
    walker = _Walker()
    walker.walk(_content(root))
    walker.flush()
    return "\n".join(walker.lines)


def _content(root: etree._Element) -> etree._Element:
    """The page's own text: its <main>, or its one <article>, else the whole <body>."""
    for candidates in (root.findall(".//main"), root.findall(".//article")):
        if len(candidates) == 1:
            return candidates[0]
    body = root.find("body")
    return body if body is not None else root


def _source(path: Path) -> str:
    source = decode(path.read_bytes())
    limits.check("characters of markup", len(source), limits.MAX_MARKUP_CHARS)
    return source


def read_html(path: Path) -> str:
    return html_lines(_source(path))


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin).use(front_matter_plugin)

    def list_item_open(renderer, tokens, idx, options, env):  # keep the number or bullet the author wrote
        token = tokens[idx]
        if token.info.isdigit():
            token.attrSet("value", token.info)
        elif token.markup in ("-", "*", "+"):
            token.attrSet("data-bullet", token.markup)
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("list_item_open", list_item_open)
    return md


def read_markdown(path: Path) -> str:
    """The rendered Markdown; a YAML front matter block is left out but for its `title:`, the first line."""
    md = _markdown()
    env: dict = {}
    tokens = md.parse(_LOOSE_HEADING.sub(r"\1 \2", _source(path)), env)
    matter = next((t.content for t in tokens if t.type == "front_matter"), "")
    title = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", matter, re.M)
    text = html_lines(md.renderer.render(tokens, md.options, env))
    return f"{title.group(1)}\n{text}" if title else text
