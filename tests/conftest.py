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


# Seeds written as DOCX, Markdown and HTML (002 is text already extracted from a PDF, not one
# paragraph per line), and those made into PDFs (003's "**" note is drawn twice by LibreOffice,
# "****", a converter quirk).
WRITTEN = ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5", "003_d1494f5805fa1413", "004_b3e6555703f58ac3"]
AS_PDF = ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5", "004_b3e6555703f58ac3"]
RUNNING_HEAD = "反腐败公约缔约国会议文件（页眉）"
SYMBOL = "CAC/COSP/2021/TEST.1"


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Path:
    """Fixture documents made from the seeds: DOCX, Markdown, HTML, PDF (tests/make_documents.py)."""
    from .make_documents import add_numbering, docx_to_pdf, read_seed, write_docx, write_html, write_markdown

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
