"""Won, lost, do not contact, dormant until a date, and letting go with a break-up message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from touchdesk.domain.lost_reasons import clean_reason, lost_reason_problems, with_reason
from touchdesk.domain.names import display_name
from touchdesk.domain.persistence import (
    celebration,
    is_persistent_win,
    let_go_needs_confirming,
    let_go_question,
)
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import (
    Channel,
    EventKind,
    NextStepStatus,
    Outcome,
    ProspectStatus,
    StageOutcome,
)
from touchdesk.services import settings
from touchdesk.services.board import Placement, restore_placement
from touchdesk.services.changes import Change
from touchdesk.services.next_steps import close_step, open_step
from touchdesk.services.timeline import log_touch, record_event
from touchdesk.store.db import database
from touchdesk.store.models import Prospect, ProspectEvent, Stage

REVIVE_PURPOSE = "Revive: a reason-led call"


class StatusError(ValueError):
    """A status change that cannot be made; the message is for the seller."""


@dataclass(frozen=True)
class StatusSnapshot:
    """Everything a status change alters, so undo puts it back exactly."""

    placement: Placement
    lost_reason: str
    dormant_until: date | None
    cancelled_step: int | None = None
    break_up_touch: int | None = None


def _stage_for(status: ProspectStatus, current_stage: Stage) -> int:
    wanted = {ProspectStatus.WON: StageOutcome.WON, ProspectStatus.LOST: StageOutcome.LOST}
    outcome = wanted.get(status)
    if outcome is not None:
        stage = Stage.get_or_none(Stage.outcome == outcome.value)
        return stage.id if stage else current_stage.id
    if current_stage.outcome != StageOutcome.OPEN.value:  # leaving Won or Lost
        first = (
            Stage.select()
            .where(Stage.outcome == StageOutcome.OPEN.value)
            .order_by(Stage.position)
            .first()
        )
        return first.id if first else current_stage.id
    return current_stage.id


def set_status(
    prospect_id: int,
    status: ProspectStatus,
    *,
    lost_reason: str = "",
    dormant_until: date | None = None,
) -> tuple[StatusSnapshot, Change]:
    """Change the status; leaving 'active' cancels the open next step (nothing is expected)."""
    if status is ProspectStatus.DORMANT and dormant_until is None:
        raise StatusError("A dormant prospect needs a date to come back.")
    lost_reason = clean_reason(lost_reason) if status is ProspectStatus.LOST else ""
    if lost_reason and lost_reason_problems(lost_reason):
        raise StatusError(" ".join(lost_reason_problems(lost_reason)))
    with database.atomic():
        prospect = Prospect.get_by_id(prospect_id)
        before = StatusSnapshot(
            Placement(prospect.stage_id, ProspectStatus(prospect.status)),
            prospect.lost_reason,
            prospect.dormant_until,
        )
        change = Change.PROSPECTS
        cancelled = None
        step = open_step(prospect_id)
        if status is not ProspectStatus.ACTIVE and step is not None:
            change |= close_step(step.id, NextStepStatus.CANCELLED)
            cancelled = step.id
        change |= restore_placement(
            prospect_id, Placement(_stage_for(status, prospect.stage), status)
        )
        Prospect.update(
            lost_reason=lost_reason,
            dormant_until=dormant_until if status is ProspectStatus.DORMANT else None,
        ).where(Prospect.id == prospect_id).execute()
        if lost_reason:
            # On the timeline for whoever reads it later, and kept in the list Lost offers.
            record_event(prospect_id, EventKind.LOST_REASON, lost_reason)
            settings.put("lost_reasons", with_reason(lost_reasons(), lost_reason))
            change |= Change.SETTINGS
    return StatusSnapshot(
        before.placement, before.lost_reason, before.dormant_until, cancelled
    ), change


def let_go(
    prospect_id: int, message: str, revisit_on: date, sent_at: datetime
) -> tuple[StatusSnapshot, Change]:
    """The respectful break-up: the message is logged as a touch, then dormant until revisit."""
    with database.atomic():
        if Prospect.get_by_id(prospect_id).status == ProspectStatus.DO_NOT_CONTACT.value:
            raise StatusError("This prospect asked not to be contacted.")
        touch = log_touch(
            prospect_id, TouchInput(Channel.EMAIL, sent_at, outcome=Outcome.SENT, note=message)
        )
        snapshot, change = set_status(prospect_id, ProspectStatus.DORMANT, dormant_until=revisit_on)
    return (
        StatusSnapshot(
            snapshot.placement,
            snapshot.lost_reason,
            snapshot.dormant_until,
            snapshot.cancelled_step,
            touch.id,
        ),
        change | touch.change,
    )


def lost_reasons() -> list[str]:
    """The reasons Lost offers, in the seller's order."""
    return [clean_reason(r) for r in settings.get("lost_reasons") if clean_reason(r)]


def save_lost_reasons(reasons: list[str]) -> Change:
    """Replace the list (edited by the seller); blank lines are dropped, repeats kept once."""
    kept: list[str] = []
    for reason in reasons:
        if not clean_reason(reason):
            continue
        problems = lost_reason_problems(reason)
        if problems:
            raise StatusError(" ".join(problems))
        kept = with_reason(kept, reason)
    return settings.put("lost_reasons", kept)


@dataclass(frozen=True)
class LetGoCheck:
    """Before the break-up: how many touches there were, and the question if it is early."""

    touches: int
    question: str | None  # None: enough persistence, let go without asking


def let_go_check(prospect_id: int) -> LetGoCheck:
    prospect = Prospect.get_by_id(prospect_id)
    touches = prospect.touch_count
    if not let_go_needs_confirming(touches):
        return LetGoCheck(touches, None)
    name = display_name(prospect.first_name, prospect.last_name, prospect.company)
    return LetGoCheck(touches, let_go_question(name, touches))


def win_to_celebrate(prospect_id: int) -> str | None:
    """The cheer for a persistent win still standing, unless it was already shown."""
    prospect = Prospect.get_by_id(prospect_id)
    if (
        prospect.status != ProspectStatus.WON.value
        or not is_persistent_win(prospect.touch_count)
        or prospect_id in settings.get("wins_celebrated")
    ):
        return None
    marked = (
        ProspectEvent.select()
        .where(
            ProspectEvent.prospect == prospect_id,
            ProspectEvent.kind == EventKind.PERSISTENT_WIN.value,
        )
        .exists()
    )
    if not marked:
        return None
    name = display_name(prospect.first_name, prospect.last_name, prospect.company)
    return celebration(name, prospect.touch_count)


def celebrated(prospect_id: int) -> Change:
    """The cheer was shown: it does not come back for this prospect."""
    shown = list(settings.get("wins_celebrated"))
    if prospect_id not in shown:
        shown.append(prospect_id)
    return settings.put("wins_celebrated", shown)
