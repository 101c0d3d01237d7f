"""A next step with what its invite needs from its prospect, read from the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.names import display_name
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.domain.wording import clean_title, default_title
from touchdesk.services.contact_points import first_contact
from touchdesk.store.models import NextStep, Prospect


class InviteError(ValueError):
    """No calendar file can be made; the message is for the seller."""


@dataclass(frozen=True)
class InviteStep:
    """A next step with what its invite needs from its prospect."""

    id: int
    uid: str
    sequence: int
    status: NextStepStatus
    due_at: datetime
    closed_at: datetime | None
    duration_minutes: int
    channel: Channel
    purpose: str
    location: str
    prospect_id: int
    first_name: str
    last_name: str
    company: str
    country_code: str
    time_zone: str
    prospect_status: ProspectStatus
    in_trash: bool
    email: str
    phone: str
    invite_title: str = ""  # the seller's title for the invite; "" is the channel's own

    @property
    def title(self) -> str:
        """'Call', or what the seller wrote: the invite's title as the prospect reads it."""
        return clean_title(self.invite_title) or default_title(self.channel)

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    def withdrawn(self) -> bool:
        """Cancelled, or replaced before it was due (re-planned rather than done)."""
        if self.status is NextStepStatus.CANCELLED:
            return True
        return (
            self.status is NextStepStatus.REPLACED
            and self.closed_at is not None
            and self.closed_at < self.due_at
        )

    def calendar_sequence(self) -> int:
        # Replacing a step does not bump its stored sequence, yet calendars that already hold
        # it must see the withdrawal as newer than what they were given.
        if self.status is NextStepStatus.REPLACED and self.withdrawn():
            return self.sequence + 1
        return self.sequence


def step_query():
    """Every step with its prospect's columns, soonest first; callers add their filters."""
    return (
        NextStep.select(
            NextStep.id,
            NextStep.uid,
            NextStep.sequence,
            NextStep.status,
            NextStep.due_at,
            NextStep.closed_at,
            NextStep.duration_minutes,
            NextStep.channel,
            NextStep.purpose,
            NextStep.location,
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.country_code,
            Prospect.time_zone,
            Prospect.status,
            Prospect.deleted_at,
            first_contact("email"),
            first_contact("phone"),
            NextStep.invite_title,
        )
        .join(Prospect, on=(NextStep.prospect == Prospect.id))
        .order_by(NextStep.due_at, NextStep.id)
    )


def load_steps(query) -> list[InviteStep]:
    return [
        InviteStep(
            id=row[0],
            uid=row[1],
            sequence=row[2],
            status=NextStepStatus(row[3]),
            due_at=row[4],
            closed_at=row[5],
            duration_minutes=row[6],
            channel=Channel(row[7]),
            purpose=row[8],
            location=row[9],
            prospect_id=row[10],
            first_name=row[11],
            last_name=row[12],
            company=row[13],
            country_code=row[14],
            time_zone=row[15],
            prospect_status=ProspectStatus(row[16]),
            in_trash=row[17] is not None,
            email=(row[18] or "").strip(),
            phone=(row[19] or "").strip(),
            invite_title=row[20] or "",
        )
        for row in query.tuples()
    ]


def load_step(step_id: int) -> InviteStep:
    found = load_steps(step_query().where(NextStep.id == step_id))
    if not found:
        raise InviteError("This next step no longer exists.")
    return found[0]
