"""Web benchmark: the `search` endpoint through gradio_client, alone and under many concurrent sessions.

Starts `python app.py` on a copy of seeds/ and its index (built first if missing), then prints p50/p95 for
single requests one after another, and for SESSIONS concurrent sessions of REQUESTS requests each asking
different questions: errors, requests per second, and whether every answer equals a direct call of the
Python API (`Assistant.ask(...).to_json()`) on the same index.

The questions are dev.jsonl's 40, asked again and again: after the single requests, the server has every
question's vector in its cache. With --unseen each concurrent request asks a question the server has not
seen (a dev question with the request's number after it), so every request encodes its question.

The clients do not verify TLS certificates (the URL is plain http on this machine): otherwise gradio_client
builds a certificate store for every request, which here takes the CPU from the server being measured.

Run: .venv/bin/python benchmarks/bench_web.py [--sessions 32] [--requests 10] [--unseen]
"""

from __future__ import annotations

import argparse
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


def timed(client, question: str) -> tuple[float, dict | str]:
    """Milliseconds for one `/search` request, and its answer (or the error it raised)."""
    started = time.perf_counter()
    try:
        answer: dict | str = client.predict(question, 5, None, None, api_name="/search")
    except Exception as exc:  # every failure is counted and shown, not raised
        answer = f"{type(exc).__name__}: {exc}"
    return (time.perf_counter() - started) * 1000, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=32)
    parser.add_argument("--requests", type=int, default=10, help="requests per session")
    parser.add_argument("--unseen", action="store_true", help="every concurrent request asks a new question")
    args = parser.parse_args()

    from gradio_client import Client

    from assistant import Assistant
    from assistant.settings import Settings

    Assistant.open(ROOT / "seeds")  # builds seeds/.index if missing
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()]
    number = (lambda n, i: f" {n * args.requests + i}") if args.unseen else (lambda n, i: "")
    asked = [  # session n's questions
        [questions[(n + i) % len(questions)] + number(n, i) for i in range(args.requests)] for n in range(args.sessions)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(ROOT / "seeds", corpus, ignore=shutil.ignore_patterns(".index"))
        shutil.copytree(ROOT / "seeds" / ".index", index)
        direct = Assistant.open(corpus, index_dir=index, progress=False)
        every = {*questions, *(q for session in asked for q in session)}
        expected = {q: json.loads(json.dumps(direct.ask(q, k=5).to_json())) for q in every}
        with running_app(corpus, index, Settings.resolve().cache_dir) as url:
            client = Client(url, verbose=False, ssl_verify=False)
            single = [timed(client, q)[0] for q in questions * 2]
            print(
                f"single requests ({len(single)}): p50 {np.percentile(single, 50):.0f} ms, "
                f"p95 {np.percentile(single, 95):.0f} ms"
            )
            clients = [Client(url, verbose=False, ssl_verify=False) for _ in range(args.sessions)]

            def session(n: int) -> list[tuple[str, float, dict | str]]:
                return [(q, *timed(clients[n], q)) for q in asked[n]]

            started = time.perf_counter()
            with ThreadPoolExecutor(args.sessions) as pool:
                results = [r for rs in pool.map(session, range(args.sessions)) for r in rs]
            wall = time.perf_counter() - started
    times = [t for _, t, _ in results]
    errors = [a for _, _, a in results if isinstance(a, str)]
    differ = [q for q, _, a in results if not isinstance(a, str) and a != expected[q]]
    print(
        f"{args.sessions} concurrent sessions x {args.requests} requests: p50 {np.percentile(times, 50):.0f} ms, "
        f"p95 {np.percentile(times, 95):.0f} ms, {len(results) / wall:.1f} requests/s"
    )
    print(f"errors: {len(errors)}; answers different from a direct API call: {len(differ)} of {len(results)}")
    for error in sorted(set(errors))[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
