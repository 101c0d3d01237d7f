"""The Insights statements rewritten for large desks give the figures the first ones gave.

The reference statements below are the ones the page used before (grouping the channels,
checking every touch against the trash, joining each task and step to its prospect, one stage
join per stage): on any desk, including trashed, inactive and never-touched prospects, deleted
touches, ties and an empty desk, the rewritten ones must count exactly the same.
"""

from __future__ import annotations

import operator
from datetime import UTC, datetime, timedelta
from functools import reduce
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import JOIN, Case, Value, fn

from touchdesk.domain.today import end_of_day
from touchdesk.domain.vocabulary import (
    Channel,
    MailStatus,
    NextStepStatus,
    ProspectStatus,
)
from touchdesk.services import insights as figures
from touchdesk.services.due_steps import due_between, due_counts
from touchdesk.services.insights import ChannelCount, StageCount
from touchdesk.store.db import database
from touchdesk.store.models import MailTask, NextStep, Prospect, Stage, Touch

NOW = datetime(2031, 3, 30, 0, 30, tzinfo=UTC)  # Berlin has just moved its clocks forward
ZONES = [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]
_UIDS = count()


# --- the statements as they were -------------------------------------------------------------


def _old_live_and_active():
    return Prospect.deleted_at.is_null() & (Prospect.status == ProspectStatus.ACTIVE.value)


def _old_active() -> int:
    query = Prospect.select(fn.count(Prospect.id)).where(_old_live_and_active())
    return database.execute(query).fetchone()[0]


def _old_overdue(now: datetime) -> int:
    query = (
        NextStep.select(fn.count(NextStep.id))
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            _old_live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < now,
        )
    )
    return database.execute(query).fetchone()[0]


def _old_without_next_step() -> int:
    query = (
        Prospect.select(fn.count(Prospect.id))
        .join(
            NextStep,
            JOIN.LEFT_OUTER,
            on=(NextStep.prospect == Prospect.id) & (NextStep.status == NextStepStatus.OPEN.value),
        )
        .where(_old_live_and_active(), NextStep.id.is_null())
    )
    return database.execute(query).fetchone()[0]


def _old_stale(now: datetime, days: int) -> list[StageCount]:
    since = fn.coalesce(Prospect.last_touch_at, Prospect.created_at)
    number = fn.count(Prospect.id)
    query = (
        Stage.select(Stage.id, Stage.name, number)
        .join(
            Prospect,
            JOIN.LEFT_OUTER,
            on=(Prospect.stage == Stage.id)
            & _old_live_and_active()
            & (since < now - timedelta(days)),
        )
        .group_by(Stage.id)
        .having((Stage.outcome == "open") | (number > 0))
        .order_by(Stage.position, Stage.id)
    )
    return [StageCount(int(i), n, int(c)) for i, n, c in database.execute(query).fetchall()]


def _old_channels(now: datetime) -> list[ChannelCount]:
    trashed = Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null(False))
    number = fn.count(Touch.id)
    query = (
        Touch.select(Touch.channel, number)
        .where(
            Touch.deleted_at.is_null(),
            Touch.prospect.not_in(trashed),
            Touch.occurred_at >= now - timedelta(days=figures.CHANNEL_DAYS),
        )
        .group_by(Touch.channel)
        .order_by(number.desc(), Touch.channel)
    )
    return [
        ChannelCount(Channel(code), int(c))
        for code, c in database.execute(query).fetchall()
        if code in Channel._value2member_map_
    ]


def _old_weekly(now: datetime, zone) -> list[int]:
    trashed = Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null(False))
    start = figures._first_week(now, zone)
    weeks = [
        Touch.select(Value(n), fn.count(Touch.prospect.distinct())).where(
            Touch.deleted_at.is_null(),
            Touch.prospect.not_in(trashed),
            Touch.occurred_at >= start + timedelta(weeks=n),
            Touch.occurred_at < start + timedelta(weeks=n + 1),
        )
        for n in range(figures.WEEKS)
    ]
    counts = dict(database.execute(reduce(operator.add, weeks)).fetchall())
    return [int(counts.get(n, 0)) for n in range(figures.WEEKS)]


def _old_mail(now: datetime, zone) -> dict[str, int]:
    offset = figures._offset_minutes(now, zone)
    month = fn.strftime("%Y-%m", MailTask.mailed_at, f"{offset:+d} minutes")
    first = figures._local_midnight_as_utc(figures._first_month(now, zone), offset)
    query = (
        MailTask.select(month, fn.count(MailTask.id))
        .join(Prospect, on=(Prospect.id == MailTask.prospect))
        .where(
            MailTask.status == MailStatus.MAILED.value,
            MailTask.mailed_at >= first,
            Prospect.deleted_at.is_null(),
        )
        .group_by(month)
    )
    return dict(database.execute(query).fetchall())


def _old_due_between(start: datetime, end: datetime) -> list[tuple[int, int]]:
    query = (
        NextStep.select(NextStep.id, Prospect.id)
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            _old_live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at >= start,
            NextStep.due_at < end,
        )
        .order_by(NextStep.due_at, NextStep.id)
    )
    return database.execute(query).fetchall()


def _old_due_counts(now: datetime, day_end: datetime) -> tuple[int, int]:
    overdue = fn.sum(Case(None, [(NextStep.due_at < now, 1)], 0))
    later = fn.sum(Case(None, [(NextStep.due_at >= now, 1)], 0))
    query = (
        NextStep.select(overdue, later)
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            _old_live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < day_end,
        )
    )
    a, b = database.execute(query).fetchone()
    return int(a or 0), int(b or 0)


# --- desks -----------------------------------------------------------------------------------

# Whole hours around NOW, so ties (same instant, exact day and week boundaries) come often.
_hours = st.integers(min_value=-24 * 130, max_value=24 * 3)
_touch = st.tuples(
    _hours,
    st.sampled_from([c.value for c in Channel] + ["carrier_pigeon"]),  # a newer version's code
    st.booleans(),  # deleted
)
_prospect = st.fixed_dictionaries(
    {
        "status": st.sampled_from([s.value for s in ProspectStatus]),
        "trashed": st.booleans(),
        "stage": st.integers(min_value=0, max_value=7),  # 7: a stage the seller added
        "created": _hours,
        "last_touch": st.none() | _hours,
        "touches": st.lists(_touch, max_size=6),
        "step": st.none() | st.tuples(_hours, st.sampled_from([s.value for s in NextStepStatus])),
        "mail": st.lists(
            st.tuples(
                st.sampled_from([s.value for s in MailStatus]),
                st.none() | st.integers(min_value=-24 * 400, max_value=24 * 3),
            ),
            max_size=3,
        ),
    }
)


def _at(hours: int) -> datetime:
    return NOW + timedelta(hours=hours)


def _write(desk: list[dict]) -> None:
    stages = [s.id for s in Stage.select(Stage.id).order_by(Stage.position)]
    stages.append(Stage.create(name="Parked", position=len(stages)).id)
    for row in desk:
        created = _at(row["created"])
        pid = Prospect.create(
            stage=stages[row["stage"] % len(stages)],
            status=row["status"],
            created_at=created,
            updated_at=created,
            deleted_at=created if row["trashed"] else None,
            last_touch_at=None if row["last_touch"] is None else _at(row["last_touch"]),
        ).id
        for hours, channel, deleted in row["touches"]:
            Touch.create(
                prospect=pid,
                channel=channel,
                direction="out",
                outcome="",
                occurred_at=_at(hours),
                note="",
                created_at=created,
                deleted_at=_at(0) if deleted else None,
            )
        if row["step"] is not None:
            hours, status = row["step"]
            NextStep.create(
                prospect=pid,
                due_at=_at(hours),
                channel=Channel.CALL.value,
                uid=f"step-{next(_UIDS)}",
                status=status,
                created_at=created,
                updated_at=created,
            )
        for status, hours in row["mail"]:
            MailTask.create(
                prospect=pid,
                kind="note",
                status=status,
                created_at=created,
                mailed_at=None if hours is None else _at(hours),
            )


def _same_figures(now: datetime, zone, stale_days: int) -> None:
    new = figures.insights(now, zone, stale_days)
    assert new.active == _old_active()
    assert new.overdue == _old_overdue(now)
    assert new.without_next_step == _old_without_next_step()
    assert new.stale_by_stage == _old_stale(now, stale_days)
    assert new.channels == _old_channels(now)
    assert [week.prospects for week in new.weekly] == _old_weekly(now, zone)
    mailed = _old_mail(now, zone)  # the page shows its twelve months of them
    assert [m.mailed for m in new.mail] == [mailed.get(f"{m.month:%Y-%m}", 0) for m in new.mail]
    start, end = now - timedelta(hours=30), now + timedelta(hours=30)
    assert [(s.step_id, s.prospect_id) for s in due_between(start, end)] == _old_due_between(
        start, end
    )
    counts = due_counts(now, zone)
    assert (counts.overdue, counts.due_today) == _old_due_counts(now, end_of_day(now, zone))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    desk=st.lists(_prospect, max_size=12),
    shift=_hours,
    zone=st.sampled_from(ZONES),
    stale_days=st.sampled_from([0, 1, 14, 30]),
)
def test_the_rewritten_statements_count_what_the_first_ones_counted(
    store, desk, shift, zone, stale_days
):
    with database.atomic() as transaction:  # the desk, gone again after this example
        _write(desk)
        _same_figures(_at(shift), zone, stale_days)
        transaction.rollback()


@pytest.mark.parametrize("zone", ZONES)
def test_an_empty_desk_counts_nothing_either_way(store, zone):
    _same_figures(NOW, zone, figures.STALE_DAYS)
    assert figures.insights(NOW, zone).channels == []
