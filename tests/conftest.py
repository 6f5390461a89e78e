"""Shared fixtures: the real seed corpus, the dev questions, the embedding model and the seed index built once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .support import AS_PDF, CACHE, DEV, RUNNING_HEAD, SEEDS, SYMBOL, WRITTEN

# Tiers by what a test uses: these fixtures need the model, FAISS, LibreOffice or a browser. Tests with none of
# them are fast unit tests; `pytest -m "not slow and not browser"` runs in about a minute after the first run.
TIER_OF_FIXTURE = {
    "encoder": "integration",
    "seed_index": "integration",
    "assistant": "integration",
    "index_copy": "integration",
    "made": "integration",
    "app_url": "integration",
    "browser": "browser",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for tier in {TIER_OF_FIXTURE[name] for name in item.fixturenames if name in TIER_OF_FIXTURE}:
            item.add_marker(tier)


@pytest.fixture(scope="session")
def corpus():
    from assistant import Corpus

    return Corpus.from_dir(SEEDS)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Path:
    """Fixture documents made from the seeds: DOCX, Markdown, HTML, PDF (tests/make_documents.py)."""
    from .support.make_documents import add_numbering, docx_to_pdf, read_seed, write_docx, write_html, write_markdown

    folder = tmp_path_factory.mktemp("made")
    for seed in WRITTEN:
        lines = read_seed(SEEDS / f"{seed}.txt")
        docx = write_docx(lines, folder / f"{seed}.docx", running_head=RUNNING_HEAD)
        write_markdown(lines, folder / f"{seed}.md")
        write_html(lines, folder / f"{seed}.html", title=seed)
        if seed in AS_PDF:
            docx_to_pdf(docx, folder)
    add_numbering(folder / f"{WRITTEN[0]}.docx", folder / "auto-numbered.docx")
    symbol = folder / "symbol"
    symbol.mkdir()
    docx = write_docx(read_seed(SEEDS / f"{AS_PDF[-1]}.txt"), symbol / "with-symbol.docx", running_head=SYMBOL)
    docx_to_pdf(docx, symbol)
    return folder


@pytest.fixture(scope="session")
def encoder():
    from embeddings.encoder import Encoder

    return Encoder(cache_dir=CACHE)


SEED_INDEX_CACHE = CACHE / "seed-index"  # the last run's seed index: reopening it embeds only what changed


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, encoder):
    """A corpus folder with copies of the seeds and its index, built once for the session.

    The index of the last run is the starting point (its manifest says what is already embedded, so an
    unchanged seed corpus embeds nothing and a changed one only what changed); a damaged copy is dropped."""
    from assistant import Assistant
    from assistant.errors import IndexUnusable

    root = tmp_path_factory.mktemp("seed-index")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".index"))
    if SEED_INDEX_CACHE.is_dir():
        shutil.copytree(SEED_INDEX_CACHE, root / "index")
    try:
        Assistant.open(corpus, index_dir=root / "index", encoder=encoder, progress=False, refresh=True)
    except IndexUnusable:
        shutil.rmtree(root / "index")
        Assistant.open(corpus, index_dir=root / "index", encoder=encoder, progress=False)
    shutil.rmtree(SEED_INDEX_CACHE, ignore_errors=True)
    shutil.copytree(root / "index", SEED_INDEX_CACHE, ignore=shutil.ignore_patterns("lock"))
    return root


@pytest.fixture(scope="session")
def assistant(seed_index, encoder):
    from assistant import Assistant

    return Assistant.open(seed_index / "corpus", index_dir=seed_index / "index", encoder=encoder, progress=False)


@pytest.fixture
def index_copy(tmp_path, seed_index):
    """A private copy of the seed corpus and its index, for tests that change them."""
    shutil.copytree(seed_index / "corpus", tmp_path / "corpus")
    shutil.copytree(seed_index / "index", tmp_path / "index")
    return tmp_path
