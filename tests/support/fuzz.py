"""Random calls of the public search API with hostile arguments, for the property test and the soak benchmark.

Values are drawn from what callers get wrong: wrong types, NaN and infinities, huge and negative numbers,
nesting, lone surrogates, control characters, very long text. Every call must either answer or raise a
ValueError whose message a user can act on.
"""

from __future__ import annotations

import math
import random

ODD_TEXT = [
    "",
    " ",
    "\x00\x01",
    "\ud800",
    "反腐败\udfff",
    "？？？",
    "<script>x</script>",
    "a" * 5000,
    "国" * 3000,
    "哪些小岛屿国家得到了制定反腐败战略的帮助？",
    "What about 2023?",
    "那2023年呢？",
    "\u202e\u200b",
    "🙂" * 50,
]
ODD_VALUES = [
    None, 0, -1, 1, 5, 2**63, -(2**70), 2.5, math.nan, math.inf, -math.inf, True, b"bytes", object(),
    [], [[]], [None], [1, [2]], {"a": 1}, {1, 2}, (2021,), "2021", ["2021"], [2021.0], [math.inf], [2.5],
    ["003_d1494f5805fa1413"], ["nope"], "003_d1494f5805fa1413", [123], list(range(2000)),
]  # fmt: skip
# messages that would mean an internal error leaked through as a ValueError
UNREADABLE = ("invalid literal", "surrogates not allowed", "codec", "object of type", "unhashable", "Traceback")


def random_call(rng: random.Random) -> tuple[str, object, dict]:
    """A method name ('search' or 'ask'), the question and the other keyword arguments."""
    pick = rng.choice
    question = pick(ODD_TEXT) if rng.random() < 0.85 else pick(ODD_VALUES)
    kwargs: dict = {}
    for name in ("k", "documents", "years"):  # each odd value alone often enough to be the one refused
        if rng.random() < 0.25:
            kwargs[name] = pick(ODD_VALUES)
    method = "ask" if rng.random() < 0.5 else "search"
    if method == "ask" and rng.random() < 0.3:
        kwargs["history"] = pick([*ODD_VALUES, ["反腐败"], ["那呢？", "\ud800"]])
    return method, question, kwargs


def readable(message: str) -> bool:
    """A message for a person: no internal error's wording, not empty, not a wall of text."""
    return bool(message.strip()) and len(message) < 400 and not any(bad in message for bad in UNREADABLE)
