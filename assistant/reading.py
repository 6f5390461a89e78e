"""Bytes to text: the encodings users' files come in, and clear refusals for the rest."""

from __future__ import annotations

import codecs
import unicodedata


class UnreadableFile(ValueError):
    """The file is empty, binary or in no encoding we can tell; the message says which."""


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f")
    return controls / len(text) < 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte for ASCII, or valid pairs for CJK."""
    for codec in ("utf-16-le", "utf-16-be"):
        if len(data) % 2:
            return None
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
        raise UnreadableFile("empty file")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {codec} text: {exc.reason}") from None
            if not text.strip():
                raise UnreadableFile("empty file")
            return text
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise UnreadableFile("binary file (contains NUL bytes), not text")
        return text
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UnreadableFile("not text in UTF-8, UTF-16 or GB18030 (binary or unknown encoding)")
