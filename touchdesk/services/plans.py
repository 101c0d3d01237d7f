"""Follow-up plans: edit them, apply them, and keep each prospect's run moving or paused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo

from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.plans import (
    SECOND_TRY_MINUTES,
    OffsetFrom,
    PlanInfo,
    PlanSpec,
    PlanStepSpec,
    RunStatus,
    counts_for_stop_rule,
    email_limit,
    email_past_limit,
    plan_problems,
    schedule,
    second_try_purpose,
)
from touchdesk.domain.time_policy import SellerDay
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel, Direction, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.email_history import unanswered_emails
from touchdesk.services.next_steps import open_step, set_next_step
from touchdesk.services.policy import day_of, seller_day
from touchdesk.services.statuses import StatusSnapshot, set_status
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import NextStep, Plan, PlanRun, PlanStep, Prospect, Template
from touchdesk.store.prepared import Prepared, PreparedIn, PreparedUpdate


class PlanError(ValueError):
    """A plan that cannot be saved or applied; the message is for the seller."""


@dataclass(frozen=True)
class ApplyResult:
    applied: list[int]
    skipped: list[tuple[int, str]]  # prospect id, why
    change: Change
    # Applied, but if nobody answers the plan would send an email past the stop rule: the
    # prospect id and why. That email is held back when its turn comes.
    email_warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class RunState:
    plan_name: str
    position: int  # 0-based step now scheduled
    steps: int
    status: RunStatus
    second_try_due: bool = False  # the current step is tried twice and its second try is next

    def progress(self) -> str:
        """'No answer · step 3 of 7' (and 'paused' when an answer stopped it)."""
        text = f"{self.plan_name} · step {self.position + 1} of {self.steps}"
        return f"{text} · paused" if self.status is RunStatus.PAUSED else text


# -- plans ------------------------------------------------------------------------------


def _spec(plan: Plan) -> PlanSpec:
    keys = {t.id: t.key for t in Template.select(Template.id, Template.key)}
    steps = tuple(
        PlanStepSpec(
            s.day_offset,
            Channel(s.channel),
            s.purpose,
            SlotRule(s.timing),
            OffsetFrom(s.offset_from),
            keys.get(s.template_id, ""),
            bool(s.twice),
        )
        for s in PlanStep.select().where(PlanStep.plan == plan.id).order_by(PlanStep.position)
    )
    return PlanSpec(plan.name, plan.description, steps, plan.dormant_days_after)


def list_plans() -> list[PlanInfo]:
    return [PlanInfo(p.id, _spec(p), p.builtin) for p in Plan.select().order_by(Plan.id)]


def get_plan(plan_id: int) -> PlanInfo:
    plan = Plan.get_by_id(plan_id)
    return PlanInfo(plan.id, _spec(plan), plan.builtin)


def save_plan(plan_id: int | None, spec: PlanSpec) -> tuple[int, Change]:
    """Create or replace a plan and its steps, all or nothing."""
    problems = plan_problems(spec)
    if problems:
        raise PlanError(" ".join(problems))
    name = " ".join(spec.name.split())
    with database.atomic():
        clash = Plan.get_or_none(Plan.name == name)
        if clash is not None and clash.id != plan_id:
            raise PlanError(f"There is already a plan called '{name}'.")
        if plan_id is None:
            plan_id = Plan.create(
                name=name, description=spec.description, dormant_days_after=spec.dormant_days_after
            ).id
        else:
            Plan.update(
                name=name, description=spec.description, dormant_days_after=spec.dormant_days_after
            ).where(Plan.id == plan_id).execute()
            PlanStep.delete().where(PlanStep.plan == plan_id).execute()
        templates = {t.key: t.id for t in Template.select(Template.id, Template.key)}
        PlanStep.insert_many(
            [
                {
                    "plan": plan_id,
                    "position": i,
                    "day_offset": step.day_offset,
                    "offset_from": step.offset_from.value,
                    "channel": step.channel.value,
                    "purpose": step.purpose.strip(),
                    "timing": step.timing.value,
                    "template": templates.get(step.template_key),
                    "twice": step.twice,
                }
                for i, step in enumerate(spec.steps)
            ]
        ).execute()
    return plan_id, Change.PLANS


def delete_plan(plan_id: int) -> Change:
    with database.atomic():
        if (
            PlanRun.select()
            .where(PlanRun.plan == plan_id, PlanRun.status.in_(["active", "paused"]))
            .exists()
        ):
            raise PlanError("Prospects are following this plan; stop their runs first.")
        Plan.delete().where(Plan.id == plan_id).execute()
    return Change.PLANS


# -- runs -------------------------------------------------------------------------------


def _zone_and_country(prospect: Prospect, seller: SellerDay) -> tuple[tzinfo, str]:
    day = day_of(prospect, seller)
    return day.zone, day.country


def _step_input(step: PlanStepSpec, when: datetime) -> NextStepInput:
    return NextStepInput(due_at=when, channel=step.channel, purpose=step.purpose)


_CURRENT_RUN = Prepared(
    lambda pid: PlanRun.select(PlanRun.id).where(
        PlanRun.prospect == pid,
        PlanRun.status.in_([RunStatus.ACTIVE.value, RunStatus.PAUSED.value]),
    )
)


def current_run(prospect_id: int) -> PlanRun | None:
    # Asked for each touch a mail sync logs, mostly of prospects with no plan: the question
    # is compiled once, and only a prospect with a run pays for reading it.
    found = _CURRENT_RUN.run(prospect_id).fetchone()
    return None if found is None else PlanRun.get_by_id(found[0])


def apply_plan(
    prospect_ids: list[int], plan_id: int, now: datetime, seller_zone: tzinfo
) -> ApplyResult:
    """Schedule the plan's first step as each prospect's one next step.

    A prospect already following a plan has that run stopped and replaced; do-not-contact
    and inactive prospects are skipped with the reason.
    """
    spec = get_plan(plan_id).spec
    seller = seller_day()._replace(zone=seller_zone)
    limit = email_limit(settings.get("max_unanswered_emails"))
    applied, skipped, warnings = [], [], []
    with database.atomic():
        for prospect_id in prospect_ids:
            prospect = Prospect.get_by_id(prospect_id)
            if prospect.status == ProspectStatus.DO_NOT_CONTACT.value:
                skipped.append((prospect_id, "asked not to be contacted"))
                continue
            if prospect.status != ProspectStatus.ACTIVE.value:
                skipped.append((prospect_id, f"is {ProspectStatus(prospect.status).label.lower()}"))
                continue
            zone, country = _zone_and_country(prospect, seller)
            first = spec.steps[0]
            when = schedule(
                first,
                started=now,
                previous=now,
                now=now,
                zone=zone,
                country=country,
                seller=seller,
            )
            if when is None:
                skipped.append((prospect_id, "no working day in the next two months"))
                continue
            PlanRun.update(status=RunStatus.STOPPED.value, updated_at=utc_now()).where(
                PlanRun.prospect == prospect_id,
                PlanRun.status.in_([RunStatus.ACTIVE.value, RunStatus.PAUSED.value]),
            ).execute()
            run = PlanRun.create(
                prospect=prospect_id,
                plan=plan_id,
                position=0,
                status=RunStatus.ACTIVE.value,
                started_at=now,
                updated_at=utc_now(),
            )
            set_next_step(prospect_id, _step_input(first, when), plan_run_id=run.id)
            applied.append(prospect_id)
            warning = _stop_rule_warning(prospect_id, spec, limit)
            if warning:
                warnings.append((prospect_id, warning))
    return ApplyResult(
        applied, skipped, Change.PLANS | Change.NEXT_STEPS | Change.PROSPECTS, warnings
    )


def _stop_rule_warning(prospect_id: int, spec: PlanSpec, limit: int) -> str:
    """Why this plan would send an email past the stop rule if nobody answers, or ''."""
    unanswered = unanswered_emails(prospect_id)
    steps = [s for s in spec.steps if counts_for_stop_rule(s)]
    number = email_past_limit(unanswered, steps, limit)
    if number is None:
        return ""
    step = spec.steps.index(steps[number - 1]) + 1
    already = f"{unanswered} unanswered already; " if unanswered else ""
    return (
        f"{already}step {step} would be email #{limit + 1} in a row without an answer, past "
        f"your limit of {limit}: it will be held back when its turn comes"
    )


# Asked for each touch a mail sync logs: compiled once, plain rows.
_RUN_STATE = Prepared(
    lambda pid: (
        PlanRun.select(
            PlanRun.plan, PlanRun.position, PlanRun.status, PlanRun.second_try, Plan.name
        )
        .join(Plan)
        .where(
            PlanRun.prospect == pid,
            PlanRun.status.in_([RunStatus.ACTIVE.value, RunStatus.PAUSED.value]),
        )
    )
)
_STEPS_OF = Prepared(
    lambda plan_id: (
        PlanStep.select(PlanStep.position, PlanStep.twice)
        .where(PlanStep.plan == plan_id)
        .order_by(PlanStep.id)
    )
)


def run_state(prospect_id: int) -> RunState | None:
    found = _RUN_STATE.run(prospect_id).fetchone()
    if found is None:
        return None
    return _state_of(found, _STEPS_OF.run(found[0]).fetchall())


def _state_of(run: tuple, steps: list[tuple]) -> RunState:
    """The state of a run (plan, position, status, second try, plan name) among its plan's
    steps (position, twice; in order of id)."""
    _, position, status, second_try, plan_name = run
    current = next((twice for at, twice in steps if at == position), None)
    twice = bool(current) and not second_try
    return RunState(plan_name, position, len(steps), RunStatus(status), twice)


# The current runs of many prospects, and the steps of many plans, as run_state() reads each.
_RUNS_OF = PreparedIn(
    lambda ids: (
        PlanRun.select(
            PlanRun.prospect,
            PlanRun.plan,
            PlanRun.position,
            PlanRun.status,
            PlanRun.second_try,
            Plan.name,
        )
        .join(Plan)
        .where(
            PlanRun.prospect.in_(ids),
            PlanRun.status.in_([RunStatus.ACTIVE.value, RunStatus.PAUSED.value]),
        )
    )
)
_PLANS_STEPS = PreparedIn(
    lambda ids: (
        PlanStep.select(PlanStep.plan, PlanStep.position, PlanStep.twice)
        .where(PlanStep.plan.in_(ids))
        .order_by(PlanStep.plan, PlanStep.id)
    )
)


def run_states(prospect_ids: Iterable[int]) -> dict[int, RunState | None]:
    """run_state() of each of these prospects, read in two queries rather than two each (a
    mail sync's batch asks for dozens). A prospect has one current run at most (the schema's
    unique index), so it is the one run_state() reads."""
    ordered = sorted(set(prospect_ids))
    runs = {prospect_id: tuple(run) for prospect_id, *run in _RUNS_OF.rows(ordered)}
    steps: dict[int, list[tuple]] = {run[0]: [] for run in runs.values()}
    for plan_id, *step in _PLANS_STEPS.rows(sorted(steps)):
        steps[plan_id].append(tuple(step))
    return {
        prospect_id: _state_of(runs[prospect_id], steps[runs[prospect_id][0]])
        if prospect_id in runs
        else None
        for prospect_id in ordered
    }


def following_step(
    prospect_id: int, now: datetime, seller_zone: tzinfo
) -> tuple[NextStepInput, int] | None:
    """What the plan proposes after its current step, by the timing rules, and the run.

    None when there is no active run or the plan has no more steps. Emails are not
    proposed past the stop rule: the caller suggests another channel or the break-up.
    """
    run = current_run(prospect_id)
    if run is None or run.status != RunStatus.ACTIVE.value:
        return None
    spec = _spec(run.plan)
    current = spec.steps[run.position] if run.position < len(spec.steps) else None
    prospect = Prospect.get_by_id(prospect_id)
    if current is not None and current.twice and not run.second_try:
        # The second attempt of a twice step: a few minutes after the first, same purpose.
        after = max(now, prospect.last_touch_at or now) + timedelta(minutes=SECOND_TRY_MINUTES)
        again = replace(current, purpose=second_try_purpose(current.purpose))
        return _step_input(again, after), run.id
    position = run.position + 1
    if position >= len(spec.steps):
        return None
    step = spec.steps[position]
    if counts_for_stop_rule(step) and emails_exhausted(prospect_id):
        return None
    seller = seller_day()._replace(zone=seller_zone)
    zone, country = _zone_and_country(prospect, seller)
    previous = max(prospect.last_touch_at or run.started_at, run.started_at)
    when = schedule(
        step,
        started=run.started_at,
        previous=previous,
        now=now,
        zone=zone,
        country=country,
        seller=seller,
    )
    return (_step_input(step, when), run.id) if when else None


def advance(run_id: int, step_input: NextStepInput, prospect_id: int) -> tuple[int, Change]:
    """Set the plan's following step as the next step and move the run on to it; after the
    first attempt of a twice step, the following step is its second attempt and the run
    stays on that step."""
    with database.atomic():
        run = PlanRun.get_by_id(run_id)
        step_id, change = set_next_step(prospect_id, step_input, plan_run_id=run_id)
        current = (
            PlanStep.select(PlanStep.twice)
            .where(PlanStep.plan == run.plan_id, PlanStep.position == run.position)
            .first()
        )
        if current is not None and current.twice and not run.second_try:
            update = {PlanRun.second_try: True}
        else:
            update = {PlanRun.position: run.position + 1, PlanRun.second_try: False}
        PlanRun.update({**update, PlanRun.updated_at: utc_now()}).where(
            PlanRun.id == run_id
        ).execute()
    return step_id, change | Change.PLANS


def finish_if_last(prospect_id: int) -> Change:
    """A run whose last step is done is done."""
    with database.atomic():
        run = current_run(prospect_id)
        if run is None:
            return Change.NOTHING
        steps = PlanStep.select().where(PlanStep.plan == run.plan_id).count()
        if run.position + 1 >= steps and open_step(prospect_id) is None:
            PlanRun.update(status=RunStatus.DONE.value, updated_at=utc_now()).where(
                PlanRun.id == run.id
            ).execute()
            return Change.PLANS
    return Change.NOTHING


@dataclass(frozen=True)
class EndedRun:
    """A plan that ran out of steps; `dormant_until` when it ends in dormancy (the break-up)."""

    run_id: int
    plan_name: str
    dormant_until: date | None
    status_before: StatusSnapshot | None


def end_run(prospect_id: int, today: date) -> tuple[EndedRun | None, Change]:
    """The plan's last step is done: the run ends. A plan that ends with the prospect dormant
    (the break-up: 90 days by default) puts them to rest until the revisit date, when they
    come back with a revive call."""
    with database.atomic():
        run = current_run(prospect_id)
        if run is None:
            return None, Change.NOTHING
        PlanRun.update(status=RunStatus.DONE.value, updated_at=utc_now()).where(
            PlanRun.id == run.id
        ).execute()
        days = run.plan.dormant_days_after
        if days <= 0:
            return EndedRun(run.id, run.plan.name, None, None), Change.PLANS
        until = today + timedelta(days=days)
        snapshot, change = set_status(prospect_id, ProspectStatus.DORMANT, dormant_until=until)
    return EndedRun(run.id, run.plan.name, until, snapshot), change | Change.PLANS


def pause_on_answer(prospect_id: int, direction: Direction, outcome: Outcome) -> bool:
    """An answer from the prospect pauses the plan: the seller decides what happens next."""
    if direction is not Direction.IN and not outcome.reaches:
        return False
    with database.atomic():
        updated = 0
        for (run_id,) in _ACTIVE_RUN.run(prospect_id).fetchall():
            updated += _RUN_STATUS.run(run_id, RunStatus.PAUSED.value, utc_now())
    return bool(updated)


# A sync pauses hundreds of plans in a row: compiled once.
_ACTIVE_RUN = Prepared(
    lambda pid: PlanRun.select(PlanRun.id).where(
        PlanRun.prospect == pid, PlanRun.status == RunStatus.ACTIVE.value
    )
)
_RUN_STATUS = PreparedUpdate(PlanRun.status, PlanRun.updated_at)


def set_run_status(prospect_id: int, status: RunStatus) -> Change:
    """Resume a paused run, or stop it."""
    with database.atomic():
        run = current_run(prospect_id)
        if run is None:
            return Change.NOTHING
        PlanRun.update(status=status.value, updated_at=utc_now()).where(
            PlanRun.id == run.id
        ).execute()
    return Change.PLANS


def emails_exhausted(prospect_id: int) -> bool:
    """The stop rule: this many unanswered emails in a row, and no more are proposed."""
    return unanswered_emails(prospect_id) >= email_limit(settings.get("max_unanswered_emails"))


def plan_step_of(step_id: int) -> int | None:
    """The run that scheduled a next step, if a plan did."""
    return NextStep.get_by_id(step_id).plan_run_id
