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
