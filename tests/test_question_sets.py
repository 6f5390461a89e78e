"""The shipped question sets (eval/*.jsonl) still fit the corpus: golds depend on the parser's paragraph
labels, and a snippet that moved or is no longer unique would score a right answer as a miss."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest

from assistant.ingest.corpus import Corpus

from .support import ROOT, SEEDS

SETS = sorted((ROOT / "eval").glob("*.jsonl"))
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _paragraphs() -> dict[tuple[str, str], str]:
    corpus = Corpus.from_dir(SEEDS)
    return {(p.doc_id, p.label): _SPACE.sub("", p.search_text) for p in corpus.paragraphs}


@pytest.mark.parametrize("path", SETS, ids=[p.name for p in SETS])
def test_every_gold_snippet_is_in_its_paragraph_and_in_no_other(path):
    paragraphs = _paragraphs()
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({q["id"] for q in questions}) == len(questions)
    wrong = []
    for q in questions:
        for gold in q["gold"]:
            key = (gold["doc"].removesuffix(".txt"), gold["para"])
            snippet = _SPACE.sub("", gold["snippet"])
            holding = [k for k, text in paragraphs.items() if snippet in text]
            if holding != [key]:
                wrong.append((q["id"], key, holding))
    assert not wrong
