"""The segmented BM25 index against bm25s, the reference it replaced: equal scores on a fresh build, and
after deletions, additions and merges equal to a fresh build of what is alive."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from assistant.index import bm25, bm25_kernels
from assistant.index.bm25 import LexicalIndex
from assistant.index.lexical import LexicalSegment
from assistant.text.analyzer import Analyzer

WORDS = (
    "腐败 反腐败 公约 缔约国 审议 资产 追回 举报人 保护 机构 战略 培训 廉正 采购 透明度 体育 青年 教育 司法 合作"
).split()


def _documents(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(WORDS) for _ in range(rng.randint(1, 30))] for _ in range(n)]


def _reference(documents: list[list[str]], query: list[str]) -> np.ndarray:
    model = bm25s.BM25()  # k1 = 1.5, b = 0.75, Lucene's variant: the defaults this index follows
    model.index(documents, show_progress=False)
    return np.asarray(model.get_scores(query), np.float32)


def _index(segments: list[LexicalSegment], alive_items: list[int]) -> LexicalIndex:
    """The index as a snapshot sees it: rows numbered in the order of `alive_items`."""
    row_of = {item: row for row, item in enumerate(alive_items)}
    places = [np.array([row_of.get(int(o), -1) for o in s.owners], np.int64) for s in segments]
    return LexicalIndex.over(segments, places, Analyzer(), {})


def _scores(index: LexicalIndex, query: list[str]) -> np.ndarray:
    """The score of every snapshot row."""
    return index.search(query, 0, None).of(np.arange(index.size))


QUERIES = [["腐败"], ["资产", "追回"], ["举报人", "保护", "保护"], ["不存在的词"], ["体育", "青年", "教育", "廉正"]]


@pytest.mark.parametrize("query", QUERIES)
def test_a_fresh_segment_scores_like_bm25s(tmp_path, query):
    documents = _documents(200, seed=1)
    segment = LexicalSegment.write(tmp_path / "one", range(200), documents)
    scores = _scores(_index([segment], list(range(200))), query)
    assert scores == pytest.approx(_reference(documents, query), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("query", QUERIES)
def test_segments_with_dead_rows_score_like_a_fresh_build_of_what_is_alive(tmp_path, query):
    first, second = _documents(150, seed=2), _documents(60, seed=3)
    segments = [
        LexicalSegment.write(tmp_path / "a", range(150), first),
        LexicalSegment.write(tmp_path / "b", range(150, 210), second),
    ]
    # items 10..59 were deleted or replaced: their rows are dead; the second segment holds the newer texts
    alive = [i for i in range(210) if not 10 <= i < 60]
    texts = {**dict(enumerate(first)), **{150 + i: d for i, d in enumerate(second)}}
    scores = _scores(_index(segments, alive), query)
    assert scores == pytest.approx(_reference([texts[i] for i in alive], query), rel=1e-5, abs=1e-6)
    # merging the live rows into one segment changes nothing
    masks = [np.isin(s.owners, alive) for s in segments]
    merged = LexicalSegment.merge(tmp_path / "merged", list(zip(segments, masks, strict=True)))
    assert len(merged) == len(alive)
    assert _scores(_index([merged], alive), query) == pytest.approx(scores, rel=1e-5, abs=1e-6)


def test_a_segment_survives_a_reload(tmp_path):
    documents = _documents(30, seed=4)
    written = LexicalSegment.write(tmp_path / "s", range(100, 130), documents)
    loaded = LexicalSegment.load(tmp_path / "s")
    assert loaded.terms == written.terms and (loaded.owners == np.arange(100, 130)).all()
    rows, counts = loaded.postings(WORDS[0])
    expected = [(r, d.count(WORDS[0])) for r, d in enumerate(documents) if WORDS[0] in d]
    assert list(zip(rows.tolist(), counts.tolist(), strict=True)) == expected


def _zipf_documents(n: int, seed: int) -> list[list[str]]:
    """Paragraphs whose words are as unevenly common as a language's: w0 in most, w150 in a few."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(200)]
    weights = [1 / (rank + 1) for rank in range(200)]
    return [rng.choices(words, weights, k=rng.randint(5, 40)) for _ in range(n)]


SEARCHED = [["w150", "w3", "w0", "w1"], ["w40", "w2", "w2", "w0", "w5"], ["w90", "w120", "w0"], ["w0", "w1"]]


@pytest.mark.parametrize("query", SEARCHED)
@pytest.mark.parametrize("filtered", [False, True])
@pytest.mark.parametrize("compiled", [False, True])
def test_search_gives_the_best_rows_and_the_statistics_of_bm25s_over_what_is_alive(
    tmp_path, monkeypatch, query, filtered, compiled
):
    """Two segments, rows deleted from the first, a filter: the n best rows, the score of any row, and the mean,
    spread and best of the score over the corpus are those of bm25s on a fresh build of the live paragraphs,
    whether the numba kernels score them (a large corpus) or numpy (a small one)."""
    monkeypatch.setattr(bm25, "COMPILED_FROM", 0 if compiled else 10**9)
    first, second = _zipf_documents(2500, seed=5), _zipf_documents(500, seed=6)
    segments = [
        LexicalSegment.write(tmp_path / "a", range(2500), first),
        LexicalSegment.write(tmp_path / "b", range(2500, 3000), second),
    ]
    alive = [i for i in range(3000) if not 100 <= i < 400]
    full = _reference([(first + second)[i] for i in alive], query)
    allowed = np.arange(len(alive)) % 3 != 0 if filtered else None
    result = _index(segments, alive).search(query, 20, allowed)
    within = full if allowed is None else np.where(allowed, full, 0)
    assert result.scores.tolist() == pytest.approx(np.sort(within)[::-1][:20].tolist(), rel=1e-5)  # best first
    assert result.scores == pytest.approx(full[result.rows], rel=1e-5)
    assert allowed is None or allowed[result.rows].all()
    rows = np.random.default_rng(7).choice(len(alive), 300, replace=False)
    assert result.of(rows) == pytest.approx(full[rows], rel=1e-5, abs=1e-6)
    assert (result.mean, result.std, result.best) == pytest.approx((full.mean(), full.std(), full.max()), rel=1e-5)


@pytest.mark.parametrize("seed", range(6))
def test_the_best_rows_are_found_in_one_pass_however_many_ties_and_filters(seed):
    """The kernel keeps a buffer of 2n and cuts it back to the n best as it fills: with scores drawn from a few
    values (ties at every cut, rarer ones above them) and a filter, it returns the n largest allowed positive
    scores, best first, and the sum, sum of squares and largest of all of them."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 4, 5000) + (rng.random(5000) < 0.02) * rng.integers(4, 12, 5000)  # rarer above 3
    scores = scores.astype(np.float32)
    allowed = rng.random(5000) < 0.7 if seed % 2 else np.zeros(0, bool)
    n = int(rng.integers(1, 40))
    rows, total, squares, largest = bm25_kernels.best(scores, allowed, n)
    eligible = scores[allowed] if len(allowed) else scores
    assert scores[rows].tolist() == np.sort(eligible[eligible > 0])[::-1][:n].tolist()
    assert len(set(rows.tolist())) == len(rows) and (not len(allowed) or allowed[rows].all())
    assert (total, squares, largest) == pytest.approx((scores.sum(), (scores.astype(float) ** 2).sum(), scores.max()))
    assert not len(bm25_kernels.best(np.zeros(10, np.float32), np.zeros(0, bool), 5)[0])
    assert not len(bm25_kernels.best(scores, allowed, 0)[0])


def test_a_large_index_loads_the_compiled_loops_for_the_argument_types_questions_use(tmp_path, monkeypatch):
    """Made beyond COMPILED_FROM, an index loads the kernels at once (not the first question, where importing
    numba in a large process took seconds), for the very types a search then passes: nothing new to compile."""
    monkeypatch.setattr(bm25, "COMPILED_FROM", 0)
    index = _index([LexicalSegment.write(tmp_path / "a", range(50), _documents(50, seed=9))], list(range(50)))
    kinds = {kernel: len(kernel.signatures) for kernel in (bm25_kernels.accumulate, bm25_kernels.best)}
    assert all(kinds.values())
    index.search(["腐败", "保护"], 5, None)
    index.search(["腐败"], 5, np.arange(50) % 2 == 0)
    assert {kernel: len(kernel.signatures) for kernel in kinds} == kinds
