"""Searches side by side, with the real model: throughput with 1 and 4 threads, and searches during re-indexes.

    .venv/bin/python benchmarks/bench_concurrency.py [--rounds 8]

1. The dev questions asked by one thread, then by four at once: searches per second, and the ratio; each
   search encodes its question (no question cache), then again with the questions' vectors in the cache.
2. Six threads search in a loop while a document of a copy of seeds/ is deleted and re-added, with a
   re-index after each change, `--rounds` times: errors, hits of the deleted document in index generations
   that no longer hold it, hits whose text is not their cited paragraph's, and searches done.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from embeddings.encoder import Encoder  # noqa: E402

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").open(encoding="utf-8")]
REMOVED = "004_b3e6555703f58ac3"


def throughput(assistant: Assistant, threads: int, repeat: int = 3) -> float:
    questions = QUESTIONS * repeat
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda q: assistant.search(q, k=5), questions))
    return len(questions) / (time.perf_counter() - started)


def during_updates(assistant: Assistant, rounds: int) -> dict:
    removed = assistant.corpus.root / f"{REMOVED}.txt"
    kept = removed.read_bytes()
    without: set[str] = set()
    counts = {"searches": 0, "errors": 0, "deleted_document_hits": 0, "text_mismatches": 0}
    first_errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def search(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                turn = assistant.ask(rng.choice(QUESTIONS), k=10)
                deleted = sum(turn.generation in without and h.document.id == REMOVED for h in turn.hits)
                wrong = sum(h.document.paragraph(h.paragraph.label).text != h.paragraph.text for h in turn.hits)
                with lock:
                    counts["searches"] += 1
                    counts["deleted_document_hits"] += deleted
                    counts["text_mismatches"] += wrong
            except Exception as exc:  # counted, and the first few shown
                with lock:
                    counts["errors"] += 1
                    if len(first_errors) < 3:
                        first_errors.append(f"{type(exc).__name__}: {exc}")

    started = time.perf_counter()
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(search, seed) for seed in range(6)]
        for _ in range(rounds):
            removed.unlink()
            assistant.reindex(progress=False)
            without.add(assistant.ask(QUESTIONS[0]).generation)
            removed.write_bytes(kept)
            assistant.reindex(progress=False)
        stop.set()
        for future in futures:
            future.result()
    return {**counts, "reindexes": 2 * rounds, "seconds": time.perf_counter() - started, "first_errors": first_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "seeds", corpus, ignore=shutil.ignore_patterns(".index"))
        if (ROOT / "seeds" / ".index").is_dir():  # start from the seeds' index when there is one: less to embed
            shutil.copytree(ROOT / "seeds" / ".index", Path(tmp) / "index")
        settings = Settings.resolve({"corpus": corpus, "index_dir": Path(tmp) / "index"})
        cached = Assistant.open(settings=settings, progress=False)
        assistant = Assistant.open(settings=settings, encoder=Encoder(cache_dir=settings.cache_dir, query_cache=0))
        for engine, what in ((assistant, "each encoding its question"), (cached, "questions from the cache")):
            for question in QUESTIONS:  # warm-up (for the cache: every question asked once before)
                engine.search(question)
            one = throughput(engine, 1)
            four = throughput(engine, 4)
            print(f"searches per second, {what}: 1 thread {one:.1f}, 4 threads {four:.1f} ({four / one:.2f}x)")
        result = during_updates(assistant, args.rounds)
        print(
            f"6 threads during {result['reindexes']} re-indexes ({result['seconds']:.0f} s): "
            f"{result['searches']} searches, {result['errors']} errors, "
            f"{result['deleted_document_hits']} hits of the deleted document, "
            f"{result['text_mismatches']} hits whose text is not their cited paragraph's"
        )
        for error in result["first_errors"]:
            print(f"  {error}")


if __name__ == "__main__":
    main()
