"""Parsed documents kept by content, so that a large corpus opens in seconds.

Cutting a text into citable units is most of opening a corpus: at 10,000 files (a million paragraphs) about
130 s of 138. The Document a text parses to depends only on the text, the file's name, its catalog entry and
the parsing code, so it is stored under the cache folder keyed by all four and read back while none of them
changed. The store is JSON, not pickle: a cache file is data and never runs as code.

doc = cached_parse(path, text, overrides, cache_dir, parse_document)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..fingerprint import fingerprint
from .documents import Document, Paragraph

_PARAGRAPH_FIELDS = tuple(f.name for f in dataclasses.fields(Paragraph))
_DOCUMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name not in ("path", "paragraphs"))


@functools.cache
def parser_fingerprint() -> str:
    """The code a parse depends on: the ingest package (readers, layout, structure, header, records) and the
    helpers it calls."""
    return fingerprint(modules=("assistant.ingest", "assistant.numerals", "assistant.scripts"))


def cached_parse(
    path: Path,
    text: str,
    overrides: dict | None,
    cache_dir: Path,
    parse: Callable[[Path, str, dict | None], Document],
) -> Document:
    """parse(path, text, overrides), from the cache when the same text, name and catalog entry were parsed by
    the same code before. A cache file that cannot be read back is parsed again, never an error."""
    entry = json.dumps(overrides or {}, sort_keys=True, default=str, ensure_ascii=False)
    key = hashlib.sha256(f"{parser_fingerprint()}\0{path.name}\0{entry}\0{text}".encode()).hexdigest()
    stored = cache_dir / "documents" / f"{key}.json"
    try:
        return _document(json.loads(stored.read_text(encoding="utf-8")), path)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    doc = parse(path, text, overrides)
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f".{stored.name}.{os.getpid()}")
        partial.write_text(json.dumps(_record(doc), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, stored)
    except OSError:  # a read-only cache only costs the time
        pass
    return doc


def _record(doc: Document) -> dict:
    record = {name: getattr(doc, name) for name in _DOCUMENT_FIELDS}
    record["date"] = doc.date.isoformat() if doc.date else None
    record["paragraphs"] = [[getattr(p, name) for name in _PARAGRAPH_FIELDS] for p in doc.paragraphs]
    return record


def _document(record: dict, path: Path) -> Document:
    values = {name: record[name] for name in _DOCUMENT_FIELDS}
    values["date"] = dt.date.fromisoformat(record["date"]) if record["date"] else None
    doc = Document(path=path, **values)
    sections: dict[tuple[str, ...], tuple[str, ...]] = {}
    doc.paragraphs = [
        _paragraph(dict(zip(_PARAGRAPH_FIELDS, row, strict=True)), doc, sections) for row in record["paragraphs"]
    ]
    return doc


def _paragraph(values: dict, doc: Document, sections: dict[tuple[str, ...], tuple[str, ...]]) -> Paragraph:
    """A paragraph of `doc` as stored, holding one copy of what its document's paragraphs share (the
    document id, a section trail, the kind): JSON gives each paragraph its own strings, which at a million
    paragraphs is some 300 MB of copies."""
    section = tuple(values["section"])
    values["section"] = sections.setdefault(section, section)
    if values["doc_id"] == doc.id:
        values["doc_id"] = doc.id
    values["kind"] = sys.intern(values["kind"])
    if values["number"] == values["label"]:
        values["number"] = values["label"]
    values["footnotes"] = tuple(values["footnotes"])
    values["marks"] = tuple((mark, at) for mark, at in values["marks"])
    return Paragraph(**values)
