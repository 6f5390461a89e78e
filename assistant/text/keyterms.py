"""What a question is specifically about, and whether a paragraph says it: the question's key terms.

A search engine's "Missing: 2024" needs the question's specific content as units a paragraph either
contains or not: years and dates, numbers, ordinals ("第二十三届", "20th"), resolution numbers ("8/14"),
names (Latin words such as "Coding4Integrity", countries, the corpus's own names) and the content words,
with adjacent words that the corpus writes together kept as one phrase ("国际反腐败日", not "国际" +
"反腐败"). Each term has a weight — how rare it is in the corpus (inverse document frequency), with a floor
for numbers and names, which are specific however common — and the forms it may take in a paragraph:
for an English question, the Chinese terms its words were matched to; for a number, its digits (never
inside a longer number) or Chinese numerals.

Everything here is a pure function of the question, the analyzer, the English dictionary and a document
frequency function, so it works on any corpus and is unit-tested without an index.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..numerals import chinese_number, chinese_numeral
from ..scripts import HAN, UNSPACED
from .analyzer import (
    ALIASES,
    MONTH,
    STOPWORDS,
    WHOLE,
    Analyzer,
    alias_pattern,
    english_country_words,
    general_frequency,
)
from .english import EnglishMatch, is_common, is_name, match_english
from .normalize import normalize

# kinds of key terms; the first five are "numeric": they match only as whole numbers
YEAR, DATE, NUMBER, ORDINAL, RESOLUTION, NAME, WORD = "year", "date", "number", "ordinal", "resolution", "name", "word"
COUNT = "count"  # the question asks how many (多少名, 几个): a paragraph answering it writes a number so counted
AMOUNT = "amount"  # it asks how much money (多少美元, how much funding): a paragraph answering it writes a sum
SHARE = "share"  # it asks what share (多大比例, what percentage): a paragraph answering it writes one (30%, 三分之一)
PERSON = "person"  # it asks who chaired (由谁主持): a paragraph answering it names someone ("Amr Adel Hosny（埃及）")
TITLE = "title"  # it asks what something is called (全称是什么, what is it called): a paragraph answering quotes one
ASKED = frozenset({COUNT, AMOUNT, SHARE, PERSON, TITLE})  # what the answer must write, not words of the question
PHRASE = "phrase"  # quoted by the question: a paragraph must write it as it is
SYMBOL = "symbol"  # a UN document symbol (A/RES/58/4): a paragraph cites it, or is of the document so numbered
NUMERIC = frozenset({YEAR, DATE, NUMBER, ORDINAL, RESOLUTION})

_CN_NUM = "零一二三四五六七八九十百〇两"
_ORDINAL_ZH = re.compile(rf"第\s*([{_CN_NUM}]+|\d+)\s*(届|次|个|期|轮|周期|阶段|条|章|款|段|项|号|份|批|部分)?")
_FIRST_ZH = re.compile(r"首(届|次|个|期|轮|批)")
# Measure words that only count (the n-th time, item, copy, batch): a paragraph may rank the same thing with
# another ("第一次研究" / "第一份探讨…的出版物"); 届, 章, 条, 周期 say which kind of thing is ranked.
_ANY_MEASURE = ("次", "个", "份", "批")
# 多少名, 几个, 多少次 as the segmenter cuts them: 多少国家 asks no count of 国, nor 多少人权 one of 人
_MEASURES = "名位人个项次场家所份篇国"
_LOWER = re.compile("[a-z]")
_HOW_MANY_ZH = re.compile(rf"(多少|几)([{_MEASURES}])?")
_PEOPLE = ("名", "位", "人")  # counted people: a paragraph may count them with any of these
_YEAR = re.compile(r"(?<![\da-z./])(?<!\d,)((?:19|20)\d\d)(?:\s*年)?(?![\da-z/]|[.,]\d)")
_NUMBER = re.compile(r"(?<![\da-z./\-])(?<!\d,)(\d+(?:[.,]\d+)*)(?![\da-z/])")
_LATIN = re.compile(r"[a-z][a-z0-9]*(?:[\-'][a-z0-9]+)*")
_WHOLE = re.compile(f"({WHOLE.pattern})")
# 第 8/14 号决议: 第 and 号 are how Chinese writes the number, not words of the question ("号决议请秘书处")
_RESOLUTION_ZH = re.compile(rf"(?:第\s*)?({WHOLE.pattern})(?:\s*号)?")
# A/RES/58/4, CAC/COSP/IRG/2022/L.1/Add.1, E/CN.15/2023/1 (normalised: lower case): letters first, a slash, and a
# digit somewhere ("and/or" is no symbol; "8/14" is a resolution number)
_SYMBOL = re.compile(r"(?<![a-z0-9/.])(?=[a-z]{1,8}/[a-z0-9./\-]*\d)[a-z]{1,8}(?:/[a-z0-9.\-]*[a-z0-9])+(?![a-z0-9/])")
_CHUNK = re.compile(rf"[{HAN}a-z0-9/.\-]+")
# What the segmenter makes of an interrogative and the word it asks about (哪部, 哪一条, 哪年哪月, 几场): it asks,
# it says nothing a paragraph could hold (no paragraph writes 哪部, so every one would be reported lacking it).
_ASKING = re.compile(r"哪.{0,3}|几[个位名次场年家份项届天期批条部篇]")
_PUNCT_OR_SPACE = re.compile(r"[\s\u3000]+")
_CJK_SPACE = re.compile(rf"(?<=[{UNSPACED}])[\s\u3000]+|[\s\u3000]+(?=[{UNSPACED}])")
_DIGIT_COMMA = re.compile(r"(?<=\d)[,，](?=\d{3})")

_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ORDINAL_EN = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(_ORDINAL_WORDS) + r")\b")
# What an English ordinal ranks, as UN Chinese counts it: the fourth session is 第四届 (a resumed one 第二次续会),
# not 第四条 or 第4章. Other nouns are left to any measure: the second cycle is 第二周期 or 第二个审议周期.
_RANKED_EN = re.compile(r"(?:\s+[a-z][a-z\-]*){0,3}?\s+(?P<noun>session|meeting|conference|congress|edition)(?:e?s)?\b")
_UNITS_EN = {
    "session": ("届", "次"),
    "meeting": ("次",),
    "conference": ("届", "次"),
    "congress": ("届",),
    "edition": ("届",),
}
_ANNIVERSARY = re.compile(r"\s+(?:anniversary|birthday)\b")
_TENS = {"twenty": 20, "thirty": 30, "fortieth": 40}
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_YEAR_EN = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH_NAMES})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)\b"
)
_MONTH_ZH = re.compile(MONTH.pattern + r"(?:\s*\d{1,2}\s*日)?")
NUMBER_FLOOR = 2.5  # weight of a number, year, ordinal or name however common it is
GENERIC_SHARE = 0.08  # a word in more than this share of paragraphs is generic: never "missing", never highlighted
# A Chinese word everyday language uses this often (jieba's general counts: 认为, 听说, 条件, 形式) is how a
# question is put more than what it is about: it weighs EVERYDAY_SHARE of its rarity in the corpus.
EVERYDAY = 1000
EVERYDAY_SHARE = 0.3
FUNCTION = 50_000  # jieba's general count of a character that is mostly a grammatical word (有 过 了 在 年 日)


@dataclass(frozen=True)
class KeyTerm:
    """One unit of the question's content. `forms` are normalised strings without the spaces next to Chinese
    characters: the term is in a paragraph when one of them is (numbers only whole: "8" is not in "18")."""

    label: str  # as the question wrote it ("2024年", "国际反腐败日", "Uganda")
    forms: tuple[str, ...]
    kind: str
    weight: float = 1.0
    generic: bool = False  # common in the corpus: counts little, never reported missing
    hard: bool = False  # a number, date, ordinal or country: a paragraph without it does not answer
    group: str = ""  # hard terms of one group are alternatives the question lists ("2020年和2021年")
    at: int = 0  # where the question has it
    of_document: bool = False  # a year naming a source ("2017年的报告", "the 2021 report"): its documents hold it

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    @property
    def specific(self) -> bool:
        """A term the question is specifically about: a number, date, name, or a word that is not generic."""
        return not self.generic


@dataclass(frozen=True)
class Question:
    """The key terms of a question, and for an English one what its words were matched to."""

    text: str
    lang: str
    terms: tuple[KeyTerm, ...]
    matched: dict[str, list[str]] = field(default_factory=dict)  # English word/phrase -> Chinese terms
    unmatched: tuple[str, ...] = ()  # English words of content no corpus term was found for

    @property
    def total(self) -> float:
        return sum(t.weight for t in self.terms)


def squashed(text: str) -> str:
    """Normalised text without the spaces next to Chinese characters ("2020 年 12 月" -> "2020年12月"), other
    spaces single, thousands separators dropped ("18,443,200" -> "18443200")."""
    text = _CJK_SPACE.sub("", normalize(text))
    return _DIGIT_COMMA.sub("", _PUNCT_OR_SPACE.sub(" ", text))


def ordinal_forms(n: int, unit: str = "") -> tuple[str, ...]:
    """How a paragraph writes the n-th (of a `unit` such as 届 when the question names one: 第一届 is not 第一章)."""
    forms = (f"第{chinese_numeral(n)}{unit}", f"第{n}{unit}")
    if n != 1:
        return forms
    return (*forms, f"首{unit}") if unit else (*forms, "首届", "首次", "首个", "首期", "首批")


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern(form: str, kind: str) -> re.Pattern:
    key = f"{kind}\x00{form}"
    pattern = _PATTERNS.get(key)
    if pattern is None:
        escaped = re.escape(form)
        if kind == ORDINAL:  # 第二十 is not in 第二十三, 第2 not in 第23 nor in 第4/3号决议 (a resolution)
            pattern = re.compile(escaped + rf"(?![{_CN_NUM}\d]|/\d)")
        elif kind == COUNT and form.isdigit():  # a number before a word ("93 countries"; not a year: "in 2021 the")
            pattern = re.compile(r"(?<![\d.,a-z/\-])(?!(?:19|20)\d\d(?![\d,]))" + escaped + r"[\d,.]*\s[a-z]")
        elif kind == COUNT:  # the measure word right after a number ("80 多名", "数千个"; squashed: no spaces)
            number = rf"[\d{_CN_NUM}千万亿几]"
            pattern = re.compile(rf"(?:(?<={number})|(?<={number}[多余])){escaped}")
        elif kind in (AMOUNT, SHARE, PERSON):
            pattern = _answer_pattern(form)
        elif kind == SYMBOL:  # not inside a longer symbol: A/RES/58/4 is neither A/RES/58/40 nor A/RES/58/4/Add.1
            pattern = re.compile(rf"(?<![a-z0-9/.]){escaped}(?![a-z0-9]|/[a-z0-9]|\.\d)")
        elif kind in NUMERIC:  # digits never inside a longer number (nor a Latin word: "coding4integrity")
            before = r"(?<![\da-z.])" if form[:1].isdigit() else ""
            after = r"(?![\da-z]|\.\d)" if form[-1:].isdigit() else ""
            pattern = re.compile(before + escaped + after)
        elif form.isascii() and form[:1].isalnum():  # a Latin word: not inside another word
            pattern = re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
        else:
            pattern = re.compile(escaped)
        if len(_PATTERNS) > 50_000:
            _PATTERNS.clear()
        _PATTERNS[key] = pattern
    return pattern


def contains(haystack: str, term: KeyTerm) -> bool:
    """Whether the squashed text `haystack` contains the term in one of its forms (a month of a year: the
    year and the month, as in "2022 年 9 月 30 日和 11 月": the year may stand before the day and month)."""
    return bool(Texts([haystack]).holding(term))


_APART = "\x00"  # between texts searched together


class Texts:
    """Squashed texts searched together: which of them contain a term, one pass over all of them per form
    (the 30 best paragraphs of a question and its 7 terms: 7 passes, not 210 searches)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.joined = _APART.join(texts)  # (no pattern matches the separator or looks past it into a word)
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0)) if texts else []

    def holding(self, term: KeyTerm) -> set[int]:
        """Indices of the texts containing `term` (as `contains` tells for one)."""
        found = set().union(*(self._with(form, term.kind) for form in term.forms))
        if term.kind == DATE:
            year, month = term.forms[0].rstrip("月").split("年")
            found |= self._with(year, YEAR) & self._with(f"{month}月", NUMBER)
        return found

    def _with(self, form: str, kind: str) -> set[int]:
        """Texts where the pattern matches: looked for where the form is written (a plain substring search,
        many times faster than the pattern's), checked there, and in each text only until it matches once."""
        pattern, joined, found = _pattern(form, kind), self.joined, set()
        at = joined.find(form) if self.starts else -1
        while at >= 0:
            if pattern.match(joined, at):  # (its look-behind still sees what stands before `at`)
                text = bisect.bisect_right(self.starts, at) - 1
                found.add(text)
                if text + 1 == len(self.starts):
                    break
                at = self.starts[text + 1]
            else:
                at += 1
            at = joined.find(form, at)
        return found


def find_spans(haystack: str, term: KeyTerm) -> Iterable[tuple[int, int]]:
    for form in term.forms:
        for m in _pattern(form, term.kind).finditer(haystack):
            yield m.start(), m.end()


# -- building the key terms of a question ------------------------------------------------------------


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency (Lucene's variant): a term in no paragraph weighs the most."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5)) if n else 1.0


_CONJUNCTION = re.compile(r"和|与|及|或|、|以及|还是|\band\b|\bor\b|,|，|\bversus\b|\bvs\b")
_YEAR_RANGE = re.compile(
    r"(?<![\da-z])(?:between\s+|from\s+)?((?:19|20)\d\d)\s*(?:年)?(?:[底初末])?\s*(?:至|到|-|–|—|~|to|and|until)\s*"
    r"((?:19|20)\d\d)(?:\s*年)?(?:[底初末])?(?![\da-z])"
)


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces: positions of the rest do not move."""
    return text[:start] + " " * (end - start) + text[end:]


@dataclass
class _Builder:
    analyzer: Analyzer
    frequency: Callable[[str], int]  # index term -> number of paragraphs holding it
    size: int  # number of paragraphs
    occurs: Callable[[str], int]
    countries: frozenset[str]  # names whose absence means another country
    terms: list[KeyTerm] = field(default_factory=list)
    text: str = ""  # the question, normalised; what was read is blanked out

    def add(
        self, label: str, forms: Sequence[str], kind: str, at: int, df: int | None = None, hard: bool | None = None
    ) -> None:
        forms = tuple(dict.fromkeys(f for f in forms if f))
        if not forms or any(t.forms == forms for t in self.terms):
            return
        if df is None:
            df = max((self.frequency(f) for f in forms), default=0)
        weight, generic = idf(df, self.size), self.size > 0 and df > GENERIC_SHARE * self.size
        if kind in NUMERIC or kind in (NAME, SYMBOL) or kind in ASKED:
            weight, generic = max(weight, NUMBER_FLOOR), False
        elif any(not f.isascii() and general_frequency(f) >= EVERYDAY for f in forms):
            weight *= EVERYDAY_SHARE  # (an English word: when a Chinese term it stands for is everyday Chinese)
        if hard is None:
            hard = kind in NUMERIC or label.lower() in self.countries
        self.terms.append(KeyTerm(label, forms, kind, weight, generic, hard, at=at))

    def take(self, pattern: re.Pattern, read: Callable[[re.Match], None]) -> None:
        """Read every match of `pattern` in what is left of the question, then blank it out."""
        for m in list(pattern.finditer(self.text)):
            read(m)
            self.text = _blank(self.text, m.start(), m.end())

    def common(self, word: str) -> bool:
        """A single character, or a word in more than GENERIC_SHARE of the paragraphs."""
        return len(word) == 1 or (self.size > 0 and self.rarest([word]) > GENERIC_SHARE * self.size)

    def rarest(self, words: Iterable[str]) -> int:
        """Document frequency of a word or phrase: at most that of the rarest of its index terms."""
        terms = [t for w in words for t in self.analyzer.terms(w)]
        return min((self.frequency(t) for t in terms), default=0)

    def grouped(self) -> tuple[KeyTerm, ...]:
        """Hard terms of one kind the question joins with 和 / and / 、 (alternatives: "in 2020 and 2021")."""
        terms = list(self.terms)
        for kind in {t.kind for t in terms if t.hard}:
            same = sorted((i for i, t in enumerate(terms) if t.hard and t.kind == kind), key=lambda i: terms[i].at)
            for a, b in itertools.pairwise(same):
                between = self.question[terms[a].at : terms[b].at]
                if _CONJUNCTION.search(between):
                    group = terms[a].group or f"{kind}@{terms[a].at}"
                    terms[a] = dataclasses.replace(terms[a], group=group)
                    terms[b] = dataclasses.replace(terms[b], group=group)
        return tuple(sorted(terms, key=lambda t: t.at))

    question: str = ""


def _numbers(b: _Builder, lang: str) -> None:
    """Resolution numbers, months of years, year ranges, ordinals, years and other numbers."""

    def whole(m: re.Match) -> None:
        if m.group(1)[0].isdigit():
            b.add(m.group(1), [m.group(1)], RESOLUTION, m.start(1))
        elif lang == "zh":
            b.add(m.group(1), [m.group(1)], NAME, m.start(1))

    def month(m: re.Match) -> None:
        if lang == "zh":
            year, number = m.group(1), int(m.group(2))
        else:
            year, number = m.group(2), _MONTHS[m.group(1)]
        b.add(f"{year}年{number}月" if lang == "zh" else m.group(0), [f"{year}年{number}月"], DATE, m.start())

    def years(m: re.Match) -> None:
        if re.search(r"\band\b", m.group(0)) and not m.group(0).lstrip().startswith("between"):
            for n in (1, 2):  # "in 2021 and 2023": two years, not the years from one to the other
                b.add(m.group(n), [m.group(n)], YEAR, m.start(n))
            return
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        span = [str(y) for y in range(first, last + 1)] if last - first <= 12 else [str(first), str(last)]
        b.add(m.group(0).strip(), span, YEAR, m.start(), hard=False)

    def ordinal(m: re.Match) -> None:
        if lang == "zh":
            n = chinese_number(m.group(1)) if m.re is _ORDINAL_ZH else 1
        else:
            n = int(m.group(1)) if m.group(1) else _ORDINAL_WORDS.index(m.group(2)) + 1
        unit = (m.group(2) or "") if lang == "zh" and m.re is _ORDINAL_ZH else ""
        if lang == "zh" and m.re is _FIRST_ZH:
            unit = m.group(1)
        if unit in _ANY_MEASURE:  # the first time it studied = its first publication: the rank is what was asked
            unit = ""
        if n is not None and 0 < n < 1000 and lang == "en" and _ANNIVERSARY.match(b.text, m.end()):
            anniversary = (f"{chinese_numeral(n)}周年", f"{n}周年")  # "20th anniversary": 二十周年, not 第二十
            b.add(m.group(0), anniversary, ORDINAL, m.start())
        elif n is not None and 0 < n < 1000 and lang == "en" and (ranked := _RANKED_EN.match(b.text, m.end())):
            forms = [f for unit in _UNITS_EN[ranked.group("noun")] for f in ordinal_forms(n, unit)]
            b.add(m.group(0), forms, ORDINAL, m.start())
        elif n is not None and 0 < n < 1000:
            b.add(m.group(0).replace(" ", ""), ordinal_forms(n, unit), ORDINAL, m.start())
        elif n:  # 第2803号决议: the number of a resolution or a case, not a rank; a paragraph must have it whole
            b.add(m.group(1), [str(n)], NUMBER, m.start(1))

    b.take(_RESOLUTION_ZH if lang == "zh" else _WHOLE, whole)
    b.take(_MONTH_ZH if lang == "zh" else _MONTH_YEAR_EN, month)
    b.take(_YEAR_RANGE, years)
    for pattern in (_ORDINAL_ZH, _FIRST_ZH) if lang == "zh" else (_ORDINAL_EN,):
        b.take(pattern, ordinal)
    b.take(_YEAR, lambda m: b.add(m.group(0).replace(" ", ""), [m.group(1)], YEAR, m.start()))
    b.take(_NUMBER, lambda m: b.add(m.group(1), [_DIGIT_COMMA.sub("", m.group(1))], NUMBER, m.start()))


_YEARS_ZH = r"(?:19|20)\d\d(?:\s*年)?(?:\s*(?:、|和|与|及|以及|,|，)\s*(?:19|20)\d\d(?:\s*年)?)*"
_YEARS_EN = r"(?:19|20)\d\d(?:\s*(?:,|and|, and)\s*(?:19|20)\d\d)*"
_SOURCE = r"(?:reports?|background papers?)"
# (and "截至2017年", "by 2017": where things stood then is what the report of that year says; not by the end of it)
_BY_ZH = rf"(?:截至|截止|到)\s*{_YEARS_ZH}(?!\s*年?\s*[底末])"
_BY_EN = rf"\b(?:by|as of|as at) {_YEARS_EN}"
_OF_DOCUMENTS = {
    "zh": re.compile(rf"{_YEARS_ZH}\s*(?:关于[^，。？！]{{1,24}}?的|的|版|度)?\s*(?:报告|背景文件|文件)|{_BY_ZH}"),
    "en": re.compile(rf"{_YEARS_EN}\s+{_SOURCE}\b|\b{_SOURCE} (?:of|from|dated) {_YEARS_EN}|{_BY_EN}"),
}


def _of_documents(b: _Builder, lang: str) -> None:
    """Years that name the source the question asks about ("2017年的报告", "the 2021 and 2023 reports"): the
    paragraphs of the documents of that year hold them, whatever year they write (a report of 2017 on its work
    says 2016 or "本报告所述期间")."""
    for m in _OF_DOCUMENTS[lang].finditer(b.question):
        for i, t in enumerate(b.terms):
            if t.kind == YEAR and m.start() <= t.at < m.end():
                b.terms[i] = dataclasses.replace(t, of_document=True)


def _phrase(words: list[tuple[str, int]], b: _Builder) -> None:
    content = [w for w, _ in words if w not in STOPWORDS]
    joined = "".join(w for w, _ in words)
    if not content or not joined:
        return
    at = words[0][1]
    if joined.isascii():  # a Latin name in a Chinese question: a paragraph without it is about something else
        if len(joined) > 1 and any(c.isalnum() for c in joined):  # (not a lone letter, nor the "/" of "</b>")
            b.add(joined, [joined], NAME, at, hard=True)
    elif len(joined) >= 2:
        kind = NAME if joined in b.analyzer.names else WORD
        df = b.rarest(content)
        if len(words) > 1:  # a phrase is rarer than its words: how often the corpus writes it so
            df = min(df, b.occurs(joined))
        b.add(joined, [joined], kind, at, df)


def _joins(b: _Builder, before: str, word: str) -> bool:
    """Whether two neighbouring words may make one phrase: both common, or one a single character. A rarer word
    says what it is about by itself; joined to a common neighbour it would only ask for one wording ("小岛屿国家"
    is no phrase: a paragraph on 小岛屿发展中国家 answers)."""
    return (b.common(before) and b.common(word)) or len(before) == 1 or len(word) == 1


def _words_zh(b: _Builder) -> None:
    """Content words of a Chinese question. Two common words (or a single character and its neighbour) become
    one phrase where the corpus writes them together: "国际" + "反腐败" is "国际反腐败", the day's name, which a
    paragraph about another "国际" day and another "反腐败" event does not contain."""
    for chunk in _CHUNK.finditer(b.text):
        phrase: list[tuple[str, int]] = []
        at = chunk.start()
        for word in _known_words(b.analyzer.segmenter, chunk.group(0)):
            start, at = at, at + len(word)
            if not word.strip():
                continue
            if word in STOPWORDS or _ASKING.fullmatch(word):
                _phrase(phrase, b)
                phrase = []
                continue
            if phrase and not (_joins(b, phrase[-1][0], word) and b.occurs("".join(w for w, _ in phrase) + word)):
                _phrase(phrase, b)
                phrase = []
            phrase.append((word, start))
        _phrase(phrase, b)


def _known_words(segmenter, text: str) -> Iterator[str]:
    """The segmenter's words of `text`, but for the words it made up (in no dictionary, neither jieba's nor the
    corpus's) that hold a function character: "日有" of 反腐败日有哪些活动, "过贿" of 行过贿 are a word's end glued
    to the next one, and as key terms every paragraph lacks them. Their characters are taken one by one (a
    character joins its neighbour where the corpus writes them together: 反腐败日). A made-up word of other
    characters is kept: most often a name the dictionaries lack (a person's, a place's)."""
    for word in segmenter.cut(text):
        if len(word) > 1 and not segmenter.FREQ.get(word) and any(general_frequency(c) >= FUNCTION for c in word):
            yield from word
        else:
            yield word


def key_terms(
    question: str,
    lang: str,
    analyzer: Analyzer,
    english: Mapping[str, list[str]],
    frequency: Callable[[str], int],
    size: int,
    occurs: Callable[[str], int] = lambda s: 0,
) -> Question:
    """The key terms of `question` ('zh' or 'en'). `frequency(term)` is the number of the `size` paragraphs
    holding an index term; `occurs(text)` how many paragraphs (of those worth looking at: the question's
    candidates) write a phrase as it is."""
    text = normalize(question)
    countries = english_country_words()  # "Malaysian" says which country as "Malaysia" does
    hard_names = frozenset(countries.values()) if lang == "zh" else frozenset(countries)
    b = _Builder(analyzer, frequency, size, occurs, hard_names, text=text, question=text)
    for alias, canonical in ALIASES.items():  # names users write another way than the documents
        pattern = re.compile(alias_pattern(alias))
        b.take(
            pattern,
            lambda m, c=canonical: b.add(
                _as_written(m.group(0), question), [m.group(0), c], WORD, m.start(), frequency(c)
            ),
        )
    b.take(_SYMBOL, lambda m: b.add(_as_written(m.group(0), question), [m.group(0)], SYMBOL, m.start(), hard=True))
    if lang == "zh":  # (before the numbers: 几 is one)
        _how_many(b)
    else:
        _how_many_en(b)
    _answers_asked(b, lang)
    b.take(_ASKED_TYPE[lang], lambda m: None)
    _numbers(b, lang)
    _of_documents(b, lang)
    if lang == "zh":
        _words_zh(b)
        return Question(question, lang, b.grouped())
    rest = b.text.replace("'s ", "   ").replace("’s ", "   ")
    match: EnglishMatch = match_english(rest, english, question)
    for phrase, chinese in match.matched.items():
        kind = NAME if phrase in countries else WORD
        forms = [squashed(c) for c in chinese] + [phrase]  # the English words too: a paragraph in English
        df = max(frequency(c) or b.rarest([c]) for c in chinese)  # (大流行: as rare as the rarer of 大, 流行)
        b.add(_as_written(phrase, question), forms, kind, max(rest.find(phrase), 0), df)
    latin = {t for t in analyzer.terms(rest) if t.isascii() and t[:1].isalpha() and frequency(t)}
    covered = {w for phrase in match.matched for w in phrase.split()}
    covered |= {w for w in latin if is_common(w)}  # ("taken", "say": written in the corpus's English documents)
    for word in latin - covered:  # a Latin word the corpus itself uses: a name, an acronym, or an ordinary word
        written = _as_written(word, question) if _LOWER.search(question) else word  # (in capitals: no clue)
        hard = is_name(word, written)  # ("Innovation Lab": the paragraph writes 实验室)
        b.add(_as_written(word, question), [word], NAME, max(rest.find(word), 0), hard=hard)
    unmatched = [w for w in match.unmatched if w not in latin and not any(w in t for t in latin)]
    for word in unmatched:  # content no corpus term stands for: no paragraph can be shown to hold it
        b.terms.append(KeyTerm(_as_written(word, question), (), WORD, NUMBER_FLOOR, at=max(rest.find(word), 0)))
    return Question(question, lang, b.grouped(), dict(match.matched), tuple(unmatched))


def _how_many(b: _Builder) -> None:
    """The count a Chinese question asks for (有多少名学生, 建立了几个平台): a term a paragraph holds when it writes a
    number so counted. Not 这几个, 好几个 or 哪几项 (those, which ones), nor 多少 before a word (多少国家)."""
    words = list(b.analyzer.segmenter.cut(b.text))
    starts = list(itertools.accumulate(map(len, words), initial=0))
    for i, word in enumerate(words):
        asked = _HOW_MANY_ZH.fullmatch(word)
        if not asked or (i and words[i - 1][-1:] in "这那哪好"):
            continue
        measure, end = asked.group(2), starts[i + 1]
        if measure is None and i + 1 < len(words) and len(words[i + 1]) == 1 and words[i + 1] in _MEASURES:
            measure, end = words[i + 1], starts[i + 2]
        if measure:
            b.add(b.text[starts[i] : end], _counted(measure), COUNT, starts[i], hard=True)
            b.text = _blank(b.text, starts[i], end)


_MONEY_NOUNS = "资金|经费|预算|捐款|捐助|开支|支出|费用|缺口|金额|款项|成本|拨款"
_CURRENCIES = ("美元", "欧元", "英镑", "瑞士法郎", "$", "€", "us$", "usd", "eur", "dollars", "euros")
_SHARES = ("%", "百分之", "分之", "percent", "per cent")
_NAMED = ("(", "·")  # a person as UN reports name one: "Amr Adel Hosny (Egypt)", 阿姆鲁·侯斯尼
_QUOTED = ("“", "《", "「", '"')  # a title as UN reports write one: 题为“……”的决议, 《……》 (the opening mark)
_ANSWER_FORMS = {AMOUNT: _CURRENCIES, SHARE: _SHARES, PERSON: _NAMED, TITLE: _QUOTED}
_CHAIR_ZH = "主持|共同主持|担任主席|任主席|当选主席|当选"
# What asks for a sum, a share, who chaired or a title. The group "asked" is what says so and is blanked out; the
# rest of the match stays words of the question (多少资金: 资金 is what the question is about). The term's label:
# the group "label" or all.
_ANSWERS_ASKED: dict[str, list[tuple[re.Pattern, str]]] = {
    "zh": [
        (re.compile(r"(?P<asked>多少(?:美元|欧元|钱))"), AMOUNT),
        (re.compile(rf"(?P<asked>多少)(?:{_MONEY_NOUNS})"), AMOUNT),
        (re.compile(rf"(?:{_MONEY_NOUNS})[^，。？！,?!\s]{{0,8}}?(?P<asked>多少|几)(?![{_MEASURES}])"), AMOUNT),
        (re.compile(r"(?P<asked>(?:多大|多少|什么|怎样的|几成)的?(?:比例|比重|百分比|份额))"), SHARE),
        (re.compile(r"(?:比例|比重|百分比|份额)(?:是|为|有|达到|占)?(?P<asked>多少|多大|几成)"), SHARE),
        (re.compile(r"(?P<asked>百分之几)"), SHARE),
        (re.compile(rf"(?P<asked>(?:由谁|谁|哪位|哪两位|哪几位|哪些人)来?(?:{_CHAIR_ZH}))"), PERSON),
        (re.compile(r"(?P<asked>(?:主席|主持人)(?:是|为)?(?:谁|哪位|哪两位|哪几位))"), PERSON),
        (re.compile(r"(?P<asked>(?:全称|名称|名字|标题|题目)(?:是|叫|为)?(?:什么|啥))"), TITLE),
        (re.compile(r"(?P<asked>(?:叫|称为|题为)(?:什么|啥)(?:名字|名称|标题)?)"), TITLE),
        (re.compile(r"(?P<asked>(?:什么|啥)(?:名字|名称|标题|题目))"), TITLE),
    ],
    "en": [
        (re.compile(r"(?P<asked>\bhow much (?:money|funding|funds?|financing)\b)"), AMOUNT),
        (
            re.compile(
                r"(?P<asked>\bhow much)\b(?=.{0,60}\b(?:cost|costs|spend|spent|raised?|fund|funded|contribut\w*|"
                r"pledg\w*|donat\w*|budget\w*|short|shortfall|gap|worth|paid|pay|expenditure|allocat\w*)\b)"
            ),
            AMOUNT,
        ),
        (re.compile(r"(?P<asked>\b(?:how many|in) (?:us )?(?:dollars|euros)\b)"), AMOUNT),
        (
            re.compile(
                r"(?P<asked>\bwhat (?:is|was|were) the (?P<label>(?:total |overall |annual )?(?:budget|cost|amount))\b)"
            ),
            AMOUNT,
        ),
        (re.compile(r"(?P<asked>\b(?:what|which) (?:share|proportion|percentage|per ?cent|fraction)\b)"), SHARE),
        (re.compile(r"(?P<asked>\bhow many (?:percent|per cent)\b)"), SHARE),
        (
            re.compile(
                r"(?P<asked>\bwho (?:chaired|chairs|co-chaired|presided(?: over)?|was elected|were elected|"
                r"served as|was the chair|is the chair|was the president|is the president))\b"
            ),
            PERSON,
        ),
        (
            re.compile(
                r"(?P<asked>\bwhat(?: is|'s|s| was| are| were)? the (?:full |official |exact )?(?:name|title)s?)"
                r"(?: of)?\b"
            ),
            TITLE,
        ),
        (re.compile(r"\bwhat(?:'s|s)?\b.{0,80}\b(?P<asked>(?P<label>called|named|titled|entitled))\s*\??\s*$"), TITLE),
    ],
}


# What kind of thing the question asks for ("which UN entity", 哪个机构): a word the answer's paragraph need not
# write (it names the entity: 联合国妇女署), so no key term.
_KINDS_ZH = "国家|机构|组织|实体|城市|公司|伙伴|部门|单位"
_KINDS_EN = (
    r"entit(?:y|ies)|organi[sz]ations?|agenc(?:y|ies)|bod(?:y|ies)|institutions?|countr(?:y|ies)|compan(?:y|ies)|"
    r"cit(?:y|ies)|partners?"
)
_ASKED_TYPE = {
    "zh": re.compile(
        rf"(?<=哪个|哪些|哪家|哪一)(?:联合国)?(?:{_KINDS_ZH})|(?<=哪一个|哪一些)(?:联合国)?(?:{_KINDS_ZH})"
    ),
    "en": re.compile(rf"(?<=\bwhich )(?:un |united nations )?(?:{_KINDS_EN})\b|(?<=\bwhat )(?:un )?(?:{_KINDS_EN})\b"),
}


def _answers_asked(b: _Builder, lang: str) -> None:
    """A sum of money, a share, a person or a title the question asks for (多少美元, 预算是多少, 有多大比例, how much
    funding, what percentage, 由谁主持, who chaired, 全称是什么, what is the name of): a hard term that a paragraph
    holds when it writes one (716,500 美元, US$ 2 million, 30%, 三分之一, "Amr Adel Hosny（埃及）", 题为“……”). A
    paragraph on the project asked about that gives no sum does not answer how much it cost; one on the session
    that names nobody does not say who chaired it; one quoting no title does not say what the guide is called."""
    for pattern, kind in _ANSWERS_ASKED[lang]:
        for m in list(pattern.finditer(b.text)):
            if not b.text[m.start("asked") : m.end("asked")].strip():  # (read already)
                continue
            label = b.question[slice(*m.span("label" if "label" in pattern.groupindex else 0))].strip()
            b.add(label, _ANSWER_FORMS[kind], kind, m.start(), hard=True)
            b.text = _blank(b.text, m.start("asked"), m.end("asked"))


_NUMERAL_BEFORE = rf"(?:(?<=[\d{_CN_NUM}千万亿])|(?<=[\d{_CN_NUM}千万亿][多余 ]))"
_ENGLISH_AMOUNT_BEFORE = r"(?:(?<=\d)|(?<=\d )|(?<=million )|(?<=billion )|(?<=thousand ))"


def _answer_pattern(form: str) -> re.Pattern:
    """Where a paragraph writes a sum, a share or a person: a currency or a percent sign next to a number
    ("716500美元", "$2 million", "usd 3", "2 million dollars", "30%", "30 per cent"), 百分之 (百分之三十), a fraction
    (三分之一); a Latin name before a short parenthesis ("hosny (埃及)", "smith (chair)"), a dot inside a Chinese
    transliteration (阿姆鲁·侯斯尼)."""
    escaped = re.escape(form)
    if form in _QUOTED:
        return re.compile(escaped)
    if form == "(":
        return re.compile(r"(?:(?<=[a-z]{2})|(?<=[a-z]{2} ))\((?=[^()]{1,20}\))")
    if form == "·":
        return re.compile(rf"(?<=[{HAN}])·(?=[{HAN}])")
    if form in ("$", "€", "us$", "usd", "eur"):  # the number follows
        return re.compile(escaped + r"\s?\d")
    if form.isascii() and form != "%":  # dollars, euros, percent, per cent: a number (or million) before
        return re.compile(_ENGLISH_AMOUNT_BEFORE + escaped + r"(?![a-z])")
    if form == "分之":
        return re.compile(rf"(?<=[{_CN_NUM}]){escaped}")
    if form == "百分之":
        return re.compile(escaped)
    return re.compile(_NUMERAL_BEFORE + escaped)  # 美元, 欧元, %


def _counted(measure: str) -> tuple[str, ...]:
    """The measure words a paragraph may count what the question counts with: its own or 个, the general one
    ("多少项" answered by "三个"); people by 名, 位 or 人 too; and in a paragraph in English, a number before a
    word ("93 countries": the digits are forms too)."""
    return tuple(dict.fromkeys([*(_PEOPLE if measure in _PEOPLE else (measure,)), "个", *_DIGITS]))


_DIGITS = tuple("0123456789")
_HOW_MANY_EN = re.compile(r"\b(?P<asked>how many)\b(?P<what>(?: [a-z][a-z\-]*){0,3})")


def _how_many_en(b: _Builder) -> None:
    """The count an English question asks for ("how many delegates"): a paragraph answering it writes a number
    with a measure word (93 个国家, 1,400 名) or, in English, before a word. The word counted stays a key term."""
    for m in list(_HOW_MANY_EN.finditer(b.text)):
        what = list(itertools.takewhile(lambda w: not is_common(w), m.group("what").split()))
        # what is counted, up to a common word: "how many civil society representatives", not "how many civil"
        label = " ".join([m.group("asked"), *what])
        b.add(label, (*_MEASURES, *_DIGITS), COUNT, m.start(), hard=True)
        b.text = _blank(b.text, *m.span("asked"))


def _as_written(found: str, question: str) -> str:
    """A term found in the normalised question as the question writes it ("CAC/COSP/2021/11", not lower case)."""
    m = re.search(rf"(?<![a-z0-9]){re.escape(found)}(?![a-z0-9])", question, re.I)
    return m.group(0) if m else found


def symbols(question: str) -> list[str]:
    """The UN document symbols a question names ("S/RES/2803"), as key terms write them (normalised)."""
    return [m.group(0) for m in _SYMBOL.finditer(normalize(question))]


def besides_symbols(question: str) -> str:
    """The question normalised, the document symbols it names blanked out: what else it says."""
    return _SYMBOL.sub(" ", normalize(question))


def without(question: Question, written: Iterable[str]) -> Question:
    """The question's key terms but those inside the texts `written` (a paragraph citation already looked up:
    "第3段" is the paragraph's number, not words for a paragraph to hold)."""
    said = [w.lower() for w in written]
    kept = tuple(t for t in question.terms if not any(t.label.lower() in w for w in said))
    return dataclasses.replace(question, terms=kept)


def follow_on(current: Question, previous: Question) -> Question:
    """A follow-up's key terms: its own, and the previous question's, but for the hard terms of a kind the
    follow-up gives anew ("那2023年呢？" after a question about 2022: 2023 replaces 2022, the rest stays)."""
    replaced = {t.kind for t in current.terms if t.hard}
    own = {t.label.lower() for t in current.terms}  # (the follow-up's own reading of a word it repeats)
    kept = [t for t in previous.terms if not (t.hard and t.kind in replaced) and t.label.lower() not in own]
    matched = {**previous.matched, **current.matched}
    return dataclasses.replace(current, terms=(*current.terms, *kept), matched=matched)


def with_phrases(question: Question, phrases: list[str]) -> Question:
    """The question's key terms with the phrases it quotes as hard terms: a paragraph without one is missing it."""
    quoted = [KeyTerm(p, (squashed(p),), PHRASE, NUMBER_FLOOR, hard=True, at=question.text.find(p)) for p in phrases]
    return dataclasses.replace(question, terms=(*quoted, *question.terms)) if quoted else question
