"""One fingerprint for everything cached: the code that made it, the libraries it used, the data it read.

A cache (extracted texts, the lexical index, the vectors of sentence windows) is only as good as its key:
a key that leaves out something the result depends on serves stale results after an upgrade. Keys are
made here from the source files of the modules involved, the installed versions of the libraries, and
any other values, so that changing any of them makes a new key.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


@functools.cache
def _source_digest(module: str) -> bytes:
    """The bytes of a module's source file, or of every .py file of a package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ValueError(f"no module {module!r} to fingerprint")
    origin = Path(spec.origin)
    files = sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + file.read_bytes())
    return digest.digest()


def _library_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def fingerprint(modules: Iterable[str] = (), libraries: Iterable[str] = (), values: Iterable[object] = ()) -> str:
    """A short hex key over the modules' source code, the libraries' versions and the values' repr."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(module.encode() + _source_digest(module))
    for library in libraries:
        digest.update(f"{library}={_library_version(library)}".encode())
    for value in values:
        digest.update(repr(value).encode())
    return digest.hexdigest()[:16]
