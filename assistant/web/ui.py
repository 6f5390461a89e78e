"""The Gradio page: chat, filters, upload box, status line, and the `search` API endpoint."""

from __future__ import annotations

import gradio as gr

from ..errors import AssistantError
from ..search.assistant import Assistant
from .render import answer_html, question_html
from .strings import EXAMPLES, text
from .worker import Engine


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
        except AssistantError as exc:
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
        if engine.assistant is None:  # still opening, or it could not be opened (the status line says why)
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
            gr.update(label=text(lang, "upload", mb=engine.settings.max_upload_mb)),
        )

    def search(question: str, k: int = 5, documents: list[str] | None = None, years: list[int] | None = None) -> dict:
        """Paragraphs for a question, best first, each verbatim with its citation.

        Returns {"question", "confident", "hits": [{"rank", "citation", "document", "file", "title", "symbol",
        "date", "paragraph", "section", "text", "footnotes", "highlights", "score", "similarity"}]}.
        """
        try:
            turn = ready().ask(question, k=int(k), documents=documents or None, years=years or None)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None
        return turn.to_json()

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
                    label=text("zh", "upload", mb=engine.settings.max_upload_mb),
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
