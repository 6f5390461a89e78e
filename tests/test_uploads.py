"""Adding documents of any supported format: searchable after re-indexing, with correct citations;
refused files leave the corpus folder and the index as they were."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from assistant import Assistant, RefusedFile, UnreadableFile
from assistant.ingest.files import file_hashes

from .support import AS_PDF, CACHE, ROOT, WRITTEN

PDF_SEED = AS_PDF[0]  # 000: the report on preventing corruption, 2021


@pytest.mark.slow
def test_a_pdf_copied_into_the_folder_and_reindexed_is_searchable_with_the_original_citations(
    index_copy, encoder, made, dev_questions
):
    corpus = index_copy / "corpus"
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    before = {p.key: p.citation for p in a.corpus.document(PDF_SEED).paragraphs}
    (corpus / f"{PDF_SEED}.txt").unlink()  # the same report, now as the PDF
    shutil.copy(made / f"{PDF_SEED}.pdf", corpus)
    assert a.is_stale()
    report = a.reindex(progress=False)

    doc = a.corpus.document(PDF_SEED)
    assert doc.path.suffix == ".pdf"
    assert {p.key: p.citation for p in doc.paragraphs} == before
    # Paragraphs are keyed by content: only those whose text the PDF changed (a space lost at a line
    # wrap) are embedded again.
    assert 0 < report.embedded < len(doc.paragraphs) // 4, report
    questions = [q for q in dev_questions if any(g["doc"].startswith(PDF_SEED) for g in q["gold"])]
    assert len(questions) >= 5
    for q in questions:
        hits = a.search(q["question"], k=5)
        for gold in (g for g in q["gold"] if g["doc"].startswith(PDF_SEED)):
            found = [h for h in hits if h.paragraph.key == f"{PDF_SEED}#{gold['para']}"]
            assert found, (q["id"], [h.citation for h in hits])
            assert found[0].document.path.suffix == ".pdf"
            assert found[0].citation == before[f"{PDF_SEED}#{gold['para']}"]


def test_refused_files_leave_the_corpus_and_index_unchanged(index_copy, encoder, made, tmp_path):
    corpus = index_copy / "corpus"
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    files = sorted(p.name for p in corpus.iterdir())
    hashes = file_hashes(corpus)
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    (tmp_path / "big.md").write_text("1. 很长的文字。\n" * 60_000, encoding="utf-8")
    different = tmp_path / "changed" / f"{WRITTEN[1]}.txt"
    different.parent.mkdir()
    different.write_text("1. 另一份同名文件。\n", encoding="utf-8")
    cases = [
        (tmp_path / "table.xlsx", RefusedFile, "unsupported file type .xlsx"),
        (tmp_path / "broken.pdf", UnreadableFile, "not a readable PDF"),
        (tmp_path / "big.md", RefusedFile, "file too large"),
        (different, RefusedFile, "a different file named"),
        (made / f"{WRITTEN[1]}.pdf", RefusedFile, f"{WRITTEN[1]}.txt already uses the document name"),
    ]
    for source, error, reason in cases:
        with pytest.raises(error, match=reason):
            a.add_file(source, max_bytes=1_000_000)
    assert sorted(p.name for p in corpus.iterdir()) == files
    assert file_hashes(corpus) == hashes and not a.is_stale()

    again = a.add_file(corpus / f"{WRITTEN[1]}.txt", name=f"{WRITTEN[1]}.txt")
    assert again.already_present and sorted(p.name for p in corpus.iterdir()) == files


@pytest.mark.slow
def test_command_line_adds_documents_and_updates_the_index(index_copy, made):
    corpus = index_copy / "corpus"
    (corpus / f"{WRITTEN[2]}.txt").unlink()
    shutil.copy(made / f"{WRITTEN[2]}.docx", index_copy / "report.docx")
    (index_copy / "notes.odt").write_bytes(b"PK")
    files = [str(index_copy / "report.docx"), str(index_copy / "notes.odt")]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "add",
            *files,
            "--corpus",
            str(corpus),
            "--index-dir",
            str(index_copy / "index"),
        ],
        cwd=ROOT,
        env={"UN_ASSISTANT_CACHE": str(CACHE), "PATH": "/usr/bin:/bin", "HOME": str(index_copy)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, result.stderr  # one file was refused
    assert "added: report.docx (55 paragraphs)" in result.stdout
    assert "not added notes.odt: unsupported file type .odt" in result.stdout
    assert (corpus / "report.docx").exists() and not (corpus / "notes.odt").exists()
    a = Assistant.open(corpus, index_dir=index_copy / "index", progress=False, cache_dir=CACHE)
    assert not a.is_stale()
    hit = a.search("教育促进正义倡议 Hackathon4Justice", k=1)[0]
    assert hit.paragraph.key == "report#33" and hit.document.path.name == "report.docx"
