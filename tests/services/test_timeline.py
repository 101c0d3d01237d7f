"""The timeline keeps attempt numbers exact through back-dated, edited and deleted touches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services.board import move_to_stage
from touchdesk.services.stages import list_stages
from touchdesk.services.timeline import (
    delete_touch,
    edit_touch,
    log_touch,
    reach_summary,
    timeline,
)
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import undo
from touchdesk.store.models import Prospect, Touch

START = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def attempts_in_order(pid: int) -> list[int | None]:
    return [
        t.attempt
        for t in Touch.select()
        .where(Touch.prospect == pid, Touch.deleted_at.is_null())
        .order_by(Touch.occurred_at)
    ]


def test_a_touch_logged_in_the_past_renumbers_the_later_ones(store):
    pid = prospect("Ada")
    log_touch(pid, TouchInput(Channel.CALL, at(0), outcome=Outcome.NO_ANSWER))
    log_touch(pid, TouchInput(Channel.CALL, at(48), outcome=Outcome.NO_ANSWER))
    assert attempts_in_order(pid) == [1, 2]
    logged = log_touch(pid, TouchInput(Channel.EMAIL, at(24), Direction.IN, Outcome.REPLIED))
    assert logged.attempt is None
    assert attempts_in_order(pid) == [1, None, 1]
    prospect_row = Prospect.get_by_id(pid)
    assert (prospect_row.attempts, prospect_row.touch_count) == (1, 3)
    assert prospect_row.last_reached_at == at(24)
    assert prospect_row.last_touch_at == at(48)


def test_edit_and_delete_recount_and_can_be_undone(store):
    pid = prospect("Ada")
    first = log_touch(pid, TouchInput(Channel.CALL, at(0), outcome=Outcome.NO_ANSWER)).id
    second = log_touch(pid, TouchInput(Channel.CALL, at(1), outcome=Outcome.NO_ANSWER)).id
    before, _ = edit_touch(
        first, TouchInput(Channel.CALL, at(0), outcome=Outcome.TALKED, note="Spoke to Sally")
    )
    assert attempts_in_order(pid) == [None, 1]
    edit_touch(first, before)
    assert attempts_in_order(pid) == [1, 2]
    _, entry = recorded(lambda: delete_touch(second))
    assert Prospect.get_by_id(pid).touch_count == 1
    assert [e.touch_id for e in timeline(pid) if e.is_touch] == [first]
    undo(entry)
    assert Prospect.get_by_id(pid).attempts == 2
    assert [e.touch_id for e in timeline(pid) if e.is_touch] == [second, first]


def test_timeline_merges_touches_and_changes_newest_first(store):
    pid = prospect("Ada")
    log_touch(pid, TouchInput(Channel.MEETING, at(-1000), outcome=Outcome.MET, note="Demo"))
    move_to_stage(pid, list_stages()[2].id)  # happens now, after the meeting
    entries = timeline(pid)
    assert entries[0].event_kind in (EventKind.STAGE_CHANGED, EventKind.CREATED)
    touch = next(e for e in entries if e.is_touch)
    assert touch.summary() == "Meeting · outbound · Met"
    assert touch.detail == "Demo"
    assert entries == sorted(entries, key=lambda e: e.occurred_at, reverse=True)


def test_reached_attempted_and_met_are_kept_apart(store):
    pid = prospect("Ada")
    log_touch(pid, TouchInput(Channel.VIDEO_CALL, at(0), outcome=Outcome.MET))
    log_touch(pid, TouchInput(Channel.EMAIL, at(10), Direction.IN, Outcome.REPLIED))
    log_touch(pid, TouchInput(Channel.CALL, at(20), outcome=Outcome.NO_ANSWER))
    summary = reach_summary(pid)
    assert summary.last_meeting == at(0)
    assert summary.last_reached == at(10)
    assert summary.last_attempt == at(20)
