"""What the tests and benchmarks share: paths, the seed documents made into other formats, a running web app."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "eval" / "dev.jsonl"
CACHE = ROOT / ".cache"  # the built default model is reused across test runs
REAL_DOCS = ROOT.parent / "shared" / "real-docs"  # published UN documents, present beside the project in CI

# Seeds written as DOCX, Markdown and HTML (002 is text already extracted from a PDF, not one
# paragraph per line), and those made into PDFs (003's "**" note is drawn twice by LibreOffice,
# "****", a converter quirk).
WRITTEN = ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5", "003_d1494f5805fa1413", "004_b3e6555703f58ac3"]
AS_PDF = ["000_f8be4dd885aa960f", "001_b632c6f20b3b1be5", "004_b3e6555703f58ac3"]
RUNNING_HEAD = "反腐败公约缔约国会议文件（页眉）"
SYMBOL = "CAC/COSP/2021/TEST.1"


def current_manifest(index: Path) -> dict:
    """The manifest of the index folder's current generation."""
    return json.loads((index / (index / "CURRENT").read_text().strip() / "manifest.json").read_text())


def date_manifest(index: Path, **versions: str) -> dict:
    """Write `versions` into the manifest of the index's current generation, as an older program would have
    left them; the manifest as it was before."""
    manifest = current_manifest(index)
    path = index / (index / "CURRENT").read_text().strip() / "manifest.json"
    path.write_text(json.dumps({**manifest, **versions}))
    return manifest
