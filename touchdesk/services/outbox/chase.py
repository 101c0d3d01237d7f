"""The emails of a chase already sent to a prospect: what the next email quotes and threads
under. The outbox's sent emails, the ones the mailbox sync found in the Sent folder (sent from
another program), and the emails the seller logged by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from touchdesk.domain.outbox import OutboxStatus
from touchdesk.domain.vocabulary import Channel, Direction
from touchdesk.store.models import OutboxEmail, StoredEmail, Touch


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
    synced = StoredEmail.select().where(
        StoredEmail.prospect == prospect_id, StoredEmail.direction == Direction.OUT.value
    )
    if since is not None:
        sent = sent.where(OutboxEmail.sent_at >= since)
        logged = logged.where(Touch.occurred_at >= since)
        synced = synced.where(StoredEmail.sent_at >= since)
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
    # Each email once: the outbox's own words first, then the Sent folder's copy, then a touch
    # typed by hand that no stored email stands behind.
    seen_ids = {row.message_id for row in sent}
    emails += [
        ChaseEmail(
            row.sent_at, row.body, row.subject, row.message_id, tuple(row.references.split())
        )
        for row in synced
        if row.message_id not in seen_ids
    ]
    behind = {row.touch_id for row in sent} | {row.touch_id for row in synced}
    emails += [ChaseEmail(t.occurred_at, t.note) for t in logged if t.id not in behind]
    emails.sort(key=lambda email: email.sent_at, reverse=True)
    return emails[:limit]


def thread_of(earlier: list[ChaseEmail]) -> tuple[str, tuple[str, ...]]:
    """In-Reply-To and References for the next email: under the newest one with a Message-ID."""
    parent = next((email for email in earlier if email.message_id), None)
    if parent is None:
        return "", ()
    return parent.message_id, (*parent.references, parent.message_id)
