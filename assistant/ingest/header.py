"""Metadata from the header block of a UN document (the lines before the first heading), in the six
UN languages: symbol (also a masthead whose first letter is a separate glyph, and joint symbols),
date, session, agenda item, place, meeting dates, document type, and the title — a line or two."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..scripts import UNSPACED
from .layout import SUPERSCRIPTS, join_wrapped
from .multilingual import BOILERPLATE, SESSION, agenda_item, find_date

_MEETING = re.compile(r"^(\d{4}\s*年.*?日)\s*[，,]\s*(.+)$")
_DATE_RANGE = re.compile(
    r"^(?:[A-Za-zÀ-ÿ\u0400-\u04ff ]+,\s*)?\d{1,2}(?:\s*[A-Za-zÀ-ÿ\u0400-\u04ff]+)?\s*[–-]\s*\d{1,2}\s+"
    r"(?:de\s+)?[A-Za-zÀ-ÿ\u0400-\u04ff]+\s+(?:de\s+)?\d{4}(?:\s*года)?$"
)
_DOC_TYPE = re.compile(r"^(?:秘书处|秘书长|主席|执行主任)?\S{0,8}(?:报告|背景文件|说明|决议|决定|工作文件|会议室文件)$")
_DOC_TYPE_WORDS = re.compile(
    r"^(?:Report|Note|Memorandum|Statement|Working paper|Conference room paper|Background paper|Information note"
    r"|Rapport|Note|Document de travail|Informe|Nota|Documento de trabajo|Доклад|Записка|Рабочий документ"
    r"|تقرير|مذكرة)\b"
)
_ADOPTED = re.compile(
    r"^(?:Resolution|Decision|Résolution|Décision|Resolución|Resolucion|Decisión|Резолюция|Решение)"
    r",?\s(?:adopted|adoptée|adoptee|aprobada|adoptada|принятая|принятое)\b"
    r"|(?:^|[:：]\s*)(?:draft resolution|draft decision|projet de résolution|projet de décision|proyecto de resolución"
    r"|proyecto de decisión|проект резолюции|проект решения|مشروع قرار|مشروع مقرر)$"
    r"|^(?:大会|安全理事会|经济及社会理事会)?通过的(?:决议|决定)$|(?:决议|决定)通过(?:并颁布)?$",
    re.I,
)
_MEETING_LINE = re.compile(
    r"^(?:Adopted by|Adoptée par|Aprobada por|Adoptada por|Принята|通过于|To be held|Devant se tenir|Que se celebrará"
    r"|Которое состоится|\d+(?:st|nd|rd|th)? meeting|th meeting"
    r"|\d+(?:e|ème)? séance|\d+ª? sesión|\d+-е заседание|第\d+次会议|\d+(?:st|nd|rd|th)? plenary meeting)",
    re.I,
)
_SKIP = re.compile(
    r"^(?:Distr\.?:?.*|ORIGINAL:?.*|Original:.*|[A-Z] [A-Z]|Chinese|English|French|Spanish|Russian|Arabic"
    r"|Français|Español|Русский|中文"
    r"|Limited|General|Restricted|LIMITED|GENERAL|RESTRICTED|Provisional|Accessible document|Agenda|Ordre du jour"
    r"|Orden del día|Повестка дня"
    r"|议程|جدول الأعمال|English only|Anglais seulement|Inglés únicamente|United Nations|Nations Unies"
    r"|Naciones Unidas|Организация Объединенных Наций|联合国|الأمم المتحدة|UNITED NATIONS|UNITED|NATIONS|NACIONES"
    r"|UNIDAS|UNIES|NATIONS UNIES|GENERALE|GÉNÉRALE|[A-Z]{1,2}|\d{1,6}|[IVX]+|\[.*\]|\(.*\))$"
)
_ORGANS = re.compile(
    r"^(?:General Assembly|Security Council|Economic and Social Council|Trusteeship Council|Assemblée générale"
    r"|Conseil de sécurité|Conseil économique et social|Asamblea General|Consejo de Seguridad"
    r"|Consejo Económico y Social|Генеральная Ассамблея|Совет Безопасности|Экономический и Социальный Совет"
    r"|大会|安全理事会|经济及社会理事会|الجمعية العامة|مجلس الأمن|المجلس الاقتصادي والاجتماعي)"
    r"(?:\s+(?:General Assembly|Security Council|Assemblée générale|Conseil de sécurité|Asamblea General"
    r"|Consejo de Seguridad|Генеральная Ассамблея|Совет Безопасности|大会|安全理事会))?"
    r"(?:\s+(?:Distr\.?:?.*|Provisional))?$",
    re.I,
)
_PLACES = re.compile(
    r"^(?:New York|Geneva|Vienna|Nairobi|Bangkok|Addis Ababa|Beirut|Santiago|The Hague|Genève|Vienne|Ginebra|Viena"
    r"|Nueva York|Нью-Йорк|Женева|Вена|Найроби|纽约|日内瓦|维也纳|内罗毕|نيويورك|جنيف|فيينا)$"
)
_RESOLUTION_TITLE = re.compile(r"^\d{1,3}/\d{1,4}(?:\s?[A-Z])?\.\s+(\S.*)$")  # "70/10. Report of the …"
_MASTHEAD_LETTERS = re.compile(r"^[A-Z](?: ?[A-Z])?$")
_TAIL_SPLIT = re.compile(r"\s*[–—-]?\s+(?=/)")  # "/80/500- /2025/656": the tails of a joint symbol
_LETTER_AND_NAME = re.compile(
    r"^([A-Z])\s+(United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций|联合国|الأمم المتحدة)$"
)
_SYMBOL_TAIL = re.compile(r"^/[A-Za-z0-9.\-()/ ]+$")
_ONE_SYMBOL = r"[A-Z][A-Z0-9]{0,7}(?:/[A-Za-z0-9.\-()]+){1,7}(?: \(\d{4}\))?"
_SYMBOL_AT_END = re.compile(rf"(?:^|\s)({_ONE_SYMBOL}(?:\s?[–—-]\s?{_ONE_SYMBOL})*)$")
_SYMBOLS_ONLY = re.compile(rf"^{_ONE_SYMBOL}(?:\s*[–—-]?\s+{_ONE_SYMBOL})+$")
_PLACE_IN_TITLE = re.compile(r"在(\S{2,12}?)举行")
_CJK_GAP = re.compile(rf"(?<=[{UNSPACED}“”《》])\s+(?=[{UNSPACED}“”《》])")
_MARKS = re.compile(rf"[{SUPERSCRIPTS}*]+")
_TOPIC_START = re.compile(r"^[a-zа-яё(]")
_LANGUAGE_AFTER = re.compile(r"\s+(?:Arabic|Chinese|English|French|Russian|Spanish)$")  # "14 August 2019 Russian"


@dataclass
class Header:
    title: str = ""
    doc_type: str | None = None
    date: dt.date | None = None
    session: str | None = None
    place: str | None = None
    meeting_dates: str | None = None
    agenda_item: str | None = None
    symbol: str | None = None


def tidy(text: str) -> str:
    """Drop footnote marks and the stray spaces PDF extraction leaves between Chinese characters."""
    return _CJK_GAP.sub("", _MARKS.sub("", text)).strip()


def english_date(text: str) -> dt.date | None:
    return find_date(text, whole=True)


def _masthead(lines: list[str]) -> tuple[list[str], list[str]]:
    """The symbols of the masthead, and the lines without them. The masthead letter is often a separate
    glyph ("S" then "| United Nations | /RES/2803 (2025) |"): a lone capital letter followed, within a few
    cells, by "/…" makes one symbol."""
    symbols: list[str] = []
    out: list[str] = []
    letters: list[str] = []
    for k, text in enumerate(lines):
        if k < 8 and (m := _LETTER_AND_NAME.match(text)):  # "S United Nations": the letter, then the name
            letters = [m.group(1)]
            out.append(m.group(2))
            continue
        if k < 8 and _MASTHEAD_LETTERS.match(text):  # "S", or "A S" / "AS" for a joint document
            letters = re.findall(r"[A-Z]", text)
            continue
        tails = [t for t in _TAIL_SPLIT.split(text.strip()) if t] if letters and _SYMBOL_TAIL.match(text) else []
        if (
            tails
            and len(tails) == len(letters)
            and all(_SYMBOL_AT_END.search(a + t) for a, t in zip(letters, tails, strict=True))
        ):
            symbols.append("–".join(a + t for a, t in zip(letters, tails, strict=True)))
            letters = []
            continue
        if k < 12 and _SYMBOLS_ONLY.match(text):  # "A/53/568 S/1998/1025": the two symbols of a joint document
            symbols.append("–".join(re.split(r"\s*[–—-]?\s+", text.strip())))
            continue
        if k < 12 and (m := _SYMBOL_AT_END.search(text)) and not text.startswith(("[", "(")):
            before = text[: m.start(1)].strip()
            if not before or _SKIP.match(before) or _ORGANS.match(before):
                symbols.append(m.group(1))
                if before:
                    out.append(before)
                continue
        out.append(text)
    return symbols, out


def parse_header(lines: list[str]) -> Header:
    """Read the fields a citation and the filters need; what is not recognised forms the title.

    UN headers run: masthead (symbol, organ, distribution, date, languages), the body that meets and its
    session, dates and place, agenda item and its topic, then the title and the kind of document. So
    lines just before a session, meeting or agenda line name the body, and the title is the first run of
    other lines after them."""
    head = Header()
    cells = [cell.strip() for line in lines for cell in _cells(line.strip()) if cell.strip()]
    symbols, lines = _masthead(cells)
    head.symbol = "–".join(dict.fromkeys(symbols)) if symbols else None
    runs: list[list[str]] = [[]]  # runs of unrecognised lines, split by recognised ones
    topic: list[str] = []  # what the agenda item is about: the line after it (and its wrapped lines)
    topic_open = False
    expect_topic = 0
    when_in_line: dt.date | None = None
    for text in lines:
        if topic_open and _TOPIC_START.match(text):
            topic[-1] = join_wrapped(topic[-1], text)
            continue
        topic_open = False
        if head.date is None and (when := find_date(_LANGUAGE_AFTER.sub("", text), whole=True)):
            head.date = when
            _close(runs)
            continue
        if (
            _SKIP.match(text)
            or _ORGANS.match(text)
            or BOILERPLATE.match(text)
            or not any(ch.isalpha() for ch in text)
            or (text.startswith("联合国") and text.endswith("会议") and not any(runs))
        ):
            _close(runs)
            continue
        if (item := agenda_item(text)) and head.agenda_item is None:
            head.agenda_item = item
            runs[-1] = []  # the lines before an agenda item name the body that meets
            expect_topic = len(re.findall(r"\d+", re.sub(r"\([a-z]\)", "", item)))  # one topic line per item
            continue
        if head.meeting_dates is None and (m := _MEETING.match(text)):
            head.meeting_dates, head.place = tidy(m.group(1)), tidy(m.group(2))
            if head.session is None and len(runs[-1]) == 1:  # the body that meets, e.g. a working group
                head.session = tidy(runs[-1].pop())
            runs[-1] = []
            continue
        if head.meeting_dates is None and _DATE_RANGE.match(text):
            head.meeting_dates = text
            runs[-1] = []
            continue
        if len(text) <= 60 and SESSION.match(text):  # "Eightieth session", also a second "Eightieth year"
            head.session = head.session or tidy(text)
            runs[-1] = []
            continue
        if len(text) <= 40 and (when := find_date(text)):  # "Monday, 6 October 2025, 10 a.m."
            head.date = head.date or when
            _close(runs)
            continue
        if _MEETING_LINE.match(text) or re.search(r"(?:\.\s{0,2}){4,}", text):
            when_in_line = when_in_line or find_date(text)
            _close(runs)
            continue
        if head.place is None and _PLACES.match(text):
            head.place = text
            _close(runs)
            continue
        if head.doc_type is None and _ADOPTED.search(tidy(text)):
            head.doc_type = tidy(text)
            _close(runs)
            continue
        if head.doc_type is None and any(runs) and (_DOC_TYPE.match(tidy(text)) or _DOC_TYPE_WORDS.match(text)):
            head.doc_type = tidy(text)
            _close(runs)
            continue
        if expect_topic and not _RESOLUTION_TITLE.match(text):
            topic.append(text)
            topic_open, expect_topic = True, expect_topic - 1
            continue
        expect_topic = 0
        if head.date is None and (when := find_date(text)):
            when_in_line = when_in_line or when
        runs[-1].append(text)
    if head.date is None:
        head.date = when_in_line
    title_lines = next((run for run in runs if run), [])
    if not title_lines and topic and topic[0]:
        title_lines = [topic[0]]
    if not title_lines and head.session and head.meeting_dates is None:
        title_lines = [head.session]
    head.title = tidy(" ".join(title_lines[:4]))
    if (m := _RESOLUTION_TITLE.match(head.title)) is not None:
        head.title = m.group(1)
    if head.doc_type is None and head.title.endswith("报告"):
        head.doc_type = "会议报告"
    if head.place is None and (m := _PLACE_IN_TITLE.search(head.title)):
        head.place = m.group(1)
    if head.meeting_dates is None and (m := re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", head.title)):
        head.meeting_dates = m.group(0)
    return head


def _cells(text: str) -> list[str]:
    """A table row ("| United Nations | /RES/70/10 |", a UN first page is often a table) as its cells."""
    if text.startswith("|") and text.endswith("|") and len(text) > 1:
        return text.strip("|").split("|")
    return [text]


def _close(runs: list[list[str]]) -> None:
    if runs[-1]:
        runs.append([])
