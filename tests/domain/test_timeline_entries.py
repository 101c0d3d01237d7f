"""A timeline read whole makes each entry as it is first read, once, in the rows' order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from touchdesk.domain.timeline import Entries, TimelineEntry

START = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _entries(count: int) -> tuple[Entries, list[int]]:
    made: list[int] = []

    def make(row: tuple) -> TimelineEntry:
        made.append(row[0])
        return TimelineEntry(START - timedelta(hours=row[0]), f"note {row[0]}")

    return Entries([(i,) for i in range(count)], make), made


def test_only_the_entries_read_are_made_and_each_once():
    entries, made = _entries(1000)
    assert len(entries) == 1000 and made == []
    first = entries[0]
    assert entries[0] is first and entries[999].detail == "note 999"
    assert [e.detail for e in entries[:3]] == ["note 0", "note 1", "note 2"]
    assert entries[-1] is entries[999]
    assert made == [0, 999, 1, 2]


def test_reading_all_gives_the_rows_in_order_and_out_of_range_is_refused():
    entries, _ = _entries(5)
    assert [e.detail for e in entries] == [f"note {i}" for i in range(5)]
    assert list(entries) == entries[:]
    assert entries.index(entries[3]) == 3
    with pytest.raises(IndexError):
        entries[5]
