"""A content hash per file of the corpus folder, remembered while the file is unchanged: whether the folder
changed since the index was built, and which documents must be read again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .catalog import CATALOG_NAME
from .readers import READERS

# (path, inode, size, modification and change times) → content hash: the web page asks whether the
# index is stale every few seconds, and a folder of PDFs is too large to read that often. The change
# time moves on every write or replacement, also when `cp -p` keeps the modification time.
_HASHES: dict[tuple[str, int, int, int, int], str] = {}


def file_hashes(folder: Path) -> dict[str, str]:
    """Content hash of every file that can be part of the corpus (and the catalog)."""
    out: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and (path.suffix.lower() in READERS or path.name == CATALOG_NAME):
            stat = path.stat()
            key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            if key not in _HASHES:
                _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
            out[path.name] = _HASHES[key]
    return out
