"""Which files of the corpus folder are read as documents, and why the others are not.

The rules, in order; a file left out is listed with the reason (and an error code) for `Corpus.skipped`:
- a file is a candidate when its suffix is one the readers take (readers.READERS);
- it is read only when its real path (links followed) lies inside the corpus folder: a link to a file
  elsewhere (`passwd.txt → /etc/passwd`) is left out, so that nothing outside the folder is ever indexed
  or served; a link that leads nowhere, or to a device, a pipe or a folder, is left out too;
- a document's id is its file name without the suffix, so one file per name: when several share one
  (`X.txt`, `X.md`), the one modified first keeps it (a file copied in later does not take over what is
  indexed) and the others are left out, naming it;
- files with the same bytes (a copy under another name) are one document: the one modified first is
  read, the copies are left out naming it.
The same rules refuse a file added through uploads.add_file.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import RefusedFile
from .documents import SkippedFile
from .limits import MAX_FILE_BYTES
from .readers import READERS

OUTSIDE = "a link to a file outside the corpus folder; only files inside it are read (copy the file in instead)"


def is_candidate(path: Path) -> bool:
    """A name the readers take (the suffix), whatever the file is."""
    return path.suffix.lower() in READERS and not path.name.startswith(".")


def real_path(root: Path, path: Path, real_root: Path | None = None) -> Path:
    """The file's real path, when it is a regular file inside the folder `root` (whose real path the caller may
    give as `real_root`); RefusedFile otherwise."""
    real_root = real_root or root.resolve()
    if path.parent == root:  # an entry of the folder itself that is a regular file, not a link: no resolving
        try:
            if stat.S_ISREG(path.lstat().st_mode):
                return real_root / path.name
        except OSError:
            pass
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, a loop of links
        raise RefusedFile("a link to a file that does not exist", code="broken_link") from None
    if not real.is_relative_to(real_root):
        raise RefusedFile(OUTSIDE, code="outside_corpus")
    if not real.is_file():
        raise RefusedFile("not a regular file (a folder, device or pipe)", code="not_regular")
    return real


def require_inside(root: Path, path: Path) -> None:
    """Raise RefusedFile unless `path` is a regular file whose real path lies inside `root`."""
    real_path(root, path)


# (real path, inode, size, modification and change times) → content hash, so that opening a folder again
# does not read every file again to hash it.
_HASHES: dict[tuple[str, int, int, int, int], str] = {}


def content_hash(path: Path, real: Path | None = None) -> str:
    """The file's SHA-256 (`real`: its real path, when the caller has it)."""
    status = path.stat()
    key = (str(real or path.resolve()), status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def file_hashes(root: Path) -> dict[str, str]:
    """Content hash of every file of the folder that can be part of the corpus (and of the catalog), links
    out of the folder left out: whether the folder changed since the index was built, and which documents
    must be read again. Remembered while a file is unchanged: the web page asks every few seconds."""
    from .catalog import CATALOG_NAME

    out: dict[str, str] = {}
    real_root = root.resolve()
    for path in sorted(root.iterdir()):
        if not (is_candidate(path) or path.name == CATALOG_NAME):
            continue
        try:
            out[path.name] = content_hash(path, real_path(root, path, real_root))
        except (RefusedFile, OSError):
            continue
    return out


@dataclass(frozen=True)
class Listing:
    """The files of the folder to read as documents (by name), and those left out with the reason."""

    files: list[Path]
    skipped: list[SkippedFile]


def _age(path: Path) -> tuple[int, str]:
    """Oldest first: by modification time (of the entry itself, for a link: when it was made), then by name
    (files of one checkout share their times)."""
    try:
        return path.lstat().st_mtime_ns, path.name
    except OSError:
        return 0, path.name


def _skip(skipped: list[SkippedFile], path: Path, reason: str, code: str) -> None:
    skipped.append(SkippedFile(path, reason, code))


def list_documents(root: Path, entries: Iterable[Path] | None = None) -> Listing:
    """The files of `root` to read, and the others with their reason (see the module's rules).

    `entries` are the folder's entries when the caller listed it already."""
    candidates: list[Path] = []
    skipped: list[SkippedFile] = []
    real_root = root.resolve()
    for path in sorted(root.iterdir() if entries is None else entries):
        if not is_candidate(path):
            continue
        try:
            real_path(root, path, real_root)
            size = path.stat().st_size
        except RefusedFile as exc:
            _skip(skipped, path, str(exc), exc.code)
            continue
        except OSError as exc:
            _skip(skipped, path, f"cannot be read: {exc.strerror or exc}", "unreadable_file")
            continue
        if size > MAX_FILE_BYTES:
            _skip(skipped, path, f"too large: {size:,} bytes, the limit is {MAX_FILE_BYTES:,}", "too_large")
            continue
        candidates.append(path)
    by_name: dict[str, list[Path]] = {}
    for path in candidates:
        by_name.setdefault(path.stem, []).append(path)
    named: list[Path] = []
    for stem, paths in by_name.items():
        first, *others = sorted(paths, key=_age)
        named.append(first)
        for other in others:
            reason = f"{first.name} already has the document name {stem!r} (it was there first); rename {other.name}"
            _skip(skipped, other, reason, "name_clash")
    files: list[Path] = []
    seen: dict[str, Path] = {}
    for path in sorted(named, key=_age):
        try:
            digest = content_hash(path)
        except OSError as exc:
            _skip(skipped, path, f"cannot be read: {exc.strerror or exc}", "unreadable_file")
            continue
        if digest in seen:
            reason = f"the same file as {seen[digest].name}, which is indexed once; delete one of the copies"
            _skip(skipped, path, reason, "duplicate")
            continue
        seen[digest] = path
        files.append(path)
    files.sort()
    skipped.sort(key=lambda s: s.path.name)
    return Listing(files, skipped)


def same_file_in(root: Path, source: Path) -> Path | None:
    """The document file of `root` with the same bytes as `source`, if there is one."""
    digest = content_hash(source)
    for path in list_documents(root).files:
        if path.stat().st_size == source.stat().st_size and content_hash(path) == digest:
            return path
    return None
