#!/usr/bin/env bash
# Install (idempotent) and start the assistant on the default corpus (seeds/). The first start
# builds the embedding model folder and the index (about a minute on 2 cores), later starts reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python -m assistant search "$@"
