"""Today: overdue and due next steps as a calling list, then the prospects with none."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple

from peewee import JOIN, SQL, fn

from touchdesk.domain.today import CallRow, end_of_day, order_calls
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.services.contact_points import first_contact
from touchdesk.services.due_steps import due_counts
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Prospect, StoredEmail


class TodayList(NamedTuple):
    """Today's three lists, each in the order the page shows it."""

    calls: list[CallRow]  # overdue and due today, in calling order
    without_next_step: list[CallRow]  # active prospects nobody planned anything for
    # Prospects whose newest touch is an email from them: shown first, marked "replied".
    replied: list[CallRow]


def _prospect_columns():
    return (
        Prospect.id,
        Prospect.first_name,
        Prospect.last_name,
        Prospect.company,
        Prospect.time_zone,
        first_contact("phone"),
        first_contact("email"),
        Prospect.attempts,
        Prospect.last_touch_at,
    )


def _live():
    return Prospect.deleted_at.is_null() & (Prospect.status == ProspectStatus.ACTIVE.value)


def _due_query(now: datetime, seller_zone: tzinfo):
    """Open steps due by the end of the seller's day, in calling order (as order_calls()):
    by due time, then attempt number, then prospect."""
    return (
        Prospect.select(
            *_prospect_columns(), NextStep.id, NextStep.due_at, NextStep.channel, NextStep.purpose
        )
        .join(NextStep, on=(NextStep.prospect == Prospect.id))
        .where(
            _live(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < end_of_day(now, seller_zone),
        )
        .order_by(NextStep.due_at, Prospect.attempts, Prospect.id)
    )


def _missing_query():
    return (
        Prospect.select(*_prospect_columns())
        .join(
            NextStep,
            JOIN.LEFT_OUTER,
            on=(NextStep.prospect == Prospect.id) & (NextStep.status == "open"),
        )
        .where(_live(), NextStep.id.is_null())
        .order_by(Prospect.last_touch_at.asc(nulls="first"), Prospect.id)
    )


def _replied_query():
    """Prospects whose last touch is an email they sent (synced from the mailbox): the ball is
    in the seller's court until they touch them again."""
    return (
        Prospect.select(*_prospect_columns())
        .join(
            StoredEmail,
            on=(StoredEmail.prospect == Prospect.id)
            & (StoredEmail.direction == "in")
            & (StoredEmail.sent_at == Prospect.last_touch_at),
        )
        .where(Prospect.deleted_at.is_null())
        .group_by(Prospect.id)
        .order_by(Prospect.last_touch_at.desc(), Prospect.id)
    )


def replied(limit: int = 100) -> list[CallRow]:
    """The prospects with a new reply, newest first."""
    return _without(database.execute(_replied_query().limit(limit)))


def _calls(rows) -> list[CallRow]:
    instant = Prospect.last_touch_at.python_value
    channels = {channel.value: channel for channel in Channel}
    return [
        CallRow(
            *row[:8],
            instant(row[8]),
            step_id=row[9],
            due_at=instant(row[10]),
            channel=channels[row[11]],
            purpose=row[12],
        )
        for row in rows
    ]


def _without(rows) -> list[CallRow]:
    instant = Prospect.last_touch_at.python_value
    return [CallRow(*row[:8], instant(row[8])) for row in rows]


def _first_page(limit: int) -> int:
    if limit < 1:
        raise ValueError("a first page holds at least one row")
    return limit


def _first_rows(query, make, limit: int) -> tuple[list[CallRow], int]:
    """The query's first `limit` rows and how many it has in all, in one statement: the
    count comes with the rows (counting apart went through the same prospects again)."""
    rows = list(
        database.execute(query.select_extend(fn.COUNT(SQL("*")).over()).limit(_first_page(limit)))
    )
    return make(rows), (rows[0][-1] if rows else 0)


def today(now: datetime, seller_zone: tzinfo) -> TodayList:
    """Two queries, whatever the number of prospects; rows are read raw and only the
    instants and the channel are converted (thousands of rows on a busy desk)."""
    calls = _calls(database.execute(_due_query(now, seller_zone)))
    return TodayList(order_calls(calls), _without(database.execute(_missing_query())), replied())


def calls_due_count(now: datetime, seller_zone: tzinfo) -> int:
    """How long the calling list is, alone: the sidebar's count beside Today."""
    return _due_query(now, seller_zone).order_by().count()


def due_calls(now: datetime, seller_zone: tzinfo, offset: int, limit: int) -> list[CallRow]:
    """A slice of today(...).calls, in the same order."""
    return _calls(database.execute(_due_query(now, seller_zone).offset(offset).limit(limit)))


def first_due_calls(now: datetime, seller_zone: tzinfo, limit: int) -> tuple[list[CallRow], int]:
    """due_calls(now, seller_zone, 0, limit) and calls_due_count(now, seller_zone). The
    length is the reminders' two counts added: from the (stage, status) index, faster than
    a count riding on the page, which joined every due call to its prospect's row."""
    rows = due_calls(now, seller_zone, 0, _first_page(limit))
    return rows, due_counts(now, seller_zone).total


def without_next_step(offset: int, limit: int) -> list[CallRow]:
    """A slice of today(...).without_next_step, in the same order."""
    return _without(database.execute(_missing_query().offset(offset).limit(limit)))


def first_without_next_step(limit: int) -> tuple[list[CallRow], int]:
    """without_next_step(0, limit) and how many prospects have no next step, at once."""
    return _first_rows(_missing_query(), _without, limit)
