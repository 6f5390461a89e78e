"""The Milvus side of the Milvus store: connecting, its two collections, and the calls the store makes.

The only module that imports pymilvus (and Milvus Lite), and only when the Milvus store is used.

    NAME_vectors   one row per embedded text (a paragraph's whole text, its sentence windows, its footnotes):
                   id = item << 20 | text number (0: the whole text), item, whole, doc, year, lang, symbol, vector
    NAME_text      one row per paragraph, for BM25: tid (its own number: a new analyzer writes new rows),
                   item, key, doc, year, lang, symbol, terms (the project's analyzer output joined by spaces,
                   read by Milvus's whitespace analyzer), sparse (Milvus's BM25 function of terms)

Two collections, not one: a paragraph has several vectors but one BM25 document, and empty texts on the window
rows would count in Milvus's BM25 statistics (number of documents, average length). Both collections carry the
filter fields, so filters are applied inside Milvus. Their description records the model and the owner (the
index folder whose state lists their rows). Reads are strongly consistent: a state published after an insert
sees its rows.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ..errors import IndexUnusable, StoreAccessDenied, StoreUnreachable
from .bm25 import K1, B

with warnings.catch_warnings():  # milvus-lite imports pkg_resources, which warns that it is deprecated
    warnings.simplefilter("ignore")
    import grpc
    from pymilvus import DataType, Function, FunctionType, MilvusClient, MilvusException
    from pymilvus.client.prepare import Prepare
    from pymilvus.client.utils import check_status

FORMAT = 1
TEXT_BITS = 20  # a vector's id: item << TEXT_BITS | its number among the item's texts
MAX_TERMS_BYTES = 65_535  # Milvus's longest VARCHAR; longer term lists are cut at a term boundary
MAX_LIMIT = 16_384  # Milvus's largest top-k
CONNECT_TIMEOUT = 10.0  # seconds
SEARCH_TIMEOUT = 60.0  # seconds
CONSISTENCY = "Strong"
FIELDS = ("doc", "year", "lang", "symbol")
REBUILD = "rebuild it with: python -m assistant index --store milvus --rebuild"

logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # its errors reach the user as ours, said once


def is_local(uri: str) -> bool:
    return urlparse(uri).scheme.lower() not in ("http", "https", "tcp", "grpc", "unix")


@contextlib.contextmanager
def calls(uri: str, what: str) -> Iterator[None]:
    """Milvus's errors as the assistant's: unreachable, refused credentials, or a failed operation."""
    try:
        yield
    except MilvusException as exc:
        message = str(getattr(exc, "message", exc))
        code = getattr(exc, "code", None)
        if code == 1800 or "auth" in message.lower() or "UNAUTHENTICATED" in message or "denied" in message.lower():
            raise StoreAccessDenied(
                f"Milvus at {uri} refused the credentials ({message}); check milvus_token "
                "(--milvus-token, $UN_ASSISTANT_MILVUS_TOKEN): 'user:password' or an API key"
            ) from None
        if code == 2 or "server unavailable" in message or "Fail connecting" in message:
            raise StoreUnreachable(
                f"cannot reach Milvus at {uri} ({message}); is the server running, and is the URI right "
                "(--milvus-uri, $UN_ASSISTANT_MILVUS_URI)?"
            ) from None
        if "Open local milvus failed" in message:
            raise StoreUnreachable(
                f"cannot open the Milvus Lite file {uri}: another process has it open (Milvus Lite serves one "
                "process at a time; stop it, or use a Milvus server for several processes)"
            ) from None
        raise IndexUnusable(f"Milvus at {uri} failed to {what} ({message})") from None


class Collections:
    """The two collections of one store, through one client."""

    def __init__(self, uri: str, token: str | None, name: str) -> None:
        self.uri, self.name, self.token = uri, name, token
        self.vectors, self.text = f"{name}_vectors", f"{name}_text"
        if is_local(uri):
            path = Path(uri)
            if path.suffix != ".db":
                raise StoreUnreachable(f"a Milvus Lite URI is a file ending in .db, not {uri}")
            path.parent.mkdir(parents=True, exist_ok=True)
        self._connecting = threading.Lock()
        self._client: MilvusClient | None = None
        self.client  # noqa: B018 - connect now: an unreachable server is said when the store opens

    @property
    def client(self) -> MilvusClient:
        """The connection, made again on first use after `close()`."""
        with self._connecting:
            if self._client is None:
                with calls(self.uri, "connect"):
                    self._client = MilvusClient(uri=self.uri, token=self.token or "", timeout=CONNECT_TIMEOUT)
            return self._client

    def close(self) -> None:
        """Let the connection go (and a Milvus Lite file: another process may then open it); the next call
        connects again."""
        with self._connecting:
            if self._client is None:
                return
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None
            if is_local(self.uri):
                from milvus_lite.server_manager import server_manager_instance

                server_manager_instance.release_server(self.uri)

    # -- the collections ------------------------------------------------------------
    def described(self) -> dict | None:
        """What the vectors collection records (model, owner, dimension), or None when it does not exist."""
        with calls(self.uri, "describe the collections"):
            if not self.client.has_collection(self.vectors):
                return None
            info = self.client.describe_collection(self.vectors)
            has_text = self.client.has_collection(self.text)
        try:
            described = json.loads(info["description"])
            dim = next(f["params"]["dim"] for f in info["fields"] if f["name"] == "vector")
        except (ValueError, KeyError, StopIteration, TypeError):
            raise IndexUnusable(
                f"the Milvus collection {self.vectors} at {self.uri} was not made by this program; choose another "
                f"collection (--milvus-collection) or {REBUILD}"
            ) from None
        return {**described, "dim": int(dim), "complete": has_text}

    def create(self, model: dict, owner: str, dim: int) -> None:
        description = json.dumps({"format": FORMAT, "owner": owner, "model": model}, ensure_ascii=False)
        with calls(self.uri, "create the collections"):
            schema = self.client.create_schema(auto_id=False, description=description)
            schema.add_field("id", DataType.INT64, is_primary=True)
            schema.add_field("item", DataType.INT64)
            schema.add_field("whole", DataType.BOOL)
            self._filter_fields(schema)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
            index = self.client.prepare_index_params()
            index.add_index(field_name="vector", index_type=self._vector_index(), metric_type="IP")
            self.client.create_collection(
                self.vectors, schema=schema, index_params=index, consistency_level=CONSISTENCY
            )
            schema = self.client.create_schema(auto_id=False, description=description)
            schema.add_field("tid", DataType.INT64, is_primary=True)
            schema.add_field("item", DataType.INT64)
            schema.add_field("key", DataType.VARCHAR, max_length=1024)
            self._filter_fields(schema)
            analyzer = {"tokenizer": "whitespace"}
            schema.add_field(
                "terms", DataType.VARCHAR, max_length=MAX_TERMS_BYTES, enable_analyzer=True, analyzer_params=analyzer
            )
            schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(
                Function(
                    name="bm25",
                    function_type=FunctionType.BM25,
                    input_field_names=["terms"],
                    output_field_names=["sparse"],
                )
            )
            index = self.client.prepare_index_params()
            index.add_index(
                field_name="sparse",
                index_type="SPARSE_INVERTED_INDEX",
                metric_type="BM25",
                params={"bm25_k1": K1, "bm25_b": B},
            )
            self.client.create_collection(self.text, schema=schema, index_params=index, consistency_level=CONSISTENCY)

    def _vector_index(self) -> str:
        """Milvus Lite searches exactly (FLAT); a server builds its own (AUTOINDEX: HNSW or what it chooses)."""
        return "FLAT" if is_local(self.uri) else "AUTOINDEX"

    @staticmethod
    def _filter_fields(schema) -> None:
        schema.add_field("doc", DataType.VARCHAR, max_length=1024)
        schema.add_field("year", DataType.INT64)
        schema.add_field("lang", DataType.VARCHAR, max_length=16)
        schema.add_field("symbol", DataType.VARCHAR, max_length=256)

    def drop(self) -> None:
        with calls(self.uri, "drop the collections"):
            for name in (self.vectors, self.text):
                self.client.drop_collection(name)

    def counts(self) -> tuple[int, int]:
        """Rows in the vectors and the text collection (deleted ones excluded)."""
        with calls(self.uri, "count rows"):
            return tuple(
                int(self.client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"])
                for name in (self.vectors, self.text)
            )

    # -- writing ----------------------------------------------------------------------
    def insert(self, vectors: list[dict], texts: list[dict]) -> None:
        with calls(self.uri, "insert rows"):
            if vectors:
                self.client.insert(self.vectors, vectors)
            if texts:
                self.client.insert(self.text, texts)

    def flush(self) -> None:
        with calls(self.uri, "flush"):
            self.client.flush(self.vectors)
            self.client.flush(self.text)

    def delete(self, vectors: str | None, texts: str | None) -> None:
        """Delete the rows the expressions select (None: none)."""
        with calls(self.uri, "delete rows"):
            if vectors:
                self.client.delete(self.vectors, filter=vectors)
            if texts:
                self.client.delete(self.text, filter=texts)

    # -- reading ----------------------------------------------------------------------
    def _search(
        self, collection: str, data: list, field: str, metric: str, limit: int, where: str, output: list[str]
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """One search, its result read as arrays: primary keys, scores, and the int64 `output` fields.

        pymilvus's MilvusClient.search makes a dict per hit (a question reads ~10,000 hits: ~0.1 s of 2 cores);
        this sends the same request through the client's connection and reads the result's arrays instead."""
        limit = min(limit, MAX_LIMIT)
        with calls(self.uri, f"search {collection}"):
            connection = self.client._get_connection()
            request = Prepare.search_requests_with_expr(
                collection, data, field, {"metric_type": metric}, limit, where, None, output, -1, expr_params={}
            )
            try:
                response = connection._stub.Search(request, timeout=SEARCH_TIMEOUT)
            except grpc.RpcError as exc:  # as the client's own wrapper would have said it
                raise _milvus_error(exc) from None
            check_status(response.status)
        results = response.results
        keys = np.array(results.ids.int_id.data, np.int64)
        fields = {f.field_name: np.array(f.scalars.long_data.data, np.int64) for f in results.fields_data}
        return keys, np.array(results.scores, np.float32), fields

    def nearest(self, vector: np.ndarray, limit: int, where: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The `limit` vectors most similar to `vector` among those `where` selects: items, whole flags, scores."""
        data = [np.asarray(vector, np.float32).tolist()]
        ids, scores, _ = self._search(self.vectors, data, "vector", "IP", limit, where, [])
        return ids >> TEXT_BITS, (ids & ((1 << TEXT_BITS) - 1)) == 0, scores

    def bm25(self, terms: Sequence[str], limit: int, where: str) -> tuple[np.ndarray, np.ndarray]:
        """The `limit` best paragraphs for the terms among those `where` selects (only those with a score):
        items and scores on bm25s's scale (Milvus multiplies Lucene's term weight by k1 + 1)."""
        _, scores, fields = self._search(self.text, [" ".join(terms)], "sparse", "BM25", limit, where, ["item"])
        return fields.get("item", np.zeros(0, np.int64)), scores / np.float32(K1 + 1)

    def stored_vectors(self, items: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The vectors of `items`: ids and vectors, in id order (each item's whole text first)."""
        ids, vectors = [], []
        with calls(self.uri, "read vectors"):
            for start in range(0, len(items), 256):
                chunk = [int(i) for i in items[start : start + 256]]
                for row in self.client.query(self.vectors, filter=f"item in {chunk}", output_fields=["id", "vector"]):
                    ids.append(row["id"])
                    vectors.append(row["vector"])
        order = np.argsort(ids)
        return np.array(ids, np.int64)[order], np.array(vectors, np.float32).reshape(len(ids), -1)[order]


def _milvus_error(exc: grpc.RpcError) -> MilvusException:
    code, details = exc.code(), exc.details()
    if code == grpc.StatusCode.UNAVAILABLE:
        return MilvusException(2, f"server unavailable: {details}")
    if code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
        return MilvusException(1800, f"auth check failure: {details}")
    return MilvusException(1, f"{code.name}: {details}")


def terms_field(terms: list[str]) -> str:
    """The terms as Milvus stores them: joined by spaces, cut at a term boundary to the longest VARCHAR."""
    text = " ".join(terms)
    data = text.encode("utf-8")
    if len(data) <= MAX_TERMS_BYTES:
        return text
    cut = data[: MAX_TERMS_BYTES + 1].decode("utf-8", "ignore")
    return cut[: cut.rfind(" ")] if " " in cut else ""


def string_list(values: Sequence[str]) -> str:
    """A list of strings as a Milvus expression literal."""
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"
