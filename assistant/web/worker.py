"""The Assistant behind the page, opened, built and updated in background threads so the page never hangs.

The page asks for `status()` every two seconds: opening, building (with progress), ready, stale (files changed
since the index was built), or the error that stopped it. Adding, removing or replacing a document and editing
its catalog entry are followed by an incremental update; their reports end when the update has ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError
from ..index.store import UpdateReport
from ..search.assistant import Assistant
from ..settings import Settings
from ..text import english
from .strings import error_text, exception_text, parenthesised, text


@dataclass
class Engine:
    """The Assistant behind the page, opened (or built) in a background thread so the page never hangs."""

    settings: Settings
    assistant: Assistant | None = None
    error: BaseException | None = None
    progress: tuple[int, int] | None = None
    report: UpdateReport | None = None
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

    def update_now(self) -> BaseException | None:
        """Update the index in this thread, after any update under way; the error that stopped it, if any."""
        self._run(self._reindex)
        return self.error

    def add_files(self, paths: list[str], lang: str) -> Iterator[list[str]]:
        """Add uploaded files to the corpus folder (each checked and parsed first), then update the index.

        Yields the report so far, one line a file, with the file being read (a long PDF takes a while), then
        the update under way, then how it ended."""
        assert self.assistant is not None
        lines, changed = [], False
        for path in paths:
            name = Path(path).name
            yield [*lines, text(lang, "reading", file=name)]
            try:
                added = self.assistant.add_file(Path(path))
            except (AssistantError, OSError) as exc:
                lines.append(text(lang, "refused", file=name, reason=exception_text(lang, exc)))
                continue
            changed = changed or not added.already_present
            key = "present" if added.already_present else "added"
            if added.already_present and added.path.name != name:  # the same bytes under another name
                key = "present_as"
            lines.append(text(lang, key, file=name, other=added.path.name, paras=len(added.document.paragraphs)))
        if changed:
            yield [*lines, text(lang, "updating")]
            error = self.update_now()
            lines.append(
                text(lang, "update_failed", error=exception_text(lang, error)) if error else text(lang, "searchable")
            )
        yield lines

    def change(self, job: Callable[[Assistant], str], lang: str) -> Iterator[str]:
        """Change the corpus (remove, replace, edit a catalog entry), then update the index: yields what was done
        with the update under way, then how it ended; or why nothing was done."""
        if self.assistant is None:
            yield text(lang, "not_ready")
            return
        try:
            done = job(self.assistant)
        except (AssistantError, OSError) as exc:
            yield exception_text(lang, exc)
            return
        yield f"{done} {text(lang, 'updating')}"
        error = self.update_now()
        if error:
            yield f"{done} {text(lang, 'update_failed', error=exception_text(lang, error))}"
        else:
            yield f"{done} {self.updated_text(lang)}"

    def _run(self, job) -> None:
        with self._busy:
            try:
                job()
                self.error = None
            except Exception as exc:  # shown on the page; the server keeps running
                self.error = exc
            finally:
                self.progress = None

    def _open(self) -> None:
        self.assistant = Assistant.open(
            settings=self.settings, progress=False, on_progress=self._step, require_documents=False
        )
        self.generation += 1
        english.prepare()  # (the page is ready meanwhile)
        self.assistant.corpus.require_documents()  # says on the page what to add when there is nothing yet

    def _reindex(self) -> None:
        assert self.assistant is not None
        while True:
            self._again = False
            self.report = self.assistant.reindex(progress=False, on_progress=self._step)
            self.generation += 1
            if not self._again:
                return

    def _step(self, done: int, total: int) -> None:
        self.progress = (done, total)

    @property
    def busy(self) -> bool:
        return self._busy.locked()

    def updated_text(self, lang: str) -> str:
        r = self.report
        if r is None:
            return ""
        return text(lang, "updated", added=r.added, changed=r.changed, removed=r.removed, unchanged=r.unchanged)

    def status(self, lang: str, asked: int | None = None) -> tuple[str, str | None, bool]:
        """The status line for the page, the note that the folder changed (if it did), and whether to offer an
        index update. The last update's report is on the line of a page that asked for an update (at generation
        `asked`) once it has ended, not on every page: it is news to that user only."""
        if self.progress and self.progress[1]:
            return text(lang, "building", done=self.progress[0], total=self.progress[1]), None, False
        if self.progress or (self.busy and self.assistant is not None and self.assistant.documents):
            return text(lang, "updating"), None, False
        has_documents = self.assistant is not None and bool(self.assistant.documents)
        skipped = ""
        if self.assistant is not None and self.assistant.corpus.skipped:
            files = "; ".join(
                parenthesised(lang, s.path.name, error_text(lang, s.code, s.details, s.reason))
                for s in self.assistant.corpus.skipped
            )
            skipped = " " + text(lang, "skipped", files=files)
        if self.error:
            key = "error" if has_documents else "failed"
            return text(lang, key, error=exception_text(lang, self.error)) + skipped, None, has_documents
        if self.assistant is None:
            return text(lang, "loading"), None, False
        docs, paras = len(self.assistant.documents), len(self.assistant.corpus.paragraphs)
        line = text(lang, "ready", docs=docs, paras=paras) + skipped
        if self.report and not self.busy and asked is not None and self.generation > asked:
            line += " " + self.updated_text(lang)
        stale = not self.busy and self.assistant.is_stale()
        return line, text(lang, "stale") if stale else None, stale
