"""Words for lexical search: jieba with a corpus-derived dictionary over normalised text.

The user dictionary keeps UN names, titles and country names whole; resolution numbers ("8/7") and
document symbols are taken out before segmenting and kept as one term each (jieba would cut them at the
slash, and a resolution question would then match every "8" of the corpus); a month of a year ("2020 年
12 月") is also one term, "2020年12月", besides its year. Stop-words and punctuation are dropped; a few
names users write another way than the documents (aliases) are added in the documents' spelling.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba

from ..scripts import HAN, HAN_CHAR
from .normalize import normalize

jieba.setLogLevel(logging.WARNING)

_SYMBOL = re.compile(r"[A-Z][A-Z0-9]{1,7}(?:/[A-Za-z0-9.\-]+){1,7}")
_RESOLUTION = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])")
_TITLE = re.compile(r"《([^《》]{2,30})》")
_ABBREVIATION = re.compile(rf"([{HAN}]{{2,30}})（([{HAN}]{{2,12}})）")
_WORD = re.compile(r"[\w/.\-]+", re.UNICODE)
# Terms kept whole whatever the segmenter does: document symbols, resolution numbers (not the "2017/4" of a
# symbol, nor a date "1/2/2020").
WHOLE = re.compile(r"(?<![a-z0-9])[a-z][a-z0-9]{1,7}(?:/[a-z0-9.\-]+){1,7}|(?<![a-z0-9/.])\d{1,2}/\d{1,2}(?![a-z0-9/])")
MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月")

STOPWORDS = frozenset(
    """
    的 了 和 与 及 或 在 是 为 对 于 以 等 中 上 下 也 还 又 并 把 被 由 从 向 将 其 之 这 那 这些 那些
    哪些 哪个 哪 什么 怎么 怎样 如何 多少 几 吗 呢 吧 啊 有 没有 有没有 是否 什么样 哪里 何时 何地 谁
    为什么 我 我们 你 他 她 它 他们 各 每 个 该 此 所 而 则 但 就 都 已 已经 曾 会 能 可 可以 要 给 让
    做 做过 过 着 么 一 一个 一些 方面 情况 问题 相关 有关 进行 具体 后来 分别 各自 以及 关于 通过 之后
    之前 期间 当时 时候 里 时 年 月 日 听说 请问 是不是 某个 某些 那个 这个 一下 还有 截至
    a an the of to in on at by for with from and or as is are was
    were be been being which what who whom whose when where why how did do does done has have had it
    its this that these those their there than then so such into about over under any all each other
    more most some can could would should may might will shall not no
    """.split()
)

# Names users write that the documents spell out another way (domain knowledge, not question-specific).
ALIASES = {
    "毒罪办": "毒品和犯罪问题办公室",
    "禁毒办": "毒品和犯罪问题办公室",
    "unodc": "毒品和犯罪问题办公室",
    "反腐公约": "反腐败公约",
    "uncac": "反腐败公约",  # (documents write 《联合国反腐败公约》, 反腐败公约联合会, 反腐败公约缔约国)
    "undp": "开发署",
    "oecd": "经合组织",
    "g20": "二十国集团",
    "20国集团": "二十国集团",
    "国际奥委会": "国际奥林匹克委员会",
    "ioc": "国际奥林匹克委员会",
    "fifa": "国际足联",
    # the UN system's organizations by their English acronyms, as the UN's Chinese documents name them (the short
    # form, held by the long one: 劳工组织 in 国际劳工组织). Not "who" (a question word), nor any acronym of an
    # evaluation question.
    "ilo": "劳工组织",
    "unesco": "教科文组织",
    "unicef": "儿基会",
    "fao": "粮农组织",
    "imf": "货币基金组织",
    "unhcr": "难民署",
    "ohchr": "人权高专办",
    "unep": "环境署",
    "un-women": "妇女署",
    "unfpa": "人口基金",
    "wfp": "粮食署",
    "iom": "移民组织",
    "itu": "国际电联",
    "wipo": "知识产权组织",
    "ifad": "农发基金",
    "unido": "工发组织",
    "iaea": "原子能机构",
    "wto": "世贸组织",
    "unctad": "贸发会议",
    "un-habitat": "人居署",
    "unops": "项目署",
    "unaids": "艾滋病署",
    "ocha": "人道协调厅",
    "unicri": "区域间犯罪和司法研究所",
    "unitar": "训研所",
    "ecosoc": "经社理事会",
    "ccpcj": "预防犯罪和刑事司法委员会",
    "interpol": "国际刑警组织",
    "fatf": "金融行动特别工作组",
    "iaca": "国际反腐败学院",
    # the Convention's own bodies and the anti-corruption community's, by the acronyms their documents use
    "irg": "实施情况审议组",
    "cosp": "缔约国会议",
    "iacc": "国际反腐败大会",
    "iaaca": "国际反贪局联合会",
    "gopac": "全球议员反腐败组织",
}


def alias_pattern(alias: str) -> str:
    """Where an alias is written: one in Latin letters only standing alone (not "ilo" of "pilot", nor "cosp" of
    the symbol CAC/COSP/2017/4)."""
    return rf"(?<![a-z0-9/\-]){re.escape(alias)}(?![a-z0-9/\-])" if alias.isascii() else re.escape(alias)


_ALIAS = re.compile("|".join(alias_pattern(a) for a in sorted(ALIASES, key=len, reverse=True)))


def corpus_vocabulary(texts: Iterable[str]) -> set[str]:
    """Words to keep whole when segmenting: symbols, resolution numbers, titles, names and their short forms."""
    words: set[str] = set()
    for text in texts:
        words.update(_SYMBOL.findall(text))
        words.update(_RESOLUTION.findall(text))
        words.update(m for m in _TITLE.findall(text) if len(m) <= 16)
        for full, short in _ABBREVIATION.findall(text):
            words.add(short)
            if len(full) <= 16:
                words.add(full)
    return {w.lower() for w in words if len(w) >= 2}


def country_names() -> set[str]:
    """Chinese country names (pycountry's zh_CN translations) for the segmenter."""
    return set(english_country_names().values())


# Where pycountry's Chinese name is not what UN documents write, nor inside it (UN: 吉尔吉斯斯坦, 多民族玻利维亚国,
# 联合王国, 教廷; pycountry: 吉尔吉斯坦, 玻利维亚共和国, 英国, 梵蒂冈): the UN's, or the part both write.
_UN_CHINESE = {"KG": "吉尔吉斯斯坦", "BO": "玻利维亚", "GB": "联合王国", "VA": "教廷"}


@lru_cache(maxsize=1)
def english_country_names() -> dict[str, str]:
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        chinese = _UN_CHINESE.get(country.alpha_2) or zh.gettext(country.name)
        for attr in ("name", "common_name", "official_name"):
            english = getattr(country, attr, None)
            if english:
                names[english.lower()] = chinese
    return names


# Adjectives of nationality English forms by rule ("Malaysian", "Senegalese", "Pakistani"), first rule first where
# two countries would give the same word (Nigeria+n before Niger+ian), and the common ones no rule makes.
_DEMONYM_RULES: tuple[tuple[str, str, str], ...] = (
    ("a", "", "n"),  # Malaysia -> Malaysian
    ("y", "y", "ian"),  # Italy -> Italian
    ("on", "on", "ese"),  # Lebanon -> Lebanese
    ("", "", "ian"),  # Brazil -> Brazilian
    ("", "", "ese"),  # Senegal -> Senegalese
    ("", "", "i"),  # Pakistan -> Pakistani
    ("", "", "an"),  # Mali -> Malian
)
_IRREGULAR_DEMONYMS = {
    "chinese": "china",
    "french": "france",
    "german": "germany",
    "british": "united kingdom",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "spanish": "spain",
    "turkish": "türkiye",
    "greek": "greece",
    "filipino": "philippines",
    "thai": "thailand",
    "afghan": "afghanistan",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "polish": "poland",
    "irish": "ireland",
    "peruvian": "peru",
    "congolese": "congo",
    "togolese": "togo",
    "malagasy": "madagascar",
    "emirati": "united arab emirates",
    "norwegian": "norway",
    "belgian": "belgium",
    "mexican": "mexico",
    "moroccan": "morocco",
    "maltese": "malta",
    "ukrainian": "ukraine",
    "czech": "czechia",
    "slovak": "slovakia",
    "cypriot": "cyprus",
    "saudi": "saudi arabia",
    "icelandic": "iceland",
    "argentine": "argentina",
    "argentinian": "argentina",
    "portuguese": "portugal",
    "russian": "russian federation",
    "american": "united states",
    "canadian": "canada",
    "ivorian": "côte d'ivoire",
    "lao": "laos",
    "kazakh": "kazakhstan",
    "kyrgyz": "kyrgyzstan",
    "tajik": "tajikistan",
    "uzbek": "uzbekistan",
    "turkmen": "turkmenistan",
}


@lru_cache(maxsize=1)
def english_demonyms() -> dict[str, str]:
    """English adjective of nationality -> Chinese country name ("malaysian" -> "马来西亚"), for the one-word
    country names by rule and the common irregular ones; a word two countries would share is left out."""
    names = english_country_names()
    found: dict[str, str] = {}
    for ending, cut, suffix in _DEMONYM_RULES:
        made: dict[str, set[str]] = {}
        for english, chinese in names.items():
            if english.isalpha() and english.endswith(ending):
                made.setdefault(english[: len(english) - len(cut)] + suffix, set()).add(chinese)
        for word, chinese in made.items():
            if len(chinese) == 1 and word not in found and word not in names:
                found[word] = chinese.pop()
    for word, country in _IRREGULAR_DEMONYMS.items():
        if country in names:
            found[word] = names[country]
    return found


@lru_cache(maxsize=1)
def english_country_words() -> dict[str, str]:
    """Country names and their adjectives, English -> Chinese ("malaysia" and "malaysian" -> "马来西亚")."""
    return english_country_names() | english_demonyms()


@lru_cache(maxsize=2)
def _names(vocabulary: frozenset[str]) -> frozenset[str]:
    """Names a question may be specifically about: country names, the corpus's names and short forms."""
    return frozenset({*country_names(), *(w for w in vocabulary if not w.isascii())})


@lru_cache(maxsize=1)
def _base_segmenter() -> jieba.Tokenizer:
    """jieba's own dictionary, loaded once (most of a second); segmenters with the corpus's words copy it."""
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


def general_frequency(word: str) -> int:
    """How often jieba's general dictionary (everyday Chinese, not this corpus) counts a word."""
    return _base_segmenter().FREQ.get(word, 0)


@lru_cache(maxsize=2)
def _segmenter(vocabulary: frozenset[str]) -> jieba.Tokenizer:
    """A jieba segmenter with the corpus's words added; cached per vocabulary."""
    base = _base_segmenter()
    segmenter = jieba.Tokenizer()
    segmenter.FREQ, segmenter.total, segmenter.initialized = dict(base.FREQ), base.total, True
    for word in sorted({*vocabulary, *country_names(), *ALIASES.values()}):
        segmenter.add_word(word.lower(), freq=20000)
    return segmenter


def _aliased(alias: str) -> str:
    """An alias as the index holds it: a Latin one replaced by its Chinese name, a Chinese one kept beside it."""
    canonical = ALIASES[alias]
    return canonical if alias.isascii() else f"{alias} {canonical}"


class Analyzer:
    """Segments normalised text into search terms with a segmenter that knows the corpus's words."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        words = frozenset(vocabulary)
        self.segmenter = _segmenter(words)
        self.names = _names(words)

    def terms(self, text: str) -> list[str]:
        """Search-mode words (whole words and their parts), without stop-words and punctuation."""
        text = _ALIAS.sub(lambda m: _aliased(m.group(0)), normalize(text))
        out = [m.group(0) for m in WHOLE.finditer(text)]
        out += [f"{year}年{int(month)}月" for year, month in MONTH.findall(text)]
        if out:
            text = WHOLE.sub(" ", text)
        for token in self.segmenter.cut_for_search(text):
            token = token.strip()
            if not token or token in STOPWORDS or not _WORD.fullmatch(token.replace("（", "").replace("）", "")):
                continue
            if len(token) == 1 and not token.isdigit() and not HAN_CHAR.match(token):
                continue
            out.append(token)
        return out
