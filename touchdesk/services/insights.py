"""Insights: is the follow-up working? Aggregates only, one GROUP BY query per figure."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import reduce
from zoneinfo import ZoneInfo

from peewee import JOIN, OP, SQL, Case, Expression, Node, NodeList, Select, Value, fn

from touchdesk.domain.date_text import dates
from touchdesk.domain.lost_reasons import NO_REASON
from touchdesk.domain.vocabulary import (
    Channel,
    EventKind,
    MailStatus,
    NextStepStatus,
    ProspectStatus,
)
from touchdesk.services import settings
from touchdesk.services.due_steps import in_trash, live_and_active
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import MailTask, NextStep, Prospect, ProspectEvent, Stage, Touch

WEEKS = 8
CHANNEL_DAYS = 90
MAIL_MONTHS = 12
STALE_DAYS = 14
# Touch counts from this number up share the histogram's last bar ("10+").
TOUCH_CAP = 10
# The product's claim: most deals close only from the fifth touch on.
PERSISTENCE_TOUCH = 5


@dataclass(frozen=True)
class WeekPoint:
    """One ISO week (Monday to Sunday, seller's time) and the distinct prospects touched in it."""

    week_start: date
    prospects: int

    @property
    def label(self) -> str:
        return dates().short_day(self.week_start)


@dataclass(frozen=True)
class TouchBucket:
    """Decided prospects (won or lost) by the number of touches they had before the decision."""

    touches: int  # TOUCH_CAP stands for TOUCH_CAP or more
    won: int
    lost: int

    @property
    def label(self) -> str:
        return f"{self.touches}+" if self.touches >= TOUCH_CAP else str(self.touches)

    @property
    def conversion(self) -> float | None:
        """won / (won + lost); None when nothing was decided at this touch count."""
        decided = self.won + self.lost
        return self.won / decided if decided else None


@dataclass(frozen=True)
class StageCount:
    stage_id: int
    stage: str
    prospects: int


@dataclass(frozen=True)
class ChannelCount:
    channel: Channel
    touches: int


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first day of the month, seller's time
    mailed: int

    @property
    def label(self) -> str:
        return dates().month(self.month)


@dataclass(frozen=True)
class LostReasonCount:
    reason: str  # NO_REASON for deals lost without one (dropped on Lost, imported)
    prospects: int


@dataclass(frozen=True)
class Insights:
    now: datetime
    active: int
    target: int
    weekly: list[WeekPoint]  # oldest first, the current week last
    buckets: list[TouchBucket]  # 0 .. TOUCH_CAP touches, every count present
    overdue: int
    without_next_step: int
    stale_days: int
    stale_by_stage: list[StageCount]  # board order
    channels: list[ChannelCount]  # most used first
    mail: list[MonthCount]  # oldest first, the current month last
    lost_reasons: list[LostReasonCount] = field(default_factory=list)  # most frequent first

    @property
    def gap(self) -> int:
        return max(self.target - self.active, 0)

    @property
    def wins(self) -> int:
        return sum(bucket.won for bucket in self.buckets)

    @property
    def losses(self) -> int:
        return sum(bucket.lost for bucket in self.buckets)

    @property
    def conversion(self) -> float | None:
        decided = self.wins + self.losses
        return self.wins / decided if decided else None

    @property
    def share_after_fifth(self) -> float | None:
        """Wins with five or more touches before them: the deals a seller who gives up
        after four touches never gets. None when there is no win yet."""
        late = sum(b.won for b in self.buckets if b.touches >= PERSISTENCE_TOUCH)
        return late / self.wins if self.wins else None

    @property
    def stale(self) -> int:
        return sum(row.prospects for row in self.stale_by_stage)

    @property
    def debt(self) -> int:
        """Overdue steps, missing steps and stale prospects (one prospect may count twice)."""
        return self.overdue + self.without_next_step + self.stale


def _trashed_touched(start: datetime, end: datetime) -> Select:
    """How many prospects in the trash have a live touch in [start, end).

    The touch counts take every live touch from the live-touch index and then subtract the
    trash's share, found from the few trashed prospects through the (prospect, time) index:
    checking each of a million and a half touches against the trash list cost more than the
    counting itself on a large desk."""
    touch = Touch.alias()
    touched = touch.select(SQL("1")).where(
        touch.prospect == Prospect.id,
        touch.deleted_at.is_null(),
        touch.occurred_at >= start,
        touch.occurred_at < end,
    )
    return Prospect.select(fn.count(Prospect.id)).where(
        Prospect.deleted_at.is_null(False), fn.EXISTS(touched)
    )


def _unindexed(column: Node) -> Node:
    """The column with SQLite's unary plus: the same value, but no index is chosen for it. Where
    nearly every row qualifies, reading the table in its own order beats visiting the rows in
    an index's order, one page at random after another."""
    return NodeList((SQL("+"), column), glue="")


def _offset_minutes(now: datetime, zone: tzinfo) -> int:
    """The seller's UTC offset now. Months are grouped in SQLite with this one fixed shift, so
    a month boundary on the far side of a DST change is an hour off (the letters of that hour
    may land in the neighbouring month)."""
    offset = now.astimezone(zone).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def _local_midnight_as_utc(day: date, offset_minutes: int) -> datetime:
    """The instant SQLite's shifted day boundary falls on (the same fixed shift as the grouping)."""
    return datetime.combine(day, time(0), UTC) - timedelta(minutes=offset_minutes)


def _scalar(query) -> int:
    row = database.execute(query).fetchone()
    return int(row[0] or 0) if row else 0


def active_query():
    return Prospect.select(fn.count(Prospect.id)).where(live_and_active())


def weekly_query(now: datetime, zone: tzinfo):
    """(week number from the first of the eight, distinct prospects touched) per week: how many
    conversations were actually worked.

    Chosen over reconstructing the active count from status events because it is exact
    (touches carry their time) and it is what the seller controls week by week. One count per
    week, each over its own range of the live-touch index: no date arithmetic on every touch
    and no grouping of a million of them on a large desk. The prospects in the trash are
    counted with the others, then taken off (a prospect is in the trash or not, so the distinct
    counts add up). The first Monday is the seller's real midnight and each week is seven days
    on from it, so weeks after a DST change start an hour off.
    """
    start = _first_week(now, zone)
    weeks = []
    for n in range(WEEKS):
        begin, end = start + timedelta(weeks=n), start + timedelta(weeks=n + 1)
        touched = fn.count(Touch.prospect.distinct()) - _trashed_touched(begin, end)
        weeks.append(
            Touch.select(Value(n), touched).where(
                Touch.deleted_at.is_null(), Touch.occurred_at >= begin, Touch.occurred_at < end
            )
        )
    return reduce(operator.add, weeks)  # UNION ALL: one statement, eight index ranges


def _this_monday(now: datetime, zone: tzinfo) -> date:
    today = now.astimezone(zone).date()
    return today - timedelta(days=today.weekday())


def _first_week(now: datetime, zone: tzinfo) -> datetime:
    first = _this_monday(now, zone) - timedelta(weeks=WEEKS - 1)
    return datetime.combine(first, time(0), zone).astimezone(UTC)


def decisions_query():
    """(touch bucket, status, prospects) for won and lost prospects.

    The touches that count are those up to the latest status change into the current status
    (a prospect won, reopened and won again counts up to the second win). A prospect with no
    such event (imported as won, say) falls back to its touch count.
    """
    decided = (ProspectStatus.WON, ProspectStatus.LOST)
    change = ProspectEvent.alias()
    # The event text is "Active → Won": the label of the status it ended in.
    pattern = Case(Prospect.status, [(s.value, f"% → {s.label}") for s in decided])
    decided_at = change.select(fn.max(change.occurred_at)).where(
        change.prospect == Prospect.id,
        change.kind == EventKind.STATUS_CHANGED.value,
        Expression(change.detail, OP.ILIKE, pattern),  # LIKE in SQLite (OP.LIKE is GLOB),
    )
    outcome = (
        Prospect.select(
            Prospect.id.alias("prospect_id"),
            Prospect.status.alias("status"),
            Prospect.touch_count.alias("touch_count"),
            decided_at.alias("decided_at"),
        )
        .where(Prospect.deleted_at.is_null(), Prospect.status.in_([s.value for s in decided]))
        .cte("outcome")
    )
    before = Touch.select(fn.count(Touch.id)).where(
        Touch.prospect == outcome.c.prospect_id,
        Touch.deleted_at.is_null(),
        Touch.occurred_at <= outcome.c.decided_at,
    )
    touches = Case(None, [(outcome.c.decided_at.is_null(), outcome.c.touch_count)], before)
    bucket = fn.min(touches, TOUCH_CAP)
    return (
        outcome.select_from(bucket.alias("bucket"), outcome.c.status, fn.count())
        .group_by(bucket, outcome.c.status)
        .with_cte(outcome)
    )


def lost_reasons_query():
    """(reason, prospects) for the live lost prospects, most frequent first."""
    count = fn.count(Prospect.id)
    return (
        Prospect.select(Prospect.lost_reason, count)
        .where(Prospect.deleted_at.is_null(), Prospect.status == ProspectStatus.LOST.value)
        .group_by(Prospect.lost_reason)
        # Among equal counts the named reasons come first: 'no reason' tells the least.
        .order_by(
            count.desc(), Case(None, [(Prospect.lost_reason == "", 1)], 0), Prospect.lost_reason
        )
    )


def lost_reason_counts() -> list[LostReasonCount]:
    return [
        LostReasonCount(reason or NO_REASON, int(c))
        for reason, c in database.execute(lost_reasons_query()).fetchall()
    ]


def overdue_query(now: datetime):
    return (
        NextStep.select(fn.count(NextStep.id))
        .join(Prospect, on=(Prospect.id == NextStep.prospect))
        .where(
            live_and_active(),
            NextStep.status == NextStepStatus.OPEN.value,
            NextStep.due_at < now,
        )
    )


def without_next_step_query():
    """Active prospects with no open step: two indexes alone answer it, no table is read.

    The open status is written into the statement, not bound: only then does SQLite know the
    open steps' partial index already holds the condition, instead of reading each step's row
    to check it again."""
    is_open = SQL(f"'{NextStepStatus.OPEN.value}'")  # a fixed word of ours, no quote in it
    open_step = NextStep.select(SQL("1")).where(
        NextStep.prospect == Prospect.id, NextStep.status == is_open
    )
    return Prospect.select(fn.count(Prospect.id)).where(live_and_active(), ~fn.EXISTS(open_step))


def stale_query(now: datetime, days: int):
    """Active prospects untouched for `days` per stage; a never-touched one ages from its
    creation, so a prospect added this morning is not stale.

    The prospect table is read once, in its own order, and only the stale rows are grouped:
    joining each stage to its prospects read the table once per stage through the index.
    """
    since = fn.coalesce(Prospect.last_touch_at, Prospect.created_at)
    stale = (
        Prospect.select(Prospect.stage.alias("stage_id"), fn.count(Prospect.id).alias("count"))
        .where(live_and_active(), since < now - timedelta(days))
        .group_by(_unindexed(Prospect.stage))
        .alias("stale")
    )
    count = fn.coalesce(stale.c.count, 0)
    return (
        Stage.select(Stage.id, Stage.name, count)
        .join(stale, JOIN.LEFT_OUTER, on=(stale.c.stage_id == Stage.id))
        # Outcome columns only when something odd stands there; open stages always, at zero too.
        .where((Stage.outcome == "open") | (count > 0))
        .order_by(Stage.position, Stage.id)
    )


def channel_query(now: datetime):
    """Two rows, (sign, then the touches of each channel in Channel's order) in the last
    CHANNEL_DAYS: 1 and every live touch, -1 and those of prospects in the trash.

    Counted side by side in one pass over the live-touch index: grouping by channel sorted
    every touch of the period first (a million and a half on a large desk), which grew faster
    than the desk. The trash's share comes from its own few prospects' touches."""
    since = now - timedelta(days=CHANNEL_DAYS)
    counts = [fn.count(SQL("*")).filter(Touch.channel == channel.value) for channel in Channel]
    every = Touch.select(Value(1), *counts).where(
        Touch.deleted_at.is_null(), Touch.occurred_at >= since
    )
    trashed = Touch.select(Value(-1), *counts).where(
        Touch.prospect.in_(in_trash()), Touch.deleted_at.is_null(), Touch.occurred_at >= since
    )
    return every + trashed  # UNION ALL


def channel_counts(rows: list[tuple]) -> list[ChannelCount]:
    """channel_query()'s rows as the channels used, most used first (ties by code)."""
    totals = [sum(row[0] * row[1 + i] for row in rows) for i in range(len(Channel))]
    used = [ChannelCount(c, int(n)) for c, n in zip(Channel, totals, strict=True) if n]
    return sorted(used, key=lambda count: (-count.touches, count.channel.value))


def _first_month(now: datetime, zone: tzinfo) -> date:
    local = now.astimezone(zone).date()
    months = local.year * 12 + local.month - 1 - (MAIL_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1)


def mail_query(now: datetime, zone: tzinfo):
    offset = _offset_minutes(now, zone)
    month = fn.strftime("%Y-%m", MailTask.mailed_at, f"{offset:+d} minutes")
    # Nearly every task ends mailed, so the table is read in its own order rather than through
    # the (status, due on) index; the trashed prospects are listed once instead of each task's
    # prospect being read.
    return (
        MailTask.select(month, fn.count(MailTask.id))
        .where(
            _unindexed(MailTask.status) == MailStatus.MAILED.value,
            MailTask.mailed_at >= _local_midnight_as_utc(_first_month(now, zone), offset),
            MailTask.prospect.not_in(in_trash()),
        )
        .group_by(month)
    )


def insights(
    now: datetime | None = None, zone: tzinfo | None = None, stale_days: int = STALE_DAYS
) -> Insights:
    """Every figure of the Insights page; eight aggregate queries whatever the data size."""
    now = (now or utc_now()).replace(microsecond=0)
    zone = zone or ZoneInfo(settings.get("time_zone"))

    weeks = {int(n): int(c) for n, c in database.execute(weekly_query(now, zone)).fetchall()}
    first = _this_monday(now, zone) - timedelta(weeks=WEEKS - 1)
    weekly = [WeekPoint(first + timedelta(weeks=n), weeks.get(n, 0)) for n in range(WEEKS)]

    counts = {(int(b), s): int(c) for b, s, c in database.execute(decisions_query()).fetchall()}
    buckets = [
        TouchBucket(
            n,
            counts.get((n, ProspectStatus.WON.value), 0),
            counts.get((n, ProspectStatus.LOST.value), 0),
        )
        for n in range(TOUCH_CAP + 1)
    ]

    stale = [
        StageCount(int(i), name, int(c))
        for i, name, c in database.execute(stale_query(now, stale_days)).fetchall()
    ]
    # A channel from a newer version has no column: it is left out.
    channels = channel_counts(database.execute(channel_query(now)).fetchall())

    mailed = dict(database.execute(mail_query(now, zone)).fetchall())
    month = _first_month(now, zone)
    mail = []
    for _ in range(MAIL_MONTHS):
        mail.append(MonthCount(month, int(mailed.get(month.strftime("%Y-%m"), 0))))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)

    return Insights(
        now=now,
        active=_scalar(active_query()),
        target=int(settings.get("target_active")),
        weekly=weekly,
        buckets=buckets,
        overdue=_scalar(overdue_query(now)),
        without_next_step=_scalar(without_next_step_query()),
        stale_days=stale_days,
        stale_by_stage=stale,
        channels=channels,
        mail=mail,
        lost_reasons=lost_reason_counts(),
    )
