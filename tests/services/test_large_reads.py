"""Reading a whole desk at once (export, find duplicates) runs no cycle collection while its
rows are made: each pass walks every object made so far, so they made the work grow faster
than the desk."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from touchdesk.services.demo import fill_demo
from touchdesk.services.duplicates import find_duplicates
from touchdesk.services.imports import export_prospects, prospects_for_export


def _collections_during(action: Callable[[], object]) -> int:
    passes = 0

    def seen(phase: str, info: dict) -> None:
        nonlocal passes
        passes += phase == "start"

    gc.collect()  # nothing left over from building the desk
    gc.callbacks.append(seen)
    try:
        action()
    finally:
        gc.callbacks.remove(seen)
    return passes


@pytest.fixture
def desk(store) -> None:
    fill_demo(1500, seed=3, now=datetime(2031, 3, 12, 15, tzinfo=UTC))


@pytest.mark.parametrize("read", ["export", "export file", "duplicates"])
def test_reading_the_whole_desk_runs_no_cycle_collection(desk, tmp_path: Path, read: str):
    action = {
        "export": prospects_for_export,
        "export file": lambda: export_prospects(tmp_path / "all.csv"),
        "duplicates": find_duplicates,
    }[read]
    was_on = gc.isenabled()
    # At most the one pass the allocations owe when the collector resumes (it was 14 to 28).
    assert _collections_during(action) <= 1
    assert gc.isenabled() == was_on  # and the collector is back as it was
