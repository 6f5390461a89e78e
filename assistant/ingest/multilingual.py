"""The words UN documents print in their six languages (and the headings readers meet in them): what
marks a preamble, an annex, an article, a summary, a table of contents, endnotes, a speaker in a
verbatim record; dates, sessions and agenda items; the document's language; citation words.

Every rule of the structure and header passes that depends on a language takes its words from here,
so that a document in Arabic, Chinese, English, French, Russian or Spanish goes through the same rules.
"""

from __future__ import annotations

import datetime as dt
import re

from ..numerals import chinese_number
from ..scripts import HAN, HAN_CHAR

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

# -- headings and openers --------------------------------------------------------------------------

SUMMARY_HEADINGS = ("摘要", "概要", "Summary", "Abstract", "Résumé", "Resumen", "Резюме", "Аннотация", "موجز", "ملخص")
TOC_HEADINGS = re.compile(
    r"^(?:Contents|Table of contents|Table des matières|Sommaire|Índice|Содержание|目录|目次|المحتويات)$", re.I
)
NOTES_HEADINGS = re.compile(r"^(?:Notes|Endnotes|Notes de fin|Notas|Примечания|注|注释|尾注|الحواشي)$", re.I)
PREAMBLE_HEADINGS = re.compile(r"^(?:Preamble|Préambule|Preámbulo|Преамбула|序言|الديباجة)[.:]?(?:\s+(.*))?$", re.I)

_ORGANS = (
    r"Assembly|Council|Conference|Commission|Committee|Parties|Board|Meeting|Assemblée|Conseil|Conférence|Comité"
    r"|Asamblea|Consejo|Conferencia|Comisión|Estados|États|Réunion|Reunión"
)
OPENER = re.compile(
    rf"^(?:(?:The|La|Le|El|Los|Las|Les)\s|L['’])(?:[^,;:.]{{0,70}}\s)?(?:{_ORGANS})(?:\s[^,;:.]{{0,60}})?\s?[,،]$"
    r"|^(?:Генеральная Ассамблея|Совет Безопасности|Экономический и Социальный Совет|Совет по правам человека"
    r"|Конференция|Комиссия|Комитет|Государства-участники|Государства - участники)[^,;:.]{0,70},$"
    rf"|^(?:大会|安全理事会|经济及社会理事会|人权理事会|缔约国会议|缔约国|[{HAN}]{{2,20}}(?:会议|委员会|理事会))[，,]$"
    r"|^إن\s[^،,:]{3,70}[،,]$"
)
# Preambular paragraphs of English texts run on in one line in some sources: they start with a participle.
PREAMBLE_SPLIT = re.compile(
    r"(?<=[,;]) (?=(?:[A-Z][a-z]+(?:ing|ed)|Mindful|Aware|Conscious|Deeply|Fully|Gravely|Have agreed|Noting)\b)"
)
# Chinese preambular paragraphs open with these words (there is no capital letter to tell a new clause).
PREAMBLE_OPENERS_CJK = re.compile(
    r"^(?:鉴于|考虑到|认识到|回顾|重申|注意到|欢迎|强调|深信|意识到|确认|铭记|关切|深为关切|申明|承认|忆及|希望|决心|因此|"
    r"又|还|并|赞赏|表示|审议了|收到|确信|深感|痛惜|感谢|赞扬|满意地|遗憾地)"
)
LANGUAGE_NOTE = re.compile(
    r"^[(（](?:spoke in|speaking in|parle en|a parlé en|habla en|говорит по-)[^()（）]+[)）]$"
    rf"|^（以[{HAN}]{{1,6}}发言）$"
)
_ANNEX_WORDS = (
    r"ANNEX|Annex|ANNEXE|Annexe|ANEXO|Anexo|ПРИЛОЖЕНИЕ|Приложение|APPENDIX|Appendix|APPENDICE|Appendice|APÉNDICE"
    r"|Apéndice|ДОБАВЛЕНИЕ|Добавление|ENCLOSURE|Enclosure|PIÈCE JOINTE|Pièce jointe|المرفق|التذييل"
)
ANNEX = re.compile(
    rf"^({_ANNEX_WORDS})(?:\s+([IVXLC]{{1,6}}|\d{{1,3}}|[A-Z])\b)?"
    r"\s*(?:(?:[-–—:.]|\s-|\s(?=(?:to|of|au|à|aux|de|del|к)\s))\s*(.*))?$"
    r"|^(附件|附录|附文)\s*([一二三四五六七八九十]+|\d{1,3})?\s*(?:[-–—:：.]\s*(.*))?$"
)
ARTICLE = re.compile(
    r"^(?:Article|ARTICLE|Art\.|Artículo|ARTÍCULO|Статья|СТАТЬЯ|Artikel|ARTIKEL|المادة)\s+"
    r"(\d{1,3}|premier|1er|[IVXLC]{1,6}|[٠-٩]{1,3})\b\.?(?:\s*[-–—:.]\s*(.{1,120}))?$"
    r"|^第\s*([一二三四五六七八九十百零〇两]+|\d{1,3})\s*条(?:\s+(.{1,200}))?$"
)
CHAPTER = re.compile(
    r"^(?:CHAPTER|Chapter|CHAPITRE|Chapitre|CAPÍTULO|Capítulo|ГЛАВА|Глава|HOOFDSTUK|Hoofdstuk|الفصل)\s+"
    r"(?:[IVXLC]{1,6}|\d{1,3}|[A-Z])\b\.?(?:\s*[-–—:.]?\s*\S.*)?$|^第[一二三四五六七八九十百\d]+章(?:\s+\S.*)?$"
)
ENCLOSED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # ㈠ = paragraph 1 of a Chinese article

PROCEDURAL_START = re.compile(
    r"^(?:The meeting (?:was called to order|rose|was suspended|resumed)|La séance (?:est ouverte|est levée)"
    r"|Se (?:abre|levanta) la sesión|Заседание (?:открывается|закрывается)|会议于.{0,20}(?:开始|宣布开会)"
    r"|افتتحت الجلسة)"
)
LETTER_START = re.compile(
    r"^(?:I have the honour|We have the honour|J['’]ai l['’]honneur|Tengo el honor|Имею честь|谨|أتشرف)"
)
BOILERPLATE = re.compile(
    r"^(?:This record contains the text of speeches|Ce procès-verbal contient le texte des discours"
    r"|Este documento contiene la versión literal|В настоящем отчете содержатся тексты выступлений"
    r"|本记录包括中文发言的文本|يتضمن هذا المحضر)"
)

_TITLE = (
    r"(?:The (?:Acting )?(?:President|Chair|Chairman|Chairperson|Chairwoman|Secretary-General|Deputy Secretary-General"
    r"|Vice-President|Co-Chair|Rapporteur)"
    r"|(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Archbishop|Cardinal|Sheikh|Sheikha|Prince|Princess|King|Queen"
    r"|Monsignor|Rabbi|Father|Sister|Judge|Baroness|Baron)\.?\s[^:()\n]{1,60}?)"
)
SPEAKER = re.compile(
    rf"^({_TITLE}(?:\s\([^()]{{2,80}}\))?)(?:\s\((?:spoke|speaking) in [A-Za-z]+\))?\s?:\s*(.*)$"
    r"|^((?:Le Président|La Présidente|Le Secrétaire général|La Secrétaire générale|M\.|Mme|Mlle|Sir)\s?[^:()\n]{0,60}?"
    r"(?:\s\([^()]{2,80}\))?)(?:\s\((?:parle en|a parlé en) [a-zé]+\))?\s?:\s*(.*)$"
    r"|^((?:El Presidente|La Presidenta|El Secretario General|La Secretaria General|Sr\.|Sra\.|Srta\.)"
    r"\s?[^:()\n]{0,60}?"
    r"(?:\s\([^()]{2,80}\))?)(?:\s\(habla en [a-zé]+\))?\s?:\s*(.*)$"
    r"|^((?:Председатель|Председательница|Генеральный секретарь|Г-н|Г-жа)\s?[^:()\n]{0,60}?"
    r"(?:\s\([^()]{2,80}\))?)(?:\s\(говорит по-[а-я]+\))?\s?:\s*(.*)$"
    rf"|^((?:主席|秘书长|常务副秘书长|[{HAN}·]{{1,12}}(?:先生|女士|夫人|阁下))(?:（[^（）]{{1,40}}）)?)"
    rf"(?:（以[{HAN}]{{1,6}}发言）)?[：:]\s*(.*)$"
    r"|^((?:الرئيس|الرئيسة|الأمين العام|السيد|السيدة)\s?[^:()\n]{0,60}?(?:\s\([^()]{2,80}\))?)\s?:\s*(.*)$"
)


_SPOKE_IN = re.compile(r"\s?[（(](?:spoke in|speaking in|parle en|habla en|говорит по-|以|تكلم)[^()（）]*[)）]")


def speaker(text: str) -> tuple[str, str] | None:
    """(speaker, what they said on that line) for a turn of a verbatim record ("Mr. Fu Cong (China)
    (spoke in Chinese): …"), else None."""
    m = SPEAKER.match(text)
    if not m:
        return None
    groups = m.groups()
    for k in range(0, len(groups), 2):
        if groups[k] is not None:
            return _SPOKE_IN.sub("", groups[k]).strip(), (groups[k + 1] or "").strip()
    return None


def article_number(token: str) -> str:
    """The article's number as digits ("premier" → "1", "第十二条" numerals → "12", Roman numerals kept)."""
    if token in ("premier", "1er"):
        return "1"
    if token.isdigit():
        return str(int(token))
    if all(ch in "٠١٢٣٤٥٦٧٨٩" for ch in token):
        return str(int(token.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))))
    if (n := chinese_number(token)) is not None:
        return str(n)
    return token


# -- dates, sessions, agenda items ---------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january janvier enero январь января يناير كانون الثاني/يناير",
        "february février fevrier febrero февраль февраля فبراير شباط/فبراير",
        "march mars marzo март марта مارس آذار/مارس",
        "april avril abril апрель апреля أبريل نيسان/أبريل",
        "may mai mayo май мая مايو أيار/مايو",
        "june juin junio июнь июня يونيه يونيو حزيران/يونيه",
        "july juillet julio июль июля يوليه يوليو تموز/يوليه",
        "august août aout agosto август августа أغسطس آب/أغسطس",
        "september septembre septiembre setiembre сентябрь сентября سبتمبر أيلول/سبتمبر",
        "october octobre octubre октябрь октября أكتوبر تشرين الأول/أكتوبر",
        "november novembre noviembre ноябрь ноября نوفمبر تشرين الثاني/نوفمبر",
        "december décembre decembre diciembre декабрь декабря ديسمبر كانون الأول/ديسمبر",
    ],
    1,
):
    for _name in _names.split(" "):
        _MONTHS[_name] = _number
# Arabic month names come as "تشرين الأول/أكتوبر": the part after the slash is enough.
_MONTH_WORD = r"[A-Za-zÀ-ÿА-Яа-яЁё]+|[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)?/[\u0600-\u06ff]+|[\u0600-\u06ff]+"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d–\-])(\d{{1,2}})(?:er|º|°)?\.?\s+(?:de\s+)?({_MONTH_WORD})\s+(?:de\s+)?(\d{{4}})(?:\s*(?:года|г\.))?"
)
_MONTH_DAY_YEAR = re.compile(r"\b([A-Z][a-z]+)\s+(\d{1,2}),\s+(\d{4})\b")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _month(word: str) -> int | None:
    word = word.lower().strip(".")
    if word in _MONTHS:
        return _MONTHS[word]
    if "/" in word:
        return _MONTHS.get(word.rsplit("/", 1)[1])
    return None


def _valid(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, whole: bool = False) -> dt.date | None:
    """The first full date in text, in any of the six languages: "16 novembre 2009", "11 de mayo de 1994",
    "14 августа 2019 года", "2021年10月4日", "4 تشرين الأول/أكتوبر 2021", "October 6, 2025". With
    `whole`, only when the date is all the text says. A day range ("4–15 November") is not a date."""
    text = text.translate(_ARABIC_DIGITS).strip()
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_CJK_DATE, "ymd"), (_MONTH_DAY_YEAR, "mdy")):
        for m in pattern.finditer(text):
            if whole and (m.start() > 0 or text[m.end() :].strip(" ,.")):
                continue
            if order == "dmy":
                when = _valid(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
            elif order == "ymd":
                when = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                when = _valid(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
            if when:
                return when
    return None


SESSION = re.compile(
    r"^(?:(?:resumed\s)?[a-zà-ÿ]+(?:[\s-][a-zà-ÿ]+){0,2}\s(?:regular\s|special\s|emergency special\s)?session"
    r"|[a-zá-úñ]+(?:\s[a-zá-úñ]+){0,2}\s(?:período|periodo)\s(?:extraordinario\s)?de\s+sesiones"
    r"|[а-яё]+(?:[\s-][а-яё]+){0,2}\s(?:специальная\s|возобновленная\s)?сессия"
    r"|第\S{1,8}届(?:特别|常会)?会议"
    r"|[a-z]+(?:-[a-z]+)?\syear"
    r"|الدورة\s.{2,40})$",
    re.I,
)
AGENDA = re.compile(
    r"(?:临时)?议程\s*\**\s*项目\s*(\d+(?:\s*\([a-z]\))?)"
    r"|(?:Provisional )?agenda\s*\**\s*items?\s*(\d+(?:\s*\([a-z]\))?(?:(?:,\s*|\s+and\s+)\d+(?:\s*\([a-z]\))?)*)"
    r"|^Items?\s+(\d+(?:\s*\([a-z]\))?(?:(?:,\s*|\s+and\s+)\d+(?:\s*\([a-z]\))?)*)\s+of the"
    r"\s+(?:provisional\s+|preliminary\s+)?(?:agenda|list)"
    r"|(?:Point|Points)\s+(\d+(?:\s*\([a-z]\))?)\s+de l['’]ordre du jour"
    r"|(?:Tema|Temas)\s+(\d+(?:\s*\([a-z]\))?)\s+del programa"
    r"|(?:Пункт|Пункты)\s+(\d+(?:\s*\([a-zа-я]\))?)\s+(?:предварительной\s)?повестки дня"
    r"|البند\s+(\d+(?:\s*\([a-z]\))?)\s+من جدول الأعمال",
    re.I,
)


def agenda_item(text: str) -> str | None:
    m = AGENDA.search(text)
    if not m:
        return None
    return re.sub(r"\s+(?=\()", "", next(g for g in m.groups() if g is not None))


# -- language ----------------------------------------------------------------------------------

_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "that", "is", "for", "on", "with", "by", "its", "was", "were", "has"},
    "fr": {"le", "la", "les", "des", "de", "et", "du", "que", "qui", "dans", "une", "pour", "sur", "est", "aux"},
    "es": {"el", "la", "los", "las", "de", "y", "del", "que", "en", "por", "para", "con", "una", "se", "su"},
}


_SCRIPTS = {
    "zh": HAN_CHAR,
    "ru": re.compile("[\u0400-\u04ff]"),
    "ar": re.compile("[\u0600-\u06ff]"),
    "latin": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"),  # Latin letters
}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of a text: by script (Chinese, Cyrillic, Arabic), then for
    Latin script by the commonest function words of English, French and Spanish."""
    sample = text[:20000]
    counts = {lang: len(script.findall(sample)) for lang, script in _SCRIPTS.items()}
    # A Chinese character carries about as much as three Latin letters.
    weights = {"zh": counts["zh"] * 3, "ru": counts["ru"], "ar": counts["ar"], "latin": counts["latin"]}
    best = max(weights, key=weights.__getitem__)
    if best != "latin":
        return best
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    return max(scores, key=scores.__getitem__) if any(scores.values()) else "en"


# -- citations ---------------------------------------------------------------------------------

# How UN documents cite a unit, per language: {n} a paragraph number, {a} an article, {x} an annex.
CITATION_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "sep": ", ", "paragraph": "para. {n}", "preambular": "preambular para. {n}", "annex": "annex {x}",
        "annex_plain": "annex", "article": "article {a}", "article_paragraph": "article {a}, para. {n}",
        "footnote": "footnote {n}", "statement": "statement by {s}", "summary": "summary", "text": "{l}",
        "letter": "letter", "month": "{d} {m} {y}", "part": ", part {i}",
    },
    "fr": {
        "sep": ", ", "paragraph": "par. {n}", "preambular": "{n}e alinéa du préambule", "annex": "annexe {x}",
        "annex_plain": "annexe", "article": "article {a}", "article_paragraph": "article {a}, par. {n}",
        "footnote": "note {n}", "statement": "déclaration de {s}", "summary": "résumé", "text": "{l}",
        "letter": "lettre", "month": "{d} {m} {y}", "part": ", partie {i}",
    },
    "es": {
        "sep": ", ", "paragraph": "párr. {n}", "preambular": "párrafo {n} del preámbulo", "annex": "anexo {x}",
        "annex_plain": "anexo", "article": "artículo {a}", "article_paragraph": "artículo {a}, párr. {n}",
        "footnote": "nota {n}", "statement": "declaración de {s}", "summary": "resumen", "text": "{l}",
        "letter": "carta", "month": "{d} de {m} de {y}", "part": ", parte {i}",
    },
    "ru": {
        "sep": ", ", "paragraph": "пункт {n}", "preambular": "пункт {n} преамбулы", "annex": "приложение {x}",
        "annex_plain": "приложение", "article": "статья {a}", "article_paragraph": "статья {a}, пункт {n}",
        "footnote": "сноска {n}", "statement": "выступление: {s}", "summary": "резюме", "text": "{l}",
        "letter": "письмо", "month": "{d} {m} {y} года", "part": ", часть {i}",
    },
    "ar": {
        "sep": "، ", "paragraph": "الفقرة {n}", "preambular": "الفقرة {n} من الديباجة", "annex": "المرفق {x}",
        "annex_plain": "المرفق", "article": "المادة {a}", "article_paragraph": "المادة {a}، الفقرة {n}",
        "footnote": "الحاشية {n}", "statement": "بيان {s}", "summary": "موجز", "text": "{l}",
        "letter": "الرسالة", "month": "{d} {m} {y}", "part": "، الجزء {i}",
    },
    "zh": {
        "sep": "，", "paragraph": "第{n}段", "preambular": "序言部分第{n}段", "annex": "附件{x}", "annex_plain": "附件",
        "article": "第{a}条", "article_paragraph": "第{a}条第{n}款", "footnote": "脚注{n}", "statement": "{s}的发言",
        "summary": "摘要", "text": "{l}", "letter": "信", "month": "{y}年{mn}月{d}日", "part": "（第{i}部分）",
    },
}  # fmt: skip
MONTH_NAMES = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ar": "يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}


def format_date(when: dt.date, lang: str) -> str:
    words = CITATION_WORDS.get(lang, CITATION_WORDS["en"])
    month = MONTH_NAMES.get(lang, MONTH_NAMES["en"]).split(" ")[when.month - 1]
    return words["month"].format(d=when.day, m=month, mn=when.month, y=when.year)
