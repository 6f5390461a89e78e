"""The cyclic collector paused while a corpus and its snapshot are built, and resumed as it was."""

from __future__ import annotations

import gc
import threading

from assistant.collector import paused, resumed


def test_the_collector_is_off_inside_and_on_again_after():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_resume_after_the_last_one():
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with paused():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    with paused():
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread's pause is still under way
    leave.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_still_resumes_it():
    try:
        with paused():
            raise ValueError("bad input")
    except ValueError:
        pass
    assert gc.isenabled()


def test_long_work_inside_a_pause_runs_with_the_collector_on():
    with paused():
        with resumed():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with resumed():  # outside any pause it changes nothing
        assert gc.isenabled()
    assert gc.isenabled()
