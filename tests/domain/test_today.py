"""Calling-list rules: order, attempt numbers, the prospect's own clock, snooze slots."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from touchdesk.domain.today import CallRow, end_of_day, order_calls, their_time
from touchdesk.domain.vocabulary import Channel

NEW_YORK = ZoneInfo("America/New_York")


def row(
    pid: int,
    due: datetime | None,
    attempts: int = 0,
    zone: str = "",
    channel: Channel | None = Channel.CALL,
    phone: str = "",
    email: str = "",
) -> CallRow:
    return CallRow(
        pid,
        f"P{pid}",
        "",
        "",
        zone,
        phone,
        email,
        attempts,
        None,
        step_id=pid if due else None,
        due_at=due,
        channel=channel,
    )


def test_calls_are_ordered_by_due_time_then_attempt_number():
    nine = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    ten = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    rows = [row(1, ten, 0), row(2, nine, 4), row(3, nine, 1)]
    assert [r.prospect_id for r in order_calls(rows)] == [3, 2, 1]
    assert [r.attempt for r in order_calls(rows)] == [2, 5, 1]


def test_their_time_is_shown_only_when_their_clock_differs():
    due = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)  # 09:30 in New York
    assert their_time(row(1, due, zone="Europe/London"), NEW_YORK) == "14:30 Europe/London"
    assert their_time(row(1, due, zone="America/Toronto"), NEW_YORK) == ""
    assert their_time(row(1, due, zone=""), NEW_YORK) == ""
    assert their_time(row(1, due, zone="Asia/Tokyo"), NEW_YORK) == "23:30 Asia/Tokyo"
    # 11:00 on Monday in New York is already Tuesday in Tokyo: the day is named.
    late = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    assert their_time(row(1, late, zone="Asia/Tokyo"), NEW_YORK) == "Tue 01:00 Asia/Tokyo"


def test_their_time_follows_daylight_saving_on_the_day():
    # 8 March 2026: New York has sprung forward, London has not (a 4-hour gap, not 5).
    due = datetime(2026, 3, 9, 13, 30, tzinfo=UTC)  # 09:30 New York
    assert their_time(row(1, due, zone="Europe/London"), NEW_YORK) == "13:30 Europe/London"


def test_contact_is_the_phone_for_calls_and_the_email_for_emails():
    call = row(1, None, channel=Channel.CALL, phone="+12025550100", email="a@example.com")
    mail = row(1, None, channel=Channel.EMAIL, phone="+12025550100", email="a@example.com")
    assert call.contact == "+12025550100"
    assert mail.contact == "a@example.com"
    assert row(1, None, channel=Channel.EMAIL, phone="+1202").contact == "+1202"


def test_end_of_day_is_the_sellers_midnight():
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # still the 23rd in New York
    assert end_of_day(now, NEW_YORK) == datetime(2026, 11, 24, 0, 0, tzinfo=NEW_YORK)
