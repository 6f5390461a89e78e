"""A cheap stand-in for the embedding model, for scale tests and benchmarks only.

Embedding a million paragraphs with the real model would take about 18 hours on 2 cores (~15 paragraphs/s),
so scale runs use this encoder instead: the character unigrams and bigrams of a text hashed into buckets,
each bucket a fixed random direction, summed and normalised. Texts that share words get similar vectors, so
an approximate vector index meets the same kind of structure as with real embeddings; what it does not
measure is the quality of the model. It has the interface of `embeddings.encoder.Encoder` that the index uses.
"""

from __future__ import annotations

import numpy as np

BUCKETS = 1 << 15  # _buckets keeps the top 15 bits of a multiplicative hash


class HashingEncoder:
    """Deterministic 384-dimensional bag-of-character-n-grams vectors (see the module docstring)."""

    name = "hashing stand-in (benchmarks only)"
    dim = 384
    prompts: dict[str, str] = {}  # noqa: RUF012 - the same attribute as the real encoder's

    def __init__(self, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self._directions = rng.standard_normal((BUCKETS, self.dim)).astype(np.float32)
        self.fingerprint = f"hashing-{seed}-{BUCKETS}"
        self.query_fingerprint = self.fingerprint

    def identity(self) -> dict:
        return {"name": self.name, "fingerprint": self.fingerprint, "dim": self.dim, "prompts": self.prompts}

    @staticmethod
    def _buckets(text: str) -> np.ndarray:
        points = np.frombuffer(text.encode("utf-32-le"), np.uint32).astype(np.uint64)
        grams = np.concatenate([points, points[:-1] * np.uint64(1_000_003) + points[1:] + np.uint64(1 << 40)])
        return ((grams * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - 15)).astype(np.int64)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            if text:
                out[row] = self._directions[self._buckets(text)].sum(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(list(texts))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts))
