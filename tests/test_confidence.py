"""The no-match thresholds: derived from the probes, kept across small updates, derived again after large ones."""

from __future__ import annotations

import json

from assistant.search.confidence import CALIBRATION_FILE, PROBES, load_or_derive


class Probes:
    """Evidence for the probes: (best similarity, best BM25) = (level, level), counting how often it is asked."""

    def __init__(self) -> None:
        self.asked = 0
        self.level = 0.8

    def __call__(self, questions: list[str]) -> list[tuple[float, float]]:
        self.asked += 1
        return [(self.level, self.level) for _ in questions]


def test_thresholds_are_kept_across_small_updates_and_derived_again_after_large_ones(tmp_path):
    probes = Probes()
    first = load_or_derive(tmp_path, "gen-1", "model-a", probes, paragraphs=10_000)
    assert probes.asked == len(PROBES)  # once per language
    probes.level = 0.5
    assert load_or_derive(tmp_path, "gen-1", "model-a", probes, 10_000) == first  # the same generation: cached
    # updates of 40 and 50 paragraphs among 10,000 (0.9% in all): the thresholds are kept, not derived
    assert load_or_derive(tmp_path, "gen-2", "model-a", probes, 10_000, changed=40) == first
    assert load_or_derive(tmp_path, "gen-3", "model-a", probes, 10_000, changed=50) == first
    assert probes.asked == len(PROBES)
    # another 20 (1.1% since they were derived): derived again, from the corpus as it is now
    again = load_or_derive(tmp_path, "gen-4", "model-a", probes, 10_000, changed=20)
    assert probes.asked == 2 * len(PROBES) and again != first
    assert json.loads((tmp_path / CALIBRATION_FILE).read_text())["drift"] == 0


def test_thresholds_are_derived_again_for_another_model_or_an_unknown_change(tmp_path):
    probes = Probes()
    load_or_derive(tmp_path, "gen-1", "model-a", probes, 10_000)
    load_or_derive(tmp_path, "gen-2", "model-b", probes, 10_000, changed=1)  # another model
    assert probes.asked == 2 * len(PROBES)
    load_or_derive(tmp_path, "gen-3", "model-b", probes, 10_000)  # a new generation, change unknown
    assert probes.asked == 3 * len(PROBES)
    (tmp_path / CALIBRATION_FILE).write_text('{"drift": "x", "thresholds": 3}')  # damaged: derived again
    load_or_derive(tmp_path, "gen-4", "model-b", probes, 10_000, changed=1)
    assert probes.asked == 4 * len(PROBES)
