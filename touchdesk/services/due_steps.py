"""The next steps coming due, for the reminders: the launch digest's counts and each step
announced as its time comes. Small on purpose: the reminders start with every launch."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple

from peewee import Case, fn

from touchdesk.domain.names import display_name
from touchdesk.domain.today import end_of_day
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.store.models import NextStep, Prospect
from touchdesk.store.prepared import PreparedMoments


def in_trash():
    """The ids of the prospects in the trash: a few, listed from their own partial index."""
    return Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null(False))


def live_and_active():
    """A prospect outside the trash and still being worked.

    Said with the prospect's id and status only, so a count of them is answered from the
    (stage, status) index alone: the prospect table itself is ten times larger and, on a large
    desk, no longer fits the page cache."""
    return (Prospect.status == ProspectStatus.ACTIVE.value) & Prospect.id.not_in(in_trash())


class DueStep(NamedTuple):
    """An open next step of an active prospect, as a reminder shows it."""

    step_id: int
    prospect_id: int
    first_name: str
    last_name: str
    company: str
    due_at: datetime
    channel: Channel
    purpose: str

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


def due_between_query(start: datetime, end: datetime):
    return (
        NextStep.select(
            NextStep.id,
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            NextStep.due_at,
            NextStep.channel,
            NextStep.purpose,
        )
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at >= start,
            NextStep.due_at < end,
        )
        .order_by(NextStep.due_at, NextStep.id)
    )


_DUE_BETWEEN = PreparedMoments(due_between_query, 2)


def due_between(start: datetime, end: datetime) -> list[DueStep]:
    """Open steps of active prospects due in [start, end), soonest first; one query, compiled
    once (the reminder asks every minute)."""
    moment = NextStep.due_at.python_value
    return [
        DueStep(step, prospect, first, last, company, moment(due), Channel(channel), purpose)
        for step, prospect, first, last, company, due, channel, purpose in _DUE_BETWEEN.run(
            start, end
        )
    ]


class DueCounts(NamedTuple):
    """How many open steps are overdue, and how many fall due later today."""

    overdue: int
    due_today: int  # later today, not yet overdue

    @property
    def total(self) -> int:
        """The calling list's length: every open step due by the end of the seller's day."""
        return self.overdue + self.due_today


def due_counts_query(now: datetime, zone: tzinfo):
    return _due_counts_until(now, end_of_day(now, zone))


def _due_counts_until(now: datetime, day_end: datetime):
    overdue = fn.sum(Case(None, [(NextStep.due_at < now, 1)], 0))
    later = fn.sum(Case(None, [(NextStep.due_at >= now, 1)], 0))
    return (
        NextStep.select(overdue, later)
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < day_end,
        )
    )


_DUE_COUNTS = PreparedMoments(_due_counts_until, 2)


def due_counts(now: datetime, zone: tzinfo) -> DueCounts:
    """Overdue and still-due-today steps, for the launch digest; one query, compiled once."""
    overdue, later = _DUE_COUNTS.run(now, end_of_day(now, zone)).fetchone()
    return DueCounts(int(overdue or 0), int(later or 0))
