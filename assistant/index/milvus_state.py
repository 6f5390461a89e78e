"""The state of a Milvus index: which rows of the collections are live, published whole in the index folder.

    INDEX/milvus/CURRENT     names the state searches use
    INDEX/milvus/mgen-*/     manifest.json (model, collection, file hashes, next item, text-row range), the live
                             entries (keys.json, docs.json, langs.json, hashes.npy, items.npy, texts.npy,
                             years.npy),
                             vocabulary.json, english.json, terms.json, and the dense sample (sample_*.npy)
    INDEX/milvus/owner       this folder's id, recorded in the collections it fills
    INDEX/milvus/lock        held by the process writing a new state

Milvus has no transaction over many rows, so rows are never changed in place: an update inserts rows under new
item numbers (and text rows under new numbers), flushes them, then publishes a new state by replacing CURRENT
atomically, and only then deletes the rows no state lists. A search maps Milvus's hits to paragraphs through its
state and drops every other hit: the rows of an update not yet published (item ≥ the state's next item, also
excluded in Milvus's filter), and rows already dead. A crash at any moment leaves the previous state answering
with whole documents; the next update deletes what the crashed one had inserted.

The state is kept beside the corpus folder, not in Milvus: every search process reads the corpus folder anyway
(paragraph texts and citations come from it), the swap of one file is atomic where a write of many rows in
Milvus is not, and processes sharing a corpus folder share its index folder. The dense sample: the vectors of
the live paragraphs with the smallest hash of their item number (every paragraph up to `SAMPLE`), kept with
the state so the dense side's corpus statistics need no read from Milvus per question.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from embeddings.durable import save_array, sync, write_file

from ..errors import IndexUnusable, ModelMismatch
from .generations import current_name
from .lexical import REBUILD as _EMBEDDED_REBUILD

FORMAT = 2  # 2: the live entries carry the language (langs.json)
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
REBUILD = _EMBEDDED_REBUILD.replace("index --rebuild", "index --store milvus --rebuild")


@dataclass(frozen=True)
class MilvusEntries:
    """The live paragraphs: key, hash of what their rows hold, item number, number of vectors, filter fields."""

    keys: list[str]
    docs: list[str]
    hashes: np.ndarray  # S32
    items: np.ndarray  # int64
    texts: np.ndarray  # int32
    years: np.ndarray  # int64, -1 when undated
    langs: list[str]  # ISO 639-1, "" when unknown

    @cached_property
    def position(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.keys)}

    @classmethod
    def empty(cls) -> MilvusEntries:
        return cls([], [], np.zeros(0, "S32"), np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int64), [])


@dataclass(frozen=True)
class Sample:
    """Vectors of some items for the dense side's statistics: each item's vectors in a run, whole text first."""

    items: np.ndarray  # int64, by increasing sample_hash
    counts: np.ndarray  # int32
    vectors: np.ndarray  # float16 [counts.sum(), dim]

    @classmethod
    def empty(cls, dim: int) -> Sample:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros((0, dim), np.float16))


def sample_hash(items: np.ndarray) -> np.ndarray:
    """A fixed pseudo-random order of item numbers (splitmix64): the sample is the items first in it."""
    z = np.asarray(items, np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def row_hash(content: bytes, doc: str, year: int, lang: str, symbol: str) -> bytes:
    """What a paragraph's rows hold: what was embedded (windows.content_hash) and its filter fields."""
    text = f"{content.decode()}\0{doc}\0{year}\0{lang}\0{symbol}"
    return hashlib.sha256(text.encode()).hexdigest()[:32].encode()


@dataclass(frozen=True)
class MilvusState:
    """One complete, immutable state of a Milvus index."""

    path: Path
    manifest: dict
    entries: MilvusEntries
    vocabulary: list[str]
    english: dict[str, list[str]]
    terms: list[str]
    sample: Sample

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def files(self) -> dict[str, str]:
        return self.manifest["files"]

    @property
    def model(self) -> str:
        return self.manifest["model"]["name"]

    @property
    def next_item(self) -> int:
        return int(self.manifest["next_item"])

    @property
    def text_rows(self) -> tuple[int, int]:
        """The numbers of this state's text rows: from, to (excluded)."""
        return int(self.manifest["text_floor"]), int(self.manifest["text_ceiling"])

    def held(self, key: str) -> str | None:
        """The string the entries hold for `key` (None when they do not): kept instead of another copy."""
        at = self.entries.position.get(key)
        return None if at is None else self.entries.keys[at]

    def counts(self) -> tuple[int, int]:
        return len(self.entries.keys), int(self.entries.texts.sum())


def owner_of(folder: Path) -> str:
    """This index folder's id (made on first use): the collections it fills record it."""
    path = folder / "owner"
    if path.exists():
        return path.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    owner = uuid.uuid4().hex
    tmp = folder / "owner.tmp"
    write_file(tmp, owner.encode())
    os.replace(tmp, path)
    return owner


def load_current(folder: Path, model: dict) -> MilvusState | None:
    """The state CURRENT names (None when there is none or it has another format); IndexUnusable when it is
    damaged, ModelMismatch when it was built with another model than `model`."""
    name = current_name(folder)
    if name is None:
        return None
    try:
        return _load(folder / name, model)
    except IndexUnusable:
        if current_name(folder) != name:  # a writer replaced it (and deleted it) while we read it
            return load_current(folder, model)
        raise


def _load(path: Path, model: dict) -> MilvusState | None:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        built_with = manifest["model"]
    except FileNotFoundError:
        raise IndexUnusable(f"{path / MANIFEST} is missing; {REBUILD}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexUnusable(f"{path / MANIFEST} is corrupt or truncated ({exc}); {REBUILD}") from None
    if manifest.get("format") != FORMAT:
        return None
    check_model(built_with, model, f"the Milvus index of {path.parent.parent}")
    try:
        entries = MilvusEntries(
            _json(path / "keys.json"),
            _json(path / "docs.json"),
            np.load(path / "hashes.npy"),
            np.load(path / "items.npy"),
            np.load(path / "texts.npy"),
            np.load(path / "years.npy"),
            _json(path / "langs.json"),
        )
        sample = Sample(*(np.load(path / f"sample_{name}.npy") for name in ("items", "counts", "vectors")))
        state = MilvusState(
            path, manifest, entries, _json(path / "vocabulary.json"), _json(path / "english.json"),
            _json(path / "terms.json"), sample,
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"{path} is damaged ({exc}); {REBUILD}") from None
    sizes = {len(entries.keys), len(entries.docs), len(entries.hashes), len(entries.items), len(entries.texts)}
    if len(sizes | {len(entries.years), len(entries.langs)}) != 1 or len(sample.vectors) != int(sample.counts.sum()):
        raise IndexUnusable(f"{path} is damaged (its entry files disagree); {REBUILD}")
    return state


def check_model(built_with: dict, model: dict, where: str) -> None:
    """ModelMismatch when `where` was built with another model or dimension than the configured `model`."""
    if built_with.get("fingerprint") != model["fingerprint"] or built_with.get("dim") != model["dim"]:
        described = {k: built_with.get(k) for k in ("name", "fingerprint", "dim")}
        configured = {k: model.get(k) for k in ("name", "fingerprint", "dim")}
        raise ModelMismatch(
            f"{where} was built with model {json.dumps(described, ensure_ascii=False)}, but the configured model is "
            f"{json.dumps(configured, ensure_ascii=False)}. Either configure the model it was built with, or {REBUILD}"
        )


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def publish(
    folder: Path,
    manifest: dict,
    entries: MilvusEntries,
    vocabulary: list[str],
    english: dict[str, list[str]],
    terms: list[str],
    sample: Sample,
) -> MilvusState:
    """Write a state folder and make it CURRENT (the caller holds `writing(folder)`); older states are deleted."""
    manifest = {**manifest, "format": FORMAT}
    name = f"mgen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    tmp = folder / f"{name}.tmp"
    tmp.mkdir(parents=True)
    for file, value in (
        ("keys.json", entries.keys),
        ("docs.json", entries.docs),
        ("langs.json", entries.langs),
        ("vocabulary.json", vocabulary),
        ("english.json", english),
        ("terms.json", terms),
    ):
        write_file(tmp / file, json.dumps(value, ensure_ascii=False).encode("utf-8"))
    for file, array in (
        ("hashes.npy", entries.hashes),
        ("items.npy", entries.items),
        ("texts.npy", entries.texts),
        ("years.npy", entries.years),
        ("sample_items.npy", sample.items),
        ("sample_counts.npy", sample.counts),
        ("sample_vectors.npy", sample.vectors),
    ):
        save_array(tmp / file, array)
    write_file(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    sync(tmp)
    os.replace(tmp, folder / name)
    pointer = folder / f"{CURRENT}.tmp"
    write_file(pointer, name.encode())
    os.replace(pointer, folder / CURRENT)
    sync(folder)
    for path in folder.iterdir():
        if path.is_dir() and path.name.startswith("mgen-") and path.name != name:
            shutil.rmtree(path, ignore_errors=True)
    return MilvusState(folder / name, manifest, entries, vocabulary, english, terms, sample)
