"""A long timeline's first summaries, which size its What column, come without its entries."""

from __future__ import annotations

from datetime import UTC, datetime

from touchdesk.domain.timeline import Entries, TimelineEntry
from touchdesk.domain.vocabulary import Channel, Direction, Outcome

START = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _call(attempt: int) -> TimelineEntry:
    return TimelineEntry(
        START, "", attempt, Channel.CALL, Direction.OUT, Outcome.NO_ANSWER, attempt
    )


def test_summaries_come_from_the_rows_and_make_no_entry():
    made: list[int] = []

    def make(row: tuple) -> TimelineEntry:
        made.append(row[0])
        return _call(row[0])

    entries = Entries([(i,) for i in range(1, 501)], make, lambda row: _call(row[0]).summary())
    first = entries[0]
    assert entries.summaries(100) == [_call(i).summary() for i in range(1, 101)]
    assert made == [1]  # the one read before, and only it
    assert entries.summaries(3)[0] == first.summary() == "#1 Call · outbound · No answer"
    assert len(entries.summaries(1000)) == 500


def test_with_no_way_to_summarise_a_row_the_entries_are_made():
    entries = Entries([(i,) for i in range(1, 4)], lambda row: _call(row[0]))
    assert entries.summaries(2) == [
        "#1 Call · outbound · No answer",
        "#2 Call · outbound · No answer",
    ]
