"""Paragraphs → search terms for the lexical index, on every core when there are many.

jieba is pure Python (about 1,400 paragraphs a second on one core here), so tokenizing a large corpus for
the first time uses a pool of worker processes, each with the same analyzer. Workers are started fresh
('spawn'), not forked: a web server that re-indexes runs other threads, and a forked copy of a process
with threads can inherit a lock held by one of them. The pool is a `ProcessPoolExecutor`, which reports a
worker that dies (killed for memory, or the script below) instead of waiting for it forever as
`multiprocessing.Pool` does.

A spawned worker first runs the parent's script again. A script that opens or re-indexes a large corpus at
its top level, not under `if __name__ == "__main__":`, would start a second update in each worker, which
waits for the parent's index lock forever: `refuse_in_starting_worker` stops it with the reason instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..errors import IndexingFailed
from ..text.analyzer import Analyzer

PARALLEL_FROM = 20_000  # paragraphs; below this starting the workers costs more than it saves
CHUNK = 2_000
UNGUARDED = (
    "the worker processes that tokenize a large corpus could not start: each runs your script again, and your "
    'script updates the index at its top level. Put the script\'s code under `if __name__ == "__main__":`'
)

_analyzer: Analyzer | None = None


def _start(vocabulary: list[str]) -> None:
    global _analyzer
    _analyzer = Analyzer(vocabulary)


def _terms(texts: list[str]) -> list[list[str]]:
    assert _analyzer is not None
    return [_analyzer.terms(text) for text in texts]


def refuse_in_starting_worker() -> None:
    """Raise IndexingFailed when this process is a worker being started that runs its parent's script."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise IndexingFailed(UNGUARDED, code="unguarded_script")


def tokenized(texts: Sequence[str], vocabulary: list[str]) -> Iterator[list[str]]:
    """The terms of each text, in order; IndexingFailed when a worker process dies."""
    workers = os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or workers < 2:
        analyzer = Analyzer(vocabulary)
        for text in texts:
            yield analyzer.terms(text)
        return
    chunks = [list(texts[start : start + CHUNK]) for start in range(0, len(texts), CHUNK)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context, _start, (vocabulary,)) as pool:
        try:
            for terms in pool.map(_terms, chunks):
                yield from terms
        except BrokenProcessPool:
            raise IndexingFailed(
                "a worker process tokenizing the corpus stopped (out of memory, killed, or it could not start: a "
                'script must keep its code under `if __name__ == "__main__":`); the index is unchanged',
                code="worker_died",
            ) from None
