"""The side-by-side figures of two stores printed by `eval --compare-stores` (pure rules, no model)."""

from __future__ import annotations

from assistant.evaluation import compare_stores, format_store_comparison


def _report(r1: float, flagged: int, p50: float) -> dict:
    overall = {"n": 40, "R@1": r1, "R@5": 1.0, "MRR@10": 0.98}
    return {
        "overall": overall,
        "by_lang": {"en": {**overall, "n": 8}, "zh": {**overall, "n": 32}},
        "by_kind": {},
        "no_match": {
            "unanswerable_flagged": flagged,
            "unanswerable": 4,
            "answerable_wrongly_flagged": 0,
            "answerable": 40,
        },
        "latency_ms": {"p50": p50, "p95": 2 * p50},
        "misses": [],
    }


def test_every_quality_figure_is_compared_and_latency_is_not_held_to_the_tolerance():
    same = compare_stores({"embedded": _report(0.975, 4, 20.0), "milvus": _report(0.975, 4, 90.0)})
    figures = [row["figure"] for row in same["rows"]]
    assert figures[:3] == ["R@1 overall", "R@5 overall", "MRR@10 overall"]
    assert {"R@1 lang=en", "MRR@10 lang=zh", "no-match: unanswerable flagged", "latency p95 (ms)"} <= set(figures)
    assert same["within_tolerance"] == {"milvus": True} and same["largest_quality_difference"]["milvus"] == 0
    text = format_store_comparison("dev", same)
    assert "+70.0" in text and "within 0.02 of embedded: yes" in text

    worse = compare_stores({"embedded": _report(0.975, 4, 20.0), "milvus": _report(0.95, 3, 20.0)})
    assert worse["within_tolerance"] == {"milvus": False}
    assert abs(worse["largest_quality_difference"]["milvus"] - 0.25) < 1e-9  # 3/4 flagged instead of 4/4
    assert "NO (largest difference 0.250)" in format_store_comparison("dev", worse)
