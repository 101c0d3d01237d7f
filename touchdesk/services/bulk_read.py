"""Reading many rows into Python objects without the cycle collector walking them over and
over while they are made."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects the collector lets pile up while many rows are read (CPython's default: 700).
YOUNG_OBJECTS = 100_000

_lock = threading.Lock()
_holders = 0
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """CPython's collector walks the young objects every 700 new ones and, once enough have
    piled up, every object alive: wrapping 100,000 board rows, or previewing 10,000 contacts,
    set it off hundreds of times, each pass longer as the rows piled up. Rows are tuples of
    plain values and make no cycles, so it runs every 100,000 new objects meanwhile; it still
    runs, so a long import's stray cycles are still freed. Held from any thread: the first to
    enter raises the threshold and the last to leave puts it back."""
    global _holders, _saved
    with _lock:
        if _holders == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_OBJECTS, _saved[0]), *_saved[1:])
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.set_threshold(*_saved)


_pausing = 0
_was_enabled = True


@contextmanager
def collections_paused() -> Iterator[None]:
    """No cycle collection at all while a read builds its rows: for a read that makes many
    plain tuples, lists and dicts (no cycles, so a pass frees nothing) and ends within about a
    second. Even every 100,000 new objects, at 100,000 prospects the passes walked every row
    built so far, a twentieth of finding duplicates and growing with the desk. Held from any
    thread: the first to enter pauses the collector and the last to leave puts it back as it
    was (a caller that had it off keeps it off)."""
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
