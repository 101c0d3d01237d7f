"""The sample data shows the playbook at work: late wins, plans mid-way, let-go and revival,
a referrer thanked, and every time inside the prospect's day rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from peewee import fn

from touchdesk.domain.plans import BUILTIN_PLANS, REVIVE_PLAN
from touchdesk.domain.time_policy import ProspectDay, applies_to, country_for, prospect_breaks
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.demo import fill_demo
from touchdesk.services.insights import decisions_query
from touchdesk.store.models import (
    MailTask,
    NextStep,
    Plan,
    PlanRun,
    Prospect,
    ProspectEvent,
    Touch,
)

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # a Wednesday, 11:00 for the seller


@pytest.fixture(params=[7, 21])
def story(store, request) -> int:
    fill_demo(60, seed=request.param, now=NOW)
    return request.param


def _day(prospect: Prospect) -> ProspectDay:
    return ProspectDay(
        ZoneInfo(prospect.time_zone), country_for(prospect.country_code, prospect.time_zone)
    )


def _touches_to_win(prospect: Prospect) -> int:
    """Insights' count: touches up to the status change into Won (its buckets cap at 10)."""
    won_at = (
        ProspectEvent.select(fn.max(ProspectEvent.occurred_at))
        .where(
            ProspectEvent.prospect == prospect,
            ProspectEvent.kind == "status_changed",
            ProspectEvent.detail.endswith("→ Won"),
        )
        .scalar()
    )
    return Touch.select().where(Touch.prospect == prospect, Touch.occurred_at <= won_at).count()


def test_wins_spread_from_quick_to_long_with_most_after_the_fifth_touch(story):
    wins = [_touches_to_win(p) for p in Prospect.select().where(Prospect.status == "won")]
    assert len(wins) >= 3
    assert min(wins) <= 3 and max(wins) >= 12
    assert sum(1 for touches in wins if touches >= 6) > len(wins) / 2
    # Insights counts the same: the wins in its buckets from five touches up are the same.
    late = sum(
        n for bucket, status, n in decisions_query().tuples() if status == "won" and bucket >= 6
    )
    assert late == sum(1 for touches in wins if touches >= 6)


def test_several_prospects_on_each_builtin_plan_at_different_steps(story):
    positions: dict[str, list[int]] = defaultdict(list)
    runs = PlanRun.select(PlanRun, Plan).join(Plan).where(PlanRun.status == "active")
    for run in runs:
        positions[run.plan.name].append(run.position)
        step = NextStep.get(NextStep.plan_run == run.id, NextStep.status == "open")
        spec = next(s for s in BUILTIN_PLANS if s.name == run.plan.name)
        assert step.purpose == spec.steps[run.position].purpose
        assert step.prospect_id == run.prospect_id
    for spec in BUILTIN_PLANS:
        assert len(positions[spec.name]) >= 2, spec.name
        if len(spec.steps) > 1:
            assert len(set(positions[spec.name])) >= 2, spec.name


def test_a_chase_reached_any_progress(story):
    chase = Plan.get(Plan.name == "Email chase")
    at_third = list(PlanRun.select().where(PlanRun.plan == chase, PlanRun.position == 2))
    assert at_third
    for run in at_third:
        step = NextStep.get(NextStep.plan_run == run.id)
        assert step.channel == "email" and step.purpose == "Any progress?"
        emails = list(
            Touch.select()
            .where(Touch.prospect == run.prospect_id)
            .order_by(Touch.occurred_at.desc())
            .limit(2)
        )
        assert [t.channel for t in emails] == ["email", "email"]
        assert all(t.direction == "out" for t in emails)


def test_a_break_up_went_dormant_and_another_was_revived(story):
    dormant = Prospect.select().where(Prospect.status == "dormant")
    assert any(
        "Break-up"
        in Touch.select().where(Touch.prospect == p).order_by(Touch.occurred_at.desc()).get().note
        for p in dormant
    )
    revive = Plan.get(Plan.name == REVIVE_PLAN)
    revived = [run.prospect for run in PlanRun.select().where(PlanRun.plan == revive)]
    assert revived
    for prospect in revived:
        assert prospect.status == "active"
        notes = [t.note for t in Touch.select().where(Touch.prospect == prospect)]
        assert any("Break-up" in note for note in notes)
        changes = [
            e.detail
            for e in ProspectEvent.select()
            .where(ProspectEvent.prospect == prospect, ProspectEvent.kind == "status_changed")
            .order_by(ProspectEvent.occurred_at)
        ]
        assert changes[-2:] == ["Active → Dormant", "Dormant → Active"]


def test_a_referred_prospect_has_the_thank_you_to_the_referrer_queued(story):
    thanks = list(
        MailTask.select().where(
            MailTask.status == "queued", MailTask.occasion.startswith("Thank you for introducing")
        )
    )
    assert thanks
    referred = {p.referrer_id for p in Prospect.select().where(Prospect.referrer.is_null(False))}
    assert all(task.prospect_id in referred for task in thanks)
    assert all(task.kind == "note" for task in thanks)


def test_every_outbound_touch_and_open_step_keeps_the_prospects_day_rules(story):
    prospects = {p.id: p for p in Prospect.select()}
    days = {pid: _day(p) for pid, p in prospects.items()}
    broken = [
        (
            t.prospect_id,
            t.channel,
            t.occurred_at,
            prospect_breaks(t.occurred_at, days[t.prospect_id]),
        )
        for t in Touch.select().where(Touch.direction == "out")
        if prospect_breaks(t.occurred_at, days[t.prospect_id])
    ]
    assert broken == []
    steps = list(NextStep.select().where(NextStep.status == "open"))
    assert len(steps) > 30
    broken_steps = [
        (s.prospect_id, s.channel, s.due_at)
        for s in steps
        if applies_to(Channel(s.channel)) and prospect_breaks(s.due_at, days[s.prospect_id])
    ]
    assert broken_steps == []
