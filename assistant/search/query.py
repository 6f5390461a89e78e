"""What a request is before it is searched: the question cleaned, its language, whether it follows up the
last one, and every other argument of the API checked, so that bad input is a readable InvalidRequest
(a ValueError) and never a TypeError, an OverflowError or a search over nonsense."""

from __future__ import annotations

import math
import numbers
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidRequest
from ..numerals import chinese_number
from ..scripts import has_han

MAX_QUERY_CHARS = 2000
MAX_K = 100
MAX_FILTER_VALUES = 1000
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639-1 or -2/3: a document's language is one of these
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates
# A follow-up says so by its form: it opens on a word pointing back ("那…", "这些", "它", "what about", "and in
# 2023?") or ends on 呢 (the question elided: "2023年呢？"). Length says nothing: "举报人保护" is a question of its own.
_FOLLOW_UP = re.compile(
    r"^(那|那么|还有|其中|另外|此外|这些|那些|这个|那个|这项|该|它|它们|他们|她们|其|上述|同时|以及|而|再)"
    r"|呢\s*[？?]?\s*$"
    r"|^(what about|how about|and\b|also\b|which of (them|these|those)|(those|these|they|them|it|its|their|the same)\b)"
    r"|\b(them|they|those|these|it|its|their)\b.{0,30}\??$",
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


def checked_k(k: object) -> int:
    """How many hits: a whole number from 1; more than MAX_K gives MAX_K."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise InvalidRequest(f"k must be a whole number, not {_shown(k)}", code="bad_k")
    if k <= 0:
        raise InvalidRequest(f"k must be at least 1, not {k}", code="bad_k")
    return min(int(k), MAX_K)


def checked_documents(documents: object) -> set[str] | None:
    """Document filter: None (every document), a document id or file name, or a list of them."""
    if documents is None:
        return None
    values = _values(documents, "documents", "a document id or file name, or a list of them")
    if not all(isinstance(v, str) for v in values):
        raise InvalidRequest("documents must be document ids or file names (text)", code="bad_filter")
    return set(values)


def checked_languages(languages: object) -> set[str] | None:
    """Language filter: None (every language), an ISO 639-1 code ("zh", "en"…) or a list of them."""
    if languages is None:
        return None
    values = _values(languages, "languages", "a language code or a list of them")
    codes = [v.strip().lower() if isinstance(v, str) else v for v in values]
    wrong = [v for v in codes if not (isinstance(v, str) and _is_language(v))]
    if wrong:
        raise InvalidRequest(
            f"languages must be language codes (ISO 639) such as 'zh' or 'en', not {_shown(wrong[0])}",
            code="bad_filter",
        )
    return set(codes)


def _is_language(code: str) -> bool:
    import pycountry

    if not _LANGUAGE_CODE.fullmatch(code):
        return False
    return pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code}) is not None


def checked_years(years: object) -> set[int] | None:
    """Year filter: None (every year), a year, or a list of years (whole numbers, or text such as "2021")."""
    if years is None:
        return None
    return {_year(value) for value in _values(years, "years", "a year or a list of years")}


def _year(value: object) -> int:
    whole = isinstance(value, numbers.Integral | str) or (
        isinstance(value, float) and math.isfinite(value) and value.is_integer()
    )
    try:
        year = int(value) if whole and not isinstance(value, bool) else None
    except ValueError:
        year = None
    if year is None:
        raise InvalidRequest(f"years must be whole numbers such as 2021, not {_shown(value)}", code="bad_filter")
    if not 1 <= year <= 9999:
        raise InvalidRequest(f"a year must be between 1 and 9999, not {year}", code="bad_filter")
    return year


def checked_path(source: object) -> Path:
    """A file to read: a path or its text (not None, bytes or an open file)."""
    if isinstance(source, str | os.PathLike) and str(source).strip():
        return Path(source)
    raise InvalidRequest(f"the file must be given as a path, not {_shown(source)}", code="bad_path")


def checked_history(history: object) -> list[str]:
    """Earlier turns of the conversation (Turns or questions), oldest first; only their questions are used."""
    if history is None:
        return []
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise InvalidRequest("history must be a list of earlier turns or questions", code="bad_history")
    questions = []
    for turn in history:
        question = getattr(turn, "question", turn)
        if not isinstance(question, str):
            raise InvalidRequest("history must hold earlier turns or questions (text)", code="bad_history")
        questions.append(question)
    return questions


def _values(value: object, name: str, expected: str) -> list:
    if isinstance(value, str | int | float):
        return [value]
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise InvalidRequest(f"{name} must be {expected}, not {_shown(value)}", code="bad_filter")
    values = list(value)
    if len(values) > MAX_FILTER_VALUES:
        raise InvalidRequest(f"{name} may list at most {MAX_FILTER_VALUES} values", code="bad_filter")
    return values


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_QUOTED = re.compile(r'"([^"]{2,200})"|“([^”]{2,200})”|「([^」]{2,200})」|『([^』]{2,200})』')
_ENDS = " ？?。.!！,，;；:：\"'“”「」『』"
MIN_VERBATIM = 6  # characters: a question this long found word for word in a paragraph puts it first


def quoted(question: str) -> list[str]:
    """The phrases the question quotes ("…", “…”, 「…」, 『…』): every hit must contain them."""
    return [next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(question)]


def verbatim(question: str) -> str | None:
    """The question without its closing punctuation, when long enough to be a quotation of a paragraph."""
    core = question.strip(_ENDS)
    return core if len(core) >= MIN_VERBATIM else None


_PARAGRAPH = re.compile(r"第\s*(?:([一二三四五六七八九十百]+)|(\d+))\s*段|\b(?:paras?\.?|paragraphs?|§)\s*(\d+)", re.I)


@dataclass(frozen=True)
class Citation:
    """A paragraph number the question cites ("第3段", "paragraph 12"), as written and as a label."""

    text: str
    label: str


def paragraph_citations(question: str) -> list[Citation]:
    """The paragraph numbers a question cites: with a document symbol, they are looked up (`Snapshot.numbered`)."""
    found = []
    for m in _PARAGRAPH.finditer(question):
        digits = m[2] or m[3]
        found.append(Citation(m[0], str(int(digits) if digits else chinese_number(m[1]))))
    return found


def language(text: str) -> str:
    """'zh' when the question contains Chinese characters, else 'en'."""
    return "zh" if has_han(text) else "en"


def is_follow_up(question: str) -> bool:
    """Whether a question leans on the previous turn by its form ('那2023年呢？', 'what about 2023?')."""
    return bool(_FOLLOW_UP.search(question.strip()))
