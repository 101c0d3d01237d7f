"""Reading a whole table into Python objects without the cycle collector walking them over and
over while they are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block. Building a hundred thousand rows,
    tuples and lists (none of which refer back to each other) triggers a collection every few
    hundred of them, and each older-generation one walks every object made so far: that made
    finding duplicates grow faster than the desk. Reference counting still frees everything;
    the collector resumes (if it was on) when the block ends, even on an error."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
