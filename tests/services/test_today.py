"""The Today list from a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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
