"""Reading many rows at once without the cyclic garbage collector's passes over them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """CPython's collector runs every 700 new objects and, once enough have piled up, walks
    every object alive: wrapping 100,000 rows set it off over a hundred times, and at that size
    into passes over the whole heap, so a board load grew faster than the desk. Rows are tuples
    of plain values and make no cycles; the collector resumes after and takes one pass then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
