"""Published UN documents (../shared/real-docs, not part of the repository): the facts of their README's
"correct parse" column, checked by benchmarks/check_real_docs.py. Skipped when the folder is absent."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .support import ROOT

pytestmark = pytest.mark.integration

_spec = importlib.util.spec_from_file_location("check_real_docs", ROOT / "benchmarks" / "check_real_docs.py")
check_real_docs = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["check_real_docs"] = check_real_docs  # its dataclasses look their module up
_spec.loader.exec_module(check_real_docs)  # type: ignore[union-attr]
FOLDER = check_real_docs.DEFAULT_DIR


@pytest.fixture(scope="module")
def results():
    if not FOLDER.is_dir():
        pytest.skip(f"{FOLDER} not found (the real UN documents are kept outside the repository)")
    return check_real_docs.run_checks(FOLDER)


def test_every_fact_of_the_readme_holds(results):
    facts, _ = results
    failed = [f"{f.document}: {f.name} ({f.detail})" for f in facts if not f.ok]
    assert not failed, "\n".join(failed)
    assert len(facts) >= 130


def test_english_and_russian_versions_give_each_paragraph_the_same_label(results):
    _, docs = results
    english, russian = docs["pdf/A_HRC_WG.6_34_ITA_3-EN.pdf"], docs["pdf/A_HRC_WG.6_34_ITA_3-RU.pdf"]
    same, total, misses = check_real_docs.alignment(
        english, russian, FOLDER / "groundtruth" / "huridocs_ohchr_1_en_ru.json"
    )
    assert (same, total) == (95, 95), misses


def test_language_versions_are_linked_in_a_corpus(results, tmp_path):
    import shutil

    from assistant import Corpus

    for name in ("A_RES_48_246-EN.pdf", "A_RES_48_246-ES.pdf"):
        shutil.copy(FOLDER / "pdf" / name, tmp_path)
    corpus = Corpus.from_dir(tmp_path)
    english = corpus.document("A_RES_48_246-EN")
    (spanish,) = corpus.versions(english)
    assert spanish.language == "es"
    para = english.paragraph("7")
    other = corpus.counterpart(para, "es")
    assert other is not None and other.label == "7" and other.text.startswith("Decide además")
    assert corpus.counterpart(english.paragraph("pp2"), "es").text.startswith("Teniendo presente la resolución 862")
