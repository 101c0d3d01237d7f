"""Setting, rescheduling and closing a prospect's one open next step."""

from __future__ import annotations

from datetime import datetime

from touchdesk.domain.names import display_name
from touchdesk.domain.next_steps import (
    FollowUpFacts,
    NextStepInfo,
    NextStepInput,
    new_calendar_uid,
)
from touchdesk.domain.vocabulary import Channel, EventKind, NextStepStatus, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import NextStep, Prospect, ProspectEvent


class NextStepError(ValueError):
    """A next step that cannot be saved; the message is for the seller."""


def _info(row: NextStep) -> NextStepInfo:
    return NextStepInfo(
        id=row.id,
        prospect_id=row.prospect_id,
        due_at=row.due_at,
        channel=Channel(row.channel),
        purpose=row.purpose,
        duration_minutes=row.duration_minutes,
        location=row.location,
        uid=row.uid,
        sequence=row.sequence,
        status=NextStepStatus(row.status),
    )


def _record(prospect_id: int, kind: EventKind, detail: str) -> None:
    ProspectEvent.create(
        prospect=prospect_id, kind=kind.value, occurred_at=utc_now(), detail=detail
    )


def open_step(prospect_id: int) -> NextStepInfo | None:
    row = NextStep.get_or_none(
        NextStep.prospect == prospect_id, NextStep.status == NextStepStatus.OPEN.value
    )
    return _info(row) if row else None


def get_step(step_id: int) -> NextStepInfo:
    return _info(NextStep.get_by_id(step_id))


def set_next_step(
    prospect_id: int, step: NextStepInput, plan_run_id: int | None = None
) -> tuple[int, Change]:
    """Make `step` the prospect's one open next step; an open one is marked replaced."""
    problems = step.problems()
    if problems:
        raise NextStepError(" ".join(problems))
    now = utc_now()
    with database.atomic():
        if Prospect.get_by_id(prospect_id).status == ProspectStatus.DO_NOT_CONTACT.value:
            raise NextStepError("This prospect asked not to be contacted: no next steps.")
        NextStep.update(status=NextStepStatus.REPLACED.value, updated_at=now, closed_at=now).where(
            NextStep.prospect == prospect_id, NextStep.status == NextStepStatus.OPEN.value
        ).execute()
        row = NextStep.create(
            prospect=prospect_id,
            due_at=step.due_at,
            duration_minutes=step.duration_minutes,
            channel=step.channel.value,
            purpose=step.purpose.strip(),
            location=step.location,
            uid=new_calendar_uid(),
            sequence=0,
            status=NextStepStatus.OPEN.value,
            created_at=now,
            updated_at=now,
            plan_run=plan_run_id,
        )
        _record(prospect_id, EventKind.NEXT_STEP_SET, _describe(step.channel, step.purpose))
    return row.id, Change.NEXT_STEPS


def reschedule(step_id: int, due_at: datetime) -> Change:
    """Move an open step in time; the calendar identity stays and its sequence goes up."""
    if due_at.tzinfo is None:
        raise NextStepError("The time needs a time zone.")
    with database.atomic():
        row = NextStep.get_by_id(step_id)
        if row.status != NextStepStatus.OPEN.value:
            raise NextStepError("Only an open next step can be rescheduled.")
        if row.due_at == due_at.replace(microsecond=0):
            return Change.NOTHING
        NextStep.update(due_at=due_at, sequence=NextStep.sequence + 1, updated_at=utc_now()).where(
            NextStep.id == step_id
        ).execute()
        _record(
            row.prospect_id,
            EventKind.NEXT_STEP_SET,
            f"Rescheduled: {_describe(Channel(row.channel), row.purpose)}",
        )
    return Change.NEXT_STEPS


def close_step(step_id: int, status: NextStepStatus = NextStepStatus.DONE) -> Change:
    """Mark an open step done or cancelled; the sequence goes up for the calendar."""
    if status not in (NextStepStatus.DONE, NextStepStatus.CANCELLED):
        raise NextStepError("A step is closed as done or cancelled.")
    now = utc_now()
    with database.atomic():
        row = NextStep.get_by_id(step_id)
        if row.status != NextStepStatus.OPEN.value:
            return Change.NOTHING
        NextStep.update(
            status=status.value, sequence=NextStep.sequence + 1, updated_at=now, closed_at=now
        ).where(NextStep.id == step_id).execute()
        kind = (
            EventKind.NEXT_STEP_DONE
            if status is NextStepStatus.DONE
            else EventKind.NEXT_STEP_CANCELLED
        )
        _record(row.prospect_id, kind, _describe(Channel(row.channel), row.purpose))
    return Change.NEXT_STEPS


def _describe(channel: Channel, purpose: str) -> str:
    return f"{channel.label}: {purpose}" if purpose else channel.label


def follow_up_facts(prospect_id: int) -> FollowUpFacts:
    row = Prospect.get_by_id(prospect_id)
    return FollowUpFacts(
        prospect_id=row.id,
        name=display_name(row.first_name, row.last_name, row.company),
        first_name=row.first_name,
        time_zone=row.time_zone,
        country_code=row.country_code,
        attempts=row.attempts,
        status=row.status,
    )
