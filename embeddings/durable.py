"""Files that are on disk when the call returns: an index publishes a state only after what it lists is
written through (fsync), so a crash or power loss cannot leave a state that names half-written files."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


def save_array(path: Path, array: np.ndarray) -> None:
    """`np.save` to `path`, then fsync."""
    with path.open("wb") as fh:
        np.save(fh, array)
        fh.flush()
        os.fsync(fh.fileno())


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path`, then fsync."""
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def sync(path: Path) -> None:
    """fsync a file already written, or a folder (so that the names created in it are durable too)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
