"""Keeping the index in step with the corpus: what is embedded per paragraph, and the update itself.

Each paragraph is embedded as its whole text, then as sentence windows: a detail buried in a long
paragraph is diluted in one whole-paragraph vector, and short windows of consecutive sentences keep
it findable. The index maps every window back to its paragraph. The lexical index is rebuilt with
every new generation of the vector index and stored in it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from embeddings.store import Item, UpdateReport, VectorStore

from .corpus import READERS, Corpus
from .lexical import VERSION as LEXICAL_VERSION
from .lexical import LexicalIndex

WINDOW_CHARS = 40
WINDOWS_VERSION = 1
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def sentence_windows(text: str, size: int = WINDOW_CHARS) -> list[str]:
    """Runs of consecutive sentences of at least `size` characters, one starting at each sentence."""
    parts = sentences(text)
    windows: list[str] = []
    for i in range(len(parts)):
        window = parts[i]
        j = i + 1
        while len(window) < size and j < len(parts):
            window += parts[j]
            j += 1
        if window != text.strip() and window not in windows:
            windows.append(window)
        if j >= len(parts) and len(window) >= size and i + 1 < len(parts) and window.endswith(parts[-1]):
            break  # every later window would be a suffix of this one
    return windows


def index_items(corpus: Corpus) -> list[Item]:
    """One item per paragraph: the paragraph text with footnotes, then its windows and footnotes alone."""
    items: list[Item] = []
    for para in corpus.paragraphs:
        texts = [para.search_text, *sentence_windows(para.text), *para.footnotes]
        digest = hashlib.sha256(f"{WINDOWS_VERSION}:{para.search_text}".encode()).hexdigest()[:32]
        items.append(Item(para.key, digest, list(dict.fromkeys(texts))))
    return items


# (path, inode, size, modification and change times) → content hash: the web page asks whether the
# index is stale every few seconds, and a folder of PDFs is too large to read that often. The change
# time moves on every write or replacement, also when `cp -p` keeps the modification time.
_HASHES: dict[tuple[str, int, int, int, int], str] = {}


def file_hashes(folder: Path) -> dict[str, str]:
    """Content hash of every file that can be part of the corpus (and the catalog)."""
    out: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and (path.suffix.lower() in READERS or path.name == "catalog.toml"):
            stat = path.stat()
            key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            if key not in _HASHES:
                _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
            out[path.name] = _HASHES[key]
    return out


def update_index(
    store: VectorStore,
    corpus: Corpus,
    progress: bool,
    rebuild: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> UpdateReport:
    """Embed new and changed paragraphs, drop removed ones, rebuild the lexical index, swap in.

    A folder with no readable document is refused (ValueError) and the index is left as it was."""
    corpus.require_documents()
    paragraphs = corpus.paragraphs

    def write_lexical(folder: Path) -> None:
        LexicalIndex.build([p.key for p in paragraphs], [p.search_text for p in paragraphs]).save(folder)

    return store.update(
        index_items(corpus),
        file_hashes(corpus.root),
        progress=progress,
        write_extra=write_lexical,
        rebuild=rebuild,
        extra_version=LEXICAL_VERSION,
        on_progress=on_progress,
    )


def is_outdated(store: VectorStore) -> bool:
    """Whether the index is missing or its lexical part was made by an older version of this program."""
    return store.current is None or store.manifest.get("extra_version") != LEXICAL_VERSION
