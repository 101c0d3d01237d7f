"""The one planned next step of a prospect, as the seller sets it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.vocabulary import Channel, NextStepStatus


@dataclass(frozen=True)
class NextStepInput:
    """A next step as the seller agrees it, before it is checked and saved."""

    due_at: datetime  # aware
    channel: Channel
    purpose: str = ""
    duration_minutes: int = 30
    location: str = ""

    def problems(self) -> list[str]:
        problems = []
        if self.due_at.tzinfo is None:
            problems.append("The time needs a time zone.")
        if not 5 <= self.duration_minutes <= 8 * 60:
            problems.append("A next step lasts between 5 minutes and 8 hours.")
        return problems


@dataclass(frozen=True)
class NextStepInfo:
    """A saved next step, with the uid its calendar invites carry."""

    id: int
    prospect_id: int
    due_at: datetime
    channel: Channel
    purpose: str
    duration_minutes: int
    location: str
    uid: str
    sequence: int
    status: NextStepStatus


def new_calendar_uid() -> str:
    """A calendar identity for the step's whole life, so re-exports update, not duplicate."""
    import uuid  # when a step is made: the launch only reads steps

    return f"{uuid.uuid4()}@touchdesk"


@dataclass(frozen=True)
class FollowUpFacts:
    """What planning a prospect's next step needs to know about them."""

    prospect_id: int
    name: str
    first_name: str
    time_zone: str
    country_code: str
    attempts: int
    status: str
