#!/usr/bin/env bash
# Install (idempotent) and start the assistant on the default corpus (seeds/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python app.py "$@"
