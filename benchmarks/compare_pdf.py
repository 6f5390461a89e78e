"""Which PDF library reads UN reports best: paragraph accuracy and speed, measured.

Seeds are written to DOCX and turned into PDF by LibreOffice (running head, page numbers, real
footnotes), then read back three ways and parsed by the same paragraph rules:
  pypdf        plain `page.extract_text()`
  pdfplumber   plain `page.extract_text()`
  this reader  PDFium (pypdfium2) glyphs with their geometry and type (assistant/readers/pdf.py)
A paragraph counts as right when its label and its text equal the seed's parse, spaces next to a
Chinese character aside (a PDF does not draw the space where a line was wrapped), and its
footnotes are the seed's. Last, the time to open the PDFs as a corpus, and to open them again
with the extracted text cached. Needs LibreOffice: `bash scripts/install-test-tools.sh`.

When the real UN documents are next to the repository (../shared/real-docs, never copied into it),
also: the glyph extraction of the previous reader (pdfplumber's chars after `dedupe_chars()`, which
took 60% of its time and removed nothing on these pages) against PDFium's, and the cold reading of
every real PDF in a new process (`python -m assistant paragraphs FILE --json`, no model).

    .venv/bin/python benchmarks/compare_pdf.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.ingest.corpus import Corpus, parse_document, read_document  # noqa: E402
from assistant.ingest.readers.pdf import read_pdf  # noqa: E402
from tests.support.make_documents import docx_to_pdf, read_seed, without_wrap_spaces, write_docx  # noqa: E402

SEEDS = ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5", "004_b3e6555703f58ac3"]


def same_text(a: str, b: str) -> bool:
    return without_wrap_spaces(a) == without_wrap_spaces(b)


def pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def pdfplumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


METHODS: dict[str, Callable[[Path], str]] = {
    "pypdf extract_text": pypdf_text,
    "pdfplumber extract_text": pdfplumber_text,
    "pypdfium2 + geometry (ours)": read_pdf,
}


def score(source, pdf_path: Path, text: str) -> tuple[int, int]:
    parsed = parse_document(pdf_path, text)
    got = {p.label: p for p in parsed.paragraphs}
    right = 0
    for para in source.paragraphs:
        other = got.get(para.label)
        if (
            other is not None
            and same_text(para.text, other.text)
            and len(para.footnotes) == len(other.footnotes)
            and all(same_text(x, y) for x, y in zip(para.footnotes, other.footnotes, strict=False))
        ):
            right += 1
    return right, len(source.paragraphs)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = []
        for seed in SEEDS:
            docx = write_docx(
                read_seed(ROOT / "seeds" / f"{seed}.txt"), folder / f"{seed}.docx", "联合国反腐败公约缔约国会议"
            )
            pdf = docx_to_pdf(docx, folder)
            pages = len(pypdf.PdfReader(pdf).pages)
            cases.append((read_document(ROOT / "seeds" / f"{seed}.txt"), pdf, pages))
        total_pages = sum(pages for _, _, pages in cases)
        print(f"{len(cases)} Chinese reports, {total_pages} pages (LibreOffice PDFs of the seeds)\n")
        print(f"{'method':30} {'paragraphs right':>18} {'ms/page':>9}")
        for name, method in METHODS.items():
            right = total = 0
            elapsed = 0.0
            for source, pdf, _ in cases:
                start = time.perf_counter()
                for _ in range(3):
                    text = method(pdf)
                elapsed += (time.perf_counter() - start) / 3
                r, t = score(source, pdf, text)
                right += r
                total += t
            print(f"{name:30} {right:>7}/{total} {right / total:6.1%} {1000 * elapsed / total_pages:9.1f}")
        corpus = folder / "corpus"
        corpus.mkdir()
        for _, pdf, _ in cases:
            shutil.copy(pdf, corpus)
        print()
        for label in ("opening them as a corpus", "opening again (text cache)"):
            start = time.perf_counter()
            Corpus.from_dir(corpus, cache_dir=folder / "cache")
            print(f"{label:30} {1000 * (time.perf_counter() - start) / total_pages:28.1f}")
    real_documents()


REAL = ROOT.parent / "shared" / "real-docs" / "pdf"
GLYPH_SAMPLE = ["S_2025_317-EN.pdf", "A_HRC_WG.6_34_ITA_3-RU.pdf", "S_RES_2803_2025-EN.pdf"]


def pdfplumber_chars(path: Path) -> int:
    """What the previous reader extracted first: every page's characters, deduplicated."""
    with pdfplumber.open(path) as pdf:
        return sum(len(page.dedupe_chars().chars) for page in pdf.pages)


def pdfium_glyphs(path: Path) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from assistant.ingest.readers.pdf import _page_glyphs

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(_page_glyphs(raw, pdf[n], pdf[n].get_height())[0]) for n in range(len(pdf)))
    finally:
        pdf.close()


def real_documents() -> None:
    if not REAL.is_dir():
        print(f"\n{REAL} not found: real UN documents skipped")
        return
    sample = [REAL / name for name in GLYPH_SAMPLE if (REAL / name).exists()]
    pages = sum(len(pypdf.PdfReader(path).pages) for path in sample)
    print(f"\nglyph extraction on {len(sample)} real UN PDFs, {pages} pages {'ms/page':>17}")
    for label, method in (
        ("pdfplumber chars + dedupe_chars", pdfplumber_chars),
        ("PDFium glyphs (ours)", pdfium_glyphs),
    ):
        start = time.perf_counter()
        for path in sample:
            method(path)
        print(f"{label:36} {1000 * (time.perf_counter() - start) / pages:20.1f}")
    print("\ncold reading, a new process per file (paragraphs --json, no model):")
    total_time = total_pages = 0.0
    for path in sorted(REAL.glob("*.pdf")):
        n = len(pypdf.PdfReader(path).pages)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant", "paragraphs", str(path), "--json"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        total_time, total_pages = total_time + seconds, total_pages + n
        print(f"  {path.name:32} {n:>3} pages {seconds:6.2f} s {seconds / n:6.3f} s/page")
    print(f"  {'all':32} {int(total_pages):>3} pages {total_time:6.2f} s {total_time / total_pages:6.3f} s/page")


if __name__ == "__main__":
    main()
