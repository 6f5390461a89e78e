#!/usr/bin/env bash
# Install (idempotent) and start the web chat on the default corpus (seeds/) at http://127.0.0.1:7860.
# The first start builds the embedding model folder and the index (about a minute on 2 cores; the page
# shows progress), later starts reuse them. Options go to app.py (python app.py --help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python app.py "$@"
