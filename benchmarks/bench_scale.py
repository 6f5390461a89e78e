"""Scale benchmark: the engine on a synthetic corpus of N paragraphs shaped like the seeds.

    .venv/bin/python benchmarks/bench_scale.py --paragraphs 100000 [--json] [--dir DIR]

The corpus (tests/support/synthetic.py: seed sentences recombined, numbers and countries varied, five planted
paragraphs with questions that must find them first) is read, windowed, tokenized and indexed by the real
pipeline; only the encoder is the hashing stand-in of tests/support/hashing_encoder.py, because the real model
embeds about 15 paragraphs a second on 2 cores (a million paragraphs: 18 hours, the same per paragraph at any
scale). Prints: corpus writing and index build time, peak memory of the building process; then, in a fresh
search process, opening time, search time per question excluding query encoding (p50/p95), its peak memory;
index size on disk; a re-index after one document changed; whether the planted paragraphs come first; and
the recall of the vector candidates against an exact scan.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from tests.support.hashing_encoder import HashingEncoder  # noqa: E402
from tests.support.synthetic import PLANTED, write_corpus  # noqa: E402

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").open(encoding="utf-8")]
ROUNDS = 3


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it does not inherit a parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PrecomputedQueries(HashingEncoder):
    """The stand-in encoder, with the questions' vectors computed before the clock starts."""

    def __init__(self, questions: list[str]) -> None:
        super().__init__()
        self._vectors = dict(zip(questions, super().encode_queries(questions), strict=True))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vectors[t] if t in self._vectors else super().encode_queries([t])[0] for t in texts])


def search_process(corpus: Path, index: Path) -> dict:
    """Run in a fresh process: open the index, answer every question ROUNDS times, report times and memory."""
    questions = QUESTIONS + [question for _, question in PLANTED]
    encoder = PrecomputedQueries(questions)
    started = time.perf_counter()
    assistant = Assistant.open(corpus, index_dir=index, encoder=encoder, progress=False)
    opened = time.perf_counter() - started
    assistant.ask(questions[0])
    times = []
    for _ in range(ROUNDS):
        for question in questions:
            started = time.perf_counter()
            assistant.ask(question, k=10)
            times.append((time.perf_counter() - started) * 1000)
    return {
        "open_s": opened,
        "search_p50_ms": float(np.percentile(times, 50)),
        "search_p95_ms": float(np.percentile(times, 95)),
        "searches": len(times),
        "search_process_peak_mb": peak_memory_mb(),
    }


def dense_recall(assistant: Assistant, questions: list[str], depth: int = 10) -> float:
    """Share of each question's `depth` nearest paragraphs (exact scan of every vector) among the candidates
    the vector segments give (IVF probes in large segments)."""
    from assistant.search.snapshot import CANDIDATES

    snapshot = assistant._current()
    dense = snapshot.retriever.dense
    queries = assistant.encoder.encode_queries(questions)
    best = np.full((len(questions), len(snapshot.units)), -np.inf, np.float32)
    for segment, place in zip(dense.segments, dense.places, strict=True):
        for start in range(0, len(segment), 262_144):
            rows = place[start : start + 262_144]
            scores = np.asarray(segment.vectors[start : start + 262_144], np.float32) @ queries.T
            alive = rows >= 0
            for q in range(len(questions)):
                np.maximum.at(best[q], rows[alive], scores[alive, q])
    found = []
    for q, vector in enumerate(queries):
        exact = set(np.argsort(-best[q])[:depth].tolist())
        found.append(len(exact & set(dense.candidates(vector, CANDIDATES).tolist())) / depth)
    return float(np.mean(found))


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run(paragraphs: int, folder: Path) -> dict:
    corpus, index = folder / "corpus", folder / "index"
    started = time.perf_counter()
    planted = write_corpus(corpus, paragraphs)
    result: dict = {"paragraphs": paragraphs, "corpus_write_s": time.perf_counter() - started}
    encoder = HashingEncoder()
    started = time.perf_counter()
    assistant = Assistant.open(corpus, index_dir=index, encoder=encoder, progress=False)
    result["build_s"] = time.perf_counter() - started
    result["build_process_peak_mb"] = peak_memory_mb()
    result["vectors"] = assistant.index_info().vectors
    result["index_mb"] = directory_mb(index)
    out = subprocess.run(
        [sys.executable, __file__, "--search-only", str(folder)], capture_output=True, text=True, check=True
    )
    result.update(json.loads(out.stdout))
    result["planted_first"] = sum(
        assistant.search(p.question, k=1)[0].paragraph.key == f"{p.document}#{p.label}" for p in planted
    )
    result["planted"] = len(planted)
    result["dense_recall_at_10"] = dense_recall(assistant, QUESTIONS[:20] + [p.question for p in planted])
    changed = corpus / f"{planted[0].document}.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("\n1. ", "\n1. 修订：", 1), encoding="utf-8")
    started = time.perf_counter()
    report = assistant.reindex(progress=False)
    result["reindex_one_document_s"] = time.perf_counter() - started
    result["reindex_report"] = report.summary()
    result["planted_first_after_reindex"] = sum(
        assistant.search(p.question, k=1)[0].paragraph.key == f"{p.document}#{p.label}" for p in planted
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one, deleted afterwards)")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    parser.add_argument("--search-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_only:
        print(json.dumps(search_process(args.search_only / "corpus", args.search_only / "index")))
        return
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        result = run(args.paragraphs, folder)
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"paragraphs: {result['paragraphs']:,} ({result['vectors']:,} vectors); {os.cpu_count()} cores")
    print(f"corpus written in {result['corpus_write_s']:.1f} s; index built in {result['build_s']:.1f} s")
    building, searching = result["build_process_peak_mb"], result["search_process_peak_mb"]
    print(f"peak memory: building {building:.0f} MB, searching {searching:.0f} MB")
    print(f"index on disk: {result['index_mb']:.0f} MB; a search process opens it in {result['open_s']:.1f} s")
    print(
        f"search excluding query encoding: p50 {result['search_p50_ms']:.1f} ms, p95 {result['search_p95_ms']:.1f} ms "
        f"({result['searches']} searches)"
    )
    print(f"planted paragraphs first: {result['planted_first']}/{result['planted']}")
    print(f"vector candidates vs exact scan: recall@10 {result['dense_recall_at_10']:.3f}")
    print(f"one document changed, re-indexed in {result['reindex_one_document_s']:.1f} s ({result['reindex_report']})")
    print(f"planted paragraphs first after it: {result['planted_first_after_reindex']}/{result['planted']}")


if __name__ == "__main__":
    main()
