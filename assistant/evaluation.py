"""Retrieval quality on questions with gold paragraphs (eval/dev.jsonl format), the reliable-match flag on
answerable and unanswerable questions, verbatim quotes, and query latency."""

from __future__ import annotations

import json
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .search.assistant import Assistant
from .search.fusion import Weights
from .text.keyterms import squashed

MODES = {
    "hybrid": lambda w: w,
    "lexical": lambda w: replace(w, dense=0.0, lexical_zh=1.0, lexical_en=1.0),
    "dense": lambda w: replace(w, lexical_zh=0.0, lexical_en=0.0),
}


def load_questions(path: Path) -> list[dict]:
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return questions


def _squash(text: str) -> str:
    return "".join(text.split())


def _first_hit_rank(hits, gold: list[dict]) -> int | None:
    snippets = [_squash(g["snippet"]) for g in gold]
    for hit in hits:
        text = _squash(hit.paragraph.search_text)
        if any(s in text for s in snippets):
            return hit.rank
    return None


def evaluate(assistant: Assistant, questions: list[dict], weights: Weights) -> dict:
    """R@1, R@5, MRR@10 overall / by language / by kind; no-match detection; latency."""
    engine = assistant.tuned(weights)
    rows, latencies = [], []
    for q in questions:
        started = time.perf_counter()
        turn = engine.ask(q["question"], k=10)
        latencies.append(time.perf_counter() - started)
        rank = _first_hit_rank(turn.hits, q["gold"]) if q["gold"] else None
        rows.append(
            {
                "id": q["id"],
                "lang": q["lang"],
                "kind": q["kind"],
                "answerable": bool(q["gold"]),
                "rank": rank,
                "confident": turn.confident,
            }
        )

    def metrics(subset: list[dict]) -> dict:
        answerable = [r for r in subset if r["answerable"]]
        if not answerable:
            return {"n": 0}
        ranks = [r["rank"] for r in answerable]
        return {
            "n": len(answerable),
            "R@1": float(np.mean([r == 1 for r in ranks])),
            "R@5": float(np.mean([r is not None and r <= 5 for r in ranks])),
            "MRR@10": float(np.mean([1 / r if r else 0.0 for r in ranks])),
        }

    unanswerable = [r for r in rows if not r["answerable"]]
    answerable = [r for r in rows if r["answerable"]]
    return {
        "overall": metrics(rows),
        "by_lang": {
            lang: metrics([r for r in rows if r["lang"] == lang]) for lang in sorted({r["lang"] for r in rows})
        },
        "by_kind": {
            kind: metrics([r for r in rows if r["kind"] == kind]) for kind in sorted({r["kind"] for r in rows})
        },
        "no_match": {
            "unanswerable_flagged": sum(not r["confident"] for r in unanswerable),
            "unanswerable": len(unanswerable),
            "answerable_wrongly_flagged": sum(not r["confident"] for r in answerable),
            "answerable": len(answerable),
        },
        "latency_ms": {
            "p50": float(np.percentile(latencies, 50) * 1000),
            "p95": float(np.percentile(latencies, 95) * 1000),
        },
        "misses": [r["id"] for r in answerable if r["rank"] != 1],
        "wrongly_flagged": [r["id"] for r in answerable if not r["confident"]],
        "passed_unanswerable": [r["id"] for r in unanswerable if r["confident"]],
    }


def quote_test(assistant: Assistant, n: int, seed: int = 15) -> dict:
    """How often a quotation (10–24 characters copied from a paragraph, written nowhere else in the corpus)
    brings its paragraph first: `n` quotations drawn with a seeded generator."""
    rng = random.Random(seed)
    paragraphs = [p for d in assistant.documents for p in d.paragraphs if len(p.text) >= 10]
    first, failures, tries = 0, [], 0
    while tries < n:
        para = rng.choice(paragraphs)
        size = rng.randint(10, min(24, len(para.text)))
        start = rng.randrange(len(para.text) - size + 1)
        quote = para.text[start : start + size].strip()
        holders = [p for p in paragraphs if squashed(quote) in squashed(p.search_text)]
        if len(quote) < 10 or len(holders) != 1:
            continue
        tries += 1
        hits = assistant.search(quote, k=1)
        if hits and hits[0].paragraph.key == para.key:
            first += 1
        else:
            failures.append(quote)
    return {"first": first, "n": n, "failures": failures}


def format_report(name: str, report: dict) -> str:
    lines = [f"== {name}"]

    def row(label: str, m: dict) -> str:
        if not m.get("n"):
            return f"  {label:<14} (no answerable questions)"
        return f"  {label:<14} n={m['n']:<3} R@1={m['R@1']:.3f}  R@5={m['R@5']:.3f}  MRR@10={m['MRR@10']:.3f}"

    lines.append(row("overall", report["overall"]))
    lines += [row(f"lang={k}", v) for k, v in report["by_lang"].items()]
    lines += [row(f"kind={k}", v) for k, v in report["by_kind"].items()]
    nm = report["no_match"]
    lines.append(
        f"  no-match: {nm['unanswerable_flagged']}/{nm['unanswerable']} unanswerable flagged; "
        f"{nm['answerable_wrongly_flagged']}/{nm['answerable']} answerable wrongly flagged"
    )
    if report.get("wrongly_flagged"):
        lines.append(f"  answerable flagged: {', '.join(report['wrongly_flagged'])}")
    if report.get("passed_unanswerable"):
        lines.append(f"  unanswerable passed as reliable: {', '.join(report['passed_unanswerable'])}")
    lat = report["latency_ms"]
    lines.append(f"  latency (ask, warm): p50={lat['p50']:.1f} ms  p95={lat['p95']:.1f} ms")
    if report["misses"]:
        lines.append(f"  not first: {', '.join(report['misses'])}")
    return "\n".join(lines)
