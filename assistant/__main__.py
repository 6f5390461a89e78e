"""Command line: `python -m assistant COMMAND …` (see --help)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import read_document
from .reading import UnreadableFile
from .uploads import MAX_BYTES

DEFAULT_CORPUS = "seeds"


def _open(args: argparse.Namespace):
    from .api import Assistant

    return Assistant.open(args.corpus, index_dir=args.index_dir, model=args.model, progress=True)


def cmd_index(args: argparse.Namespace) -> int:
    """Bring the index up to date with the corpus folder, embedding only what changed."""
    from embeddings.encoder import Encoder, default_cache_dir
    from embeddings.store import VectorStore

    from .api import index_path
    from .corpus import Corpus
    from .indexing import update_index

    corpus = Corpus.from_dir(args.corpus, cache_dir=default_cache_dir())
    for skipped in corpus.skipped:
        print(f"skipped {skipped.path.name}: {skipped.reason}")
    store = VectorStore(index_path(args.corpus, args.index_dir), Encoder(args.model), load=not args.rebuild)
    report = update_index(store, corpus, progress=True, rebuild=args.rebuild)
    print(f"{len(corpus.documents)} documents, {len(corpus.paragraphs)} paragraphs: {report.summary()}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add document files to the corpus folder (each checked and parsed first), then update the index."""
    from embeddings.encoder import default_cache_dir

    from .uploads import add_file

    refused = 0
    for file in args.files:
        try:
            added = add_file(Path(args.corpus), Path(file), cache_dir=default_cache_dir())
        except (ValueError, OSError) as exc:
            print(f"not added {Path(file).name}: {exc}")
            refused += 1
            continue
        state = "already in the corpus" if added.already_present else "added"
        print(f"{state}: {added.path.name} ({len(added.document.paragraphs)} paragraphs)")
    if refused < len(args.files):
        cmd_index(argparse.Namespace(**{**vars(args), "rebuild": False}))
    return 1 if refused else 0


def _print_hits(hits) -> None:
    for hit in hits:
        print(f"\n#{hit.rank}  {hit.citation}   (score {hit.score:.2f}, similarity {hit.similarity:.3f})")
        if hit.paragraph.section:
            print(f"    {' › '.join(hit.paragraph.section)}")
        print(f"    {hit.paragraph.text}")


def cmd_search(args: argparse.Namespace) -> int:
    """Answer one question, or ask questions interactively when none is given."""
    assistant = _open(args)
    if args.question:
        turn = assistant.ask(" ".join(args.question), k=args.k)
        print("找到相关段落" if turn.confident else "没有找到可靠的匹配，以下为最接近的段落")
        _print_hits(turn.hits)
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
        except ValueError as exc:
            print(f"error: {exc}")
            continue
        history.append(turn)
        print("找到相关段落" if turn.confident else "没有找到可靠的匹配，以下为最接近的段落")
        _print_hits(turn.hits)


def cmd_eval(args: argparse.Namespace) -> int:
    """R@1, R@5, MRR@10, no-match detection and latency on a question file."""
    import json

    from .evaluation import MODES, evaluate, format_report, load_questions

    assistant = _open(args)
    questions = load_questions(Path(args.file))
    modes = list(MODES) if args.compare else ["hybrid"]
    reports = {mode: evaluate(assistant, questions, MODES[mode](assistant.weights)) for mode in modes}
    if args.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(format_report(mode, report) for mode, report in reports.items()))
    return 0


def cmd_paragraphs(args: argparse.Namespace) -> int:
    """Print how a file parses: metadata, then each unit's label, kind, section trail and citation
    (`--json`: the whole parse, machine-readable)."""
    from .documents import citation_for

    doc = read_document(Path(args.file))
    lang = args.lang or doc.language
    if args.json:
        import json

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
    from app import serve

    serve(args.corpus, args.index_dir, args.model, args.host, args.port, args.max_upload_mb)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("paragraphs", help="show how one document file is parsed into citable units")
    p.add_argument("file")
    p.add_argument("--text", action="store_true", help="also print each unit's text and footnotes")
    p.add_argument("--json", action="store_true", help="print the parse as JSON (metadata and units)")
    p.add_argument("--lang", choices=["zh", "en", "fr", "es", "ru", "ar"], help="citations in this language")
    p.set_defaults(func=cmd_paragraphs)

    def with_corpus(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: seeds)")
        p.add_argument("--index-dir", default=None, help="index folder (default: CORPUS/.index)")
        p.add_argument(
            "--model",
            default=None,
            help="embedding model: 'default', a local folder or a cached name "
            "(else $UN_ASSISTANT_MODEL, else model = ... in ./un-assistant.toml)",
        )
        return p

    p = with_corpus(sub.add_parser("index", help="build or update the index (only changed paragraphs are embedded)"))
    p.add_argument("--rebuild", action="store_true", help="embed everything again, replacing the index")
    p.set_defaults(func=cmd_index)
    p = with_corpus(sub.add_parser("add", help="add PDF, Word, Markdown, HTML or text files, then update the index"))
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_add)
    p = with_corpus(sub.add_parser("search", help="ask a question (interactive when none is given)"))
    p.add_argument("question", nargs="*")
    p.add_argument("-k", type=int, default=5, help="number of paragraphs (default 5)")
    p.set_defaults(func=cmd_search)
    p = with_corpus(sub.add_parser("eval", help="evaluate retrieval on a question file (dev.jsonl format)"))
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--compare", action="store_true", help="also run lexical-only and dense-only")
    p.set_defaults(func=cmd_eval)
    p = with_corpus(sub.add_parser("serve", help="start the web chat on http://HOST:PORT"))
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--max-upload-mb", type=int, default=MAX_BYTES // 2**20, help="largest file the page accepts (MB)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UnreadableFile, OSError, ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
