"""One normal form for text on both sides of a search: half-width, Simplified Chinese, lower case.

Queries arrive in Traditional or Simplified Chinese, with full-width or half-width characters; the corpus
is Simplified. The index and the questions go through the same function, which keeps the length of
Chinese text unchanged, so a span found in the normalised text is the same span in the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..scripts import has_han


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=1)
def _tw2sp():
    import opencc

    return opencc.OpenCC("tw2sp.json")


def mainland(question: str) -> str:
    """A question in Traditional Chinese put in the words of mainland Simplified Chinese, which UN documents
    write: Taiwan's 蘇利南, 軟體, 資訊 as 苏里南, 软件, 信息 (OpenCC's phrase tables; `normalize` only maps characters).
    Lengths may change: for questions, never for texts whose spans are shown. Other text is left as it is."""
    if not has_han(question) or _t2s().convert(question) == question:
        return question
    return _tw2sp().convert(question)


class _OneCharNFKC(dict):
    """Translation table for str.translate, filled on demand: a character's NFKC form when that is one
    character (full-width to half-width, compatibility forms), else the character itself."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        form = unicodedata.normalize("NFKC", ch)
        self[code] = form if len(form) == 1 else ch
        return self[code]


_NFKC_CHARS = _OneCharNFKC()


def normalize(text: str) -> str:
    """Full-width to half-width, Traditional to Simplified, lower case; length-preserving for CJK text."""
    text = text.translate(_NFKC_CHARS)
    if has_han(text):
        converted = _t2s().convert(text)
        if len(converted) == len(text):
            text = converted
    return text.lower()
