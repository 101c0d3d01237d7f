"""The Today list from a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import days, prospect
from touchdesk.domain.vocabulary import Channel, ProspectStatus
from touchdesk.services.today import today

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York


def test_overdue_and_due_today_in_order_then_prospects_without_step(store):
    overdue = prospect("Overdue", due=NOW - days(2), phones=("+12025550100",))
    later_today = prospect(
        "Later", due=NOW + days(0.2), channel=Channel.EMAIL, emails=("later@example.com",)
    )
    prospect("Tomorrow", due=NOW + days(1.5))
    idle = prospect("Idle")
    prospect("Won", status=ProspectStatus.WON)
    listing = today(NOW, NEW_YORK)
    assert [r.prospect_id for r in listing.calls] == [overdue, later_today]
    assert listing.calls[0].contact == "+12025550100"
    assert listing.calls[1].contact == "later@example.com"
    assert listing.calls[1].channel is Channel.EMAIL
    assert [r.prospect_id for r in listing.without_next_step] == [idle]


def test_the_sidebar_counts_read_the_calls_and_the_mail_and_nothing_else(store):
    """The count beside Today is the calling list's length, read without counting the
    prospects with no next step too (that count is the Today page's own)."""
    from touchdesk.services.desk import desk_counts
    from touchdesk.store.db import database

    prospect("Overdue", due=NOW - days(2))
    prospect("Idle")
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(seen.append)
    try:
        counts = desk_counts(NOW, NEW_YORK)
    finally:
        connection.set_trace_callback(None)
    assert (counts.calls_due, counts.mail_to_do) == (1, 0)
    assert len(seen) == 2, seen


def _desk_of_five(store) -> None:
    for number in range(5):
        prospect(f"Due{number}", due=NOW - days(number + 1))
        prospect(f"Idle{number}")
    prospect("Tomorrow", due=NOW + days(1.5))
    prospect("Won", status=ProspectStatus.WON)


def test_each_lists_first_page_comes_with_its_length_at_every_limit(store):
    from touchdesk.services.today import (
        calls_due_count,
        due_calls,
        first_due_calls,
        first_without_next_step,
        without_next_step,
    )

    _desk_of_five(store)
    for limit in range(1, 7):  # shorter than, as long as, and longer than each list
        calls, total = first_due_calls(NOW, NEW_YORK, limit)
        assert (calls, total) == (
            due_calls(NOW, NEW_YORK, 0, limit),
            calls_due_count(NOW, NEW_YORK),
        )
        idle, missing = first_without_next_step(limit)
        assert idle == without_next_step(0, limit)
        assert missing == len(today(NOW, NEW_YORK).without_next_step) == 5
    with pytest.raises(ValueError, match="at least one row"):
        first_due_calls(NOW, NEW_YORK, 0)  # no row read would carry no length either


def test_an_empty_desk_has_empty_first_pages(store):
    from touchdesk.services.today import first_due_calls, first_without_next_step

    assert first_due_calls(NOW, NEW_YORK, 60) == ([], 0)
    assert first_without_next_step(60) == ([], 0)
