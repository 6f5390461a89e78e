"""A conversation on the page: each exchange is a question, how it was asked (paragraphs, filters, follow-up) and
the turn it got. What the browser keeps to restore a conversation after a reload is only how each question was
asked (`Exchange.spec`); the answers are searched again.

Filters are resolved here, not in the engine: a year filter becomes the documents of those years, "undated"
included, so the page can say which filter left nothing to show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import AssistantError
from ..ingest.documents import Document, Paragraph
from ..search.assistant import Assistant
from ..search.query import MAX_QUERY_CHARS, clean_query, language
from ..search.records import Turn
from ..text.keyterms import besides_symbols
from .strings import date_text, join, text

UNDATED = "undated"  # the year filter's value for documents without a date
DEFAULT_K = 5


@dataclass(frozen=True)
class Filters:
    """The documents and years chosen on the page (years as text: "2021", or "undated")."""

    documents: tuple[str, ...] = ()
    years: tuple[str, ...] = ()

    @classmethod
    def of(cls, documents: Sequence[str] | None, years: Sequence[object] | None) -> Filters:
        return cls(tuple(str(d) for d in documents or ()), tuple(str(y) for y in years or ()))

    def document_ids(self, docs: Sequence[Document]) -> list[str] | None:
        """The documents to search (None: all)."""
        if not self.documents and not self.years:
            return None
        chosen = set(self.documents)
        return [
            d.id for d in docs if (not chosen or d.id in chosen) and (not self.years or year_value(d) in self.years)
        ]

    def year_names(self, lang: str) -> list[str]:
        return [text(lang, "undated") if y == UNDATED else y for y in self.years]


def was_cut(question: str) -> bool:
    """Whether the engine searches only the first MAX_QUERY_CHARS characters of a question, counted as clean_query
    counts them (normalised, spaces collapsed), so the page can say that the rest was not searched."""
    return len(" ".join(unicodedata.normalize("NFC", question).split())) > MAX_QUERY_CHARS


def year_value(doc: Document) -> str:
    return str(doc.year) if doc.year else UNDATED


def short_name(doc: Document) -> str:
    """A document in a line of text: its symbol, or its title cut at 30 characters; with its year."""
    name = doc.symbol or (doc.title if len(doc.title) <= 30 else doc.title[:29] + "…")
    return f"{name} · {doc.year}" if doc.year else name


def year_choices(docs: Sequence[Document], lang: str) -> list[tuple[str, str]]:
    """The year filter's choices: the years of the corpus, newest first, then "undated" when a document has none."""
    years = sorted({d.year for d in docs if d.year}, reverse=True)
    choices = [(str(y), str(y)) for y in years]
    if any(d.year is None for d in docs):
        choices.append((text(lang, "undated"), UNDATED))
    return choices


def document_choices(docs: Sequence[Document], lang: str) -> list[tuple[str, str]]:
    """The document filter's choices: symbol and title, with the date, whole."""
    out = []
    for d in sorted(docs, key=lambda d: (d.date is None, d.date or 0, d.title), reverse=False):
        name = f"{d.symbol} · {d.title}" if d.symbol else d.title
        out.append((f"{name} ({date_text(d.date, lang)})", d.id))
    return out


@dataclass
class Exchange:
    """One question of the conversation and its answer."""

    question: str
    k: int
    filters: Filters
    new_topic: bool  # asked without the previous question (the first one, or one opened from a shared link)
    turn: Turn
    neighbours: list[list[Paragraph]]
    terms: list[str] | None  # the Chinese terms an English question was searched as; None for a Chinese one
    versions: list[list[tuple[str, Paragraph]]]  # per hit: (language, the same unit) in other language versions
    emptied: str | None = None  # which filter left nothing: "years", "year_only" or "documents"
    document_names: tuple[str, ...] = ()  # the chosen documents as the header names them
    cut: bool = False  # the question was longer than MAX_QUERY_CHARS: only its start was searched

    def spec(self) -> dict:
        """How the question was asked, as kept in the browser to ask it again after a reload."""
        return {
            "q": self.question,
            "k": self.k,
            "docs": list(self.filters.documents),
            "years": list(self.filters.years),
            "new": self.new_topic,
        }

    def filters_text(self, lang: str) -> str:
        """The filters in force, for the answer header ("" when none)."""
        parts = []
        if self.document_names:
            parts.append(text(lang, "filter_documents", names=join(lang, list(self.document_names))))
        if self.filters.years:
            parts.append(text(lang, "filter_years", years=join(lang, self.filters.year_names(lang))))
        return ("; " if lang == "en" else "；").join(parts)

    def emptied_text(self, lang: str) -> str:
        """Which filter left nothing to search, and what to loosen."""
        names = join(lang, list(self.document_names))
        years = join(lang, self.filters.year_names(lang))
        if self.emptied == "years":
            return text(lang, "emptied_by_years", names=names, years=years)
        if self.emptied == "year_only":
            return text(lang, "emptied_by_year_only", years=years)
        return text(lang, "emptied_by_documents")


def ask(
    assistant: Assistant,
    question: str,
    k: int = DEFAULT_K,
    filters: Filters | None = None,
    previous: str | None = None,
) -> Exchange:
    """Search a question as the page asks it (AssistantError for one that cannot be asked)."""
    filters = filters or Filters()
    docs = assistant.documents
    ids = filters.document_ids(docs)
    emptied = None
    if ids is not None and not ids:
        turn = Turn(clean_query(question), [], False)
        known = {d.id for d in docs}
        if filters.documents and not known & set(filters.documents):
            emptied = "documents"
        else:
            emptied = "years" if filters.documents else "year_only"
    else:
        turn = assistant.ask(question, history=[previous] if previous else None, k=k, documents=ids)
    neighbours = [assistant.neighbours(h.paragraph) for h in turn.hits]
    versions = [assistant.versions_of(h.paragraph) for h in turn.hits]
    terms = None
    # What an English question's words were searched as (they are searched as written too); not said of a
    # document symbol or of punctuation, which have no words to match.
    if language(turn.question) == "en" and _has_words(turn.question):
        chinese = [t for t in assistant.query_terms(turn.question) if not (t.isascii() and t[:1].isalpha())]
        # shown whole: 举报人, not also the 举报 and 报人 it is searched as, nor 办公 and 公室 of 办公室
        terms = [t for t in chinese if not any(t != other and t in other for other in chinese)]
    by_id = {d.id: d for d in docs}
    names = tuple(short_name(by_id[i]) if i in by_id else i for i in filters.documents)
    cut = was_cut(question)
    return Exchange(turn.question, k, filters, previous is None, turn, neighbours, terms, versions, emptied, names, cut)


def restore(assistant: Assistant, specs: Sequence[dict]) -> list[Exchange]:
    """The conversation kept in the browser, asked again in order; a question that cannot be asked any more (its
    documents were removed, say) is left out."""
    out: list[Exchange] = []
    for spec in specs:
        try:
            previous = None if spec.get("new") or not out else out[-1].question
            filters = Filters.of(spec.get("docs"), spec.get("years"))
            k = max(1, min(int(spec.get("k") or DEFAULT_K), 50))
            out.append(ask(assistant, str(spec["q"]), k, filters, previous))
        except (AssistantError, KeyError, TypeError, ValueError):  # a question that cannot be asked now: left out
            continue
    return out


def _has_words(question: str) -> bool:
    """Whether a question without Chinese has a word of two letters or more besides the document symbols it names."""
    return re.search(r"[a-z]{2}", besides_symbols(question)) is not None
