"""The emails of a chase already sent to a prospect: what the next email quotes and threads
under. The outbox's sent emails, and the emails the seller logged by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.outbox import OutboxStatus
from touchdesk.domain.vocabulary import Channel, Direction
from touchdesk.store.models import OutboxEmail, Touch


@dataclass(frozen=True)
class ChaseEmail:
    sent_at: datetime
    text: str  # the words of that email alone, without what it quoted
    subject: str = ""
    message_id: str = ""  # '' for an email logged by hand (sent from another program)
    references: tuple[str, ...] = ()


def earlier_emails(prospect_id: int, since: datetime | None, limit: int = 50) -> list[ChaseEmail]:
    """Emails sent to the prospect since `since` (the plan run's start, or their last answer),
    newest first. An outbox email is taken from the outbox (its own words and Message-ID), not
    from the touch it logged."""
    sent = OutboxEmail.select().where(
        OutboxEmail.prospect == prospect_id, OutboxEmail.status == OutboxStatus.SENT.value
    )
    logged = Touch.select(Touch.id, Touch.occurred_at, Touch.note).where(
        Touch.prospect == prospect_id,
        Touch.deleted_at.is_null(),
        Touch.channel == Channel.EMAIL.value,
        Touch.direction == Direction.OUT.value,
    )
    if since is not None:
        sent = sent.where(OutboxEmail.sent_at >= since)
        logged = logged.where(Touch.occurred_at >= since)
    emails = [
        ChaseEmail(
            row.sent_at,
            row.message,
            row.subject,
            row.message_id,
            tuple(row.reference_ids.split()),
        )
        for row in sent
    ]
    from_outbox = {row.touch_id for row in sent if row.touch_id is not None}
    emails += [ChaseEmail(t.occurred_at, t.note) for t in logged if t.id not in from_outbox]
    emails.sort(key=lambda email: email.sent_at, reverse=True)
    return emails[:limit]


def thread_of(earlier: list[ChaseEmail]) -> tuple[str, tuple[str, ...]]:
    """In-Reply-To and References for the next email: under the newest one with a Message-ID."""
    parent = next((email for email in earlier if email.message_id), None)
    if parent is None:
        return "", ()
    return parent.message_id, (*parent.references, parent.message_id)
