"""Which characters belong to which writing system: the one definition every stage uses.

Chinese is written without spaces between characters, while Latin, Cyrillic, Greek and Arabic words
are separated by them; the readers (joining wrapped lines), the header parser (tidying extracted
titles), the analyzer and the query-language test all need to tell the two apart.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Chinese characters (CJK unified and compatibility ideographs)
WIDE_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"  # CJK punctuation and full-width forms
UNSPACED = HAN + WIDE_PUNCTUATION  # characters set with no space between them

HAN_CHAR = re.compile(f"[{HAN}]")


def has_han(text: str) -> bool:
    """Whether the text contains a Chinese character."""
    return HAN_CHAR.search(text) is not None
