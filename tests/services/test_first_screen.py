"""The launch's first screen, read on a worker thread: the same lists and counts the window
reads itself, and never taken once anything was committed since or the day has turned."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import days, prospect
from touchdesk.domain.mail import MailDraft, MailKind
from touchdesk.services.desk import desk_counts
from touchdesk.services.due_steps import DueCounts, due_counts
from touchdesk.services.first_screen import FirstScreenRead, read_first_screen
from touchdesk.services.mail_queue import queue_mail
from touchdesk.services.prospects import move_to_trash
from touchdesk.services.today import (
    calls_due_count,
    first_due_calls,
    first_without_next_step,
    replied,
)

ZONE = ZoneInfo("Europe/Berlin")


# 13:00 in Berlin: the seller's day ends at 23:00 UTC.
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def desk(store):
    for n in range(5):
        prospect(f"Due{n}", "Lee", due=NOW - timedelta(hours=n + 1))
    prospect("Tonight", "Kim", due=datetime(2026, 12, 4, 22, 59, tzinfo=UTC))
    prospect("Midnight", "Kim", due=datetime(2026, 12, 4, 23, 0, tzinfo=UTC))  # tomorrow's
    prospect("Later", "Kim", due=NOW + days(3))
    trashed = prospect("Trashed", "Tao", due=NOW - timedelta(hours=2))
    queue_mail(trashed, MailDraft(MailKind.NOTE, "Thanks"))
    move_to_trash(trashed)
    for n in range(4):
        pid = prospect(f"Idle{n}", "Ito")
    queue_mail(pid, MailDraft(MailKind.NOTE, "Thanks"))
    return store


def test_the_first_screen_holds_what_each_list_and_count_reads_alone(desk):
    first = read_first_screen(NOW, ZONE, limit=3)
    assert first.calls == first_due_calls(NOW, ZONE, 3)
    # Counted apart from the reminders' counts it is added from: the calling list's own query.
    assert first.calls[1] == calls_due_count(NOW, ZONE) == 6 and len(first.calls[0]) == 3
    assert first.without_next_step == first_without_next_step(3)
    assert first.without_next_step[1] == 4
    assert first.replied == replied()
    assert first.counts == desk_counts(NOW, ZONE)
    assert first.counts.mail_to_do == 1  # not the trashed prospect's card
    assert first.due == due_counts(NOW, ZONE) == DueCounts(overdue=5, due_today=1)


def test_a_read_nothing_changed_since_is_taken(desk):
    now = datetime.now(UTC)
    read = FirstScreenRead(now, ZONE, limit=3)
    taken = read.take(now, ZONE)
    assert taken == read_first_screen(now, ZONE, limit=3)


def test_a_commit_by_the_window_after_the_read_began_leaves_it_untaken(desk):
    now = datetime.now(UTC)
    read = FirstScreenRead(now, ZONE)
    prospect("New", "One", due=now - timedelta(minutes=5))
    assert read.take(now, ZONE) is None


def test_a_commit_by_another_program_leaves_it_untaken(desk, db_path):
    now = datetime.now(UTC)
    read = FirstScreenRead(now, ZONE)
    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE prospect SET first_name = 'Renamed' WHERE first_name = 'Due0'")
    other.close()
    assert read.take(now, ZONE) is None


def test_a_read_is_taken_until_the_days_last_minute_and_not_after(desk):
    # Read at 23:58 Berlin time: the calling list runs to midnight.
    read_at = datetime(2026, 12, 4, 22, 58, tzinfo=UTC)
    read = FirstScreenRead(read_at, ZONE)
    assert read.take(read_at + timedelta(seconds=119), ZONE) is not None
    assert read.take(read_at + timedelta(seconds=120), ZONE) is None  # 00:00: a new day


def test_a_read_that_failed_is_not_taken_and_says_why_in_the_log(desk, caplog):
    now = datetime.now(UTC)
    read = FirstScreenRead(now, ZONE, limit=0)  # refused: a first page holds a row
    with caplog.at_level(logging.ERROR, logger="touchdesk.services.first_screen"):
        assert read.take(now, ZONE) is None
    assert "first screen" in caplog.text and "at least one row" in caplog.text


def test_the_read_goes_on_while_another_program_holds_the_write_lock(desk, db_path):
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the write lock, held until the end of the test
    try:
        read = FirstScreenRead(NOW, ZONE)
        taken = read.take(NOW, ZONE)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert taken is not None and taken.calls[1] == 6
