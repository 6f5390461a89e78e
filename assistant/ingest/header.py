"""Metadata from the header block of a UN document (the lines before the first heading)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..scripts import UNSPACED

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_EN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MEETING = re.compile(r"^(\d{4}\s*年.*?日)\s*[，,]\s*(.+)$")
_AGENDA = re.compile(
    r"(?:临时)?议程\s*\**\s*项目\s*(\d+(?:\s*\([a-z]\))?)|(?:Provisional )?agenda\s*\**\s*item\s*(\d+)", re.I
)
_SESSION = re.compile(r"^第\S+届会议|session$", re.I)
_DOC_TYPE = re.compile(r"^(?:秘书处|秘书长|主席|执行主任)?\S{0,8}(?:报告|背景文件|说明|决议|决定|工作文件|会议室文件)$")
_SKIP = re.compile(r"^(?:Distr\.?:?.*|Chinese|English|Original:.*|Limited|General|Restricted)$", re.I)
_PLACE_IN_TITLE = re.compile(r"在(\S{2,12}?)举行")
_CJK_GAP = re.compile(rf"(?<=[{UNSPACED}“”《》])\s+(?=[{UNSPACED}“”《》])")


@dataclass
class Header:
    title: str = ""
    doc_type: str | None = None
    date: dt.date | None = None
    session: str | None = None
    place: str | None = None
    meeting_dates: str | None = None
    agenda_item: str | None = None


def tidy(text: str) -> str:
    """Drop footnote stars and the stray spaces PDF extraction leaves between Chinese characters."""
    return _CJK_GAP.sub("", text.replace("*", "")).strip()


def english_date(text: str) -> dt.date | None:
    m = _EN_DATE.match(text.strip())
    if m and m.group(2).lower() in _MONTHS:
        try:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            return None
    return None


def parse_header(lines: list[str]) -> Header:
    """Read the fields a citation and the filters need; what is not recognised forms the title."""
    head = Header()
    title: list[str] = []
    after_agenda = False
    for line in lines:
        text = line.strip()
        if head.date is None and (when := english_date(text)):
            head.date = when
            continue
        if _SKIP.match(text) or (text.startswith("联合国") and text.endswith("会议") and not title):
            continue
        if (m := _AGENDA.search(text)) and head.agenda_item is None:
            head.agenda_item = (m.group(1) or m.group(2)).replace(" ", "")
            after_agenda = True
            continue
        if after_agenda:  # the line after the agenda item is its topic, not the title
            after_agenda = False
            continue
        if head.meeting_dates is None and (m := _MEETING.match(text)):
            head.meeting_dates, head.place = tidy(m.group(1)), tidy(m.group(2))
            if head.session is None and len(title) == 1:  # the body that meets, e.g. a working group
                head.session = tidy(title.pop())
            continue
        if head.session is None and not title and _SESSION.search(text) and len(text) <= 40:
            head.session = tidy(text)
            continue
        if head.doc_type is None and _DOC_TYPE.match(tidy(text)) and title:
            head.doc_type = tidy(text)
            continue
        title.append(text)
    if not title and head.session and head.meeting_dates is None:
        title = [head.session]
    head.title = tidy(" ".join(title))
    if head.doc_type is None and head.title.endswith("报告"):
        head.doc_type = "会议报告"
    if head.place is None and (m := _PLACE_IN_TITLE.search(head.title)):
        head.place = m.group(1)
    if head.meeting_dates is None and (m := _ZH_DATE.search(head.title)):
        head.meeting_dates = m.group(0)
    return head
