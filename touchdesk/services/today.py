"""Today: overdue and due next steps as a calling list, then the prospects with none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from peewee import JOIN

from touchdesk.domain.today import CallRow, end_of_day, order_calls
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.services.board import first_contact
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Prospect


@dataclass(frozen=True)
class TodayList:
    calls: list[CallRow]  # overdue and due today, in calling order
    without_next_step: list[CallRow]  # active prospects nobody planned anything for


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


def today(now: datetime, seller_zone: tzinfo) -> TodayList:
    """Two queries, whatever the number of prospects; rows are read raw and only the
    instants and the channel are converted (thousands of rows on a busy desk)."""
    instant = Prospect.last_touch_at.python_value
    channels = {channel.value: channel for channel in Channel}
    due = (
        Prospect.select(
            *_prospect_columns(), NextStep.id, NextStep.due_at, NextStep.channel, NextStep.purpose
        )
        .join(NextStep, on=(NextStep.prospect == Prospect.id))
        .where(
            _live(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < end_of_day(now, seller_zone),
        )
    )
    calls = [
        CallRow(
            *row[:8],
            instant(row[8]),
            step_id=row[9],
            due_at=instant(row[10]),
            channel=channels[row[11]],
            purpose=row[12],
        )
        for row in database.execute(due)
    ]
    missing = (
        Prospect.select(*_prospect_columns())
        .join(
            NextStep,
            JOIN.LEFT_OUTER,
            on=(NextStep.prospect == Prospect.id) & (NextStep.status == "open"),
        )
        .where(_live(), NextStep.id.is_null())
        .order_by(Prospect.last_touch_at.asc(nulls="first"), Prospect.id)
    )
    without = [CallRow(*row[:8], instant(row[8])) for row in database.execute(missing)]
    return TodayList(order_calls(calls), without)
