"""The store a setting names: the embedded one by default (segments in the index folder), or Milvus."""

from __future__ import annotations

from embeddings.encoder import Encoder

from ..settings import Settings
from .embedded import EmbeddedStore
from .store import Store


def open_store(settings: Settings, encoder: Encoder) -> Store:
    if settings.store == "milvus":
        from .milvus import MilvusStore

        return MilvusStore(
            settings.index_path, settings.milvus_path, settings.milvus_token, settings.milvus_collection, encoder
        )
    return EmbeddedStore(settings.index_path, encoder)
