"""Which characters belong to which writing system: the one definition every stage uses.

Chinese is written without spaces between characters, while Latin, Cyrillic, Greek and Arabic words
are separated by them; the readers (joining wrapped lines), the header parser (tidying extracted
titles), the analyzer and the query-language test all need to tell the two apart.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Chinese characters (CJK unified and compatibility ideographs)
# Characters set with no space between them: Chinese characters, radicals, kana, bopomofo, enclosed forms
# (㈠), CJK punctuation and full-width forms, vertical forms.
UNSPACED = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)

HAN_CHAR = re.compile(f"[{HAN}]")
SENTENCE_ENDS = "。！？；!?;"  # where a sentence window may end (index/windows.py), in Chinese and other scripts


def has_han(text: str) -> bool:
    """Whether the text contains a Chinese character."""
    return HAN_CHAR.search(text) is not None
