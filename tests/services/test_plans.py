"""Applying plans, following them step by step, pausing on an answer, and the stop rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from touchdesk.domain.plans import PlanSpec, PlanStepSpec, RunStatus
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.library import list_reasons, list_templates, reasons_used
from touchdesk.services.next_steps import close_step, open_step
from touchdesk.services.plans import (
    PlanError,
    advance,
    apply_plan,
    emails_exhausted,
    finish_if_last,
    following_step,
    list_plans,
    pause_on_answer,
    run_state,
    save_plan,
)
from touchdesk.services.timeline import log_touch
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import undo

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 07:00 in London


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


def test_the_library_is_seeded_once(store):
    assert len(list_plans()) == 5
    assert len(list_reasons()) == 10
    assert {t.key for t in list_templates()} >= {"voicemail", "breakup", "chase_3"}


def test_applying_a_plan_to_several_schedules_each_first_step(store):
    a = prospect("Ada", country_code="GB", time_zone="Europe/London")
    b = prospect("Bo", country_code="GB", time_zone="Europe/London")
    blocked = prospect("Nope", status=ProspectStatus.DO_NOT_CONTACT)
    result = apply_plan([a, b, blocked], plan_id("No answer"), NOW, LONDON)
    assert result.applied == [a, b]
    assert result.skipped == [(blocked, "asked not to be contacted")]
    step = open_step(a)
    assert (step.channel, step.purpose) == (Channel.CALL, "Early call")
    assert step.due_at.astimezone(LONDON) == datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)
    assert run_state(a).progress() == "No answer · step 1 of 9"


def test_completing_a_step_schedules_the_following_one(store):
    pid = prospect("Ada", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("No answer"), NOW, LONDON)
    first = open_step(pid)
    log_touch(pid, TouchInput(Channel.CALL, first.due_at, outcome=Outcome.NO_ANSWER))
    close_step(first.id, NextStepStatus.DONE)
    proposal, run = following_step(pid, first.due_at + timedelta(minutes=5), LONDON)
    assert proposal.purpose.startswith("Second call")
    # Same morning: the no-answer program's first day is a burst on every channel.
    assert proposal.due_at.astimezone(LONDON) == datetime(2026, 11, 23, 8, 15, tzinfo=LONDON)
    advance(run, proposal, pid)
    assert run_state(pid).progress() == "No answer · step 2 of 9"
    assert open_step(pid).purpose.startswith("Second call")


def test_an_answer_pauses_the_plan(store):
    pid = prospect("Ada", country_code="GB")
    apply_plan([pid], plan_id("No answer"), NOW, LONDON)
    assert not pause_on_answer(pid, Direction.OUT, Outcome.NO_ANSWER)
    assert pause_on_answer(pid, Direction.IN, Outcome.REPLIED)
    assert run_state(pid).status is RunStatus.PAUSED
    assert run_state(pid).progress().endswith("paused")
    assert following_step(pid, NOW, LONDON) is None


def test_the_stop_rule_ends_email_proposals_after_three_unanswered(store):
    pid = prospect("Ada", country_code="GB")
    apply_plan([pid], plan_id("Email chase"), NOW, LONDON)
    for day in range(3):
        log_touch(pid, TouchInput(Channel.EMAIL, NOW + timedelta(days=day), outcome=Outcome.SENT))
    assert emails_exhausted(pid)
    assert following_step(pid, NOW + timedelta(days=4), LONDON) is None
    settings.put("max_unanswered_emails", 4)
    assert not emails_exhausted(pid)


def test_a_run_is_done_after_its_last_step(store):
    pid = prospect("Ada", country_code="GB")
    apply_plan([pid], plan_id("Revive"), NOW, LONDON)
    close_step(open_step(pid).id, NextStepStatus.DONE)
    finish_if_last(pid)
    assert run_state(pid) is None


def test_saving_plans_validates_and_keeps_names_unique(store):
    spec = PlanSpec(
        "Trade fair",
        "After a fair",
        (
            PlanStepSpec(
                0, Channel.NOTE, "Nice to meet you", SlotRule.ANY, template_key="thank_you"
            ),
            PlanStepSpec(5, Channel.CALL, "Follow-up call", SlotRule.CALL),
        ),
    )
    new_id, _ = save_plan(None, spec)
    saved = next(p for p in list_plans() if p.id == new_id)
    assert saved.spec == spec
    with pytest.raises(PlanError, match="already a plan"):
        save_plan(None, PlanSpec("No answer", "", spec.steps))
    with pytest.raises(PlanError, match="at least one step"):
        save_plan(new_id, PlanSpec("Trade fair", "", ()))
    assert next(p for p in list_plans() if p.id == new_id).spec == spec


def test_reasons_already_used_with_a_prospect_are_listed(store):
    from tests.factories import prospect as make

    pid = make("Ada", due=NOW + timedelta(days=2), purpose="A pricing update")
    make("Other", due=NOW + timedelta(days=2), purpose="A customer story")
    used = reasons_used(pid)
    assert [u.title for u in used] == ["A pricing update"]


def test_the_break_up_plan_ends_with_the_prospect_dormant_for_90_days_and_undo(store):
    from datetime import date

    from touchdesk.services.plans import end_run
    from touchdesk.store.models import Prospect

    pid = prospect("Ada", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("Break-up"), NOW, LONDON)
    close_step(open_step(pid).id, NextStepStatus.DONE)  # the break-up message went out
    (ended, _), entry = recorded(lambda: end_run(pid, date(2026, 11, 23)))
    assert ended.dormant_until == date(2027, 2, 21)
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == (ProspectStatus.DORMANT.value, date(2027, 2, 21))
    assert run_state(pid) is None  # the run is over
    undo(entry)
    row = Prospect.get_by_id(pid)
    assert (row.status, row.dormant_until) == (ProspectStatus.ACTIVE.value, None)
    assert run_state(pid).plan_name == "Break-up"


def test_a_plan_without_dormancy_just_ends(store):
    from datetime import date

    from touchdesk.services.plans import end_run
    from touchdesk.store.models import Prospect

    pid = prospect("Ada", country_code="GB", time_zone="Europe/London")
    apply_plan([pid], plan_id("Revive"), NOW, LONDON)
    ended, _ = end_run(pid, date(2026, 11, 23))
    assert ended.dormant_until is None
    assert Prospect.get_by_id(pid).status == ProspectStatus.ACTIVE.value


def test_applying_a_plan_that_would_send_an_email_past_the_stop_rule_says_so(store):
    fresh = prospect("Fay", country_code="GB", time_zone="Europe/London")
    chased = prospect("Cy", country_code="GB", time_zone="Europe/London")
    log_touch(chased, TouchInput(Channel.EMAIL, NOW - timedelta(days=2), outcome=Outcome.SENT))
    result = apply_plan([fresh, chased], plan_id("Email chase"), NOW, LONDON)
    assert result.applied == [fresh, chased]
    assert result.email_warnings == [
        (
            chased,
            "1 unanswered already; step 3 would be email #4 in a row without an answer, past "
            "your limit of 3: it will be held back when its turn comes",
        )
    ]
    settings.put("max_unanswered_emails", 4)  # the seller allows a fourth: nothing to say
    assert apply_plan([chased], plan_id("Email chase"), NOW, LONDON).email_warnings == []


def test_the_break_up_email_is_never_held_back_by_the_stop_rule(store):
    pid = prospect("Ada", country_code="GB", time_zone="Europe/London")
    for day in range(3):
        log_touch(
            pid, TouchInput(Channel.EMAIL, NOW - timedelta(days=3 - day), outcome=Outcome.SENT)
        )
    assert emails_exhausted(pid)
    assert apply_plan([pid], plan_id("Break-up"), NOW, LONDON).email_warnings == []


def test_unedited_builtin_plans_keep_their_twice_step_through_save_and_reload(store):
    no_answer = next(p for p in list_plans() if p.spec.name == "No answer")
    assert [s.twice for s in no_answer.spec.steps].count(True) == 1
    save_plan(no_answer.id, no_answer.spec)
    assert next(p for p in list_plans() if p.id == no_answer.id).spec == no_answer.spec
