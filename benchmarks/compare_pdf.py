"""Which PDF library reads Chinese UN reports best: paragraph accuracy and speed, measured.

Seeds are written to DOCX and turned into PDF by LibreOffice (running head, page numbers, real
footnotes), then read back three ways and parsed by the same paragraph rules:
  pypdf        plain `page.extract_text()`
  pdfplumber   plain `page.extract_text()`
  this reader  pdfplumber characters with their geometry (assistant/readers/pdf.py)
A paragraph counts as right when its label and its text equal the seed's parse, spaces next to a
Chinese character aside (a PDF does not draw the space where a line was wrapped), and its
footnotes are the seed's. Last, the time to open the PDFs as a corpus, and to open them again
with the extracted text cached. Needs LibreOffice: `bash scripts/install-test-tools.sh`.

    .venv/bin/python benchmarks/compare_pdf.py
"""

from __future__ import annotations

import shutil
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
    "pdfplumber + geometry (ours)": read_pdf,
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


if __name__ == "__main__":
    main()
