"""API soak: many random hostile calls of `Assistant.search`/`ask` on seeds/ (tests/support/fuzz.py).

Prints how the calls ended (answered, readable ValueError, anything else), the slowest call, the
p50/p99 time, and the resident memory before and after (its growth over the run, after a warm-up).

Run: .venv/bin/python benchmarks/bench_fuzz.py [--calls 10000] [--seed 0]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fuzz import random_call, readable  # noqa: E402


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from assistant import Assistant

    assistant = Assistant.open(ROOT / "seeds", progress=False)
    rng = random.Random(args.seed)
    for _ in range(500):  # warm-up: caches and allocator pools reach their working size
        method, question, kwargs = random_call(rng)
        with contextlib.suppress(ValueError):
            getattr(assistant, method)(question, **kwargs)
    before = resident_mb()
    outcomes: collections.Counter[str] = collections.Counter()
    unreadable, others, times = [], [], []
    slowest = (0.0, "")
    for _ in range(args.calls):
        method, question, kwargs = random_call(rng)
        started = time.perf_counter()
        try:
            getattr(assistant, method)(question, **kwargs)
            outcomes["answered"] += 1
        except ValueError as exc:
            outcomes["ValueError"] += 1
            if not readable(str(exc)):
                unreadable.append(str(exc))
        except Exception as exc:  # the figure this benchmark exists for
            outcomes[type(exc).__name__] += 1
            others.append(f"{method}({question!r:.40}, {kwargs!r:.80}): {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        if elapsed > slowest[0]:
            slowest = (elapsed, f"{method}({question!r:.40}, {kwargs!r:.60})")
    after = resident_mb()
    print(f"{args.calls} calls: " + ", ".join(f"{name} {n}" for name, n in outcomes.most_common()))
    print(f"exceptions other than ValueError: {len(others)}; ValueErrors with an unreadable message: {len(unreadable)}")
    for line in (others + unreadable)[:5]:
        print("  ", line)
    print(f"time per call: p50 {np.percentile(times, 50):.1f} ms, p99 {np.percentile(times, 99):.1f} ms")
    print(f"slowest call: {slowest[0] * 1000:.0f} ms, {slowest[1]}")
    print(f"resident memory: {before:.0f} MB after warm-up, {after:.0f} MB after the calls ({after - before:+.0f} MB)")


if __name__ == "__main__":
    main()
