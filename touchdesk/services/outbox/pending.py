"""Cheap looks into the outbox, asked at launch and every minute: whether anything waits to
be sent or to be decided. The mail code (composing, SMTP, IMAP) loads only when it does."""

from __future__ import annotations

from touchdesk.domain.outbox import OutboxStatus
from touchdesk.store.models import OutboxEmail


def _any_with(*statuses: OutboxStatus) -> bool:
    return (
        OutboxEmail.select(OutboxEmail.id)
        .where(OutboxEmail.status.in_([status.value for status in statuses]))
        .exists()
    )


def anything_to_send() -> bool:
    """Before starting a sender: is any email queued, to retry, or half-sent?"""
    return _any_with(OutboxStatus.QUEUED, OutboxStatus.FAILED, OutboxStatus.SENDING)


def anything_missed() -> bool:
    """Before asking at launch: did any email's minute pass while nothing was running?"""
    return _any_with(OutboxStatus.MISSED)
