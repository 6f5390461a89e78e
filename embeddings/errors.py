"""Errors of the embeddings package: an unusable index on disk, a missing or different model."""

from __future__ import annotations


class EmbeddingsError(RuntimeError):
    """Base of the errors below; the message says what is wrong and how to fix it."""


class IndexDamaged(EmbeddingsError):
    """The index on disk cannot be used (missing, truncated or corrupt files, another format)."""


class WrongModel(IndexDamaged):
    """The index was built with another embedding model than the one given."""


class ModelNotFound(EmbeddingsError):
    """The model is not on this machine (nothing is downloaded at run time)."""
