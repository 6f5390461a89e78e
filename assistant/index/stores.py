"""The store a setting names: the embedded one by default (segments in the index folder)."""

from __future__ import annotations

from embeddings.encoder import Encoder

from ..settings import Settings
from .embedded import EmbeddedStore
from .store import Store


def open_store(settings: Settings, encoder: Encoder) -> Store:
    return EmbeddedStore(settings.index_path, encoder)
