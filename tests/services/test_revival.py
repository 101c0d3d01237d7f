"""A dormant prospect who gets in touch comes back on the Revive plan, and undo puts them
back to rest exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from touchdesk.domain.vocabulary import NextStepStatus, ProspectStatus
from touchdesk.services.next_steps import close_step, open_step
from touchdesk.services.plans import apply_plan, delete_plan, end_run, list_plans, run_state
from touchdesk.services.revival import revive
from touchdesk.services.statuses import StatusError, set_status
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import undo
from touchdesk.store.models import NextStep, PlanRun, Prospect

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 07:00 in London
REST = date(2027, 2, 21)


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


def broken_up(first: str) -> int:
    """A prospect who was sent the break-up plan's message and is now at rest."""
    pid = prospect(first, country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("Break-up"), NOW, LONDON)
    close_step(open_step(pid).id, NextStepStatus.DONE)
    end_run(pid, date(2026, 11, 23))
    return pid


def test_a_dormant_prospect_who_writes_is_active_on_the_revive_plan(store):
    pid = broken_up("Ada")
    revival, _ = revive(pid, NOW, LONDON)
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == (ProspectStatus.ACTIVE.value, None)
    step = open_step(pid)
    assert step.id == revival.step_id and step.purpose == "Revive: a reason-led call"
    # The first call slot in London by the timing rules: 08:00 that Monday (07:00 UTC).
    assert step.due_at.astimezone(LONDON) == datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)
    assert run_state(pid).progress() == "Revive · step 1 of 1"


def test_undo_puts_the_prospect_back_to_rest_until_the_same_date(store):
    pid = broken_up("Ada")
    (revival, _), entry = recorded(lambda: revive(pid, NOW, LONDON))
    undo(entry)
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == (ProspectStatus.DORMANT.value, REST)
    assert open_step(pid) is None
    assert run_state(pid) is None
    assert not NextStep.select().where(NextStep.id == revival.step_id).exists()  # as before it


def test_a_run_left_open_at_rest_is_stopped_by_reviving_and_back_on_undo(store):
    pid = prospect("Bo", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("No answer"), NOW, LONDON)
    set_status(pid, ProspectStatus.DORMANT, dormant_until=REST)  # let go mid-plan
    [old] = PlanRun.select().where(PlanRun.prospect == pid)
    _, entry = recorded(lambda: revive(pid, NOW, LONDON))
    assert PlanRun.get_by_id(old.id).status == "stopped"
    undo(entry)
    assert PlanRun.get_by_id(old.id).status == "active"
    assert run_state(pid).plan_name == "No answer"


def test_without_the_revive_plan_the_same_call_is_scheduled_on_its_own(store):
    delete_plan(plan_id("Revive"))
    pid = broken_up("Ada")
    revival, _ = revive(pid, NOW, LONDON)
    assert revival.run_id is None and run_state(pid) is None
    assert open_step(pid).purpose == "Revive: a reason-led call"


def test_only_a_dormant_prospect_is_revived(store):
    pid = prospect("Ada")
    with pytest.raises(StatusError, match="dormant"):
        revive(pid, NOW, LONDON)
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value
