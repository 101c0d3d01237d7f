"""Statuses and letting go: what they change, what they cancel, and that undo restores it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import days, prospect
from tests.query_plans import record_plans
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.services.next_steps import NextStepError, open_step, set_next_step
from touchdesk.services.plans import run_state
from touchdesk.services.revival import revive_due
from touchdesk.services.statuses import (
    REVIVE_PURPOSE,
    StatusError,
    let_go,
    set_status,
)
from touchdesk.services.timeline import timeline
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import undo
from touchdesk.store.models import NextStep, Prospect, Touch

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")


def test_won_moves_to_the_won_column_cancels_the_step_and_undo_restores(store):
    pid = prospect("Ada", due=NOW + days(1))
    step = open_step(pid)
    _, entry = recorded(lambda: set_status(pid, ProspectStatus.WON))
    row = Prospect.get_by_id(pid)
    assert (row.status, row.stage.name) == ("won", "Won")
    assert NextStep.get_by_id(step.id).status == NextStepStatus.CANCELLED.value
    undo(entry)
    row = Prospect.get_by_id(pid)
    assert (row.status, row.stage.name) == ("active", "New")
    assert open_step(pid).id == step.id


def test_lost_keeps_its_reason(store):
    pid = prospect("Ada")
    set_status(pid, ProspectStatus.LOST, lost_reason="Chose a competitor")
    assert Prospect.get_by_id(pid).lost_reason == "Chose a competitor"


def test_do_not_contact_refuses_any_next_step(store):
    pid = prospect("Ada", due=NOW + days(1))
    set_status(pid, ProspectStatus.DO_NOT_CONTACT)
    assert open_step(pid) is None
    with pytest.raises(NextStepError, match="not to be contacted"):
        set_next_step(pid, NextStepInput(NOW + days(2), Channel.CALL))
    with pytest.raises(StatusError):
        let_go(pid, "Bye", date(2027, 2, 21), NOW)


def test_dormant_needs_a_date(store):
    pid = prospect("Ada")
    with pytest.raises(StatusError, match="date"):
        set_status(pid, ProspectStatus.DORMANT)
    assert Prospect.get_by_id(pid).status == "active"


def test_let_go_logs_the_break_up_and_sleeps_until_the_revisit_date(store):
    pid = prospect("Ada", due=NOW + days(1))
    message = "I'll stop here; if it becomes important, I'm glad to pick it up again."
    _, entry = recorded(lambda: let_go(pid, message, date(2027, 2, 21), NOW))
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == ("dormant", date(2027, 2, 21))
    touch = Touch.get(Touch.prospect == pid)
    assert (touch.channel, touch.note) == ("email", message)
    assert open_step(pid) is None
    undo(entry)
    assert Prospect.get_by_id(pid).status == "active"
    assert Prospect.get_by_id(pid).touch_count == 0
    assert open_step(pid) is not None


def test_a_dormant_prospect_comes_back_on_its_date_on_the_revive_plan(store):
    sleeping = prospect("Sleepy", country_code="US", time_zone="America/New_York")
    set_status(sleeping, ProspectStatus.DORMANT, dormant_until=date(2026, 11, 23))
    later = prospect("Later")
    set_status(later, ProspectStatus.DORMANT, dormant_until=date(2027, 1, 5))
    assert revive_due(NOW, NEW_YORK) == [sleeping]
    assert Prospect.get_by_id(sleeping).status == "active"
    step = open_step(sleeping)
    assert step.purpose == REVIVE_PURPOSE and step.channel is Channel.CALL
    assert step.due_at.astimezone(NEW_YORK).strftime("%a %H:%M") == "Mon 12:00"
    assert run_state(sleeping).progress() == "Revive · step 1 of 1"  # shown on the card
    assert Prospect.get_by_id(later).status == "dormant"
    assert any("Dormant → Active" in e.detail for e in timeline(sleeping))


def test_a_launch_revives_on_the_dormant_date_not_the_day_before_and_never_from_the_trash(
    store,
):
    due = prospect("Due", time_zone="America/New_York")
    set_status(due, ProspectStatus.DORMANT, dormant_until=date(2026, 11, 23))
    tomorrow = prospect("Tomorrow", time_zone="America/New_York")
    set_status(tomorrow, ProspectStatus.DORMANT, dormant_until=date(2026, 11, 24))
    trashed = prospect("Trashed")
    set_status(trashed, ProspectStatus.DORMANT, dormant_until=date(2026, 11, 1))
    Prospect.update(deleted_at=NOW).where(Prospect.id == trashed).execute()
    # 23:59 and then 00:00 in New York, the seller's zone.
    assert revive_due(datetime(2026, 11, 24, 4, 59, tzinfo=UTC), NEW_YORK) == [due]
    assert revive_due(datetime(2026, 11, 24, 5, 0, tzinfo=UTC), NEW_YORK) == [tomorrow]
    assert Prospect.get_by_id(trashed).status == "dormant"


def test_the_dormant_are_found_in_the_stage_and_status_index_not_by_reading_every_prospect(
    store, monkeypatch
):
    plans = record_plans(monkeypatch, 'SELECT "t1"."id" FROM "prospect"')
    revive_due(NOW, NEW_YORK)
    assert any("USING INDEX prospect_stage_id_status (stage_id=? AND status=?)" in p for p in plans)
    assert "SCAN t1" not in plans  # every prospect read
