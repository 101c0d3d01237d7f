"""The touch an email sent from the outbox leaves: one function, so the mailbox's own sync
can recognise the email by its Message-ID and never log it a second time."""

from __future__ import annotations

from datetime import UTC, datetime

from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome
from touchdesk.services.changes import Change
from touchdesk.services.follow_up import Consequences, PlanEffect, record_touch, set_step
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, OutboxEmail, StoredEmail


def _step_it_does(row: OutboxEmail) -> int | None:
    """The open email step this email does: the one it was written for, else the prospect's
    open step when that is an email (it matches)."""
    candidates = NextStep.select().where(
        NextStep.prospect == row.prospect_id,
        NextStep.status == NextStepStatus.OPEN.value,
        NextStep.channel == Channel.EMAIL.value,
    )
    if row.step_id is not None:
        candidates = candidates.where(NextStep.id == row.step_id)
    step = candidates.first()
    return step.id if step is not None else None


def log_sent_email(
    outbox_id: int, sent_at: datetime | None = None
) -> tuple[Consequences, Change] | None:
    """Log the outbox email `outbox_id` as an outbound email touch (an attempt) through the
    follow-up cycle: the step it does is marked done, and a plan it belongs to moves to its
    following step. None when it was already logged (the touch is kept on the row)."""
    sent_at = sent_at or datetime.now(UTC)
    with database.atomic():
        row = OutboxEmail.get_by_id(outbox_id)
        if row.touch_id is not None:
            return None
        synced = StoredEmail.get_or_none(
            (StoredEmail.message_id == row.message_id) & (StoredEmail.prospect == row.prospect_id)
        )
        if synced is not None and synced.touch_id is not None:  # the mailbox sync was first
            OutboxEmail.update(touch=synced.touch_id).where(OutboxEmail.id == outbox_id).execute()
            return None
        touch = TouchInput(
            Channel.EMAIL, sent_at, Direction.OUT, Outcome.SENT, note=row.message or row.body
        )
        consequences = record_touch(row.prospect_id, touch, sent_at, _step_it_does(row))
        OutboxEmail.update(touch=consequences.touch_id).where(OutboxEmail.id == outbox_id).execute()
        change = consequences.change | Change.MAIL
        proposal = consequences.proposal
        if (
            consequences.plan is PlanEffect.PROPOSES
            and proposal is not None
            and proposal.run_id is not None
            and proposal.suggestions
        ):
            # Nobody is there to answer the next-step prompt: the plan's own step is taken.
            change |= set_step(row.prospect_id, proposal.step(0), proposal.run_id).change
    return consequences, change
