"""Python's cyclic garbage collector, paused while a corpus and its snapshot are built.

Reading a corpus of a million paragraphs and building its snapshot create millions of small objects (units,
keys, tuples) that live on. Each batch of new objects sets off a collection, and the oldest generation's walks
over the whole heap took 4–6 s of a one-document re-index of 12–13 s at a million paragraphs. Paused,
reference counting still frees everything at once; the collector resumes when the last pause ends, and then
rarely walks the heap again (it does so once the objects added since its last full walk number a quarter of
those it already holds). Work inside a pause that may run for hours with objects of other libraries (the
model embedding a whole corpus) runs `resumed()`, with the collector on as usual.

    with paused():
        corpus = Corpus.from_dir(folder)
        with resumed():
            vectors = encoder.encode_documents(texts)
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = 0  # pauses under way (a re-index in one thread, an open in another)
_resume = False  # whether the collector was running when the first of them began


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Automatic collection off for the block (and any block overlapping it); on again after the last one
    if it was on before the first."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


@contextlib.contextmanager
def resumed() -> Iterator[None]:
    """Automatic collection on again for the block when a pause switched it off (off again afterwards, while
    the pause lasts)."""
    with _lock:
        switched = _pauses > 0 and _resume and not gc.isenabled()
        if switched:
            gc.enable()
    try:
        yield
    finally:
        with _lock:
            if switched and _pauses > 0:
                gc.disable()
