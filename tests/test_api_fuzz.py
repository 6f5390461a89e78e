"""The public search API under random hostile arguments: an answer or a readable ValueError, nothing else."""

from __future__ import annotations

import random

import pytest

from .support.fuzz import random_call, readable


@pytest.mark.parametrize("seed", range(4))
def test_random_hostile_calls_answer_or_raise_a_readable_value_error(assistant, seed):
    rng = random.Random(seed)
    for _ in range(100):
        method, question, kwargs = random_call(rng)
        try:
            getattr(assistant, method)(question, **kwargs)
        except ValueError as exc:
            assert readable(str(exc)), (method, question, kwargs, str(exc))
        # any other exception fails the test with the call that raised it
