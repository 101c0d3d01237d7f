"""The persistence rules at their line: let go before the fifth touch is questioned, a win
from the fifth touch on is marked once; Lost keeps a reason from an editable list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, EventKind, Outcome, ProspectStatus
from touchdesk.services.board import move_to_stage
from touchdesk.services.statuses import (
    StatusError,
    celebrated,
    let_go_check,
    lost_reasons,
    save_lost_reasons,
    set_status,
    win_to_celebrate,
)
from touchdesk.services.timeline import log_touch, timeline
from touchdesk.store.models import Prospect, Stage

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def touched(name: str, touches: int) -> int:
    pid = prospect(name)
    for n in range(touches):
        at = NOW - timedelta(days=touches - n)
        log_touch(pid, TouchInput(Channel.CALL, at, outcome=Outcome.NO_ANSWER))
    return pid


def marks(pid: int) -> list[str]:
    return [e.detail for e in timeline(pid) if e.event_kind is EventKind.PERSISTENT_WIN]


@pytest.mark.parametrize(("touches", "asks"), [(0, True), (4, True), (5, False), (8, False)])
def test_letting_go_before_the_fifth_touch_is_questioned_with_the_count(store, touches, asks):
    check = let_go_check(touched("Ada", touches))
    assert check.touches == touches
    assert (check.question is not None) is asks
    if asks:
        assert "Ada" in check.question
        assert ("no touch" if touches == 0 else f"only {touches} touches") in check.question


def test_four_touches_win_unmarked_five_marked_on_the_timeline(store):
    four, five = touched("Four", 4), touched("Five", 5)
    set_status(four, ProspectStatus.WON)
    set_status(five, ProspectStatus.WON)
    assert marks(four) == []
    assert marks(five) == ["won after 5 touches, the follow-up paid off"]
    assert win_to_celebrate(four) is None


def test_a_drop_on_the_won_column_marks_a_persistent_win_too(store):
    pid = touched("Ada", 6)
    move_to_stage(pid, Stage.get(Stage.outcome == "won").id)
    assert marks(pid) == ["won after 6 touches, the follow-up paid off"]


def test_the_persistent_win_is_celebrated_once(store):
    pid = touched("Ada", 5)
    assert win_to_celebrate(pid) is None  # not won yet
    set_status(pid, ProspectStatus.WON)
    cheer = win_to_celebrate(pid)
    assert cheer is not None and "Ada" in cheer and "5 touches" in cheer
    celebrated(pid)
    assert win_to_celebrate(pid) is None
    set_status(pid, ProspectStatus.ACTIVE)
    set_status(pid, ProspectStatus.WON)  # won again: marked again, but cheered only once
    assert len(marks(pid)) == 2
    assert win_to_celebrate(pid) is None


def test_lost_offers_the_list_and_a_new_reason_joins_it(store):
    assert "Chose a competitor" in lost_reasons()
    pid = prospect("Ada")
    set_status(pid, ProspectStatus.LOST, lost_reason="  Merged  with a rival ")
    assert Prospect.get_by_id(pid).lost_reason == "Merged with a rival"
    assert lost_reasons()[-1] == "Merged with a rival"
    again = prospect("Bo")
    set_status(again, ProspectStatus.LOST, lost_reason="merged with a rival")
    assert [r.casefold() for r in lost_reasons()].count("merged with a rival") == 1


def test_the_lost_reason_is_on_the_timeline(store):
    pid = prospect("Ada")
    set_status(pid, ProspectStatus.LOST, lost_reason="No budget")
    [entry] = [e for e in timeline(pid) if e.event_kind is EventKind.LOST_REASON]
    assert entry.detail == "No budget"
    assert entry.summary() == "Lost reason: No budget"


def test_the_lost_reasons_list_is_edited_whole(store):
    save_lost_reasons(["No budget", "", "  Bad   timing", "no budget"])
    assert lost_reasons() == ["No budget", "Bad timing"]
    with pytest.raises(StatusError, match="under 120"):
        save_lost_reasons(["x" * 121])
    assert lost_reasons() == ["No budget", "Bad timing"]


def test_insights_count_lost_prospects_by_reason(store):
    from touchdesk.domain.lost_reasons import NO_REASON
    from touchdesk.services.insights import LostReasonCount, insights

    for name, reason in (("A", "No budget"), ("B", "Bad timing"), ("C", "No budget")):
        set_status(prospect(name), ProspectStatus.LOST, lost_reason=reason)
    move_to_stage(prospect("D"), Stage.get(Stage.outcome == "lost").id)  # dropped, no reason
    set_status(prospect("E"), ProspectStatus.WON)
    assert insights(NOW).lost_reasons == [
        LostReasonCount("No budget", 2),
        LostReasonCount("Bad timing", 1),
        LostReasonCount(NO_REASON, 1),
    ]
