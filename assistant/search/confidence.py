"""Telling 'nothing reliable found' from a real match, with thresholds derived per model and corpus.

Similarity levels differ from one embedding model to another, so no constant threshold fits. At
index time we ask a fixed set of probe questions that no UN anti-corruption report answers (other
UN and world topics, everyday questions) and record two levels: how similar their best sentence
window is, and their best BM25 score. A paragraph must clear the probes' level on either side (by a
margin), or come near it while holding most of the question's key terms, to be a strong match
(`relevance.judge`); a question has a reliable match when one of its best RELIABLE_DEPTH paragraphs is
strong. The thresholds are stored with the index and recomputed whenever the index or the model changes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .records import Hit
from .relevance import LEVELS, STRONG, Judgement, Levels

CALIBRATION_FILE = "calibration.json"
CALIBRATION_VERSION = 3

PROBES: dict[str, list[str]] = {
    "zh": [
        "明天北京的天气怎么样？",
        "红烧肉的做法是什么？",
        "2018年世界杯足球赛冠军是哪个国家？",
        "如何用Python读取Excel文件？",
        "太阳系中最大的行星是哪一颗？",
        "高血压患者应该注意哪些饮食问题？",
        "联合国安理会关于叙利亚化学武器的决议内容是什么？",
        "世界卫生组织对新冠疫苗加强针的建议是什么？",
        "世界银行对撒哈拉以南非洲的贷款总额是多少？",
        "联合国难民署2022年统计的难民人数是多少？",
        "巴黎协定规定的全球升温控制目标是多少？",
        "国际劳工组织关于最低工资的公约有哪些？",
        "联合国教科文组织新增了哪些世界遗产？",
        "国际法院对南极捕鲸案的判决结果是什么？",
        "粮农组织对全球粮食价格指数的最新估计是多少？",
        "人权理事会普遍定期审议的程序是怎样的？",
    ],
    "en": [
        "What will the weather be like in London tomorrow?",
        "How do I bake sourdough bread at home?",
        "Which country won the 2018 football World Cup?",
        "How do I read an Excel file in Python?",
        "What is the largest planet in the solar system?",
        "What should people with high blood pressure avoid eating?",
        "What did the Security Council decide about chemical weapons in Syria?",
        "What does the World Health Organization recommend on COVID-19 booster doses?",
        "How much has the World Bank lent to sub-Saharan Africa?",
        "How many refugees did UNHCR count in 2022?",
        "What warming limit does the Paris Agreement set?",
        "Which ILO conventions deal with minimum wages?",
        "Which sites did UNESCO add to the World Heritage List?",
        "What did the International Court of Justice rule in the Antarctic whaling case?",
        "What is the latest FAO food price index?",
        "How does the universal periodic review of the Human Rights Council work?",
    ],
}
DENSE_MARGIN = 0.005
LEXICAL_MARGIN = 1.2
DRIFT = 0.01  # share of the corpus updates may change before the thresholds are derived again
RELIABLE_DEPTH = 3  # a strong paragraph further down than this is not what the answer leads with
# side ("dense", "lexical", "near") -> language -> level. "near": how far under the dense level a paragraph
# holding the whole question still counts as strong (times `relevance.FAR`): the spread of the probes' best
# similarities (their highest minus their median), so it follows the model's scale.
Thresholds = dict[str, dict[str, float]]


Evidence = Callable[[list[str]], list[tuple[float, float]]]  # questions -> (best similarity, best BM25)


def derive_thresholds(evidence: Evidence) -> Thresholds:
    """Per language: the highest probe similarity plus a margin, the highest probe BM25 score times a margin,
    and the spread of the probes' similarities (highest minus median)."""
    thresholds: Thresholds = {"dense": {}, "lexical": {}, "near": {}}
    for lang, questions in PROBES.items():
        dense, lexical = np.array(evidence(questions)).T
        thresholds["dense"][lang] = float(dense.max()) + DENSE_MARGIN
        thresholds["lexical"][lang] = float(lexical.max()) * LEXICAL_MARGIN
        thresholds["near"][lang] = float(dense.max() - np.median(dense))
    return thresholds


def levels(thresholds: Thresholds, lang: str) -> Levels:
    """The levels a strong paragraph of a question in `lang` is measured against."""
    return Levels(thresholds["dense"][lang], thresholds["lexical"][lang], thresholds["near"][lang])


def is_reliable(judgements: list[Judgement]) -> bool:
    """Whether one of the best paragraphs is a strong match."""
    return any(j.level == STRONG for j in judgements[:RELIABLE_DEPTH])


def leading(hits: list[Hit], pinned: np.ndarray) -> list[Hit]:
    """The hits with the best RELIABLE_DEPTH ordered by level (strong, partial, weak; by score within a level):
    an answer called reliable because one of them is strong leads with it, not with a partial one scored a
    little higher. Hits `pinned` first (the question found word for word) stay first; those further down keep
    their places, so the order does not depend on how many hits are asked for."""
    top = sorted(range(min(RELIABLE_DEPTH, len(hits))), key=lambda i: (not pinned[i], LEVELS.index(hits[i].level), i))
    order = top + list(range(len(top), len(hits)))
    return [dataclasses.replace(hits[i], rank=rank) for rank, i in enumerate(order, 1)]


def _saved(path: Path) -> tuple[dict, Thresholds | None]:
    """The calibration file's fields and thresholds ({} and None when it is missing or unreadable)."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        levels = {side: {k: float(v) for k, v in by.items()} for side, by in saved["thresholds"].items()}
        saved["drift"] = int(saved.get("drift", 0))
        return saved, levels
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, None


def load_or_derive(
    index_dir: Path,
    generation: str,
    fingerprint: str,
    evidence: Evidence,
    paragraphs: int = 0,
    changed: int | None = None,
) -> Thresholds:
    """Thresholds for this index generation and model, from the cache file or freshly derived.

    After an update that changed `changed` of the `paragraphs` (added, changed or removed), the thresholds of
    the previous generation are kept while the updates since they were derived add up to at most DRIFT of
    the corpus: the probes' best matches hardly move with one document among many, and deriving them asks
    every probe (seconds at a million paragraphs)."""
    path = index_dir / CALIBRATION_FILE
    stamp = {"version": CALIBRATION_VERSION, "generation": generation, "fingerprint": fingerprint}
    saved, kept = _saved(path)
    if kept is not None and all(saved.get(k) == v for k, v in stamp.items()):
        return kept
    same_model = kept is not None and all(saved.get(k) == stamp[k] for k in ("version", "fingerprint"))
    drift = saved.get("drift", 0) + (changed if changed is not None else paragraphs + 1)
    if same_model and drift <= DRIFT * paragraphs:
        thresholds = kept
    else:
        thresholds, drift = derive_thresholds(evidence), 0
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({**stamp, "drift": drift, "thresholds": thresholds}), encoding="utf-8")
    tmp.replace(path)
    return thresholds
