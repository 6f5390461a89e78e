"""Managing the documents of a corpus folder: list them, remove one, replace it with a new version, edit its
catalog entry. Each change leaves the folder whole (files and catalog written beside and renamed in), and
touches only files inside the folder; the caller then re-indexes (`Assistant.reindex`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedFile
from .catalog import CATALOG_NAME, load_catalog
from .corpus import read_document
from .documents import Document
from .readers import READERS
from .uploads import MAX_BYTES, AddedFile, check_upload

_DATE = re.compile(r"(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?")

EDITABLE = ("symbol", "date", "title")  # the catalog fields the web page edits
_LATIN_WORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "for", "on", "that", "with"},
    "fr": {"le", "la", "les", "des", "et", "du", "en", "est", "pour", "dans"},
    "es": {"el", "los", "las", "del", "y", "en", "por", "para", "con", "que"},
}
_WORD = re.compile(r"[a-zà-ÿ]+")


@dataclass(frozen=True)
class DocumentInfo:
    """One line of the document list: what a librarian checks before changing a document."""

    id: str
    file: str
    title: str
    symbol: str | None
    date: dt.date | None
    language: str
    paragraphs: int


def document_language(doc: Document) -> str:
    """The language a document is written in, from its text: zh, ru, ar, or en / fr / es by their common words."""
    sample = "".join(p.text for p in doc.paragraphs[:40])[:20_000]
    scripts = Counter()
    for char in sample:
        if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            scripts["zh"] += 1
        elif "\u0400" <= char <= "\u04ff":
            scripts["ru"] += 1
        elif "\u0600" <= char <= "\u06ff":
            scripts["ar"] += 1
        elif char.isalpha():
            scripts["latin"] += 1
    script = scripts.most_common(1)[0][0] if scripts else "latin"
    if script != "latin":
        return script
    words = Counter(_WORD.findall(sample.lower()))
    return max(_LATIN_WORDS, key=lambda lang: sum(words[w] for w in _LATIN_WORDS[lang]))


def describe(doc: Document) -> DocumentInfo:
    return DocumentInfo(
        doc.id, doc.path.name, doc.title, doc.symbol, doc.date, document_language(doc), len(doc.paragraphs)
    )


def corpus_file(corpus_dir: Path, name: str) -> Path:
    """The document file `name` of the corpus folder; RefusedFile for anything else (another folder, a path with
    separators, the catalog, a file no reader takes, a file that is not there)."""
    root = Path(corpus_dir).resolve()
    path = (root / name).resolve()
    if not name or Path(name).name != name or path.parent != root or path.suffix.lower() not in READERS:
        raise RefusedFile(f"{name!r} is not a document file of {root}", code="outside_corpus")
    if not path.is_file():
        raise RefusedFile(f"no document {name!r} in {root}", code="no_such_document", document=name)
    return path


def remove_document(corpus_dir: Path, name: str) -> Path:
    """Delete a document's file from the corpus folder, and its catalog entry. Returns the path it had."""
    path = corpus_file(corpus_dir, name)
    _edit_catalog(Path(corpus_dir), name, None)
    path.unlink()
    return path


def replace_document(
    corpus_dir: Path,
    name: str,
    source: Path,
    max_bytes: int = MAX_BYTES,
    cache_dir: Path | None = None,
) -> AddedFile:
    """Put a new version of the document `name` in its place once the new file parses (RefusedFile or
    UnreadableFile otherwise, the folder unchanged).

    The new version keeps the document name (so links to its paragraphs keep working) and takes the new file's
    type: report.docx replaced by a PDF becomes report.pdf. Its catalog entry follows it."""
    old = corpus_file(corpus_dir, name)
    source = Path(source)
    target = old.with_suffix(source.suffix.lower())
    check_upload(target.name, source, max_bytes)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / target.name
        shutil.copyfile(source, trial)
        document = read_document(trial, cache_dir=cache_dir)  # UnreadableFile carries the reason
    if target != old and target.exists():
        raise RefusedFile(f"{target.name} is already in the corpus", code="name_taken", name=target.name)
    _write_beside(target, source.read_bytes())
    if target != old:
        entry = load_catalog(Path(corpus_dir)).get(old.name)
        if entry:
            _edit_catalog(Path(corpus_dir), target.name, entry)
        _edit_catalog(Path(corpus_dir), old.name, None)
        old.unlink()
    document.path = target
    return AddedFile(document, target)


def catalog_entry(corpus_dir: Path, name: str) -> dict:
    """The catalog entry of a document file ({} when it has none)."""
    return dict(load_catalog(Path(corpus_dir)).get(name, {}))


def set_metadata(corpus_dir: Path, name: str, **fields: str | dt.date | None) -> dict:
    """Set (or, with None or an empty text, remove) catalog fields of a document: symbol, date, title.

    A date may be a date or text like 2023-01-30. Other fields of the entry and other entries are kept, with
    the catalog's comments and layout. Returns the entry as it now is."""
    corpus_file(corpus_dir, name)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise RefusedFile(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}", code="bad_field")
    entry = catalog_entry(corpus_dir, name)
    for key, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        if value in (None, ""):
            entry.pop(key, None)
        elif key == "date":
            entry[key] = _date(value)
        elif isinstance(value, str):
            entry[key] = value
        else:
            raise RefusedFile(f"{key} must be text, not {type(value).__name__}", code="bad_value", field=key)
    _edit_catalog(Path(corpus_dir), name, entry)
    return entry


def _date(value: object) -> dt.date:
    """A date, or text writing one as 2023-01-30, 2023/1/30, 2023.1.30 or 2023年1月30日."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    written = str(value).strip()
    m = _DATE.fullmatch(written)
    if not m:
        raise RefusedFile(f"the date must be like 2023-01-30, not {value!r}", code="bad_date", value=value)
    try:
        return dt.date(*(int(part) for part in m.groups()))
    except ValueError:
        raise RefusedFile(f"there is no day {written} in the calendar", code="no_such_date", value=value) from None


def _edit_catalog(corpus_dir: Path, name: str, entry: dict | None) -> None:
    """Write `entry` as the catalog entry of `name` (None or {}: remove it), keeping the rest of the file."""
    import tomlkit

    path = corpus_dir / CATALOG_NAME
    load_catalog(corpus_dir)  # a catalog that cannot be used is reported (CatalogError), not overwritten
    document = tomlkit.parse(path.read_text(encoding="utf-8-sig")) if path.exists() else tomlkit.document()
    if not entry:
        if name not in document:
            return
        del document[name]
    else:
        table = document[name] if name in document else tomlkit.table()
        for key in [k for k in table if k not in entry]:
            del table[key]
        for key, value in entry.items():
            table[key] = value
        if name not in document:
            document[name] = table
    _write_beside(path, tomlkit.dumps(document).encode("utf-8"))


def _write_beside(target: Path, data: bytes) -> None:
    """Write a file whole: beside its place under a name no reader takes, then renamed over it."""
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
