"""The web chat: a thin Gradio layer over the Assistant API.

    python app.py [--corpus seeds] [--host 127.0.0.1] [--port 7860]     (or: python -m assistant serve)

The page is up at once; the index is opened (or built, with progress on the page) in the background.
Besides the chat there are `/doc/<id>` (a whole document, linked from each hit and scrolled to it) and
the API endpoint `search` for gradio_client (JSON hits with citations).
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from assistant import Assistant
from assistant.uploads import MAX_BYTES, add_file
from assistant.views import CHAT_CSS, COPY_JS, EXAMPLES, answer_html, document_html, hit_record, question_html, text
from embeddings.encoder import default_cache_dir

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_UPLOAD_MB = MAX_BYTES // 2**20


@dataclass
class Engine:
    """The Assistant behind the page, opened (or built) in a background thread so the page never hangs."""

    corpus_dir: str
    index_dir: str | None = None
    model: str | None = None
    assistant: Assistant | None = None
    error: str | None = None
    progress: tuple[int, int] | None = None
    report: str | None = None
    max_bytes: int = MAX_BYTES
    generation: int = 0  # counts (re)openings, so pages refresh their filters only when the corpus changed
    _busy: threading.Lock = field(default_factory=threading.Lock)
    _again: bool = False  # a file was added while an update ran: update once more

    def start(self) -> None:
        self.error = None
        threading.Thread(target=self._run, args=(self._open,), daemon=True).start()

    def reindex(self) -> bool:
        """Update the index in the background (once more after the running update); False before it is open."""
        if self.assistant is None:
            return False
        if self._busy.locked():
            self._again = True
            return True
        threading.Thread(target=self._run, args=(self._reindex,), daemon=True).start()
        return True

    def add_files(self, paths: list[str], lang: str) -> Iterator[list[str]]:
        """Add uploaded files to the corpus folder (each checked and parsed first), then update the index.

        Yields the report so far, one line a file, with the file being read (a long PDF takes a while).
        Works also when the index could not be opened (a folder with nothing readable yet): then the
        index is opened again afterwards."""
        lines, changed = [], False
        for path in paths:
            name = Path(path).name
            yield [*lines, text(lang, "reading", file=name)]
            try:
                added = add_file(Path(self.corpus_dir), Path(path), None, self.max_bytes, default_cache_dir())
            except (ValueError, OSError) as exc:
                lines.append(text(lang, "refused", file=name, reason=exc))
                continue
            changed = changed or not added.already_present
            key = "present" if added.already_present else "added"
            lines.append(text(lang, key, file=added.path.name, paras=len(added.document.paragraphs)))
        if changed and not self.reindex():
            self.start()
        yield lines

    def _run(self, job) -> None:
        with self._busy:
            try:
                job()
                self.error = None
            except Exception as exc:  # shown on the page; the server keeps running
                self.error = str(exc) or type(exc).__name__
            finally:
                self.progress = None

    def _open(self) -> None:
        self.assistant = Assistant.open(
            self.corpus_dir, index_dir=self.index_dir, model=self.model, progress=False, on_progress=self._step
        )
        self.generation += 1

    def _reindex(self) -> None:
        assert self.assistant is not None
        while True:
            self._again = False
            self.report = self.assistant.reindex(progress=False, on_progress=self._step).summary()
            self.generation += 1
            if not self._again:
                return

    def _step(self, done: int, total: int) -> None:
        self.progress = (done, total)

    def status(self, lang: str) -> tuple[str, bool]:
        """The status line for the page, and whether to offer an index update."""
        if self.progress:
            return text(lang, "building", done=self.progress[0], total=self.progress[1]), False
        if self.error:
            key = "failed" if self.assistant is None else "error"
            return text(lang, key, error=self.error), self.assistant is not None
        if self.assistant is None:
            return text(lang, "loading"), False
        docs, paras = len(self.assistant.documents), len(self.assistant.corpus.paragraphs)
        line = text(lang, "ready", docs=docs, paras=paras)
        if skipped := self.assistant.corpus.skipped:
            line += " " + text(lang, "skipped", files="; ".join(f"{s.path.name} ({s.reason})" for s in skipped))
        if self.report and not self._busy.locked():
            line += " " + text(lang, "updated", summary=self.report)
        stale = not self._busy.locked() and self.assistant.is_stale()
        if stale:
            line += " **" + text(lang, "stale") + "**"
        return line, stale


def build_ui(engine: Engine) -> gr.Blocks:
    def ready() -> Assistant:
        if engine.assistant is None:
            raise gr.Error(text("zh", "not_ready") + " / " + text("en", "not_ready"))
        return engine.assistant

    def respond(question, messages, history, documents, years, k, lang):
        messages = list(messages or [])
        history = list(history or [])
        if engine.assistant is None:
            gr.Warning(text(lang, "not_ready"))
            return question, messages, history
        try:
            turn = engine.assistant.ask(
                question, history=history, k=int(k), documents=documents or None, years=years or None
            )
        except ValueError as exc:
            gr.Warning(text(lang, "error", error=exc))
            return question, messages, history
        neighbours = [engine.assistant.neighbours(h.paragraph) for h in turn.hits]
        messages += [
            {"role": "user", "content": question_html(turn.question)},
            {"role": "assistant", "content": answer_html(turn, neighbours, lang)},
        ]
        return "", messages, [*history, turn.question]

    def refresh(lang, seen):
        line, stale = engine.status(lang)
        if engine.assistant is None or seen == engine.generation:
            return line, gr.update(visible=stale), gr.update(), gr.update(), seen
        docs = [(d.symbol or d.title[:40], d.id) for d in engine.assistant.documents]
        years = sorted({d.year for d in engine.assistant.documents if d.year})
        return line, gr.update(visible=stale), gr.update(choices=docs), gr.update(choices=years), engine.generation

    def add_files(paths, lang):
        if engine.assistant is None and engine.error is None:  # still opening
            gr.Warning(text(lang, "not_ready"))
            yield None, ""
            return
        lines: list[str] = []
        for lines in engine.add_files(list(paths or []), lang):
            yield gr.update(), "\n\n".join(lines)
        yield None, "\n\n".join(lines)

    def update_index(lang, seen):
        engine.reindex()
        return refresh(lang, seen)

    def relabel(lang):
        return (
            f"## {text(lang, 'title')}\n{text(lang, 'subtitle')}",
            gr.update(label=text(lang, "question"), placeholder=text(lang, "placeholder")),
            gr.update(value=text(lang, "send")),
            gr.update(value=text(lang, "clear")),
            gr.update(label=text(lang, "documents")),
            gr.update(label=text(lang, "years")),
            gr.update(label=text(lang, "k")),
            gr.update(value=text(lang, "update")),
            gr.update(label=text(lang, "language")),
            gr.update(label=text(lang, "upload", mb=engine.max_bytes // 2**20)),
        )

    def search(question: str, k: int = 5, documents: list[str] | None = None, years: list[int] | None = None) -> dict:
        """Paragraphs for a question, best first, each verbatim with its citation.

        Returns {"question", "confident", "hits": [{"rank", "citation", "document", "file", "title", "symbol",
        "date", "paragraph", "section", "text", "footnotes", "highlights", "score", "similarity"}]}.
        """
        try:
            turn = ready().ask(question, k=int(k), documents=documents or None, years=years or None)
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        return {"question": turn.question, "confident": turn.confident, "hits": [hit_record(h) for h in turn.hits]}

    with gr.Blocks(title=text("zh", "title")) as ui:
        heading = gr.Markdown(f"## {text('zh', 'title')}\n{text('zh', 'subtitle')}")
        with gr.Row():
            status = gr.Markdown(text("zh", "loading"), elem_id="status")
            update = gr.Button(text("zh", "update"), visible=False, size="sm", elem_id="update-index")
        with gr.Row():
            with gr.Column(scale=4):
                chat = gr.Chatbot(height=620, latex_delimiters=[], sanitize_html=True, buttons=["copy"], elem_id="chat")
                with gr.Row():
                    question = gr.Textbox(
                        label=text("zh", "question"),
                        placeholder=text("zh", "placeholder"),
                        scale=5,
                        max_length=2000,
                        elem_id="question",
                    )
                    send = gr.Button(text("zh", "send"), variant="primary", scale=1, elem_id="send")
                    clear = gr.Button(text("zh", "clear"), scale=1)
                gr.Examples(EXAMPLES, inputs=question, label=text("zh", "examples") + " / Examples")
            with gr.Column(scale=1, min_width=220):
                lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label=text("zh", "language"))
                docs = gr.Dropdown([], multiselect=True, label=text("zh", "documents"))
                years = gr.Dropdown([], multiselect=True, label=text("zh", "years"))
                k = gr.Slider(1, 20, value=5, step=1, label=text("zh", "k"))
                upload = gr.File(
                    label=text("zh", "upload", mb=engine.max_bytes // 2**20),
                    file_count="multiple",
                    type="filepath",
                    height=120,
                    elem_id="upload",
                )
                upload_report = gr.Markdown("", elem_id="upload-report")
        history = gr.State([])
        seen = gr.State(0)

        inputs = [question, chat, history, docs, years, k, lang]
        outputs = [question, chat, history]
        question.submit(respond, inputs, outputs, api_visibility="private")
        send.click(respond, inputs, outputs, api_visibility="private")
        clear.click(lambda: ([], [], ""), None, [chat, history, question], api_visibility="private")
        status_outputs = [status, update, docs, years, seen]
        update.click(update_index, [lang, seen], status_outputs, api_visibility="private")
        upload.upload(add_files, [upload, lang], [upload, upload_report], api_visibility="private")
        gr.Timer(2.0).tick(refresh, [lang, seen], status_outputs, api_visibility="private", show_progress="hidden")
        ui.load(refresh, [lang, seen], status_outputs, api_visibility="private")
        lang.change(
            relabel,
            lang,
            [heading, question, send, clear, docs, years, k, update, lang, upload],
            api_visibility="private",
        )
        lang.change(refresh, [lang, seen], status_outputs, api_visibility="private")
        gr.api(search, api_name="search")
    return ui


def create_app(
    corpus_dir: str = "seeds",
    index_dir: str | None = None,
    model: str | None = None,
    max_upload_mb: int = DEFAULT_UPLOAD_MB,
) -> FastAPI:
    """The web app: the chat at /, whole documents at /doc/<id>; the engine starts opening at once."""
    engine = Engine(corpus_dir, index_dir, model, max_bytes=max_upload_mb * 2**20)
    engine.start()
    app = FastAPI()

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def whole_document(doc_id: str, lang: str = "zh") -> str:
        if engine.assistant is None:
            raise HTTPException(503, text(lang, "not_ready"))
        try:
            doc = engine.assistant.corpus.document(doc_id)
        except KeyError:
            raise HTTPException(404, f"no document {doc_id!r}") from None
        return document_html(doc, lang)

    @app.get("/original/{doc_id}")
    def original_file(doc_id: str) -> FileResponse:
        """The file a document was read from, as the user put it in the corpus (PDF, Word…)."""
        if engine.assistant is None:
            raise HTTPException(503, text("zh", "not_ready"))
        try:
            doc = engine.assistant.corpus.document(doc_id)
        except KeyError:
            raise HTTPException(404, f"no document {doc_id!r}") from None
        return FileResponse(doc.path, filename=doc.path.name)

    ui = build_ui(engine)
    ui.queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(
        app, ui, path="", css=CHAT_CSS, head=COPY_JS, footer_links=["api"], max_file_size=engine.max_bytes
    )


def serve(
    corpus_dir: str,
    index_dir: str | None,
    model: str | None,
    host: str,
    port: int,
    max_upload_mb: int = DEFAULT_UPLOAD_MB,
) -> None:
    import uvicorn

    if not Path(corpus_dir).is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    print(f"UN documents assistant on http://{host}:{port}  (corpus: {corpus_dir}; Ctrl+C to stop)", flush=True)
    uvicorn.run(create_app(corpus_dir, index_dir, model, max_upload_mb), host=host, port=port, log_level="warning")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python app.py", description="Start the web chat.")
    parser.add_argument("--corpus", default="seeds", help="corpus folder (default: seeds)")
    parser.add_argument("--index-dir", default=None, help="index folder (default: CORPUS/.index)")
    parser.add_argument("--model", default=None, help="embedding model (default: see README)")
    parser.add_argument("--host", default=os.environ.get("UN_ASSISTANT_HOST", DEFAULT_HOST))
    parser.add_argument("--port", type=int, default=int(os.environ.get("UN_ASSISTANT_PORT", DEFAULT_PORT)))
    parser.add_argument(
        "--max-upload-mb", type=int, default=DEFAULT_UPLOAD_MB, help="largest file the page accepts (MB)"
    )
    args = parser.parse_args(argv)
    try:
        serve(args.corpus, args.index_dir, args.model, args.host, args.port, args.max_upload_mb)
    except (FileNotFoundError, OSError) as exc:
        print(f"error: {exc}")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
