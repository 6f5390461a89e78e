"""Shared fixtures: the real seed corpus, the dev questions, and the embedding model built once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def corpus():
    from assistant import Corpus

    return Corpus.from_dir(SEEDS)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


CACHE = ROOT / ".cache"  # the built default model is reused across test runs


@pytest.fixture(scope="session")
def encoder():
    from embeddings.encoder import Encoder

    return Encoder(cache_dir=CACHE)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, encoder):
    """A corpus folder with copies of the seeds and its index, built once for the session."""
    import shutil

    from assistant import Assistant

    root = tmp_path_factory.mktemp("seed-index")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".index"))
    Assistant.open(corpus, index_dir=root / "index", encoder=encoder, progress=False)
    return root


@pytest.fixture(scope="session")
def assistant(seed_index, encoder):
    from assistant import Assistant

    return Assistant.open(seed_index / "corpus", index_dir=seed_index / "index", encoder=encoder, progress=False)


@pytest.fixture
def index_copy(tmp_path, seed_index):
    """A private copy of the seed corpus and its index, for tests that change them."""
    import shutil

    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    return tmp_path
