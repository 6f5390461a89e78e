"""The Gradio page: the conversation, filters, document management, status line, and the `search` API endpoint.

The conversation is our own escaped HTML (render.py), not Gradio's Chatbot: answers open at their header, copy
and export as plain text, and carry accessible names without markup. The browser keeps how each question was
asked (gr.BrowserState), so a reload asks them again; `/?q=…&lang=…` opens with a question asked.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs

import gradio as gr

from ..errors import AssistantError
from ..ingest.library import describe
from .conversation import DEFAULT_K, Exchange, Filters, ask, document_choices, restore, year_choices
from .render import MAX_SHOWN, MORE, conversation_html, documents_table_html, lines_html, status_html
from .strings import EXAMPLES, exception_text, language_of, parenthesised, text, upload_label
from .worker import Engine

STORAGE_KEY = "un-assistant-conversation"
RESTORE_WAIT = 120.0  # seconds a reloaded page waits for the index before asking its questions again

# Runs when the conversation is first drawn: "show more" asks the server; everything else (copy, star, scroll
# to the new answer) is the page script's (static/page.js), which the conversation calls after each redraw.
CHAT_JS = """
element.addEventListener('click', (event) => {
  const more = event.target.closest('button.show-more');
  if (more) trigger('click', {action: 'more', turn: Number(more.dataset.turn)});
});
watch('value', () => window.unAssistant && window.unAssistant.rendered(element));
window.unAssistant && window.unAssistant.rendered(element);
"""
READ_URL_JS = "(stored, lang, query) => [stored, lang, window.unAssistant ? window.unAssistant.takeQuery() : '']"


def heading_html(lang: str) -> str:
    return f'<h1 class="app-title">{text(lang, "title")}</h1><p class="app-subtitle">{text(lang, "subtitle")}</p>'


def build_ui(engine: Engine) -> gr.Blocks:
    def ready():
        if engine.assistant is None:
            raise gr.Error(text("zh", "not_ready") + " / " + text("en", "not_ready"), print_exception=False)
        return engine.assistant

    def stored_value(exchanges: list[Exchange], lang: str) -> dict:
        return {"lang": lang, "turns": [ex.spec() for ex in exchanges]}

    def shown(exchanges: list[Exchange], lang: str, focus: int | None) -> str:
        return conversation_html(exchanges, lang, focus, time.monotonic_ns() if focus is not None else 0)

    def respond(question, exchanges, documents, years, lang):
        exchanges = list(exchanges or [])
        if engine.assistant is None:
            gr.Warning(text(lang, "not_ready"))
            return gr.update(), gr.update(), exchanges, gr.update()
        previous = exchanges[-1].question if exchanges else None
        try:
            exchange = ask(engine.assistant, question, DEFAULT_K, Filters.of(documents, years), previous)
        except AssistantError as exc:
            gr.Warning(text(lang, "error", error=exception_text(lang, exc)))
            return gr.update(), gr.update(), exchanges, gr.update()
        exchanges.append(exchange)
        focus = len(exchanges) - 1
        return "", shown(exchanges, lang, focus), exchanges, stored_value(exchanges, lang)

    def on_chat_action(exchanges, lang, evt: gr.EventData):
        """ "Show more" under an answer: the same question asked again for five more paragraphs."""
        exchanges = list(exchanges or [])
        data = evt._data or {}
        n = data.get("turn")
        if engine.assistant is None or data.get("action") != "more" or not isinstance(n, int):
            return gr.update(), exchanges, gr.update()
        if not 0 <= n < len(exchanges):
            return gr.update(), exchanges, gr.update()
        old = exchanges[n]
        previous = None if old.new_topic or n == 0 else exchanges[n - 1].question
        try:
            exchanges[n] = ask(engine.assistant, old.question, min(old.k + MORE, MAX_SHOWN), old.filters, previous)
        except AssistantError as exc:
            gr.Warning(text(lang, "error", error=exception_text(lang, exc)))
            return gr.update(), exchanges, gr.update()
        return shown(exchanges, lang, n), exchanges, stored_value(exchanges, lang)

    def clear_chat(lang):
        return "", conversation_html([], lang), [], {"lang": lang, "turns": []}

    def restore_page(stored, lang, query):
        """A page (re)loaded: its conversation asked again, then the question of a shared link, if any."""
        listed = parse_qs(str(query or "").lstrip("?"))
        params = {k: v[0] for k, v in listed.items() if v}
        stored = stored if isinstance(stored, dict) else {}
        lang = language_of(params.get("lang") or stored.get("lang") or lang)
        turns = stored.get("turns") if isinstance(stored.get("turns"), list) else []
        shared = params.get("q", "").strip()
        if not turns and not shared:
            return lang, gr.update(), [], gr.update()
        deadline = time.monotonic() + RESTORE_WAIT
        opening = lambda: engine.error is None and (engine.assistant is None or not engine.assistant.documents)  # noqa: E731
        while opening() and time.monotonic() < deadline:  # a first build takes a while; a failed one says so
            time.sleep(0.2)
        if engine.assistant is None or not engine.assistant.documents:
            return lang, gr.update(), [], gr.update()
        exchanges = restore(engine.assistant, turns)
        if shared:
            try:
                exchanges.append(
                    ask(engine.assistant, shared, DEFAULT_K, Filters.of(listed.get("doc"), listed.get("year")), None)
                )
            except AssistantError as exc:
                gr.Warning(text(lang, "error", error=exception_text(lang, exc)))
        focus = len(exchanges) - 1 if exchanges else None
        return lang, shown(exchanges, lang, focus), exchanges, stored_value(exchanges, lang)

    def refresh(lang, seen, chosen_docs=None, chosen_years=None, asked=None):
        """The status line every two seconds (with the report of an update this page asked for at generation
        `asked`); the filters' and the document list's choices when the corpus changed (a chosen document or year
        that is gone is let go)."""
        line, stale_note, offer = engine.status(lang, asked)
        state = status_html(line, stale_note)
        assistant = engine.assistant
        if assistant is None or seen == engine.generation:
            return (
                state,
                gr.update(visible=offer),
                gr.update(),
                gr.update(),
                gr.update(),
                gr.update(),
                gr.update(),
                seen,
            )
        docs = assistant.documents
        infos = [describe(d) for d in docs]
        ids = {d.id for d in docs}
        years = {value for _, value in year_choices(docs, lang)}
        return (
            state,
            gr.update(visible=offer),
            gr.update(choices=document_choices(docs, lang), value=[d for d in chosen_docs or [] if d in ids]),
            gr.update(choices=year_choices(docs, lang), value=[y for y in chosen_years or [] if y in years]),
            gr.update(choices=document_choices(docs, lang)),
            documents_table_html(infos, lang),
            gr.update(open=True) if not docs else gr.update(),
            engine.generation,
        )

    def update_index(lang, seen, chosen_docs, chosen_years, asked):
        """The update button: the update starts, and this page will show its report."""
        asked = engine.generation
        engine.reindex()
        return *refresh(lang, seen, chosen_docs, chosen_years, asked), asked

    def add_files(paths, lang, asked):
        if engine.assistant is None:  # still opening, or it could not be opened (the status line says why)
            gr.Warning(text(lang, "not_ready"))
            yield None, lines_html([]), asked
            return
        asked = engine.generation  # the update that follows an upload is reported on this page's status line
        lines: list[str] = []
        for lines in engine.add_files(list(paths or []), lang):
            yield gr.update(), lines_html(lines), asked
        yield None, lines_html(lines), asked

    # -- document management ---------------------------------------------------------
    def chosen(doc_id):
        if engine.assistant is None or not doc_id:
            return None
        try:
            return engine.assistant.corpus.document(doc_id)
        except KeyError:
            return None

    def fill_metadata(doc_id, lang):
        doc = chosen(doc_id)
        if doc is None:
            return "", "", "", gr.update(visible=False)
        date = doc.date.isoformat() if doc.date else ""
        return doc.symbol or "", date, doc.title, gr.update(visible=False)

    def save_metadata(doc_id, symbol, date, title, lang):
        doc = chosen(doc_id)
        if doc is None:
            yield lines_html([text(lang, "choose_document")])
            return
        current = {"symbol": doc.symbol or "", "date": doc.date.isoformat() if doc.date else "", "title": doc.title}
        given = {"symbol": symbol or "", "date": date or "", "title": title or ""}
        changed = {k: v.strip() or None for k, v in given.items() if v.strip() != current[k]}

        def job(assistant):
            assistant.set_metadata(doc.id, **changed)
            return text(lang, "saved", name=doc.path.name)

        for line in engine.change(job, lang):
            yield lines_html([line])

    def ask_delete(doc_id, lang):
        doc = chosen(doc_id)
        if doc is None:
            return gr.update(visible=False), lines_html([text(lang, "choose_document")])
        return gr.update(visible=True, value=text(lang, "confirm_delete", name=doc.path.name)), lines_html([])

    def delete_document(doc_id, lang):
        doc = chosen(doc_id)
        if doc is None:
            yield gr.update(visible=False), lines_html([text(lang, "choose_document")]), gr.update()
            return

        def job(assistant):
            assistant.remove_document(doc.id)
            return text(lang, "deleted", name=doc.path.name)

        for line in engine.change(job, lang):
            yield gr.update(visible=False), lines_html([line]), gr.update()
        yield gr.update(visible=False), gr.update(), None

    def replace_document(path, doc_id, lang):
        doc = chosen(doc_id)
        if not path:
            yield gr.update(), gr.update()
            return
        if doc is None:
            yield None, lines_html([text(lang, "choose_document")])
            return
        source = Path(path)

        def job(assistant):
            added = assistant.replace_document(doc.id, source)
            return text(lang, "replaced", name=doc.path.name, file=source.name, paras=len(added.document.paragraphs))

        for line in engine.change(job, lang):
            yield gr.update(), lines_html([line])
        yield None, gr.update()

    # -- language ------------------------------------------------------------------
    def relabel(lang, exchanges, documents, years):
        return (
            heading_html(lang),
            gr.update(label=text(lang, "language")),
            gr.update(label=filters_label(lang, documents, years)),
            gr.update(label=text(lang, "documents")),
            gr.update(label=text(lang, "years")),
            gr.update(label=text(lang, "question"), placeholder=text(lang, "placeholder")),
            gr.update(value=text(lang, "send")),
            gr.update(value=text(lang, "clear")),
            gr.update(value=text(lang, "update")),
            gr.update(label=text(lang, "examples")),
            gr.update(label=text(lang, "manage")),
            gr.update(label=upload_label(lang, engine.settings.max_upload_bytes)),
            gr.update(label=text(lang, "manage_doc")),
            gr.update(label=text(lang, "symbol")),
            gr.update(label=text(lang, "date")),
            gr.update(label=text(lang, "doc_title")),
            gr.update(value=text(lang, "save")),
            gr.update(value=text(lang, "delete")),
            gr.update(visible=False),
            gr.update(label=text(lang, "replace")),
            conversation_html(list(exchanges or []), lang),
            {"lang": lang, "turns": [ex.spec() for ex in exchanges or []]},
        )

    def filters_label(lang, documents, years):
        """ "筛选" with the number of filters chosen, so a closed filter box still says that some are."""
        count = len(documents or []) + len(years or [])
        return parenthesised(lang, text(lang, "filters"), str(count)) if count else text(lang, "filters")

    def search(question: str, k: int = 5, documents: list[str] | None = None, years: list[int] | None = None) -> dict:
        """Paragraphs for a question, best first, each verbatim with its citation.

        Returns {"question", "confident", "follow_up", "matched_terms", "hits": [{"rank", "citation", "document",
        "file", "title", "symbol", "date", "paragraph", "section", "text", "footnotes", "highlights", "score",
        "similarity", "level", "coverage", "missing"}]}.
        """
        try:
            turn = ready().ask(question, k=int(k), documents=documents or None, years=years or None)
        except AssistantError as exc:
            raise gr.Error(str(exc), print_exception=False) from None  # (an answer, not a crash: no traceback logged)
        return turn.to_json()

    with gr.Blocks(title=text("zh", "title")) as ui:
        with gr.Row(elem_id="top", equal_height=False):
            heading = gr.HTML(heading_html("zh"), elem_id="heading")
            lang = gr.Radio(
                [("中文", "zh"), ("English", "en")], value="zh", label=text("zh", "language"), elem_id="lang", scale=0
            )
        with gr.Row(elem_id="status-row", equal_height=False):
            status = gr.HTML(status_html(text("zh", "loading")), elem_id="status")
            update = gr.Button(text("zh", "update"), visible=False, variant="primary", elem_id="update-index", scale=0)
        with gr.Accordion(text("zh", "filters"), open=False, elem_id="filters") as filters_box, gr.Row():
            docs = gr.Dropdown([], multiselect=True, label=text("zh", "documents"), elem_id="filter-docs", scale=3)
            years = gr.Dropdown([], multiselect=True, label=text("zh", "years"), elem_id="filter-years", scale=1)
        gr.HTML('<div id="starred-bar" hidden></div>', elem_id="starred")
        chat = gr.HTML(conversation_html([], "zh"), elem_id="chat", js_on_load=CHAT_JS)
        with gr.Row(elem_id="ask-bar", equal_height=True):
            question = gr.Textbox(
                label=text("zh", "question"),
                placeholder=text("zh", "placeholder"),
                scale=5,
                elem_id="question",
            )
            send = gr.Button(text("zh", "send"), variant="primary", scale=0, min_width=80, elem_id="send")
            clear = gr.Button(text("zh", "clear"), scale=0, min_width=80, elem_id="clear")
        examples = gr.Examples(EXAMPLES, inputs=question, label=text("zh", "examples"))
        with gr.Accordion(text("zh", "manage"), open=False, elem_id="manage") as manage_box:
            upload = gr.File(
                label=upload_label("zh", engine.settings.max_upload_bytes),
                file_count="multiple",
                type="filepath",
                height=130,
                elem_id="upload",
            )
            upload_report = gr.HTML(lines_html([]), elem_id="upload-report")
            doc_table = gr.HTML("", elem_id="doc-list")
            manage_doc = gr.Dropdown([], label=text("zh", "manage_doc"), elem_id="manage-doc")
            with gr.Row():
                meta_symbol = gr.Textbox(label=text("zh", "symbol"), elem_id="meta-symbol")
                meta_date = gr.Textbox(label=text("zh", "date"), elem_id="meta-date")
            meta_title = gr.Textbox(label=text("zh", "doc_title"), elem_id="meta-title")
            with gr.Row():
                save = gr.Button(text("zh", "save"), elem_id="meta-save")
                delete = gr.Button(text("zh", "delete"), variant="stop", elem_id="delete-doc")
                confirm = gr.Button("", variant="stop", visible=False, elem_id="confirm-delete")
            replace = gr.File(label=text("zh", "replace"), type="filepath", height=130, elem_id="replace")
            manage_report = gr.HTML(lines_html([]), elem_id="manage-report")
        exchanges = gr.State([])
        stored = gr.BrowserState({"lang": None, "turns": []}, storage_key=STORAGE_KEY, secret="un-assistant-page")
        query = gr.Textbox(visible=False)
        seen = gr.State(0)
        asked = gr.State(None)  # the engine's generation when this page last asked for an index update

        private = {"api_visibility": "private"}
        ask_inputs = [question, exchanges, docs, years, lang]
        ask_outputs = [question, chat, exchanges, stored]
        question.submit(respond, ask_inputs, ask_outputs, **private)
        send.click(respond, ask_inputs, ask_outputs, **private)
        examples.load_input_event.then(respond, ask_inputs, ask_outputs, **private)  # an example is asked at once
        chat.click(on_chat_action, [exchanges, lang], [chat, exchanges, stored], **private)
        clear.click(
            clear_chat, lang, [question, chat, exchanges, stored], js="(lang) => window.unAssistant.cleared(lang)",
            **private,
        )  # fmt: skip

        status_outputs = [status, update, docs, years, manage_doc, doc_table, manage_box, seen]
        refresh_inputs = [lang, seen, docs, years, asked]
        update.click(update_index, refresh_inputs, [*status_outputs, asked], **private)
        gr.Timer(2.0).tick(refresh, refresh_inputs, status_outputs, show_progress="hidden", **private)
        ui.load(refresh, refresh_inputs, status_outputs, **private)
        restored = [lang, chat, exchanges, stored]
        ui.load(restore_page, [stored, lang, query], restored, js=READ_URL_JS, show_progress="hidden", **private)

        # Each change to the corpus ends with the status line, filters and document list brought up to date.
        then_refresh = {"fn": refresh, "inputs": refresh_inputs, "outputs": status_outputs, **private}
        upload.upload(add_files, [upload, lang, asked], [upload, upload_report, asked], **private).then(**then_refresh)
        manage_doc.change(fill_metadata, [manage_doc, lang], [meta_symbol, meta_date, meta_title, confirm], **private)
        meta_inputs = [manage_doc, meta_symbol, meta_date, meta_title, lang]
        save.click(save_metadata, meta_inputs, manage_report, **private).then(**then_refresh)
        delete.click(ask_delete, [manage_doc, lang], [confirm, manage_report], **private)
        for changed in (confirm.click, replace.upload):  # an upload's report is stale once the corpus changes again
            changed(lambda: lines_html([]), None, upload_report, **private)
        confirm.click(delete_document, [manage_doc, lang], [confirm, manage_report, manage_doc], **private).then(
            **then_refresh
        )
        replace.upload(replace_document, [replace, manage_doc, lang], [replace, manage_report], **private).then(
            **then_refresh
        )

        for box in (docs, years):
            box.change(
                lambda lang, d, y: gr.update(label=filters_label(lang, d, y)), [lang, docs, years], filters_box,
                **private,
            )  # fmt: skip
        lang.change(
            relabel,
            [lang, exchanges, docs, years],
            [heading, lang, filters_box, docs, years, question, send, clear, update, examples.dataset, manage_box,
             upload, manage_doc, meta_symbol, meta_date, meta_title, save, delete, confirm, replace, chat, stored],
            js="(lang, ...rest) => { window.unAssistant.setLanguage(lang); return [lang, ...rest]; }",
            **private,
        )  # fmt: skip
        lang.change(
            lambda lang, d, y, a: refresh(lang, -1, d, y, a), [lang, docs, years, asked], status_outputs, **private
        )
        gr.api(search, api_name="search", queue=False, concurrency_limit=None)
    return ui
