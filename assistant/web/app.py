"""The web app: the chat page at /, whole documents at /doc/<id>, original files at /original/<id>, exported
paragraphs at /export.

    python app.py [--corpus seeds] [--host 127.0.0.1] [--port 7860]     (or: python -m assistant serve)

The page is up at once; the index is opened (or built, with progress on the page) in the background.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from urllib.parse import quote

import gradio as gr
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from ..errors import ConfigError, CorpusNotFound
from ..ingest.documents import Document
from ..settings import Settings
from .export import FORMATS, default_title, export, file_stem, items_for
from .render import CHAT_CSS, document_html, head_html, missing_document_html
from .strings import language_of, text
from .ui import build_ui
from .worker import Engine

# Pages and files served outside Gradio: no script runs in them, nothing is fetched for them, no other site
# frames them; an original file (an uploaded HTML page, say) and an export are downloads that could not run a
# script even if opened in place. (No CSP "sandbox" there: Chromium cancels downloads from sandboxed documents.)
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)
FILE_CSP = "default-src 'none'; frame-ancestors 'none'"
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def interface_language(lang: str | None, request: Request) -> str:
    """The language asked for by ?lang=, else the browser's first choice of Chinese or English."""
    if lang:
        return language_of(lang)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()
        if code.startswith("zh"):
            return "zh"
        if code.startswith("en"):
            return "en"
    return "zh"


def create_app(settings: Settings) -> FastAPI:
    """The web app: the chat at /, whole documents at /doc/<id>; the engine starts opening at once."""
    engine = Engine(settings)
    engine.start()
    app = FastAPI()

    def corpus(lang: str):
        if engine.assistant is None:
            raise HTTPException(503, text(lang, "not_ready"), headers=NOSNIFF)
        return engine.assistant.corpus

    page_headers = {**NOSNIFF, "Content-Security-Policy": DOCUMENT_CSP, "Vary": "Accept-Language"}

    def document(doc_id: str, lang: str) -> Document | None:
        try:
            return corpus(lang).document(doc_id)
        except KeyError:
            return None

    def missing(doc_id: str, lang: str) -> HTMLResponse:
        """A link to a document that is gone (an older answer's): a page that says so, not an error object."""
        return HTMLResponse(missing_document_html(doc_id, lang), status_code=404, headers=page_headers)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def whole_document(doc_id: str, request: Request, lang: str | None = None) -> HTMLResponse:
        lang_ = interface_language(lang, request)
        doc = document(doc_id, lang_)
        if doc is None:
            return missing(doc_id, lang_)
        return HTMLResponse(document_html(doc, lang_), headers=page_headers)

    @app.get("/original/{doc_id}", response_model=None)
    def original_file(doc_id: str, request: Request, lang: str | None = None) -> FileResponse | HTMLResponse:
        """The file a document was read from, as the user put it in the corpus (PDF, Word…)."""
        lang_ = interface_language(lang, request)
        doc = document(doc_id, lang_)
        if doc is None:
            return missing(doc_id, lang_)
        headers = {**NOSNIFF, "Content-Security-Policy": FILE_CSP}
        return FileResponse(doc.path, filename=doc.path.name, headers=headers)

    @app.get("/export")
    def export_paragraphs(
        request: Request,
        p: list[str] = Query(default=[]),  # noqa: B008 (FastAPI's way of taking a repeated parameter)
        format: str = "md",
        lang: str = "zh",
        q: str = "",
    ) -> Response:
        """Paragraphs by key (`doc_id#label`, repeated `p`) as Markdown, Word or CSV, with citations and links."""
        lang_ = language_of(lang)
        if format not in FORMATS:
            raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}", headers=NOSNIFF)
        items = items_for(p, corpus(lang_), str(request.base_url))
        title = default_title(q[:300], lang_)
        media, suffix = FORMATS[format]
        name = file_stem(q[:300])
        plain = name.partition("-")[0]  # "answer" or "starred", for clients that take no UTF-8 file name
        headers = {
            **NOSNIFF,
            "Content-Security-Policy": FILE_CSP,
            "Content-Disposition": f"attachment; filename={plain}.{suffix}; filename*=UTF-8''{quote(name)}.{suffix}",
        }
        return Response(export(items, format, title, lang_), media_type=media, headers=headers)

    ui = build_ui(engine)
    # Gradio's queue rebuilds a pandas table of its last GRADIO_ANALYTICS_MAX_EVENTS events (default 10,000)
    # after every event, for a monitoring page this app does not use: ~11 ms per request once 10,000 requests
    # were served. Summarised every 100 events over the last 1,000 instead (the queue reads these when made).
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "100")
    ui.queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(
        app,
        ui,
        path="",
        css=CHAT_CSS,
        head=head_html(settings.max_upload_bytes),
        footer_links=["api"],
        max_file_size=settings.max_upload_bytes,
    )


def serve(settings: Settings) -> None:
    """Serve the web app until interrupted (CorpusNotFound when the corpus folder is missing)."""
    import uvicorn

    if not settings.corpus.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {settings.corpus}")
    listening = listen(settings.host, settings.port)  # taken before the address is announced
    where = f"http://{settings.host}:{settings.port}"
    print(f"UN documents assistant on {where}  (corpus: {settings.corpus}; Ctrl+C to stop)", flush=True)
    config = uvicorn.Config(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to the address the chat is served on; a ConfigError saying what to change when the port
    is taken (another chat running?) or the host is not an address of this machine, not uvicorn's bare errno."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        said = exc.strerror or exc
        raise ConfigError(f"cannot serve on host {host!r} ({said}); choose another with --host") from None
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is already in use (is the chat already running?); choose another with --port N",
                code="port_in_use",
                port=port,
            ) from None
        raise ConfigError(f"cannot serve on {host}:{port} ({exc.strerror}); choose another --host or --port") from None
    listening.listen(2048)
    return listening


def main(argv: list[str] | None = None) -> int:
    """`python app.py [options]`: the same as `python -m assistant serve [options]`."""
    from ..cli import main as cli_main

    return cli_main(["serve", *(sys.argv[1:] if argv is None else argv)])
