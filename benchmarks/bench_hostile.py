"""Hostile and odd inputs through the public API: what happened to each, and how long it took.

    .venv/bin/python benchmarks/bench_hostile.py [--keep DIR]

Generates (tests/support/hostile.py) a zip-bomb .docx (60 MB of XML in ~250 KB), a 10 MB file of Chinese
without paragraph breaks, 50,000 numbered one-line paragraphs, a Shift-JIS file, a link to /etc/passwd in
the corpus folder, one document under three names and X.md copied beside X.txt, then reads each with
`read_document`, `Corpus.from_dir` and `uploads.add_file` (what `Assistant.add_file` calls), and prints
one line per case: the outcome and the seconds it took (generation not counted). No model is loaded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import AssistantError, Corpus  # noqa: E402
from assistant.ingest.corpus import read_document  # noqa: E402
from assistant.ingest.uploads import add_file  # noqa: E402
from tests.support import SEEDS  # noqa: E402
from tests.support.hostile import (  # noqa: E402
    cjk_text,
    md_beside_txt,
    numbered_lines,
    passwd_link,
    shift_jis_text,
    three_copies,
    zip_bomb_docx,
)

SEED = SEEDS / "001_b632c6f20b3b1be5.txt"


def timed(call: Callable[[], str]) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        outcome = call()
    except AssistantError as exc:
        outcome = f"refused ({exc.code}): {exc}"
    return outcome, time.perf_counter() - start


def report(case: str, call: Callable[[], str]) -> None:
    outcome, seconds = timed(call)
    print(f"{case:<54} {seconds:7.2f} s  {outcome}", flush=True)


def skipped(corpus: Corpus) -> str:
    return "; ".join(f"{s.path.name} skipped ({s.code}): {s.reason}" for s in corpus.skipped) or "nothing skipped"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="generate the inputs in this folder and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        run(base)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


def folder(base: Path, name: str) -> Path:
    path = base / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def run(base: Path) -> None:
    print(f"{'case':<54} {'time':>9}  outcome")

    bomb = zip_bomb_docx(base / "bomb.docx", xml_mb=60)
    report(f"zip-bomb .docx ({bomb.stat().st_size // 1024} KB): read_document", lambda: parsed(read_document(bomb)))
    corpus = folder(base, "bomb-upload")
    report("zip-bomb .docx: add_file", lambda: added(add_file(corpus, bomb)))
    report("zip-bomb .docx: the corpus folder after add_file", lambda: f"holds {listed(corpus)}")

    cjk = cjk_text(base / "cjk.txt", megabytes=10)
    report(f"10 MB Chinese text ({cjk.stat().st_size:,} bytes): read_document", lambda: parsed(read_document(cjk)))
    corpus = folder(base, "cjk")
    shutil.copy(cjk, corpus)
    shutil.copy(SEED, corpus)
    report("10 MB Chinese text: Corpus.from_dir", lambda: opened(Corpus.from_dir(corpus)))

    numbered = numbered_lines(base / "numbered.txt", 50_000)
    report("50,000 numbered lines: read_document", lambda: numbered_check(read_document(numbered)))

    sjis = shift_jis_text(base / "sjis.txt")
    report("Shift-JIS text: read_document", lambda: parsed(read_document(sjis)))

    corpus = folder(base, "passwd")
    shutil.copy(SEED, corpus)
    passwd_link(corpus)
    report("link 778_passwd.txt -> /etc/passwd: Corpus.from_dir", lambda: served(Corpus.from_dir(corpus)))
    report(
        "upload named 778_passwd.txt over that link: add_file",
        lambda: added(add_file(corpus, SEED, name="778_passwd.txt")),
    )

    corpus = folder(base, "copies")
    three_copies(SEED, corpus)
    report("one document under three names: Corpus.from_dir", lambda: opened(Corpus.from_dir(corpus)))
    upload = base / "again.txt"
    shutil.copy(SEED, upload)
    report("a fourth copy uploaded: add_file", lambda: added(add_file(corpus, upload)))

    corpus = folder(base, "beside")
    txt = corpus / "X.txt"
    shutil.copy(SEED, txt)
    md_beside_txt(txt)
    report("X.md copied beside X.txt: Corpus.from_dir", lambda: opened(Corpus.from_dir(corpus)))


def parsed(doc) -> str:
    return f"read: {len(doc.paragraphs)} units, longest {max(len(p.text) for p in doc.paragraphs):,} characters"


def opened(corpus: Corpus) -> str:
    docs = ", ".join(f"{d.path.name} ({len(d.paragraphs)} units)" for d in corpus.documents)
    return f"indexed: {docs or 'nothing'}; {skipped(corpus)}"


def served(corpus: Corpus) -> str:
    try:
        corpus.document("778_passwd")
        state = "SERVED by /doc/778_passwd"
    except KeyError:
        state = "not a document, so /doc/778_passwd and /original/778_passwd have nothing to serve"
    leaked = any("root:" in p.text for p in corpus.paragraphs)
    return f"{opened(corpus)}; {state}; passwd text in the corpus: {leaked}"


def added(result) -> str:
    state = "already in the corpus as" if result.already_present else "added as"
    return f"{state} {result.path.name} ({len(result.document.paragraphs)} units)"


def listed(corpus: Path) -> str:
    return ", ".join(sorted(p.name for p in corpus.iterdir())) or "nothing"


def numbered_check(doc) -> str:
    labels = [p.label for p in doc.paragraphs]
    right = labels == [str(n) for n in range(1, 50_001)]
    return f"{len(labels):,} paragraphs, labelled 1..50,000 in order: {right}"


if __name__ == "__main__":
    raise SystemExit(main())
