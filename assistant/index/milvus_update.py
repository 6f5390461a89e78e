"""Keeping a Milvus index in step with the corpus: embed only what changed, insert it, publish, delete the dead.

The same rules as the embedded store's (update.py): a paragraph whose rows hold what it would hold now (its
content hash, and here also its filter fields) is kept; others get new item numbers, are embedded and inserted;
paragraphs no longer in the corpus are left out of the new state. Order of the steps, for a crash at any point:
delete what a crashed update left (rows numbered past the published state), insert, flush, publish the state
(milvus_state.py), delete the rows of items the new state no longer lists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder

from ..collector import resumed
from ..errors import IndexUnusable, from_embeddings
from ..ingest.corpus import Corpus
from ..ingest.documents import Document, Paragraph
from ..text.analyzer import Analyzer, corpus_vocabulary
from ..text.english import DICTIONARY_VERSION, build_dictionary
from . import milvus_state as states
from .dense import SAMPLE
from .generations import writing
from .lexical import VERSION as LEXICAL_VERSION
from .milvus_collections import REBUILD, TEXT_BITS, Collections, terms_field
from .milvus_state import MilvusEntries, MilvusState, Sample, row_hash, sample_hash
from .store import Progress, UpdateReport, is_current, versions
from .tokenize import tokenized
from .update import EMBED_BATCH, _bar, compare
from .windows import content_hash, texts_to_embed

TEXT_BATCH = 2_000  # paragraphs per insert into the text collection
DELETE_BATCH = 10_000  # item numbers per delete expression


def _fields(doc: Document) -> dict:
    return {"doc": doc.id, "year": doc.year or -1, "lang": doc.language or "", "symbol": doc.symbol or ""}


def check_collections(collections: Collections, described: dict | None, model: dict, owner: str) -> None:
    """The collections exist, hold this model's vectors and are filled by this index folder; else why not."""
    where = f"the Milvus collections {collections.name}_* at {collections.uri}"
    if described is None or not described.get("complete"):
        raise IndexUnusable(f"{where} are missing or incomplete; {REBUILD}")
    states.check_model({**described.get("model", {}), "dim": described["dim"]}, model, where)
    if described.get("owner") != owner:
        raise IndexUnusable(
            f"{where} are filled by another index folder (their owner is not this folder's); choose another "
            f"collection (--milvus-collection) or replace them: {REBUILD}"
        )


def update_milvus(
    folder: Path,
    collections: Collections,
    corpus: Corpus,
    encoder: Encoder,
    rebuild: bool = False,
    progress: bool = False,
    on_progress: Progress | None = None,
) -> tuple[MilvusState, UpdateReport]:
    """Bring the Milvus index (state in `folder`, rows in `collections`) in step with `corpus`."""
    corpus.require_documents()
    started = time.perf_counter()
    model = encoder.identity()
    with writing(folder):
        owner = states.owner_of(folder)
        current = None if rebuild else states.load_current(folder, model)
        described = collections.described()
        if rebuild or (current is None and described is None):
            collections.drop()
            collections.create(model, owner, encoder.dim)
            current = None
        else:
            check_collections(collections, described, model, owner)
            if current is None:  # a first build that did not finish: nothing of it was published
                collections.delete("item >= 0", "tid >= 0")
            else:  # what an update that did not finish inserted
                collections.delete(f"item >= {current.next_item}", f"tid >= {current.text_rows[1]}")
        old = current.entries if current else MilvusEntries.empty()

        units = [(p, d) for d in corpus.documents for p in d.paragraphs]
        fields = [_fields(d) for _, d in units]
        hashes = np.array([row_hash(content_hash(p), **f) for (p, _), f in zip(units, fields, strict=True)], "S32")
        compared = compare([para.key for para, _ in units], hashes, old)
        todo, report = compared.todo, compared.report
        files = corpus.hashes
        lexical_current = current is not None and current.manifest.get("lexical_version") == LEXICAL_VERSION
        dictionary_current = current is not None and current.manifest.get("dictionary_version") == DICTIONARY_VERSION
        unchanged = compared.unchanged and current is not None and is_current(current.manifest)
        if current is not None and unchanged and current.files == files:
            report.seconds = time.perf_counter() - started
            return current, report

        next_item = current.next_item if current else 0
        floor, ceiling = current.text_rows if current else (0, 0)
        new_items = np.arange(next_item, next_item + len(todo), dtype=np.int64)
        items = np.empty(len(units), np.int64)
        texts = np.zeros(len(units), np.int32)
        items[compared.kept] = old.items[compared.old]
        texts[compared.kept] = old.texts[compared.old]
        items[todo] = new_items
        sampled = items[np.argsort(sample_hash(items), kind="stable")[:SAMPLE]]
        wanted = set(sampled.tolist())

        todo_units = [units[i] for i in todo]
        have: dict[int, np.ndarray] = {}
        if len(todo):
            counts = _embed(collections, encoder, todo_units, new_items, wanted, have, progress, on_progress)
            texts[todo] = counts
            report.embedded, report.vectors_embedded = len(todo), int(counts.sum())

        if lexical_current:
            vocabulary = sorted(set(current.vocabulary) | corpus_vocabulary(p.search_text for p, _ in todo_units))
            fresh = [(int(new_items[k]), *todo_units[k]) for k in range(len(todo))]
            terms = set(current.terms)
        else:  # made by another version of the analyzer: every paragraph is tokenized again, under new numbers
            vocabulary = sorted(corpus_vocabulary(p.search_text for p, _ in units))
            fresh = [(int(items[i]), *units[i]) for i in range(len(units))]
            terms = set()
            floor = ceiling
        ceiling = _insert_texts(collections, fresh, vocabulary, ceiling, terms)
        collections.flush()

        sample = _sample(collections, current, sampled, have, encoder.dim)
        if dictionary_current and lexical_current and vocabulary == current.vocabulary and not len(todo):
            english = current.english
        else:
            english = build_dictionary(terms, Analyzer(vocabulary))
        entries = MilvusEntries(
            compared.keys,
            [f["doc"] for f in fields],
            hashes,
            items,
            texts,
            np.array([f["year"] for f in fields], np.int64),
            [f["lang"] for f in fields],
        )
        manifest = {
            "model": model,
            "owner": owner,
            "collection": collections.name,
            "files": files,
            **versions(),
            "next_item": int(next_item + len(todo)),
            "text_floor": int(floor),
            "text_ceiling": int(ceiling),
        }
        state = states.publish(folder, manifest, entries, vocabulary, english, sorted(terms), sample)
        dead = np.setdiff1d(old.items, items)
        for start in range(0, len(dead), DELETE_BATCH):
            chunk = f"item in {dead[start : start + DELETE_BATCH].tolist()}"
            collections.delete(chunk, chunk if lexical_current else None)
        if current is not None and not lexical_current:
            collections.delete(None, f"tid < {floor}")
    report.seconds = time.perf_counter() - started
    return state, report


def _embed(
    collections: Collections,
    encoder: Encoder,
    units: Sequence[tuple[Paragraph, Document]],
    items: np.ndarray,
    wanted: set[int],
    have: dict[int, np.ndarray],
    progress: bool,
    on_progress: Progress | None,
) -> np.ndarray:
    """Embed the texts of `units` in batches and insert them as rows of `items`; keep the vectors of the items
    `wanted` (for the sample) in `have`; how many texts each unit has."""
    counts = np.array([len(texts_to_embed(p)) for p, _ in units], np.int32)
    total = int(counts.sum())
    bar = _bar(total) if progress and on_progress is None else None
    done = 0
    if on_progress:
        on_progress(0, total)
    for start in range(0, len(units), EMBED_BATCH):
        batch = units[start : start + EMBED_BATCH]
        per_unit = [texts_to_embed(p) for p, _ in batch]
        with from_embeddings(), resumed():
            vectors = encoder.encode_documents([t for unit in per_unit for t in unit])
        # stored as float16 values, like the embedded store's segments: both stores score the same numbers
        vectors = np.asarray(vectors, np.float16).astype(np.float32)
        rows, at = [], 0
        for (_, doc), texts, item in zip(batch, per_unit, items[start : start + EMBED_BATCH].tolist(), strict=True):
            base = _fields(doc)
            for number in range(len(texts)):
                row = {"id": item << TEXT_BITS | number, "item": item, "whole": number == 0}
                rows.append({**row, **base, "vector": vectors[at + number]})
            if item in wanted:
                have[item] = vectors[at : at + len(texts)]
            at += len(texts)
        collections.insert(rows, [])
        done += at
        if on_progress:
            on_progress(done, total)
        if bar:
            bar.update(at)
    if bar:
        bar.close()
    return counts


def _insert_texts(
    collections: Collections,
    fresh: list[tuple[int, Paragraph, Document]],
    vocabulary: list[str],
    tid: int,
    terms: set[str],
) -> int:
    """Insert one text row per paragraph, numbered from `tid`; add their terms to `terms`; the next number."""
    tokens = tokenized([para.search_text for _, para, _ in fresh], vocabulary)
    rows = []
    for (item, para, doc), words in zip(fresh, tokens, strict=True):
        terms.update(words)
        rows.append({"tid": tid, "item": item, "key": para.key, **_fields(doc), "terms": terms_field(words)})
        tid += 1
        if len(rows) == TEXT_BATCH:
            collections.insert([], rows)
            rows = []
    collections.insert([], rows)
    return tid


def _sample(
    collections: Collections, current: MilvusState | None, sampled: np.ndarray, have: dict[int, np.ndarray], dim: int
) -> Sample:
    """The vectors of the `sampled` items: just embedded, in the previous sample, or else read from Milvus."""
    if current is not None:
        old = current.sample
        starts = np.cumsum(old.counts) - old.counts
        for item, start, count in zip(old.items.tolist(), starts.tolist(), old.counts.tolist(), strict=True):
            have.setdefault(item, np.asarray(old.vectors[start : start + count], np.float32))
    missing = [item for item in sampled.tolist() if item not in have]
    if missing:
        ids, vectors = collections.stored_vectors(missing)
        owners = ids >> TEXT_BITS
        for item in missing:
            have[item] = vectors[owners == item]
    chosen = [have[item] for item in sampled.tolist()]
    if not chosen:
        return Sample.empty(dim)
    return Sample(
        sampled.astype(np.int64),
        np.array([len(v) for v in chosen], np.int32),
        np.concatenate(chosen).astype(np.float16),
    )
