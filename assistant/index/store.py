"""What the search engine needs from an index, whichever engine holds it.

A store keeps the index of a corpus: the embedded one (segments on this machine, `index/embedded.py`) or
Milvus (`index/milvus.py`: a server or cluster by URI, or Milvus Lite in a local file). Its *state* is one
consistent version of the index, published whole by an update; a *retriever* answers questions over one
state for the paragraphs of a snapshot, which it numbers by row (reading order). The snapshot (search/)
fuses what retrievers return; it does not know which engine is behind them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..fingerprint import fingerprint
from ..text.analyzer import Analyzer
from ..text.english import DICTIONARY_VERSION
from .lexical import VERSION as LEXICAL_VERSION

Progress = Callable[[int, int], None]


@functools.cache
def paragraph_version() -> str:
    """What a paragraph's hash depends on besides its file: the code that reads the file and cuts it into
    paragraphs, the libraries it calls, and how windows are cut. An index built by another version is brought
    up to date on the next open; one built by this version gives the hashes of an unchanged file's paragraphs
    without hashing them again. (Not in windows.py: its own source is in every paragraph's hash.)"""
    return fingerprint(
        modules=("assistant.ingest", "assistant.index.windows", "assistant.numerals", "assistant.scripts"),
        libraries=("pypdfium2", "python-docx", "lxml", "markdown-it-py", "mdit-py-plugins", "opencc"),
    )


def versions() -> dict[str, str]:
    """The versions of this program's code an index state records in its manifest."""
    return {
        "lexical_version": LEXICAL_VERSION,
        "dictionary_version": DICTIONARY_VERSION,
        "paragraph_version": paragraph_version(),
    }


def is_current(manifest: dict) -> bool:
    """Whether the paragraphs, postings and English dictionary of a state with this manifest are this program's
    (a state made by another version is brought up to date on the next open)."""
    return all(manifest.get(name) == value for name, value in versions().items())


@dataclass
class UpdateReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    vectors_embedded: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"added {self.added}, changed {self.changed}, removed {self.removed}, unchanged {self.unchanged}; "
            f"embedded {self.embedded} ({self.vectors_embedded} vectors) in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class LexicalResult:
    """The BM25 side of one question: the best rows (within the filters) with their scores, the mean and
    spread of the score over the whole corpus, the best score anywhere, and the score of any other row."""

    rows: np.ndarray
    scores: np.ndarray
    mean: float
    std: float
    best: float
    of: Callable[[np.ndarray], np.ndarray]  # rows -> their scores

    @property
    def matched(self) -> bool:
        return self.best > 0


class State(Protocol):
    """One consistent version of an index."""

    @property
    def name(self) -> str: ...  # changes with every update

    @property
    def files(self) -> dict[str, str]: ...  # the content hashes of the corpus files it was built from

    @property
    def model(self) -> str: ...

    def held(self, key: str) -> str | None: ...  # the index's own string for `key` (None: not in the index)

    def counts(self) -> tuple[int, int]: ...  # paragraphs, vectors


class Retriever(Protocol):
    """Candidates and scores over one state, for the snapshot's rows."""

    analyzer: Analyzer  # segments questions as the index segmented the corpus
    english: dict[str, list[str]]  # English words and phrases -> the corpus's Chinese terms
    # Whether `lexical` may run in another thread while the dense methods run in this one, in less time than
    # one after the other (both release the GIL for most of their work).
    side_by_side: bool

    def dense_candidates(self, vector: np.ndarray, n: int, allowed: np.ndarray | None) -> np.ndarray: ...  # in order

    def dense_similarities(self, vector: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...

    def dense_statistics(self, vector: np.ndarray, score: Callable) -> tuple[float, float]: ...

    def lexical(self, terms: list[str], n: int, allowed: np.ndarray | None) -> LexicalResult: ...

    def with_term(self, term: str, limit: int) -> np.ndarray | None: ...  # rows holding it; None: over `limit`

    def frequency(self, term: str) -> int: ...  # how many rows hold it


class Store(Protocol):
    """Where an index lives, and how it is kept in step with the corpus."""

    def current(self) -> State | None: ...

    def outdated(self, state: State | None) -> bool: ...

    def update(
        self, corpus, rebuild: bool, progress: bool, on_progress: Progress | None
    ) -> tuple[State, UpdateReport]: ...

    def retriever(self, state: State, keys: list[str]) -> Retriever: ...
