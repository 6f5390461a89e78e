"""The web app: the chat page at /, whole documents at /doc/<id>, original files at /original/<id>.

    python app.py [--corpus seeds] [--host 127.0.0.1] [--port 7860]     (or: python -m assistant serve)

The page is up at once; the index is opened (or built, with progress on the page) in the background.
"""

from __future__ import annotations

import sys

import gradio as gr
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from ..errors import CorpusNotFound
from ..settings import Settings
from .render import CHAT_CSS, HEAD_JS, document_html
from .strings import text
from .ui import build_ui
from .worker import Engine


def create_app(settings: Settings) -> FastAPI:
    """The web app: the chat at /, whole documents at /doc/<id>; the engine starts opening at once."""
    engine = Engine(settings)
    engine.start()
    app = FastAPI()

    def document(doc_id: str, lang: str):
        if engine.assistant is None:
            raise HTTPException(503, text(lang, "not_ready"))
        try:
            return engine.assistant.corpus.document(doc_id)
        except KeyError:
            raise HTTPException(404, f"no document {doc_id!r}") from None

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def whole_document(doc_id: str, lang: str = "zh") -> str:
        return document_html(document(doc_id, lang), lang)

    @app.get("/original/{doc_id}")
    def original_file(doc_id: str) -> FileResponse:
        """The file a document was read from, as the user put it in the corpus (PDF, Word…)."""
        doc = document(doc_id, "zh")
        return FileResponse(doc.path, filename=doc.path.name)

    ui = build_ui(engine)
    ui.queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(
        app, ui, path="", css=CHAT_CSS, head=HEAD_JS, footer_links=["api"], max_file_size=settings.max_upload_bytes
    )


def serve(settings: Settings) -> None:
    """Serve the web app until interrupted (CorpusNotFound when the corpus folder is missing)."""
    import uvicorn

    if not settings.corpus.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {settings.corpus}")
    where = f"http://{settings.host}:{settings.port}"
    print(f"UN documents assistant on {where}  (corpus: {settings.corpus}; Ctrl+C to stop)", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


def main(argv: list[str] | None = None) -> int:
    """`python app.py [options]`: the same as `python -m assistant serve [options]`."""
    from ..cli import main as cli_main

    return cli_main(["serve", *(sys.argv[1:] if argv is None else argv)])
