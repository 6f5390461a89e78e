"""Scale benchmark: the engine on a synthetic corpus of N paragraphs shaped like the seeds.

    .venv/bin/python benchmarks/bench_scale.py --paragraphs 100000 [--json] [--dir DIR]
    .venv/bin/python benchmarks/bench_scale.py --paragraphs 100000 --store milvus [--milvus-uri URI]

The corpus (tests/support/synthetic.py: seed sentences recombined, numbers and countries varied, five planted
paragraphs with questions that must find them first) is read, windowed, tokenized and indexed by the real
pipeline; only the encoder is the hashing stand-in of tests/support/hashing_encoder.py, because the real model
embeds about 15 paragraphs a second on 2 cores (a million paragraphs: 18 hours, the same per paragraph at any
scale). Prints: corpus writing and index build time, peak memory of the building process; then, in a fresh
search process, opening time, search time per question excluding query encoding (p50/p95), its peak memory;
index size on disk; a re-index after one document changed; whether the planted paragraphs come first; and
the recall of the vector candidates against an exact scan.

    .venv/bin/python benchmarks/bench_scale.py --search-only DIR --reindexes 5

runs only the search process on the folder a `--dir DIR` run left, then changes one document and re-indexes
it five times, a few searches after each, as a web app serving uploads would: the time of each, the memory
after each (it must not grow) and the peak, in the JSON it prints.

`--store milvus` runs the same corpus, questions and steps on the Milvus store: Milvus Lite in a file of the
index folder by default (its engine runs in a server process of its own, whose peak memory is printed apart),
or a Milvus server with `--milvus-uri http://host:19530` (and $UN_ASSISTANT_MILVUS_TOKEN). Milvus Lite serves one
process at a time, so the building process lets the file go while the search process runs. Milvus Lite's
vector index is FLAT (exact), so the recall against an exact scan is only measured on the embedded store.
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
from assistant.settings import Settings  # noqa: E402
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
        missing = [t for t in texts if t not in self._vectors]  # e.g. the probes, when the index changed
        if missing:
            self._vectors.update(zip(missing, super().encode_queries(missing), strict=True))
        return np.stack([self._vectors[t] for t in texts])


def children_peak_mb() -> float:
    """Peak resident memory of Milvus Lite's server processes started by this process; 0 when none."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != os.getpid():
                continue
            if b"milvus_lite" not in (stat.parent / "cmdline").read_bytes():
                continue  # e.g. the tokenizing workers of a large embedded build
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def settings(corpus: Path, index: Path, store: str, milvus_uri: str | None) -> Settings:
    chosen = {"corpus": corpus, "index_dir": index, "store": store, "milvus_uri": milvus_uri}
    return Settings.resolve(chosen, environ={k: v for k, v in os.environ.items() if k == "UN_ASSISTANT_MILVUS_TOKEN"})


def open_assistant(corpus: Path, index: Path, store: str, milvus_uri: str | None, encoder) -> Assistant:
    return Assistant.open(settings=settings(corpus, index, store, milvus_uri), encoder=encoder, progress=False)


def let_go(assistant: Assistant) -> None:
    """Close the Milvus connection (a Milvus Lite file can then be opened by another process); it reconnects
    on next use."""
    if hasattr(assistant.store, "close"):
        assistant.store.close()


def memory_mb() -> float:
    """This process's resident memory now (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def search_process(
    corpus: Path, index: Path, store: str = "embedded", milvus_uri: str | None = None, reindexes: int = 0
) -> dict:
    """Run in a fresh process: open the index, answer every question ROUNDS times, report times and memory;
    then, when asked, change one document and re-index `reindexes` times, a few searches after each (what a
    web app serving uploads does), with the memory after each, and put the document back."""
    questions = QUESTIONS + [question for _, question in PLANTED]
    encoder = PrecomputedQueries(questions)
    started = time.perf_counter()
    assistant = open_assistant(corpus, index, store, milvus_uri, encoder)
    opened = time.perf_counter() - started
    assistant.ask(questions[0])
    times = []
    for _ in range(ROUNDS):
        for question in questions:
            started = time.perf_counter()
            assistant.ask(question, k=10)
            times.append((time.perf_counter() - started) * 1000)
    found = {
        "open_s": opened,
        "search_p50_ms": float(np.percentile(times, 50)),
        "search_p95_ms": float(np.percentile(times, 95)),
        "searches": len(times),
        "search_process_peak_mb": peak_memory_mb(),
        "search_server_peak_mb": children_peak_mb(),
    }
    if reindexes:
        found["reindex_s"], found["reindex_rss_mb"] = reindexed(assistant, corpus, reindexes, questions[:5])
        found["reindex_peak_mb"] = peak_memory_mb()
    return found


def reindexed(assistant: Assistant, corpus: Path, times: int, questions: list[str]) -> tuple[list[float], list[float]]:
    """The time of each of `times` re-indexes of one changed document (put back afterwards), and the process's
    memory after each."""
    changed = sorted(corpus.glob("*.txt"))[0]
    kept = changed.read_text(encoding="utf-8")
    seconds, memory = [], []
    try:
        for n in range(times):
            changed.write_text(kept.replace("\n1. ", f"\n1. 修订{n}：", 1), encoding="utf-8")
            started = time.perf_counter()
            report = assistant.reindex(progress=False)
            seconds.append(time.perf_counter() - started)
            if report.changed != 1:
                raise SystemExit(f"{changed.name}: the edit did not change one paragraph ({report.summary()})")
            for question in questions:
                assistant.ask(question)
            memory.append(memory_mb())
    finally:
        changed.write_text(kept, encoding="utf-8")
        assistant.reindex(progress=False)
    return seconds, memory


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


def run(paragraphs: int, folder: Path, store: str = "embedded", milvus_uri: str | None = None) -> dict:
    corpus, index = folder / "corpus", folder / "index"
    started = time.perf_counter()
    planted = write_corpus(corpus, paragraphs)
    result: dict = {"paragraphs": paragraphs, "store": store, "corpus_write_s": time.perf_counter() - started}
    encoder = HashingEncoder()
    started = time.perf_counter()
    assistant = open_assistant(corpus, index, store, milvus_uri, encoder)
    result["build_s"] = time.perf_counter() - started
    result["build_process_peak_mb"] = peak_memory_mb()
    result["build_server_peak_mb"] = children_peak_mb()
    result["vectors"] = assistant.index_info().vectors
    let_go(assistant)
    result["index_mb"] = directory_mb(index)
    command = [sys.executable, __file__, "--search-only", str(folder), "--store", store]
    if milvus_uri:
        command += ["--milvus-uri", milvus_uri]
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"the search process failed:\n{out.stderr}")
    result.update(json.loads(out.stdout))
    result["planted_first"] = sum(
        assistant.search(p.question, k=1)[0].paragraph.key == f"{p.document}#{p.label}" for p in planted
    )
    result["planted"] = len(planted)
    if store == "embedded":
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
    let_go(assistant)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one, deleted afterwards)")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    parser.add_argument("--store", choices=["embedded", "milvus"], default="embedded", help="where the index lives")
    parser.add_argument("--milvus-uri", help="Milvus: http://host:19530 (default: Milvus Lite in INDEX/milvus)")
    parser.add_argument(
        "--search-only", type=Path, metavar="DIR", help="only the search process, on a folder a --dir run left"
    )
    parser.add_argument(
        "--reindexes", type=int, default=0, help="with --search-only: then re-index one changed document N times"
    )
    args = parser.parse_args()
    if args.search_only:
        found = search_process(
            args.search_only / "corpus", args.search_only / "index", args.store, args.milvus_uri, args.reindexes
        )
        print(json.dumps(found))
        return
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        result = run(args.paragraphs, folder, args.store, args.milvus_uri)
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    where = "Milvus " + (args.milvus_uri or "Lite") if args.store == "milvus" else "embedded"
    print(
        f"store: {where}; paragraphs: {result['paragraphs']:,} ({result['vectors']:,} vectors); {os.cpu_count()} cores"
    )
    print(f"corpus written in {result['corpus_write_s']:.1f} s; index built in {result['build_s']:.1f} s")
    building, searching = result["build_process_peak_mb"], result["search_process_peak_mb"]
    print(f"peak memory: building {building:.0f} MB, searching {searching:.0f} MB", end="")
    if result["build_server_peak_mb"] or result["search_server_peak_mb"]:
        servers = result["build_server_peak_mb"], result["search_server_peak_mb"]
        print("; Milvus Lite's server process: while building {:.0f} MB, while searching {:.0f} MB".format(*servers))
    else:
        print()
    print(f"index on disk: {result['index_mb']:.0f} MB; a search process opens it in {result['open_s']:.1f} s")
    print(
        f"search excluding query encoding: p50 {result['search_p50_ms']:.1f} ms, p95 {result['search_p95_ms']:.1f} ms "
        f"({result['searches']} searches)"
    )
    print(f"planted paragraphs first: {result['planted_first']}/{result['planted']}")
    if "dense_recall_at_10" in result:
        print(f"vector candidates vs exact scan: recall@10 {result['dense_recall_at_10']:.3f}")
    print(f"one document changed, re-indexed in {result['reindex_one_document_s']:.1f} s ({result['reindex_report']})")
    print(f"planted paragraphs first after it: {result['planted_first_after_reindex']}/{result['planted']}")


if __name__ == "__main__":
    main()
