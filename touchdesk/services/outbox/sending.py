"""Sending what is due: each email whose minute came goes out once; one whose minute passed
while nothing ran is marked missed for the seller to decide; a failure keeps the server's
answer and waits before the next try."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from touchdesk.domain.outbox import (
    OutboxStatus,
    is_due,
    is_missed,
    may_retry,
    retry_wait,
)
from touchdesk.services.accounts import MailAccount, load_mail_account
from touchdesk.services.changes import Change
from touchdesk.services.outbox.queue import OutboxError, OutboxItem, item, sender_address
from touchdesk.services.outbox.record import log_sent_email
from touchdesk.services.outbox.sent_folder import append_sent
from touchdesk.services.outbox.transport import SendFailed, deliver
from touchdesk.services.secrets import SecretUnavailable, resolve_secret
from touchdesk.store.db import database
from touchdesk.store.models import OutboxEmail

MISSED_ANSWER = "Its minute passed while nothing was running: send it now, or at the next slot?"
log = logging.getLogger(__name__)

# A row left 'sending' longer than this belongs to a program that stopped mid-send.
SENDING_LEASE = timedelta(minutes=10)
STOPPED_MID_SEND = (
    "TouchDesk stopped while handing this email to the server: look in your Sent folder "
    "before sending it again."
)


@dataclass
class SendReport:
    sent: list[OutboxItem] = field(default_factory=list)
    failed: list[OutboxItem] = field(default_factory=list)
    missed: list[OutboxItem] = field(default_factory=list)
    problem: str = ""  # why nothing could be tried (no mailbox connected)
    change: Change = Change.NOTHING


def build_message(row: OutboxEmail, sender: str, sent_at: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    if row.cc:
        message["Cc"] = row.cc
    message["Subject"] = row.subject
    message["Date"] = format_datetime(sent_at.astimezone(UTC))
    message["Message-ID"] = row.message_id
    if row.in_reply_to:
        message["In-Reply-To"] = row.in_reply_to
    if row.reference_ids:
        message["References"] = row.reference_ids
    message.set_content(row.body)
    return message


def claim_due(now: datetime, only: int | None) -> tuple[list[int], list[OutboxItem], Change]:
    """Claims the due rows for this sender (status 'sending'), marks the missed ones, and
    releases rows a stopped sender left behind. One transaction: a second sender running at
    the same minute (the timer and the app) finds them claimed."""
    claimed, missed, change = [], [], Change.NOTHING
    with database.atomic():
        query = OutboxEmail.select().where(
            OutboxEmail.status.in_(
                [OutboxStatus.QUEUED.value, OutboxStatus.FAILED.value, OutboxStatus.SENDING.value]
            )
        )
        if only is not None:
            query = query.where(OutboxEmail.id == only)
        for row in query:
            status = OutboxStatus(row.status)
            if status is OutboxStatus.SENDING:
                if row.next_try_at is not None and row.next_try_at < now:
                    # Never retried by itself: the server may have taken it already.
                    _update(
                        row.id,
                        status=OutboxStatus.FAILED.value,
                        last_answer=STOPPED_MID_SEND,
                        next_try_at=None,
                    )
                    change |= Change.MAIL
                continue
            if status is OutboxStatus.FAILED:
                if row.next_try_at is None or row.next_try_at > now:
                    continue
            elif not is_due(row.send_at, now):
                continue
            elif is_missed(row.send_at, now):
                _update(
                    row.id,
                    status=OutboxStatus.MISSED.value,
                    last_answer=MISSED_ANSWER,
                )
                missed.append(item(OutboxEmail.get_by_id(row.id)))
                change |= Change.MAIL
                continue
            # The lease: how long this sender may hold it before it counts as stopped.
            _update(row.id, status=OutboxStatus.SENDING.value, next_try_at=now + SENDING_LEASE)
            claimed.append(row.id)
    return claimed, missed, change


def _update(outbox_id: int, **values) -> None:
    OutboxEmail.update(**values).where(OutboxEmail.id == outbox_id).execute()


def send_due(
    now: datetime | None = None,
    ask: Callable[[], str | None] | None = None,
    only: int | None = None,
    account: MailAccount | None = None,
) -> SendReport:
    """Send every email whose minute came by `now` (or only `only`). Missed ones are marked
    and reported, never sent; failures keep the server's answer and get a next try."""
    now = now or datetime.now(UTC)
    report = SendReport()
    account = account or load_mail_account()
    if account is None:
        report.problem = "No mailbox is connected: touchdesk-cli mail connect … (or Settings)."
        return report
    claimed, report.missed, report.change = claim_due(now, only)
    if not claimed:
        return report
    try:
        secret = resolve_secret(account.secret, account.keyring_account, ask)
        sender = sender_address()
    except (SecretUnavailable, OutboxError) as error:
        for outbox_id in claimed:
            report.failed.append(_failed(outbox_id, str(error), True, now))
        report.change |= Change.MAIL
        return report
    for outbox_id in claimed:
        row = OutboxEmail.get_by_id(outbox_id)
        message = build_message(row, sender, now)
        try:
            answer = deliver(account, message, secret)
        except SendFailed as failure:
            report.failed.append(_failed(outbox_id, failure.answer, failure.permanent, now))
            report.change |= Change.MAIL
            continue
        # Sent is recorded first and alone: whatever happens next, it is never sent twice.
        _update(
            outbox_id,
            status=OutboxStatus.SENT.value,
            sent_at=now,
            last_answer=answer,
            attempts=row.attempts + 1,
            next_try_at=None,
        )
        try:
            logged = log_sent_email(outbox_id, now)
        except Exception:  # the touch can be logged by hand; the email is out either way
            log.exception("the sent email %s could not be logged as a touch", outbox_id)
            logged = None
        if logged is not None:
            report.change |= logged[1]
        copy = append_sent(account, secret, message.as_bytes(), now)
        _update(outbox_id, sent_copy=copy)
        report.sent.append(item(OutboxEmail.get_by_id(outbox_id)))
        report.change |= Change.MAIL | Change.TOUCHES
    return report


def _failed(outbox_id: int, answer: str, permanent: bool, now: datetime) -> OutboxItem:
    with database.atomic():
        row = OutboxEmail.get_by_id(outbox_id)
        attempts = row.attempts + 1
        retry = may_retry(attempts, permanent)
        _update(
            outbox_id,
            status=OutboxStatus.FAILED.value,
            attempts=attempts,
            last_answer=answer,
            next_try_at=now + retry_wait(attempts) if retry else None,
        )
    return item(OutboxEmail.get_by_id(outbox_id))
