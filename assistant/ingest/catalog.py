"""The optional per-folder catalog (catalog.toml) that sets or overrides document metadata."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from ..errors import CatalogError

CATALOG_NAME = "catalog.toml"
MAX_CATALOG_BYTES = 10 * 1024 * 1024  # ~100 bytes a document: a catalog of 100,000 documents is 10 MB
FIELDS = {
    "title": str,
    "doc_type": str,
    "date": dt.date,
    "session": str,
    "place": str,
    "meeting_dates": str,
    "agenda_item": str,
    "symbol": str,
    "url": str,
}


def _coerce(path: Path, name: str, key: str, value: Any) -> Any:
    expected = FIELDS[key]
    if expected is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise CatalogError(f"{path}: [{name}] {key} must be a date like 2021-10-04, not {value!r}")
    if not isinstance(value, str):
        raise CatalogError(f"{path}: [{name}] {key} must be text, not {value!r}")
    return value


def load_catalog(folder: Path) -> dict[str, dict[str, Any]]:
    """Entries keyed by file name: `["000_report.txt"]` then `symbol = "CAC/COSP/2021/10"` and so on."""
    path = folder / CATALOG_NAME
    if not path.exists():
        return {}
    if not path.resolve().is_relative_to(folder.resolve()):
        raise CatalogError(f"{path}: a link to a file outside the corpus folder; copy the catalog in instead")
    if path.stat().st_size > MAX_CATALOG_BYTES:
        raise CatalogError(f"{path}: larger than {MAX_CATALOG_BYTES:,} bytes; a catalog holds a few lines a file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CatalogError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: {exc} — fix that line or remove the file") from None
    catalog: dict[str, dict[str, Any]] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise CatalogError(f'{path}: {name!r} must be a table like ["{name}"] with fields under it')
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            raise CatalogError(f"{path}: [{name}] unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        catalog[name] = {key: _coerce(path, name, key, value) for key, value in entry.items()}
    return catalog
