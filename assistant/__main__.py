"""Command line: `python -m assistant COMMAND …` (see --help)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .corpus import read_document
from .reading import UnreadableFile


def cmd_paragraphs(args: argparse.Namespace) -> int:
    """Print how a file parses: metadata, then each unit's label, section trail and citation."""
    doc = read_document(Path(args.file))
    for name in ("title", "doc_type", "date", "session", "place", "meeting_dates", "agenda_item", "symbol"):
        print(f"{name}: {getattr(doc, name)}")
    print(f"paragraphs: {len(doc.paragraphs)}\n")
    for para in doc.paragraphs:
        print(f"[{para.label}] {' › '.join(para.section) or '—'}")
        print(f"    {para.citation}")
        if args.text:
            print(f"    {para.text}")
            for note in para.footnotes:
                print(f"    ↳ {note}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("paragraphs", help="show how one document file is parsed into citable units")
    p.add_argument("file")
    p.add_argument("--text", action="store_true", help="also print each unit's text and footnotes")
    p.set_defaults(func=cmd_paragraphs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UnreadableFile, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
