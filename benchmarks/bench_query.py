"""Query benchmark: warm latency p50/p95, cold start (new process: open index, answer one query), RSS.

Run: .venv/bin/python benchmarks/bench_query.py   (builds seeds/.index first if it is missing)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = """
import time, sys
started = time.perf_counter()
sys.path.insert(0, {root!r})
from assistant import Assistant
a = Assistant.open({corpus!r}, progress=False)
a.search("巴拿马 研究生文凭 区域反腐败学院", k=5)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(time.perf_counter() - started, peak / 1024)  # VmHWM: ru_maxrss would include the parent's peak
"""


def percentiles(latencies: list[float]) -> str:
    return f"p50 {np.percentile(latencies, 50):.1f} ms, p95 {np.percentile(latencies, 95):.1f} ms"


def main() -> None:
    from assistant import Assistant
    from assistant.settings import Settings
    from embeddings.encoder import Encoder

    corpus = str(ROOT / "seeds")
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()]
    for cached in (False, True):
        # Without the question cache every search encodes its question, as a question asked for the first time.
        encoder = Encoder(cache_dir=Settings.resolve().cache_dir, **({} if cached else {"query_cache": 0}))
        assistant = Assistant.open(corpus, encoder=encoder)
        for q in questions:  # warm-up; with the cache, the rounds below ask each question again
            assistant.search(q, k=5)
        latencies = []
        for _ in range(5):
            for q in questions:
                started = time.perf_counter()
                assistant.search(q, k=5)
                latencies.append((time.perf_counter() - started) * 1000)
        if cached:
            print(f"the same questions asked again (vectors from the question cache): {percentiles(latencies)}")
        else:  # the peak before a second assistant is opened
            print(f"warm search latency over {len(latencies)} queries, each encoded: {percentiles(latencies)}")
            print(f"peak RSS (warm process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    colds = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", COLD.format(root=str(ROOT), corpus=corpus)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        colds.append((float(out[0]), float(out[1])))
    best = min(colds)
    print(
        f"cold start (new process, open index, answer one query): best {best[0]:.2f} s of 3, peak RSS {best[1]:.0f} MB"
    )


if __name__ == "__main__":
    main()
