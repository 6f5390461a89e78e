"""What a question is before it is searched: cleaned text, its language, whether it follows up the last one."""

from __future__ import annotations

import re
import unicodedata

from ..errors import InvalidRequest
from ..scripts import has_han

MAX_QUERY_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FOLLOW_UP = re.compile(
    r"^(那|那么|还有|其中|另外|此外|再|这些|那些|它们|他们|具体|同时|以及|而)|(呢|吗)[？?]?$"
    r"|^(what about|and |how about|which of|those|these|they|it )",
    re.I,
)


def clean_query(query: object) -> str:
    """The question as text: Unicode NFC, control characters dropped, spaces collapsed, at most 2,000 characters."""
    if not isinstance(query, str):
        raise InvalidRequest(f"the question must be text, not {type(query).__name__}", code="not_text")
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", query))
    text = " ".join(text.split())
    if not text:
        raise InvalidRequest("the question is empty: type a question or some keywords", code="empty_question")
    return text[:MAX_QUERY_CHARS]


def language(text: str) -> str:
    """'zh' when the question contains Chinese characters, else 'en'."""
    return "zh" if has_han(text) else "en"


def is_follow_up(question: str) -> bool:
    """Short questions leaning on an earlier turn ('那2023年呢？', 'what about 2023?')."""
    return bool(_FOLLOW_UP.search(question.strip())) or len(question.strip()) <= 6
