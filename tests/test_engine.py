"""The engine beyond the seeds: segments added and merged by updates, an approximate index for large segments,
searches running beside updates. The stand-in encoder (tests/support/hashing_encoder.py) keeps these fast;
the real model's thread safety is checked at the end."""

from __future__ import annotations

import gc
import json
import random
import shutil
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant import Assistant
from assistant.index.generations import load_current

from .support import SEEDS
from .support.hashing_encoder import HashingEncoder
from .support.synthetic import write_corpus

pytestmark = pytest.mark.integration

QUESTIONS = [
    "哪些小岛屿国家得到了制定反腐败战略的帮助？",
    "资产追回 法案",
    "举报人保护",
    "Which countries received help with asset declaration systems?",
    "What did UNODC do on corruption in sport?",
    "体育运动中的腐败",
]


def _open(corpus, index, encoder, **options) -> Assistant:
    return Assistant.open(corpus, index_dir=index, encoder=encoder, progress=False, **options)


def _edit(path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n1. ", f"\n1. 修订{n}：", 1), encoding="utf-8")


def test_updates_add_segments_merge_them_and_rank_like_a_fresh_build(tmp_path):
    encoder = HashingEncoder()
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    planted = write_corpus(corpus, 1500)
    a = _open(corpus, index, encoder)
    for number in range(7):  # seven documents edited one after another: one small segment each, then a merge
        _edit(corpus / f"doc{number:06d}.txt", number)
        report = a.reindex(progress=False)
        assert report.changed == 1 and report.embedded == 1 and report.unchanged == 1499
    manifest = load_current(index, encoder.identity()).manifest
    assert 2 <= len(manifest["vector_segments"]) <= 6 and 2 <= len(manifest["lexical_segments"]) <= 6
    fresh = _open(corpus, tmp_path / "fresh", encoder)
    for question in [*QUESTIONS, *(p.question for p in planted)]:
        ours, theirs = a.search(question, k=10), fresh.search(question, k=10)
        assert [h.paragraph.key for h in ours] == [h.paragraph.key for h in theirs], question
        assert [h.score for h in ours] == pytest.approx([h.score for h in theirs], abs=1e-4)
    for p in planted:
        assert a.search(p.question, k=1)[0].paragraph.key == f"{p.document}#{p.label}"


def test_a_large_segment_is_searched_approximately_and_finds_what_exact_search_finds(tmp_path, monkeypatch):
    import embeddings.segment

    encoder = HashingEncoder()
    corpus = tmp_path / "corpus"
    planted = write_corpus(corpus, 3000)
    exact = _open(corpus, tmp_path / "exact", encoder)
    monkeypatch.setattr(embeddings.segment, "APPROXIMATE_FROM", 2000)
    monkeypatch.setattr(embeddings.segment, "READ_ROWS", 999)  # the rows are read in several chunks
    approximate = _open(corpus, tmp_path / "approximate", encoder)
    assert any(s.ivf is not None for s in approximate._current().state.vectors)
    for p in planted:
        assert approximate.search(p.question, k=1)[0].paragraph.key == f"{p.document}#{p.label}"
    agree = []
    for q in QUESTIONS:
        ours, theirs = ({h.paragraph.key: h for h in a.search(q, k=10)} for a in (approximate, exact))
        agree.append(len(ours.keys() & theirs.keys()))
        for key in ours.keys() & theirs.keys():  # only the candidates are approximate, not the scores
            assert (ours[key].score, ours[key].similarity) == pytest.approx((theirs[key].score, theirs[key].similarity))
    assert sum(agree) / (10 * len(QUESTIONS)) >= 0.9, agree


def test_a_large_index_runs_bm25_beside_the_dense_side_and_answers_as_one_after_the_other(tmp_path, monkeypatch):
    """From bm25.COMPILED_FROM paragraphs a question's BM25 side runs in a second thread while this one finds the
    nearest paragraphs and reads their vectors (read beforehand, not again): the answers are those of the two
    sides one after the other, with and without a filter."""
    from assistant.index import bm25

    monkeypatch.setattr(bm25, "COMPILED_FROM", 0)
    corpus = tmp_path / "corpus"
    planted = write_corpus(corpus, 1200)
    a = _open(corpus, tmp_path / "index", HashingEncoder())
    retriever = a._current().retriever
    assert retriever.side_by_side
    asked = [(q, None) for q in [*QUESTIONS, *(p.question for p in planted)]] + [(QUESTIONS[0], ["doc000002"])]
    beside = [a.ask(q, k=10, documents=documents) for q, documents in asked]
    retriever.side_by_side = False
    for turn, (question, documents) in zip(beside, asked, strict=True):
        alone = a.ask(question, k=10, documents=documents)
        assert [h.paragraph.key for h in turn.hits] == [h.paragraph.key for h in alone.hits], question
        assert [h.score for h in turn.hits] == pytest.approx([h.score for h in alone.hits])
        assert [h.similarity for h in turn.hits] == pytest.approx([h.similarity for h in alone.hits])
        assert [h.judgement for h in turn.hits] == [h.judgement for h in alone.hits]
        assert turn.confident == alone.confident
    assert {h.document.id for h in beside[-1].hits} == {"doc000002"}


def test_filters_are_applied_inside_retrieval(tmp_path):
    encoder = HashingEncoder()
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 600)
    a = _open(corpus, tmp_path / "index", encoder)
    # one document among six: its paragraphs are rarely among the best overall, yet k of them come back
    hits = a.search("反腐败战略", k=40, documents=["doc000003"])
    assert len(hits) == 40 and {h.document.id for h in hits} == {"doc000003"}


def test_a_replaced_snapshot_is_freed_when_no_search_holds_it(tmp_path):
    """Without a garbage collection: a snapshot kept alive by a reference cycle stays in memory until one runs
    (at a million paragraphs each re-index left ~350 MB behind, 5.0 -> 6.5 GB over four)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 300)
    a = _open(corpus, tmp_path / "index", HashingEncoder())
    collecting = gc.isenabled()
    gc.disable()
    try:
        for question in QUESTIONS:  # Chinese and English questions: every cache a snapshot fills
            a.ask(question)
        replaced = weakref.ref(a._current())
        _edit(corpus / "doc000001.txt", 1)
        a.reindex(progress=False)
        assert replaced() is None
    finally:
        if collecting:
            gc.enable()


def test_an_update_keeps_the_key_strings_of_the_paragraphs_it_keeps(tmp_path):
    """One string per paragraph across generations: while a re-index builds the new state beside the one searches
    use, a million paragraphs' keys made again took ~60 MB more (bench_scale.py --reindexes)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 300)
    a = _open(corpus, tmp_path / "index", HashingEncoder())
    before = a._current()
    _edit(corpus / "doc000001.txt", 1)
    a.reindex(progress=False)
    after = a._current()
    old = {key: key for key in before.state.entries.keys}
    shared = [key is old.get(key) for key in after.state.entries.keys]
    assert len(shared) == len(old) and sum(shared) == len(old) - 1  # all but the edited paragraph's
    assert sum(after.state.held(p.key) is old[p.key] for p, _ in after.units) == len(old) - 1


def test_searches_beside_repeated_deletions_and_additions(tmp_path):
    encoder = HashingEncoder()
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".index"))
    a = _open(corpus, index, encoder)
    removed_id, removed = "004_b3e6555703f58ac3", corpus / "004_b3e6555703f58ac3.txt"
    kept = removed.read_bytes()
    without: set[str] = set()  # generations in which the document was deleted
    errors: list[BaseException] = []
    checked = [0]
    stop = threading.Event()

    def search(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                turn = a.ask(rng.choice(QUESTIONS), k=10)
                for hit in turn.hits:
                    printed = hit.document.paragraph(hit.paragraph.label)
                    assert printed.text == hit.paragraph.text and printed.citation == hit.citation
                    assert not (turn.generation in without and hit.document.id == removed_id), turn.generation
                checked[0] += 1
            except BaseException as exc:  # every failure counts, whatever its kind
                errors.append(exc)
                return

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(search, seed) for seed in range(6)]
        for _ in range(8):
            removed.unlink()
            a.reindex(progress=False)
            without.add(a._current().state.name)
            time.sleep(0.05)
            removed.write_bytes(kept)
            a.reindex(progress=False)
            time.sleep(0.05)
        stop.set()
        for future in futures:
            future.result()
    assert not errors, errors[:3]
    assert checked[0] > 50


def test_the_real_query_encoder_answers_threads_as_it_answers_one(assistant):
    questions = [json.loads(line)["question"] for line in (SEEDS.parent / "eval" / "dev.jsonl").open()][:24]

    def keys(question: str) -> list[str]:
        return [h.paragraph.key for h in assistant.search(question, k=5)]

    alone = {q: keys(q) for q in questions}
    with ThreadPoolExecutor(4) as pool:
        together = dict(zip(questions, pool.map(keys, questions), strict=True))
    assert together == alone
    assert np.isfinite([h.score for q in questions[:3] for h in assistant.search(q)]).all()
