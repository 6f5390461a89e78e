"""Index benchmark: full build, one edited paragraph, unchanged re-index, size on disk, peak RSS.

Run: .venv/bin/python benchmarks/bench_index.py
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from embeddings.encoder import Encoder  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    encoder = Encoder(cache_dir=Settings.resolve().cache_dir)
    encoder.encode_documents(["预热"])  # the document model loads on first use; keep it out of the build time
    print(f"model load: {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(ROOT / "seeds", corpus, ignore=shutil.ignore_patterns(".index"))
        started = time.perf_counter()
        assistant = Assistant.open(corpus, index_dir=index, encoder=encoder, progress=False)
        build = time.perf_counter() - started
        n = len(assistant.corpus.paragraphs)
        vectors = assistant.index_info().vectors
        print(f"full build: {build:.1f} s for {n} paragraphs ({vectors} vectors): {n / build:.1f} paragraphs/s")

        doc = corpus / "000_f8be4dd885aa960f.txt"
        doc.write_text(doc.read_text(encoding="utf-8").replace("资产追回法案", "资产追回法修正案"), encoding="utf-8")
        started = time.perf_counter()
        report = assistant.reindex(progress=False)
        print(f"one edited paragraph: {time.perf_counter() - started:.2f} s end to end ({report.summary()})")

        started = time.perf_counter()
        report = assistant.reindex(progress=False)
        print(f"unchanged re-index: {time.perf_counter() - started:.2f} s ({report.summary()})")

        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        print(f"index size on disk: {size / 1e6:.1f} MB")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
