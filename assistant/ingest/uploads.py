"""Adding a user's file to the corpus folder: checked and parsed first, then copied in whole.

A file that is refused (type, size, name, or it cannot be parsed) leaves the folder as it was; a
file is never half-written into it (copied beside it under a name no reader takes, then renamed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedFile
from .corpus import read_document
from .documents import Document
from .files import is_candidate, require_inside, same_file_in
from .limits import size_text
from .readers import READERS

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class AddedFile:
    """The document as it will be indexed, where it now lies, and whether it was there already."""

    document: Document
    path: Path
    already_present: bool = False


def check_upload(name: str, source: Path, max_bytes: int = MAX_BYTES) -> None:
    """RefusedFile, with the reason, when a file of that name and size cannot become a document of the corpus."""
    if source.is_dir():
        raise RefusedFile(f"{source.name} is a folder, not a file", code="is_folder")
    if not source.exists():
        raise RefusedFile(f"no such file: {source}", code="not_found")
    suffix = Path(name).suffix.lower()
    if suffix not in READERS:
        raise RefusedFile(
            f"unsupported file type {suffix or '(none)'}; supported: {', '.join(READERS)}",
            code="unsupported_type",
            suffix=suffix,
            supported=", ".join(READERS),
        )
    if name.startswith("."):
        raise RefusedFile("a file name may not start with a dot", code="dot_name")
    if not source.is_file():
        raise RefusedFile(f"{source.name} is not a regular file (a folder, device or pipe)", code="not_regular")
    size = source.stat().st_size
    if size > max_bytes:
        raise RefusedFile(
            f"file too large ({size_text(size)}); the limit is {size_text(max_bytes)}",
            code="too_large",
            size=size_text(size),
            limit=size_text(max_bytes),
            count=size,
            most=max_bytes,
            unit="bytes",
        )


def add_file(
    corpus_dir: Path,
    source: Path,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    cache_dir: Path | None = None,
) -> AddedFile:
    """Copy `source` into the corpus folder as `name` (default: its own name) once it parses.

    The rules of files.py apply: a name that another document of the folder has (or a link out of the
    folder under that name) is refused; a file with the same bytes as one of the folder's documents is
    not copied again, that document is returned as `already_present`.
    With `cache_dir`, the extracted text is kept there, so indexing the file does not read it again."""
    corpus_dir = Path(corpus_dir)
    name = Path(name or source.name).name.strip()
    check_upload(name, source, max_bytes)
    target = corpus_dir / name
    if target.exists() or target.is_symlink():
        require_inside(corpus_dir, target)  # a link out of the folder is never read, nor replaced by an upload
        if target.read_bytes() == source.read_bytes():
            document = read_document(target, cache_dir=cache_dir, root=corpus_dir)
            return AddedFile(document, target, already_present=True)
        raise RefusedFile(
            f"a different file named {name} is already in the corpus; rename the file to add it",
            code="name_taken",
            name=name,
        )
    clash = [p.name for p in corpus_dir.iterdir() if p.stem == target.stem and is_candidate(p)]
    if clash:
        raise RefusedFile(
            f"{clash[0]} already uses the document name {target.stem!r}; rename the file to add it",
            code="id_taken",
            other=clash[0],
            id=target.stem,
        )
    if (same := same_file_in(corpus_dir, source)) is not None:
        return AddedFile(read_document(same, cache_dir=cache_dir, root=corpus_dir), same, already_present=True)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / name
        shutil.copyfile(source, trial)
        document = read_document(trial, cache_dir=cache_dir)  # UnreadableFile (a ValueError) carries the reason
        partial = target.with_name(f".{name}.part")
        try:
            shutil.copyfile(trial, partial)  # the bytes that were checked, whatever happens to the source now
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    document.path = target
    return AddedFile(document, target)
