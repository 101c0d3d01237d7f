"""What the window shows first, read on a worker thread while the window is being built.

Today's first rows and the sidebar's counts are SQLite's work, and SQLite lets go of the GIL
while it reads: on a thread of their own they overlap the building of the window instead of
following its first paint. The window takes them only if nothing was committed since they
were read and the seller's day has not turned; otherwise it reads them again itself.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from touchdesk.domain.today import CallRow, end_of_day
from touchdesk.services import settings
from touchdesk.services.desk import DeskCounts, open_mail_count
from touchdesk.services.due_steps import DueCounts, due_counts
from touchdesk.services.today import due_calls, first_without_next_step, replied
from touchdesk.services.workspace import close_thread_connection
from touchdesk.store.db import commit_mark, database

log = logging.getLogger(__name__)

# Rows of each Today list read before its first paint; the rest come as the list is scrolled
# (or all at once when something asks for every row, such as printing). A busy desk at
# 100,000 prospects has twenty thousand calls due, and reading them all held the window's
# first paint for a second. Sixty fill the list on a tall screen.
FIRST_ROWS = 60


class FirstScreen(NamedTuple):
    """The first page of each Today list with its length, and the sidebar's counts."""

    day_ends: datetime  # the end of the seller's day the calling list runs to
    calls: tuple[list[CallRow], int]
    without_next_step: tuple[list[CallRow], int]
    replied: list[CallRow]
    counts: DeskCounts
    due: DueCounts  # the reminders' launch digest


def read_first_screen(now: datetime, seller_zone: tzinfo, limit: int = FIRST_ROWS) -> FirstScreen:
    """Every list and count from one snapshot of the database, read without taking the write
    lock (the app's transactions take it at once): the window and other programs write on."""
    with database.atomic("DEFERRED"):
        # The reminders' two counts make the calling list's length: no count of its own.
        due = due_counts(now, seller_zone)
        calls = due_calls(now, seller_zone, 0, limit), due.total
        return FirstScreen(
            end_of_day(now, seller_zone),
            calls,
            first_without_next_step(limit),
            replied(),
            DeskCounts(calls[1], open_mail_count()),
            due,
        )


class FirstScreenRead:
    """`read_first_screen` on a thread of its own, taken once the window wants it."""

    def __init__(self, now: datetime, seller_zone: tzinfo, limit: int = FIRST_ROWS) -> None:
        # Marked before the read begins: a commit from here on, by this window or another
        # program, makes what the thread reads possibly out of date.
        self._mark = commit_mark()
        self._result: FirstScreen | None = None
        self._thread = threading.Thread(
            target=self._read, args=(now, seller_zone, limit), name="first_screen", daemon=True
        )
        self._thread.start()

    def _read(self, now: datetime, seller_zone: tzinfo, limit: int) -> None:
        try:
            self._result = read_first_screen(now, seller_zone, limit)
        except Exception:  # the window reads again on its own thread and says what failed
            log.exception("reading the first screen on a worker thread failed")
        finally:
            close_thread_connection()

    def take(self, now: datetime, seller_zone: tzinfo) -> FirstScreen | None:
        """What the thread read, if it is still what the database holds for `now`; None
        when it failed, something was committed since, or the day it read has ended.
        Asked on the thread that started the read (its connection holds the mark)."""
        self._thread.join()
        result = self._result
        if result is None or commit_mark() != self._mark:
            return None
        return result if result.day_ends == end_of_day(now, seller_zone) else None


def start_reading_first_screen() -> FirstScreenRead:
    """The first screen for the seller's today, read from now on a thread of its own."""
    return FirstScreenRead(datetime.now(UTC), ZoneInfo(settings.get("time_zone")))
