"""The Milvus store against the real engine (Milvus Lite 2.5, embedded): the same answers as the embedded store,
incremental updates, filters inside Milvus, the model guard, clear errors, and a crash in the middle of an
update. Most tests use the hashing stand-in encoder (tests/support/hashing_encoder.py); the comparison with the
embedded store uses the real model's vectors of the seed index."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant
from assistant.errors import ConfigError, IndexUnusable, ModelMismatch, StoreAccessDenied, StoreUnreachable
from assistant.settings import Settings

from .support import DEV, ROOT, SEEDS
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
REMOVED = "004_b3e6555703f58ac3"


def _settings(corpus: Path, index: Path, **more) -> Settings:
    return Settings.resolve({"corpus": corpus, "index_dir": index, "store": "milvus", **more}, environ={})


def _open(corpus: Path, index: Path, encoder, **options) -> Assistant:
    more = {k: options.pop(k) for k in list(options) if k.startswith("milvus_")}
    return Assistant.open(settings=_settings(corpus, index, **more), encoder=encoder, progress=False, **options)


def _close(*assistants: Assistant) -> None:
    for a in assistants:
        a.store.close()


def _rows(a: Assistant) -> tuple[int, int]:
    """Rows in Milvus: vectors, paragraphs."""
    return a.store.collections.counts()


@pytest.fixture(scope="module")
def hashed(tmp_path_factory):
    """The seeds indexed in Milvus Lite with the stand-in encoder, built once; tests change copies of it."""
    root = tmp_path_factory.mktemp("milvus-hashed")
    shutil.copytree(SEEDS, root / "corpus", ignore=shutil.ignore_patterns(".index"))
    a = _open(root / "corpus", root / "index", HashingEncoder())
    _close(a)
    return root


@pytest.fixture
def hashed_copy(hashed, tmp_path):
    shutil.copytree(hashed / "corpus", tmp_path / "corpus")
    shutil.copytree(hashed / "index", tmp_path / "index", ignore=shutil.ignore_patterns("lock", ".*.lock"))
    yield tmp_path


# -- the same answers as the embedded store -------------------------------------------------------------------------
class Replay:
    """The real model, except that document texts get the vectors the seed index already holds (the Milvus
    index is then built in seconds, with exactly the vectors the embedded store searches)."""

    def __init__(self, encoder, index: Path, corpus) -> None:
        from assistant.index.generations import load_current
        from assistant.index.windows import texts_to_embed

        self.encoder = encoder
        self.dim, self.fingerprint, self.query_fingerprint = encoder.dim, encoder.fingerprint, encoder.query_fingerprint
        generation = load_current(index, encoder.identity())
        self.known: dict[str, np.ndarray] = {}
        for para in corpus.paragraphs:
            item = generation.entries.items[generation.entries.position[para.key]]
            for segment in generation.vectors:
                rows = np.flatnonzero(segment.owners == item)
                if len(rows):
                    vectors = segment.stored(rows)
                    self.known.update(zip(texts_to_embed(para), vectors, strict=True))

    def identity(self) -> dict:
        return self.encoder.identity()

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.stack([self.known[t] if t in self.known else self.encoder.encode_documents([t])[0] for t in texts])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode_queries(texts)


@pytest.fixture(scope="module")
def on_milvus(tmp_path_factory, seed_index, encoder, assistant):
    root = tmp_path_factory.mktemp("milvus-real")
    replay = Replay(encoder, seed_index / "index", assistant.corpus)
    a = _open(seed_index / "corpus", root / "index", replay)
    yield a
    _close(a)


def test_seeds_on_milvus_rank_like_the_embedded_store(on_milvus, assistant):
    dev = [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert on_milvus.index_info() == assistant.index_info()
    for question in [*QUESTIONS, *dev]:
        ours, theirs = on_milvus.ask(question, k=10), assistant.ask(question, k=10)
        assert [h.paragraph.key for h in ours.hits] == [h.paragraph.key for h in theirs.hits], question
        assert [h.score for h in ours.hits] == pytest.approx([h.score for h in theirs.hits], abs=1e-3), question
        assert [h.similarity for h in ours.hits] == pytest.approx([h.similarity for h in theirs.hits], abs=1e-4)
        assert ours.confident == theirs.confident, question
    # a follow-up is searched with the previous question, and the filters give the same rows
    first = on_milvus.ask("哪些小岛屿国家得到了制定反腐败战略的帮助？")
    ours = on_milvus.ask("那2023年呢？", history=[first], years=[2023])
    theirs = assistant.ask("那2023年呢？", history=[first], years=[2023])
    assert ours.follow_up and [h.paragraph.key for h in ours.hits] == [h.paragraph.key for h in theirs.hits]


def test_bm25_in_milvus_scores_as_the_embedded_postings(on_milvus, assistant):
    for question in QUESTIONS:
        terms = assistant.query_terms(question)
        assert on_milvus.query_terms(question) == terms
        theirs = assistant._current().retriever.lexical(terms, 50, None)
        ours = on_milvus._current().retriever.lexical(terms, 50, None)
        assert ours.best == pytest.approx(theirs.best, rel=1e-5)
        assert (ours.mean, ours.std) == pytest.approx((theirs.mean, theirs.std), rel=1e-4)
        rows = np.arange(len(assistant._current().units))
        assert ours.of(rows) == pytest.approx(theirs.of(rows), rel=1e-4, abs=1e-6)


# -- incremental updates --------------------------------------------------------------------------------------------
def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_edited_paragraph_is_embedded_alone_and_a_deleted_document_is_gone(hashed_copy):
    corpus, index = hashed_copy / "corpus", hashed_copy / "index"
    a = _open(corpus, index, HashingEncoder())
    assert a.last_update is None and not a.is_stale()
    report = a.reindex(progress=False)
    assert report.embedded == 0 and report.unchanged == 473 and report.added == report.changed == report.removed == 0
    _edit(corpus / "000_f8be4dd885aa960f.txt", "莫桑比克通过了资产追回法案", "莫桑比克通过了关于企鹅观测站透明度的法案")
    report = a.reindex(progress=False)
    assert report.embedded == 1 and report.changed == 1 and report.added == 0 and report.removed == 0
    top = a.search("企鹅观测站", k=1)[0]
    assert top.paragraph.key == "000_f8be4dd885aa960f#5" and "企鹅观测站" in top.paragraph.text
    assert _rows(a) == (a.index_info().vectors, 473)  # the old rows of the paragraph are deleted

    (corpus / f"{REMOVED}.txt").unlink()
    report = a.reindex(progress=False)
    assert report.removed == 63 and report.embedded == 0
    assert _rows(a) == (a.index_info().vectors, 410)
    # the file comes back without a re-index: nothing of it is left in Milvus to be found
    shutil.copy(SEEDS / f"{REMOVED}.txt", corpus)
    _close(a)
    b = _open(corpus, index, HashingEncoder())
    assert b.is_stale()
    for question in ["哪个观察员国派代表出席了2022年11月的审议组续会？", "安道尔", "实施情况审议组 续会"]:
        assert all(h.paragraph.doc_id != REMOVED for h in b.search(question, k=20))
    report = b.reindex(progress=False)
    assert report.added == 63 and report.embedded == 63 and report.unchanged == 410
    assert b.search("安道尔", k=1)[0].paragraph.doc_id == REMOVED
    _close(b)


def test_filters_are_applied_inside_milvus(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 600)
    sentences = [
        "The Office assisted States in drafting national anti-corruption strategies and action plans.",
        "Asset declaration systems were reviewed in several small island developing States.",
        "Training on whistle-blower protection was delivered to prosecutors and judges.",
        "The anti-corruption strategy of each State was discussed with civil society and the private sector.",
    ]
    paragraphs = [f"{n}. {sentences[n % 4]} Paragraph {n} of the English report." for n in range(1, 31)]
    header = "Conference of the States Parties to the United Nations Convention against Corruption\n\n"
    shared = (corpus / "doc000000.txt").read_text(encoding="utf-8").splitlines()[3]  # a Chinese document's date
    text = header + f"Distr.: General\n{shared}\n\nEnglish report on strategies\n\n" + "\n\n".join(paragraphs)
    (corpus / "english-report.txt").write_text(text + "\n", encoding="utf-8")
    a = _open(corpus, tmp_path / "index", HashingEncoder())
    # one document among six: its paragraphs are rarely among the best overall, yet k of them come back
    hits = a.search("反腐败战略", k=40, documents=["doc000003"])
    assert len(hits) == 40 and {h.document.id for h in hits} == {"doc000003"}
    snapshot = a._current()
    retriever = snapshot.retriever
    where = retriever._where(snapshot.allowed({"doc000003"}, None), "")
    assert where == ' and doc in ["doc000003"]'
    year = a.documents[2].year
    mask = snapshot.allowed(None, {year})
    assert retriever._where(mask, "") == f" and year in [{year}]"
    hits = a.search("反腐败战略", k=30, years=[year])
    assert len(hits) == 30 and {h.document.year for h in hits} == {year}
    # by language: the one English document, among Chinese ones that match the question better
    english = a.corpus.document("english-report")
    assert english.language == "en" and a.documents[0].language == "zh"
    mask = snapshot.allowed(None, None, {"en"})
    assert retriever._where(mask, "") == ' and lang in ["en"]'
    assert "english-report" not in {h.document.id for h in a.search("反腐败战略", k=30)}
    hits = a.search("反腐败战略", k=10, languages=["en"])
    assert len(hits) == 10 and {h.document.id for h in hits} == {"english-report"}
    # years the English document shares with a Chinese one, and a language: both conditions, in Milvus
    years = sorted({english.year, year})
    mask = snapshot.allowed(None, set(years), {"zh"})
    assert retriever._where(mask, "") == f' and year in {years} and lang in ["zh"]'
    hits = a.search("反腐败战略", k=20, years=years, languages="zh")
    assert (
        len(hits) == 20
        and {h.document.language for h in hits} == {"zh"}
        and {h.document.year for h in hits} <= {*years}
    )
    # rows no expression on the fields selects exactly are listed by item
    one = snapshot.allowed({"doc000003"}, None)
    one[np.flatnonzero(one)[0]] = False
    assert retriever._where(one, "").startswith(" and item in [")
    # a closed store (its Milvus Lite file let go for another process) connects again when next searched
    _close(a)
    assert {h.document.id for h in a.search("反腐败战略", k=5, languages=["en"])} == {"english-report"}
    _close(a)


# -- the model guard and errors -------------------------------------------------------------------------------------
class NarrowEncoder(HashingEncoder):
    dim = 256

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = super()._encode(texts)[:, :256]
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_a_collection_built_with_another_model_or_dimension_is_refused(hashed_copy, tmp_path):
    corpus, index = hashed_copy / "corpus", hashed_copy / "index"
    with pytest.raises(ModelMismatch, match="--rebuild"):
        _open(corpus, index, HashingEncoder(seed=1))
    with pytest.raises(ModelMismatch, match="256"):
        _open(corpus, index, NarrowEncoder())
    # another index folder pointed at the same collections: the model guard holds there too…
    uri = str(index / "milvus" / "milvus.db")
    with pytest.raises(ModelMismatch):
        _open(corpus, tmp_path / "other", HashingEncoder(seed=1), milvus_uri=uri)
    # …and with the right model it does not take over rows another folder's state lists
    with pytest.raises(IndexUnusable, match="another index folder"):
        _open(corpus, tmp_path / "other", HashingEncoder(), milvus_uri=uri)
    # a rebuild replaces the collections, and the old model's folder is then refused
    rebuilt = _open(corpus, index, NarrowEncoder(), rebuild=True)
    assert rebuilt.search("反腐败", k=1) and rebuilt.index_info().model == NarrowEncoder.name
    _close(rebuilt)
    with pytest.raises(ModelMismatch):
        _open(corpus, index, HashingEncoder())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_milvus_and_refused_credentials_are_clear_errors(hashed_copy, monkeypatch):
    import assistant.index.milvus_collections as collections

    monkeypatch.setattr(collections, "CONNECT_TIMEOUT", 2.0)
    uri = f"http://127.0.0.1:{_free_port()}"
    started = time.perf_counter()
    with pytest.raises(StoreUnreachable, match=r"cannot reach Milvus at http://127\.0\.0\.1") as info:
        _open(hashed_copy / "corpus", hashed_copy / "index", HashingEncoder(), milvus_uri=uri)
    assert "--milvus-uri" in str(info.value) and time.perf_counter() - started < 15
    # a Milvus Lite file another process has open
    db = hashed_copy / "index" / "milvus" / "milvus.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from pymilvus import MilvusClient; MilvusClient({str(db)!r}); print(1, flush=True); "
         "import time; time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "1"
        with pytest.raises(StoreUnreachable, match="another process"):
            _open(hashed_copy / "corpus", hashed_copy / "index", HashingEncoder())
    finally:
        holder.kill()
        holder.wait()
    # what a server says to a wrong token becomes an error naming the setting
    from pymilvus import MilvusException

    with pytest.raises(StoreAccessDenied, match="milvus_token"), collections.calls("http://milvus:19530", "connect"):
        raise MilvusException(1800, "auth check failure, please check username, password or API key is correct")
    # …and what gRPC says to a search (the store's searches go through the client's connection without its wrapper)
    import grpc

    class Refused(grpc.RpcError):
        def __init__(self, code):
            self._code = code

        def code(self):
            return self._code

        def details(self):
            return "refused"

    said = {grpc.StatusCode.UNAUTHENTICATED: StoreAccessDenied, grpc.StatusCode.UNAVAILABLE: StoreUnreachable}
    for code, error in said.items():
        with pytest.raises(error, match="http://milvus:19530") as info, collections.calls("http://milvus:19530", "x"):
            raise collections._milvus_error(Refused(code))
        assert type(info.value) is error


def test_store_settings_resolve_like_the_others(tmp_path, monkeypatch):
    for name in ("STORE", "MILVUS_URI", "MILVUS_COLLECTION", "CONFIG"):
        monkeypatch.delenv(f"UN_ASSISTANT_{name}", raising=False)
    monkeypatch.chdir(tmp_path)
    default = Settings.resolve()
    assert default.store == "embedded" and default.milvus_path == str(Path("seeds/.index/milvus/milvus.db"))
    (tmp_path / "un-assistant.toml").write_text('store = "milvus"\nmilvus_collection = "un_docs"\n', encoding="utf-8")
    assert (Settings.resolve().store, Settings.resolve().milvus_collection) == ("milvus", "un_docs")
    monkeypatch.setenv("UN_ASSISTANT_MILVUS_URI", "http://milvus.example:19530")
    assert Settings.resolve().milvus_path == "http://milvus.example:19530"
    assert Settings.resolve({"store": "embedded"}).store == "embedded"
    with pytest.raises(ConfigError, match="store must be one of embedded, milvus"):
        Settings.resolve({"store": "faiss"})
    with pytest.raises(ConfigError, match="milvus_collection"):
        Settings.resolve({"milvus_collection": "un-docs"})


def test_milvus_is_loaded_only_when_the_milvus_store_is_used():
    code = (
        "import sys\nfrom assistant.index.stores import open_store\nfrom assistant.settings import Settings\n"
        "from tests.support.hashing_encoder import HashingEncoder\n"
        "open_store(Settings.resolve({'store': 'milvus'}, environ={}), HashingEncoder())\n"
        "a = __import__('assistant').Assistant\n"
        "assert not [m for m in sys.modules if m.startswith(('pymilvus', 'milvus_lite'))], 'loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


# -- a crash in the middle of an update -----------------------------------------------------------------------------
# Runs an update of the Milvus index stopped at a chosen point: after the first rows are inserted, or with every
# row inserted and flushed but the state not yet published. It announces it in the file named first, then waits to
# be killed.
STOPPED = """
import sys, time
from pathlib import Path
import assistant.index.milvus_collections as collections
import assistant.index.milvus_state as states
from assistant import Assistant
from assistant.settings import Settings
from tests.support.hashing_encoder import HashingEncoder
signal, where, corpus, index = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def stop(*args, **kwargs):
    signal.touch()
    time.sleep(600)
if where == "inserting":
    insert = collections.Collections.insert
    def inserting(self, vectors, texts):
        insert(self, vectors, texts)
        stop()
    collections.Collections.insert = inserting
else:
    states.publish = stop
settings = Settings.resolve({"corpus": corpus, "index_dir": index, "store": "milvus"}, environ={})
Assistant.open(settings=settings, encoder=HashingEncoder(), progress=False, refresh=True)
"""


def _answers_from_the_previous_state(corpus: Path, index: Path) -> Assistant:
    a = _open(corpus, index, HashingEncoder())
    assert a.search("莫桑比克 资产追回法案", k=1)[0].paragraph.key == "000_f8be4dd885aa960f#5"
    assert not any("企鹅观测站" in h.paragraph.text for h in a.search("企鹅观测站", k=10))
    for hit in a.search("安道尔 审议组续会", k=10):  # every hit is a whole paragraph of the previous state
        assert hit.document.paragraph(hit.paragraph.label).text == hit.paragraph.text
    return a


@pytest.mark.slow
@pytest.mark.parametrize("where", ["inserting", "publishing"])
def test_a_crash_in_the_middle_of_an_update_leaves_the_previous_state_answering(hashed_copy, where):
    corpus, index = hashed_copy / "corpus", hashed_copy / "index"
    _edit(corpus / "000_f8be4dd885aa960f.txt", "莫桑比克通过了资产追回法案", "莫桑比克通过了关于企鹅观测站透明度的法案")
    (corpus / f"{REMOVED}.txt").unlink()
    signal_file = hashed_copy / "stopped"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", STOPPED, str(signal_file), where, str(corpus), str(index)], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 120
    while not signal_file.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert signal_file.exists(), "the update never reached the point"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)  # Milvus Lite's server process ends when the killed one's file lock is released

    a = _answers_from_the_previous_state(corpus, index)
    if where == "publishing":  # every row of the crashed update is in Milvus, flushed, and no search sees it
        vectors, paragraphs = _rows(a)
        assert paragraphs == 474 and vectors > a.index_info().vectors
    report = a.reindex(progress=False)  # a later update completes and deletes what the crashed one left
    assert report.changed == 1 and report.removed == 63 and report.embedded == 1
    assert _rows(a) == (a.index_info().vectors, 410)
    assert a.search("企鹅观测站", k=1)[0].paragraph.key == "000_f8be4dd885aa960f#5"
    assert all(h.paragraph.doc_id != REMOVED for h in a.search("安道尔 审议组续会", k=20))
    states = [p.name for p in (index / "milvus").iterdir() if p.name.startswith("mgen-")]
    assert states == [(index / "milvus" / "CURRENT").read_text().strip()]
    _close(a)
