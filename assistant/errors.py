"""The errors a user can meet, under one base class that the command line and the web page catch.

Each carries a `code` so a caller that speaks to people in another language (the web page) can say the
same thing in its own words, and `details` (the values that sentence needs: a file type, a size, a page
count); the message itself is an English sentence saying what to do. A raise site gives a finer code than its
class's where a caller would say something different (`RefusedFile(..., code="too_large", size_mb=…)`).
Errors about the request itself (an empty question, a bad filter, a file that cannot be read) are also
`ValueError`s, errors about the machine's state (a damaged index, a missing model) `RuntimeError`s.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


class AssistantError(Exception):
    """Anything the assistant refuses or cannot do, with a message a user can act on."""

    code = "error"

    def __init__(self, message: str = "", code: str | None = None, **details: object) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.details = details


class InvalidRequest(AssistantError, ValueError):
    """A search or API call with arguments that cannot be used (empty question, k ≤ 0, unknown filter…)."""

    code = "invalid_request"


class NoDocuments(AssistantError, ValueError):
    """The corpus folder holds no readable document yet: nothing to index or search."""

    code = "no_documents"


class CorpusNotFound(AssistantError, FileNotFoundError):
    """The corpus folder does not exist."""

    code = "corpus_not_found"


class UnreadableFile(AssistantError, ValueError):
    """The file is empty, binary, in an unknown encoding, or a format the readers refuse; the message says which.

    A finer `code` says which when a caller needs it: "encoding", "too_large" (a limit of
    assistant/ingest/limits.py), "reader_failed" (a reader broke on the file)."""

    code = "unreadable_file"


class RefusedFile(AssistantError, ValueError):
    """A file was not added to the corpus (type, size, name clash…); the message says why and what to do.

    A finer `code` says which when a caller needs it: "outside_corpus" (a link out of the corpus folder),
    "not_regular" (a device, pipe or folder), "name_clash", "duplicate"."""

    code = "refused_file"


class CatalogError(AssistantError, ValueError):
    """The catalog cannot be used; the message names the file, the line or entry, and the problem."""

    code = "catalog"


class ConfigError(AssistantError, ValueError):
    """A setting (flag, environment variable or un-assistant.toml) has a value that cannot be used."""

    code = "config"


class IndexUnusable(AssistantError, RuntimeError):
    """The index on disk cannot be used (damaged, made by another format); the message names the file and the fix."""

    code = "index_unusable"


class IndexingFailed(AssistantError, RuntimeError):
    """An index update could not finish (a worker process died); the previous index is still the one searched."""

    code = "indexing_failed"


class ModelMismatch(IndexUnusable):
    """The index was built with another embedding model than the one configured."""

    code = "model_mismatch"


class StoreUnreachable(AssistantError, RuntimeError):
    """The store holding the index (a Milvus server, a Milvus Lite file) cannot be reached or refused us;
    the message names the URI and what to check."""

    code = "store_unreachable"


class StoreAccessDenied(StoreUnreachable):
    """The Milvus server refused the credentials (milvus_token)."""

    code = "store_access_denied"


class ModelUnavailable(AssistantError, RuntimeError):
    """The configured embedding model is not on this machine; the message says how to fix it."""

    code = "model_unavailable"


@contextlib.contextmanager
def from_embeddings() -> Iterator[None]:
    """Turn the errors of the model-agnostic `embeddings` package into the assistant's own."""
    from embeddings.errors import EmbeddingsError, IndexDamaged, ModelNotFound, WrongModel

    rebuild = "; rebuild it with: python -m assistant index --rebuild"
    choose = " (choose the model with --model, $UN_ASSISTANT_MODEL or model = … in un-assistant.toml)"
    try:
        yield
    except WrongModel as exc:
        raise ModelMismatch(f"{exc}{rebuild}") from exc
    except IndexDamaged as exc:
        raise IndexUnusable(f"{exc}{rebuild}") from exc
    except ModelNotFound as exc:
        raise ModelUnavailable(f"{exc}{choose}") from exc
    except EmbeddingsError as exc:
        raise AssistantError(str(exc)) from exc
