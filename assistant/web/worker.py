"""The Assistant behind the page, opened, built and updated in a background thread so the page never hangs.

The page asks for `status()` every two seconds: opening, building (with progress), ready, stale (files changed
since the index was built), or the error that stopped it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError
from ..search.assistant import Assistant
from ..settings import Settings
from .strings import text


@dataclass
class Engine:
    """The Assistant behind the page, opened (or built) in a background thread so the page never hangs."""

    settings: Settings
    assistant: Assistant | None = None
    error: str | None = None
    progress: tuple[int, int] | None = None
    report: str | None = None
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

        Yields the report so far, one line a file, with the file being read (a long PDF takes a while)."""
        assert self.assistant is not None
        lines, changed = [], False
        for path in paths:
            name = Path(path).name
            yield [*lines, text(lang, "reading", file=name)]
            try:
                added = self.assistant.add_file(Path(path))
            except (AssistantError, OSError) as exc:
                lines.append(text(lang, "refused", file=name, reason=exc))
                continue
            changed = changed or not added.already_present
            key = "present" if added.already_present else "added"
            lines.append(text(lang, key, file=added.path.name, paras=len(added.document.paragraphs)))
        if changed:
            self.reindex()
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
            settings=self.settings, progress=False, on_progress=self._step, require_documents=False
        )
        self.generation += 1
        self.assistant.corpus.require_documents()  # says on the page what to add when there is nothing yet

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
            key = "failed" if self.assistant is None or not self.assistant.documents else "error"
            return text(lang, key, error=self.error), self.assistant is not None and bool(self.assistant.documents)
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
