"""`python -m assistant COMMAND …`: the command line (assistant/cli.py)."""

import sys

from .cli import main

sys.exit(main())
