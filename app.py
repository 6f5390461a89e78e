"""The web chat on the default corpus: `python app.py [--corpus DIR] [--host H] [--port P] …` (see --help).

The same as `python -m assistant serve`; the app itself is assistant/web/.
"""

from assistant.web.app import main

if __name__ == "__main__":
    raise SystemExit(main())
