"""The outbox's rules without a server: due, missed at its boundary, the wait between
tries, the email slot in the prospect's day, and a reply's subject."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.outbox import (
    LONGEST_WAIT,
    MAX_ATTEMPTS,
    MISSED_AFTER,
    email_slot,
    is_due,
    is_missed,
    may_retry,
    reply_subject,
    retry_wait,
)

AT = datetime(2026, 12, 7, 13, 30, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_due_at_its_minute_not_before_and_now_is_always_due():
    assert not is_due(AT, AT - MINUTE)
    assert is_due(AT, AT) and is_due(None, AT)


def test_missed_only_later_than_the_threshold():
    assert not is_missed(AT, AT + MISSED_AFTER - MINUTE)
    assert not is_missed(AT, AT + MISSED_AFTER)
    assert is_missed(AT, AT + MISSED_AFTER + MINUTE)
    assert not is_missed(None, AT + timedelta(days=3))


def test_tries_wait_longer_each_time_up_to_an_hour_and_stop():
    waits = [retry_wait(n) for n in range(1, 10)]
    assert waits[:4] == [MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]
    assert max(waits) == LONGEST_WAIT and waits == sorted(waits)
    assert may_retry(MAX_ATTEMPTS - 1, permanent=False)
    assert not may_retry(MAX_ATTEMPTS, permanent=False)
    assert not may_retry(1, permanent=True)


def test_the_email_slot_skips_the_prospects_weekend_and_holiday():
    berlin = ZoneInfo("Europe/Berlin")
    friday_late = datetime(2026, 12, 24, 14, 0, tzinfo=berlin)  # Christmas Eve, then holidays
    slot = email_slot(friday_late, berlin, "DE")
    assert slot.astimezone(berlin) == datetime(2026, 12, 28, 8, 30, tzinfo=berlin)


@given(st.text())
def test_reply_subject_says_re_once(subject):
    once = reply_subject(subject)
    assert reply_subject(once) == once
    assert once == "" or (once.startswith("Re: ") and not once[4:].lower().startswith("re:"))
