"""The timeline: logging, editing and deleting touches, with the attempt count kept exact."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

from touchdesk.domain.attempts import (
    TouchFacts,
    attempts_after,
    next_attempt,
    number_by_resets,
    resets_attempts,
)
from touchdesk.domain.timeline import (
    MEETING_CHANNELS,
    Entries,
    ReachSummary,
    TimelineEntry,
    TouchInput,
)
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services.changes import Change
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import Prospect, ProspectEvent, Touch
from touchdesk.store.prepared import Prepared, PreparedIn, PreparedInsert, PreparedUpdate

__all__ = [
    "Counters",
    "LoggedTouch",
    "TouchInput",
    "delete_touch",
    "edit_touch",
    "log_touch",
    "reach_summary",
    "recount",
    "recount_many",
    "timeline",
    "timeline_entries",
    "touch_input",
]


class TouchError(ValueError):
    """A touch that cannot be saved; the message is for the seller."""


@dataclass(frozen=True)
class LoggedTouch:
    id: int
    attempt: int | None
    change: Change


@dataclass(frozen=True)
class Counters:
    """A prospect's touch counters as stored, which logging a touch reads and moves on."""

    attempts: int
    last_touch_at: datetime | None
    touch_count: int


def _live_touches(prospect_id: int):
    return Touch.select().where(Touch.prospect == prospect_id, Touch.deleted_at.is_null())


_COUNTERS = Prepared(
    lambda pid: Prospect.select(
        Prospect.attempts, Prospect.last_touch_at, Prospect.touch_count
    ).where(Prospect.id == pid)
)
# A sync logs a thousand touches in a row: their writes are compiled once, not each time.
_INSERT_TOUCH = PreparedInsert(
    Touch.prospect,
    Touch.channel,
    Touch.direction,
    Touch.outcome,
    Touch.occurred_at,
    Touch.attempt,
    Touch.note,
    Touch.created_at,
)
_NEWEST = (Prospect.touch_count, Prospect.attempts, Prospect.last_touch_at, Prospect.updated_at)
_NEWEST_TOUCH = PreparedUpdate(*_NEWEST)
_NEWEST_REACH = PreparedUpdate(*_NEWEST, Prospect.last_reached_at)
_COUNTS = PreparedUpdate(
    Prospect.touch_count,
    Prospect.attempts,
    Prospect.last_touch_at,
    Prospect.last_reached_at,
    Prospect.updated_at,
)
_ATTEMPT = PreparedUpdate(Touch.attempt)
# What renumbering reads of each touch, by recount() and recount_many() alike.
_HISTORY_COLUMNS = (
    Touch.id,
    Touch.direction,
    Touch.outcome,
    Touch.channel,
    Touch.attempt,
    Touch.occurred_at,
)
_HISTORY = Prepared(
    lambda pid: _live_touches(pid).select(*_HISTORY_COLUMNS).order_by(Touch.occurred_at, Touch.id)
)


def log_touch(
    prospect_id: int, touch: TouchInput, renumber: bool = True, counters: Counters | None = None
) -> LoggedTouch:
    """Write one touch and update the prospect's counters; all or nothing.

    The common case (the newest touch) costs one insert and one update; a touch logged
    in the past renumbers the prospect's attempts from its history. `renumber=False`: a caller
    logging many past touches in one transaction calls recount() once after them instead (the
    attempt returned for a past touch is then provisional). `counters`: the prospect's as
    stored now, read by a caller that logs many touches (read_counters()), so not read again.
    """
    problems = touch.problems()
    if problems:
        raise TouchError(" ".join(problems))
    facts = TouchFacts(touch.direction, touch.outcome, touch.channel)
    with database.atomic():
        if counters is None:
            counters = read_counters(prospect_id)
        attempts, last_touch_at = counters.attempts, counters.last_touch_at
        newest = last_touch_at is None or touch.occurred_at >= last_touch_at
        attempt = next_attempt(attempts, facts)
        touch_id = _INSERT_TOUCH.run(
            prospect_id,
            touch.channel.value,
            touch.direction.value,
            touch.outcome.value,
            touch.occurred_at,
            attempt,
            touch.note,
            utc_now(),
        )
        if newest:
            after = (counters.touch_count + 1, attempts_after(attempts, facts), touch.occurred_at)
            if attempt is None:
                _NEWEST_REACH.run(prospect_id, *after, utc_now(), touch.occurred_at)
            else:
                _NEWEST_TOUCH.run(prospect_id, *after, utc_now())
        elif renumber:
            recount(prospect_id)
            attempt = Touch.get_by_id(touch_id).attempt
    return LoggedTouch(touch_id, attempt, Change.TOUCHES | Change.PROSPECTS)


def read_counters(prospect_id: int) -> Counters:
    """The prospect's counters as stored (DoesNotExist when there is no such prospect)."""
    found = _COUNTERS.run(prospect_id).fetchone()  # compiled once: a sync logs thousands
    if found is None:
        raise Prospect.DoesNotExist(f"No prospect {prospect_id}.")
    return Counters(found[0], Prospect.last_touch_at.python_value(found[1]), found[2])


def recount(prospect_id: int) -> None:
    """Renumber attempts and rebuild the prospect's counters from its live touches."""
    with database.atomic():
        # Plain rows through a compiled query: a first sync renumbers hundreds of prospects.
        _renumber(prospect_id, _HISTORY.run(prospect_id).fetchall())


def recount_many(prospect_ids: Iterable[int]) -> None:
    """recount() each of these prospects, in order of id, reading their histories in one
    query rather than one each: a sync's batch of old emails renumbers dozens at once."""
    ordered = sorted(set(prospect_ids))
    with database.atomic():
        histories: dict[int, list[tuple]] = {prospect_id: [] for prospect_id in ordered}
        # The raw rows, as recount() reads them (its stored instants are text). Renumbering
        # one prospect writes only that prospect's touches: reading them all first reads the same.
        for prospect_id, *row in _HISTORIES.rows(ordered):
            histories[prospect_id].append(tuple(row))
        for prospect_id, rows in histories.items():
            _renumber(prospect_id, rows)


# The live touches of many prospects, each prospect's in the order recount() reads.
_HISTORIES = PreparedIn(
    lambda prospect_ids: (
        Touch.select(Touch.prospect, *_HISTORY_COLUMNS)
        .where(Touch.prospect.in_(prospect_ids), Touch.deleted_at.is_null())
        .order_by(Touch.prospect, Touch.occurred_at, Touch.id)
    )
)


# Whether each kind of touch (direction, outcome, channel as stored) resets the attempt
# count, asked once: a history holds dozens of touches of a few kinds.
_RESETS: dict[tuple[str, str, str], bool] = {}


def _resets(direction: str, outcome: str, channel: str) -> bool:
    key = (direction, outcome, channel)
    resets = _RESETS.get(key)
    if resets is None:
        facts = TouchFacts(Direction(direction), Outcome(outcome), Channel(channel))
        resets = _RESETS[key] = resets_attempts(facts)
    return resets


def _renumber(prospect_id: int, rows: list[tuple]) -> None:
    """Write the attempt numbers and counters of one prospect from its history `rows` (id,
    direction, outcome, channel, attempt, occurred_at; oldest first)."""
    numbers = number_by_resets(
        [_resets(direction, outcome, channel) for _, direction, outcome, channel, _, _ in rows]
    )
    reached = None
    for row, number in zip(rows, numbers, strict=True):
        if row[4] != number:
            _ATTEMPT.run(row[0], number)
        if number is None:
            reached = row[5]
    # The running count after the last touch is that touch's number, or 0 when it reached.
    running = (numbers[-1] or 0) if numbers else 0
    instant = Touch.occurred_at.python_value
    _COUNTS.run(
        prospect_id,
        len(rows),
        running,
        instant(rows[-1][5]) if rows else None,
        instant(reached),
        utc_now(),
    )


def touch_input(touch_id: int) -> TouchInput:
    row = Touch.get_by_id(touch_id)
    return TouchInput(
        Channel(row.channel),
        row.occurred_at,
        Direction(row.direction),
        Outcome(row.outcome),
        row.note,
    )


def edit_touch(touch_id: int, touch: TouchInput) -> tuple[TouchInput, Change]:
    """Change a logged touch; returns what it was, so the edit can be undone."""
    problems = touch.problems()
    if problems:
        raise TouchError(" ".join(problems))
    with database.atomic():
        before = touch_input(touch_id)
        row = Touch.get_by_id(touch_id)
        Touch.update(
            channel=touch.channel.value,
            direction=touch.direction.value,
            outcome=touch.outcome.value,
            occurred_at=touch.occurred_at,
            note=touch.note,
        ).where(Touch.id == touch_id).execute()
        recount(row.prospect_id)
    return before, Change.TOUCHES | Change.PROSPECTS


def delete_touch(touch_id: int) -> Change:
    """Into the trash (deleted_at set), not gone: the row stays for undo and the history."""
    with database.atomic():
        row = Touch.get_by_id(touch_id)
        Touch.update(deleted_at=utc_now()).where(Touch.id == touch_id).execute()
        recount(row.prospect_id)
    return Change.TOUCHES | Change.PROSPECTS


TIMELINE_LIMIT = 2000


def _touch_rows(prospect_id: int, limit: int = TIMELINE_LIMIT):
    return (
        _live_touches(prospect_id)
        .select(
            Touch.occurred_at,  # first, as in the events' rows: the merge sorts on it
            Touch.id,
            Touch.channel,
            Touch.direction,
            Touch.outcome,
            Touch.attempt,
            Touch.note,
        )
        .order_by(Touch.occurred_at.desc(), Touch.id.desc())
        .limit(limit)
    )


def _event_rows(prospect_id: int, limit: int = TIMELINE_LIMIT):
    return (
        ProspectEvent.select(ProspectEvent.occurred_at, ProspectEvent.kind, ProspectEvent.detail)
        .where(ProspectEvent.prospect == prospect_id)
        .order_by(ProspectEvent.occurred_at.desc(), ProspectEvent.id.desc())
        .limit(limit)
    )


def _last_attempt(prospect_id: int):
    return (
        _live_touches(prospect_id)
        .select(Touch.occurred_at)
        .where(Touch.direction == Direction.OUT.value)
        .order_by(Touch.occurred_at.desc())
        .limit(1)
    )


def _last_meeting(prospect_id: int):
    return (
        _live_touches(prospect_id)
        .select(Touch.occurred_at)
        .where(
            Touch.channel.in_([c.value for c in MEETING_CHANNELS]),
            Touch.outcome.in_([Outcome.MET.value, Outcome.TALKED.value, Outcome.NONE.value]),
        )
        .order_by(Touch.occurred_at.desc())
        .limit(1)
    )


# Compiled once: the prospect page runs these on every open.
_TOUCH_ROWS = Prepared(_touch_rows)
_EVENT_ROWS = Prepared(_event_rows)
_LAST_REACHED = Prepared(
    lambda pid: Prospect.select(Prospect.last_reached_at).where(Prospect.id == pid)
)
_LAST_ATTEMPT = Prepared(_last_attempt)
_LAST_MEETING = Prepared(_last_meeting)


# A raw row's time: the first column of both queries, in the store's one UTC layout, so the
# text sorts as the instant does.
_AT = itemgetter(0)
_TOUCH_WIDTH = 7  # a touch row's columns; an event row has three


def _entry_of(row: tuple) -> TimelineEntry:
    """One raw row as an entry: the enums' own value tables and fromisoformat, not row objects
    and Enum() calls. Both times are NOT NULL, in the store's UTC layout."""
    if len(row) == _TOUCH_WIDTH:
        at, tid, channel, direction, outcome, attempt, note = row
        return TimelineEntry.quick(
            datetime.fromisoformat(at + "+00:00"),
            note,
            tid,
            Channel._value2member_map_[channel],
            Direction._value2member_map_[direction],
            Outcome._value2member_map_[outcome],
            attempt,
        )
    at, kind, detail = row
    return TimelineEntry.quick(
        datetime.fromisoformat(at + "+00:00"),
        detail,
        None,
        None,
        None,
        None,
        None,
        EventKind._value2member_map_[kind],
    )


# Summaries by what they say: the lines of one prospect recur in the next ('#2 Call ·
# outbound · No answer'); forgotten past this many.
_SUMMARIES: dict[tuple, str] = {}
KEPT_SUMMARIES = 5000


def _summary_of(row: tuple) -> str:
    """A raw row's summary(), from the columns it is made of (never the time or the note of
    a touch), made once per kind of line."""
    key = row[2:6] if len(row) == _TOUCH_WIDTH else row[1:3]
    text = _SUMMARIES.get(key)
    if text is None:
        if len(_SUMMARIES) >= KEPT_SUMMARIES:
            _SUMMARIES.clear()
        text = _SUMMARIES[key] = _entry_of(row).summary()
    return text


def timeline_entries(prospect_id: int, limit: int = TIMELINE_LIMIT) -> Entries:
    """Touches and events merged, newest first: two indexed queries, each entry made as it is
    first read (a page shows a few dozen of a thousand)."""
    if limit == TIMELINE_LIMIT:
        touches = _TOUCH_ROWS.run(prospect_id).fetchall()
        events = _EVENT_ROWS.run(prospect_id).fetchall()
    else:
        touches = database.execute(_touch_rows(prospect_id, limit)).fetchall()
        events = database.execute(_event_rows(prospect_id, limit)).fetchall()
    rows = newest_first(touches, events)
    return Entries(rows[:limit], _entry_of, _summary_of)


# Up to this many events go in one by one; more are merged by the sort.
FEW_EVENTS = 8


def newest_first(touches: list[tuple], events: list[tuple]) -> list[tuple]:
    """Touch and event rows, each list newest first (time in the first column), merged newest
    first; at the same instant touches before events, as a stable sort of the two lists.
    The few events of a long history are put where they belong by halving: sorting a
    thousand touches around them cost more. Returns `touches`, with the events in it."""
    if len(events) > FEW_EVENTS:
        # The sort is stable and the touches come first, so the time alone is the key. Both
        # lists are sorted already, so it merges two runs (read in C, not by a lambda).
        touches += events
        touches.sort(key=_AT, reverse=True)
        return touches
    low = 0
    for event in events:
        at = event[0]
        # The first row older than the event, after those placed so far.
        low = bisect_left(touches, True, lo=low, key=lambda row: row[0] < at)
        touches.insert(low, event)
        low += 1
    return touches


def timeline(prospect_id: int, limit: int = TIMELINE_LIMIT) -> list[TimelineEntry]:
    """Touches and events merged, newest first, every entry made."""
    return list(timeline_entries(prospect_id, limit))


def _instant(query: Prepared, prospect_id: int) -> datetime | None:
    row = query.run(prospect_id).fetchone()
    return Touch.occurred_at.python_value(row[0]) if row is not None else None


def reach_summary(prospect_id: int) -> ReachSummary:
    reached = _LAST_REACHED.run(prospect_id).fetchone()
    if reached is None:
        raise Prospect.DoesNotExist(f"There is no prospect {prospect_id}.")
    return ReachSummary(
        Prospect.last_reached_at.python_value(reached[0]),
        _instant(_LAST_ATTEMPT, prospect_id),
        _instant(_LAST_MEETING, prospect_id),
    )


def record_event(prospect_id: int, kind: EventKind, detail: str) -> None:
    """A line on the timeline for a change that is not a touch (inside the caller's work)."""
    ProspectEvent.create(
        prospect=prospect_id, kind=kind.value, occurred_at=utc_now(), detail=detail
    )
