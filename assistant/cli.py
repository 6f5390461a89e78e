"""Command line: `python -m assistant COMMAND …` (see --help). A thin layer over `Assistant`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import shlex
import sys
from pathlib import Path

from .errors import AssistantError
from .search.query import MAX_K
from .settings import Settings

STORE_OPTIONS = ("store", "milvus_uri", "milvus_token", "milvus_collection")
WEAK = "没有找到可靠的匹配，以下为最接近的段落"
FOUND = "找到相关段落"
INDEX_COMMAND = "python -m assistant index"
STALE = (
    "note: files in the corpus folder changed since the index was built; answers come from the index as built. "
    f"Update it with: {INDEX_COMMAND}"
)
# the options that say which corpus and index a command works on (not the Milvus token: a secret)
UPDATES = ("index", "add")  # the commands that write the index
SAME_INDEX = ("corpus", "index_dir", "model", "cache_dir", "store", "milvus_uri", "milvus_collection")


def _settings(args: argparse.Namespace) -> Settings:
    names = ("corpus", "index_dir", "model", "cache_dir", "host", "port", "max_upload_mb", *STORE_OPTIONS)
    return Settings.resolve({name: getattr(args, name, None) for name in names})


def as_given(message: str, args: argparse.Namespace) -> str:
    """`message` with its hint to run the index command carrying the options this command was given: with
    `--corpus mine`, a bare `python -m assistant index` would index seeds/ instead."""
    given = []
    for name in SAME_INDEX:
        option, value = f"--{name.replace('_', '-')}", getattr(args, name, None)
        if value is not None and f"{option} " not in message:
            given.append(f"{option} {shlex.quote(str(value))}")
    return message.replace(INDEX_COMMAND, " ".join([INDEX_COMMAND, *given]))


def _open(args: argparse.Namespace, **options):
    from .search.assistant import Assistant

    return Assistant.open(settings=_settings(args), progress=True, **options)


def _timing_encoder(settings: Settings):
    """The model without its cache of question vectors: a question asked again (in another mode, of another
    store, in another round) is timed as a new question, encoding included."""
    from embeddings.encoder import Encoder

    from .errors import from_embeddings

    with from_embeddings():
        return Encoder(settings.model, cache_dir=settings.cache_dir, query_cache=0)


def _print_skipped(corpus) -> None:
    for skipped in corpus.skipped:
        print(f"skipped {skipped.path.name}: {skipped.reason}")


def cmd_index(args: argparse.Namespace) -> int:
    """Bring the index up to date with the corpus folder, embedding only what changed."""
    assistant = _open(args, refresh=True, rebuild=args.rebuild)
    _print_skipped(assistant.corpus)
    report = assistant.last_update
    summary = report.summary() if report else "nothing to index"
    print(f"{len(assistant.documents)} documents, {len(assistant.corpus.paragraphs)} paragraphs: {summary}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add document files to the corpus folder (each checked and parsed first), then update the index."""
    assistant = _open(args, require_documents=False)
    refused = 0
    for file in args.files:
        try:
            added = assistant.add_file(Path(file))
        except (AssistantError, OSError) as exc:
            print(f"not added {Path(file).name}: {exc}")
            refused += 1
            continue
        state = "already in the corpus" if added.already_present else "added"
        count = len(added.document.paragraphs)
        print(f"{state}: {added.path.name} ({count} paragraph{'' if count == 1 else 's'})")
        for warning in added.document.warnings:  # an OCR text layer, two columns read across…: check the parse
            print(f"    warning: {warning}")
    if refused < len(args.files):
        report = assistant.reindex(progress=True)
        paragraphs = len(assistant.corpus.paragraphs)
        print(f"{len(assistant.documents)} documents, {paragraphs} paragraphs: {report.summary()}")
    return 1 if refused else 0


def cmd_documents(args: argparse.Namespace) -> int:
    """List the corpus folder's documents: the ids and file names that filters and document commands take."""
    from .ingest.corpus import Corpus
    from .ingest.library import describe

    settings = _settings(args)
    corpus = Corpus.from_dir(settings.corpus, cache_dir=settings.cache_dir)
    _print_skipped(corpus)
    infos = [describe(doc) for doc in corpus.documents]
    if args.json:
        rows = [{**dataclasses.asdict(i), "date": i.date.isoformat() if i.date else None} for i in infos]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for info in infos:
        print(f"{info.id}\t{info.file}\t{info.symbol or '—'}\t{info.date or '—'}\t{info.language}\t"
              f"{info.paragraphs} paragraphs\t{info.title}")  # fmt: skip
    print(f"{len(infos)} documents in {corpus.root}")
    return 0


def _print_turn(turn) -> None:
    print(FOUND if turn.confident else WEAK)
    for hit in turn.hits:
        print(f"\n#{hit.rank}  {hit.citation}   (score {hit.score:.2f}, similarity {hit.similarity:.3f})")
        if hit.paragraph.section:
            print(f"    {' › '.join(hit.paragraph.section)}")
        print(f"    {hit.paragraph.text}")


def cmd_search(args: argparse.Namespace) -> int:
    """Answer one question, or ask questions interactively when none is given."""
    assistant = _open(args)
    if assistant.is_stale():  # the web chat says so on its status line; a search here must not hide it
        print(as_given(STALE, args), file=sys.stderr)
    if args.k > MAX_K:
        print(f"note: showing the best {MAX_K} paragraphs, the most one search returns", file=sys.stderr)
    if args.question:
        _print_turn(assistant.ask(" ".join(args.question), k=args.k))
        return 0
    history = []
    while True:
        try:
            question = input("\n问题 / question (empty line to quit): ").strip()
        except EOFError:
            return 0
        if not question:
            return 0
        try:
            turn = assistant.ask(question, history=history, k=args.k)
        except AssistantError as exc:
            print(f"error: {as_given(str(exc), args)}")
            continue
        history.append(turn)
        _print_turn(turn)


def cmd_eval(args: argparse.Namespace) -> int:
    """R@1, R@5, MRR@10, no-match detection and latency on a question file."""
    from .evaluation import MODES, evaluate, format_report, load_questions, quote_test

    questions = load_questions(Path(args.file))
    if args.compare_stores:
        return _eval_stores(args, questions)
    assistant = _open(args, encoder=_timing_encoder(_settings(args)))
    modes = list(MODES) if args.compare else ["hybrid"]
    reports = {mode: evaluate(assistant, questions, MODES[mode](assistant.weights)) for mode in modes}
    quotes = quote_test(assistant, args.quotes) if args.quotes else None
    if args.json:
        print(json.dumps({**reports, "quotes": quotes} if quotes else reports, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(format_report(mode, report) for mode, report in reports.items()))
        if quotes:
            print(f"  verbatim quotes: {quotes['first']}/{quotes['n']} brought their paragraph first")
            print("".join(f"    not first: {q!r}\n" for q in quotes["failures"]), end="")
    return 0


def _eval_stores(args: argparse.Namespace, questions: list[dict]) -> int:
    """The same questions on the embedded store and on Milvus, in this process, figures side by side."""
    from .evaluation import compare_stores, evaluate_side_by_side, format_report, format_store_comparison
    from .search.assistant import Assistant

    base = _settings(args)
    assistants: dict = {}
    encoder = _timing_encoder(base)
    for store in ("embedded", "milvus"):
        assistant = Assistant.open(settings=dataclasses.replace(base, store=store), progress=True, encoder=encoder)
        assistant.ask(questions[0]["question"], k=10)  # warm: first-use costs are not a question's latency
        assistants[store] = assistant
    try:
        reports = evaluate_side_by_side(assistants, questions, rounds=args.rounds)
    finally:
        assistants["milvus"].store.close()
    comparison = compare_stores(reports)
    if args.json:
        print(json.dumps({"reports": reports, "comparison": comparison}, indent=2, ensure_ascii=False))
        return 0
    print("\n\n".join(format_report(f"hybrid, {store} store", report) for store, report in reports.items()))
    print()
    title = f"stores side by side: {args.file}, {len(questions)} questions (latency: {args.rounds} rounds, interleaved)"
    print(format_store_comparison(title, comparison))
    return 0


def cmd_paragraphs(args: argparse.Namespace) -> int:
    """Print how a file parses: metadata, then each unit's label, kind, section trail and citation
    (`--json`: the whole parse, machine-readable)."""
    from .ingest.corpus import read_document
    from .ingest.documents import citation_for

    doc = read_document(Path(args.file))
    lang = args.lang or doc.language
    if args.json:
        parse = {
            "title": doc.title,
            "symbol": doc.symbol,
            "date": doc.date.isoformat() if doc.date else None,
            "language": doc.language,
            "session": doc.session,
            "agenda_item": doc.agenda_item,
            "doc_type": doc.doc_type,
            "warnings": doc.warnings,
            "units": [
                {
                    "label": para.label,
                    "kind": para.kind,
                    "section": list(para.section),
                    "citation": citation_for(doc, para, lang),
                    "text": para.text,
                    "footnotes": para.footnotes,
                }
                for para in doc.paragraphs
            ],
        }
        print(json.dumps(parse, ensure_ascii=False, indent=1))
        return 0
    for name in ("title", "doc_type", "date", "session", "place", "meeting_dates", "agenda_item", "symbol", "language"):
        print(f"{name}: {getattr(doc, name)}")
    for warning in doc.warnings:
        print(f"warning: {warning}")
    print(f"paragraphs: {len(doc.paragraphs)}\n")
    for para in doc.paragraphs:
        print(f"[{para.label}] {' › '.join(para.section) or '—'}   ({para.kind})")
        print(f"    {citation_for(doc, para, lang)}")
        if args.text:
            print(f"    {para.text}")
            for note in para.footnotes:
                print(f"    ↳ {note}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web chat (the same as `python app.py`)."""
    from .web.app import serve

    serve(_settings(args))
    return 0


def _at_least(low: int):
    """An argparse type: a whole number of at least `low` (a usage error otherwise, not a report of "0/-5")."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, not {value}")
        return value

    return parse


def add_corpus_options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--corpus, --index-dir, --model, --cache-dir (else $UN_ASSISTANT_…, else un-assistant.toml, else defaults)."""
    p.add_argument("--corpus", help="corpus folder (default: seeds)")
    p.add_argument("--index-dir", help="index folder (default: CORPUS/.index)")
    p.add_argument("--model", help="embedding model: 'default', a local folder or a name in the Hugging Face cache")
    p.add_argument("--cache-dir", help="where the built model and extracted texts are kept (~/.cache/un-assistant)")
    p.add_argument("--store", choices=["embedded", "milvus"], help="where the index lives (default: embedded)")
    p.add_argument("--milvus-uri", help="Milvus: http://host:19530, or a Milvus Lite file (INDEX/milvus/milvus.db)")
    p.add_argument("--milvus-token", help="Milvus: 'user:password' or an API key (better: $UN_ASSISTANT_MILVUS_TOKEN)")
    p.add_argument("--milvus-collection", help="Milvus: collections NAME_vectors and NAME_text (default un_assistant)")
    return p


def add_server_options(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--host", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, help="port (default 7860)")
    p.add_argument("--max-upload-mb", type=int, help="largest file the page accepts, in MB (default 50)")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description=__doc__,
        epilog="Every option can also be set as $UN_ASSISTANT_NAME or name = … in ./un-assistant.toml.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("paragraphs", help="show how one document file is parsed into citable units")
    p.add_argument("file")
    p.add_argument("--text", action="store_true", help="also print each unit's text and footnotes")
    p.add_argument("--json", action="store_true", help="print the parse as JSON (metadata and units)")
    p.add_argument("--lang", choices=["zh", "en", "fr", "es", "ru", "ar"], help="citations in this language")
    p.set_defaults(func=cmd_paragraphs)
    p = add_corpus_options(sub.add_parser("index", help="build or update the index (only changes are embedded)"))
    p.add_argument("--rebuild", action="store_true", help="embed everything again, replacing the index")
    p.set_defaults(func=cmd_index)
    p = add_corpus_options(sub.add_parser("documents", help="list the corpus folder's documents (ids for filters)"))
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_documents)
    p = add_corpus_options(sub.add_parser("add", help="add PDF, Word, Markdown, HTML or text files, then re-index"))
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_add)
    p = add_corpus_options(sub.add_parser("search", help="ask a question (interactive when none is given)"))
    p.add_argument("question", nargs="*")
    p.add_argument("-k", type=_at_least(1), default=5, help=f"number of paragraphs (default 5, at most {MAX_K})")
    p.set_defaults(func=cmd_search)
    p = add_corpus_options(sub.add_parser("eval", help="evaluate retrieval on a question file (dev.jsonl format)"))
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--compare", action="store_true", help="also run lexical-only and dense-only")
    p.add_argument(
        "--quotes", type=_at_least(0), default=0, metavar="N", help="also N verbatim quotes (seeded): first?"
    )
    p.add_argument(
        "--compare-stores",
        action="store_true",
        help="the same questions on the embedded store and on Milvus (--milvus-uri…), figures side by side",
    )
    p.add_argument(
        "--rounds", type=_at_least(1), default=3, help="--compare-stores: rounds of questions timed (default 3)"
    )
    p.set_defaults(func=cmd_eval)
    p = add_server_options(add_corpus_options(sub.add_parser("serve", help="start the web chat")))
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.getLogger("assistant.ingest.corpus").setLevel(logging.ERROR)  # skipped files: printed once, here
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"error: {as_given(str(exc), args)}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file named on the command line: say which and why, not "[Errno 2] …"
        print(f"error: {_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        kept = "; the index is as it was before (nothing half-written is searched)" if args.command in UPDATES else ""
        print(f"interrupted{kept}", file=sys.stderr)
        return 130


def _os_error(exc: OSError) -> str:
    if exc.filename is None or not exc.strerror:
        return str(exc)
    return f"{exc.filename}: {exc.strerror.lower()}"
