"""Fusing dense and lexical evidence into one ranking, aware of the query's language.

Raw cosine similarities and BM25 scores live on different scales, so both are z-normalised over
the corpus before they are added. How much the lexical side counts depends on the question:
a Chinese question shares words with the text; an English one only has the dictionary's
translations, which are noisier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Weights:
    """Tuned on eval/dev.jsonl (see `python -m assistant eval --compare`)."""

    dense: float = 1.0
    whole: float = 0.3  # share of the whole-paragraph similarity in the dense score (rest: best window)
    lexical_zh: float = 0.6
    lexical_en: float = 0.5


def zscore(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    std = float(values.std())
    return (values - values.mean()) / std if std > 1e-9 else np.zeros_like(values)


def dense_scores(whole: np.ndarray, window: np.ndarray, weights: Weights) -> np.ndarray:
    """Blend whole-paragraph and best-window similarity (a window never counts below the whole)."""
    best = np.fmax(window, whole)
    return weights.whole * whole + (1 - weights.whole) * best


def fuse(dense: np.ndarray, lexical: np.ndarray, lang: str, weights: Weights) -> np.ndarray:
    weight = weights.lexical_zh if lang == "zh" else weights.lexical_en
    if not np.any(lexical > 0):
        weight = 0.0
    return weights.dense * zscore(dense) + weight * zscore(lexical)
