"""Web benchmark: latency of the `search` endpoint through gradio_client, alone and under 20 sessions.

Starts `python app.py` on a copy of seeds/ and its index (built first if missing), then prints p50/p95
for single requests one after another, and for 20 concurrent sessions asking different questions.

Run: .venv/bin/python benchmarks/bench_web.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.web_server import running_app  # noqa: E402

SESSIONS = 20


def timed(client, question: str) -> float:
    started = time.perf_counter()
    client.predict(question, 5, None, None, api_name="/search")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    from gradio_client import Client

    from assistant import Assistant
    from assistant.settings import Settings

    Assistant.open(ROOT / "seeds")  # builds seeds/.index if missing
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "seeds", Path(tmp) / "corpus", ignore=shutil.ignore_patterns(".index"))
        shutil.copytree(ROOT / "seeds" / ".index", Path(tmp) / "index")
        with running_app(Path(tmp) / "corpus", Path(tmp) / "index", Settings.resolve().cache_dir) as url:
            client = Client(url, verbose=False)
            single = [timed(client, q) for q in questions * 2]
            print(
                f"single requests ({len(single)}): p50 {np.percentile(single, 50):.0f} ms, "
                f"p95 {np.percentile(single, 95):.0f} ms"
            )
            clients = [Client(url, verbose=False) for _ in range(SESSIONS)]

            def session(n: int) -> list[float]:
                return [timed(clients[n], questions[(n + i) % len(questions)]) for i in range(5)]

            started = time.perf_counter()
            with ThreadPoolExecutor(SESSIONS) as pool:
                loaded = [t for times in pool.map(session, range(SESSIONS)) for t in times]
            wall = time.perf_counter() - started
            print(
                f"{SESSIONS} concurrent sessions x 5 requests: p50 {np.percentile(loaded, 50):.0f} ms, "
                f"p95 {np.percentile(loaded, 95):.0f} ms, {len(loaded) / wall:.1f} requests/s"
            )


if __name__ == "__main__":
    main()
