"""A dormant prospect who gets in touch, or whose date has come, is back: active again, on
the Revive plan."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from touchdesk.domain.vocabulary import Channel, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.store.db import database
from touchdesk.store.models import Plan, Prospect, Stage

if TYPE_CHECKING:
    from touchdesk.services.statuses import StatusSnapshot


class Revival(NamedTuple):
    """What reviving changed, so undo puts the prospect back to rest exactly."""

    prospect_id: int
    status_before: StatusSnapshot
    step_id: int | None  # the revive call now scheduled
    run_id: int | None  # its Revive run; None when that plan was deleted (a bare call)
    replaced_run: tuple[int, str] | None  # a run left open at the break-up, and its status
    plan_name: str


def revive(prospect_id: int, now: datetime, seller_zone: tzinfo) -> tuple[Revival, Change]:
    """Active again, with the Revive plan's reason-led call as the one next step. Without a
    plan of that name (the seller may delete it) the same call is scheduled on its own."""
    # Loaded here: every launch asks revive_due, and on most days nobody is due.
    from touchdesk.domain.next_steps import NextStepInput
    from touchdesk.domain.plans import REVIVE_PLAN
    from touchdesk.domain.time_policy import suggest
    from touchdesk.services.next_steps import open_step, set_next_step
    from touchdesk.services.plans import apply_plan, current_run
    from touchdesk.services.policy import day_of, seller_day
    from touchdesk.services.statuses import REVIVE_PURPOSE, StatusError, set_status

    with database.atomic():
        prospect = Prospect.get_by_id(prospect_id)
        if prospect.status != ProspectStatus.DORMANT.value:
            raise StatusError("Only a dormant prospect can be revived.")
        open_run = current_run(prospect_id)
        replaced = (open_run.id, open_run.status) if open_run else None
        snapshot, change = set_status(prospect_id, ProspectStatus.ACTIVE)
        plan = Plan.get_or_none(Plan.name == REVIVE_PLAN)
        run_id, plan_name = None, ""
        if (
            plan is not None
            and prospect_id in apply_plan([prospect_id], plan.id, now, seller_zone).applied
        ):
            run_id, plan_name = current_run(prospect_id).id, plan.name
        else:
            seller = seller_day()._replace(zone=seller_zone)
            slot = suggest(now, Channel.CALL, day_of(prospect, seller), seller, 1)
            if slot:
                set_next_step(prospect_id, NextStepInput(slot[0].at, Channel.CALL, REVIVE_PURPOSE))
        step = open_step(prospect_id)
    revival = Revival(prospect_id, snapshot, step.id if step else None, run_id, replaced, plan_name)
    return revival, change | Change.PLANS | Change.NEXT_STEPS


def revive_due(now: datetime, seller_zone: tzinfo) -> list[int]:
    """Dormant prospects whose date has come are back, each on the Revive plan (its
    reason-led call on the calling list), all or none."""
    today = now.astimezone(seller_zone).date()
    with database.atomic():
        due = Prospect.select(Prospect.id).where(
            # Every prospect has a stage: naming them all lets SQLite find the dormant ones
            # in the (stage, status) index instead of reading every prospect, at each launch.
            Prospect.stage.in_(Stage.select(Stage.id)),
            Prospect.status == ProspectStatus.DORMANT.value,
            Prospect.deleted_at.is_null(),
            Prospect.dormant_until <= today,
        )
        revived = [row.id for row in due]
        for prospect_id in revived:
            revive(prospect_id, now, seller_zone)
    return revived
