"""Logging touches, with the prospect's attempt count kept in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.attempts import TouchFacts, attempts_after, next_attempt
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.changes import Change
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import Prospect, Touch


@dataclass(frozen=True)
class TouchInput:
    channel: Channel
    occurred_at: datetime  # aware
    direction: Direction = Direction.OUT
    outcome: Outcome = Outcome.NONE
    note: str = ""


@dataclass(frozen=True)
class LoggedTouch:
    id: int
    attempt: int | None
    change: Change


def log_touch(prospect_id: int, touch: TouchInput) -> LoggedTouch:
    """Write one touch and update the prospect's counters; all or nothing."""
    facts = TouchFacts(touch.direction, touch.outcome)
    with database.atomic():
        prospect = Prospect.get_by_id(prospect_id)
        attempt = next_attempt(prospect.attempts, facts)
        row = Touch.create(
            prospect=prospect_id,
            channel=touch.channel.value,
            direction=touch.direction.value,
            outcome=touch.outcome.value,
            occurred_at=touch.occurred_at,
            attempt=attempt,
            note=touch.note,
            created_at=utc_now(),
        )
        updates = {
            Prospect.touch_count: Prospect.touch_count + 1,
            Prospect.attempts: attempts_after(prospect.attempts, facts),
            Prospect.updated_at: utc_now(),
        }
        if prospect.last_touch_at is None or touch.occurred_at >= prospect.last_touch_at:
            updates[Prospect.last_touch_at] = touch.occurred_at
        if attempt is None:
            updates[Prospect.last_reached_at] = touch.occurred_at
        Prospect.update(updates).where(Prospect.id == prospect_id).execute()
    return LoggedTouch(row.id, attempt, Change.TOUCHES | Change.PROSPECTS)
