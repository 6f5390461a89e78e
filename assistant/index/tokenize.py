"""Paragraphs → search terms for the lexical index, on every core when there are many.

jieba is pure Python (about 1,400 paragraphs a second on one core here), so tokenizing a large corpus for
the first time uses a pool of worker processes, each with the same analyzer. Workers are started fresh
('spawn'), not forked: a web server that re-indexes runs other threads, and a forked copy of a process
with threads can inherit a lock held by one of them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence

from ..text.analyzer import Analyzer

PARALLEL_FROM = 20_000  # paragraphs; below this starting the workers costs more than it saves
CHUNK = 2_000

_analyzer: Analyzer | None = None


def _start(vocabulary: list[str]) -> None:
    global _analyzer
    _analyzer = Analyzer(vocabulary)


def _terms(texts: list[str]) -> list[list[str]]:
    assert _analyzer is not None
    return [_analyzer.terms(text) for text in texts]


def tokenized(texts: Sequence[str], vocabulary: list[str]) -> Iterator[list[str]]:
    """The terms of each text, in order."""
    workers = os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or workers < 2:
        analyzer = Analyzer(vocabulary)
        for text in texts:
            yield analyzer.terms(text)
        return
    chunks = [list(texts[start : start + CHUNK]) for start in range(0, len(texts), CHUNK)]
    with multiprocessing.get_context("spawn").Pool(workers, _start, (vocabulary,)) as pool:
        for terms in pool.imap(_terms, chunks):
            yield from terms
