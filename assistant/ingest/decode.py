"""Bytes to text: the encodings users' files come in, and clear refusals for the rest."""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import UnreadableFile


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    return controls / len(text) < 0.01


def _first_text(data: bytes, codecs_to_try: tuple[str, ...]) -> str | None:
    """The data decoded with the first codec that gives plausible text."""
    for codec in codecs_to_try:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    return None


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM or not) or GB18030; raise UnreadableFile otherwise."""
    if not data.strip():
        raise UnreadableFile("empty file", code="empty_file")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {codec} text: {exc.reason}", code="bad_encoding") from None
            if not text.strip():
                raise UnreadableFile("empty file", code="empty_file")
            return text
    if b"\x00" in data:  # UTF-16 without a BOM, or binary
        text = _first_text(data, ("utf-16-le", "utf-16-be")) if len(data) % 2 == 0 else None
        if text is None:
            raise UnreadableFile("binary file (contains NUL bytes), not text", code="binary_file")
        return text
    text = _first_text(data, ("utf-8", "gb18030"))
    if text is not None:
        return text
    raise UnreadableFile("not text in UTF-8, UTF-16 or GB18030 (binary or unknown encoding)", code="bad_encoding")
