"""Reading a whole desk at once (the board, export, find duplicates) or a contact file (preview
and import) runs no more than one cycle collection while its rows are made: each pass walks
every object made so far, so they made the work grow faster than the desk."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from touchdesk.services.board import load_board
from touchdesk.services.bulk_read import YOUNG_OBJECTS, fewer_collections
from touchdesk.services.demo import fill_demo
from touchdesk.services.duplicate_search import find_duplicates
from touchdesk.services.imports import (
    export_prospects,
    preview_file,
    prospects_for_export,
    run_import,
)


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


def _contacts(folder: Path, rows: int = 3000) -> Path:
    path = folder / "contacts.csv"
    lines = ["First Name,Last Name,Company,E-mail Address,Mobile Phone,Categories"]
    lines += [
        f"First{n},Last{n},Company {n % 90},p{n}@example.com,+1 212 555 {n:04d},lead;x{n % 7}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "read", ["board", "export", "export file", "duplicates", "preview", "preview and import"]
)
def test_reading_many_rows_runs_at_most_one_cycle_collection_a_block(
    desk, tmp_path: Path, read: str
):
    contacts = _contacts(tmp_path)
    action = {
        "board": load_board,
        "export": prospects_for_export,
        "export file": lambda: export_prospects(tmp_path / "all.csv"),
        "duplicates": find_duplicates,
        "preview": lambda: preview_file(contacts),
        "preview and import": lambda: run_import(preview_file(contacts)),
    }[read]
    blocks = 2 if read == "preview and import" else 1
    threshold = gc.get_threshold()
    # At most the one pass the young objects owe as each block ends (it was 14 to 28).
    assert _collections_during(action) <= blocks
    assert gc.get_threshold() == threshold  # and the collector is back as it was


def test_overlapping_readers_on_two_threads_leave_the_collector_as_it_was():
    threshold = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with fewer_collections():
            second_in.set()
            first_out.wait(5)
            # The first reader left while this one still reads: the threshold stays raised.
            assert gc.get_threshold()[0] == max(YOUNG_OBJECTS, threshold[0])

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert gc.get_threshold() == threshold


def test_finding_duplicates_runs_no_collection_and_puts_the_collector_back():
    from touchdesk.services.bulk_read import collections_paused

    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
        with collections_paused():  # nested (or a second thread): still paused inside
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # a caller that had it off (the app while it launches) keeps it off
    try:
        with collections_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_on_two_threads_leave_the_collector_on():
    from touchdesk.services.bulk_read import collections_paused

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collections_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collections_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first left while this one reads: still paused

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled()
