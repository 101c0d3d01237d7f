"""The outbox as the seller sees it: queue a draft for now or for a minute, list what waits,
and answer for a missed or failed email (send now, the next slot, try again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.utils import getaddresses, make_msgid

from touchdesk.domain.outbox import OutboxStatus
from touchdesk.domain.prospects import name_with_company
from touchdesk.services import settings
from touchdesk.services.accounts import load_mail_account
from touchdesk.services.changes import Change
from touchdesk.services.outbox.compose import Draft, suggested_slot
from touchdesk.store.db import database
from touchdesk.store.models import OutboxEmail, Prospect

WAITING = (OutboxStatus.QUEUED, OutboxStatus.FAILED, OutboxStatus.MISSED, OutboxStatus.SENDING)


class OutboxError(ValueError):
    """An email that cannot be queued or changed, said so the seller can fix it."""


@dataclass(frozen=True)
class OutboxItem:
    id: int
    prospect_id: int
    name: str
    to: str
    subject: str
    send_at: datetime | None
    status: OutboxStatus
    last_answer: str
    attempts: int
    next_try_at: datetime | None
    sent_at: datetime | None
    message_id: str
    sent_copy: str


def item(row: OutboxEmail, prospect: Prospect | None = None) -> OutboxItem:
    prospect = prospect or row.prospect
    return OutboxItem(
        row.id,
        row.prospect_id,
        name_with_company(prospect.first_name, prospect.last_name, prospect.company),
        row.to_address,
        row.subject,
        row.send_at,
        OutboxStatus(row.status),
        row.last_answer,
        row.attempts,
        row.next_try_at,
        row.sent_at,
        row.message_id,
        row.sent_copy,
    )


def addresses(text: str, what: str) -> list[str]:
    """The addresses of a To or Cc line ('a@x, Ana <b@y>'); each must have a name@domain."""
    found = [address for _name, address in getaddresses([text]) if address]
    for address in found:
        local, _, domain = address.rpartition("@")
        if not local or "." not in domain:
            raise OutboxError(f"{what}: {address!r} is not an email address.")
    return found


def sender_address() -> str:
    """The From: the seller's email in the settings, else the mailbox's user name."""
    profile = settings.load_profile()
    account = load_mail_account()
    email = profile.seller_email or (account.user if account is not None else "")
    if "@" not in email:
        raise OutboxError(
            "Your email address is not set: put it in Settings (or connect your mailbox with "
            "your address as the user name)."
        )
    return str(Address(display_name=profile.seller_name, addr_spec=email))


def queue(draft: Draft, send_at: datetime | None = None, now: datetime | None = None) -> int:
    """Keep the draft in the outbox to be sent at `send_at` (None: at once). Its Message-ID is
    made now, so every try and the Sent folder's copy are the same email."""
    now = now or datetime.now(UTC)
    if not addresses(draft.to, "To"):
        raise OutboxError(f"{draft.name} has no email address: type one in To.")
    addresses(draft.cc, "Cc")
    if not draft.subject.strip():
        raise OutboxError("The email has no subject.")
    if send_at is not None and send_at.tzinfo is None:
        raise OutboxError("The time to send needs a time zone.")
    domain = sender_address().rpartition("@")[2].rstrip(">")
    with database.atomic():
        row = OutboxEmail.create(
            prospect=draft.prospect_id,
            step=draft.step_id,
            to_address=draft.to.strip(),
            cc=draft.cc.strip(),
            subject=draft.subject.strip(),
            body=draft.body,
            message=draft.message.rstrip(),
            message_id=make_msgid(domain=domain),
            in_reply_to=draft.in_reply_to,
            reference_ids=" ".join(draft.references),
            send_at=send_at,
            created_at=now,
        )
    return row.id


def waiting(prospect_id: int | None = None) -> list[OutboxItem]:
    """Queued, failed, missed and half-sent emails, the soonest first."""
    query = (
        OutboxEmail.select(OutboxEmail, Prospect)
        .join(Prospect)
        .where(OutboxEmail.status.in_([status.value for status in WAITING]))
    )
    if prospect_id is not None:
        query = query.where(OutboxEmail.prospect == prospect_id)
    rows = [item(row, row.prospect) for row in query]
    far = datetime.min.replace(tzinfo=UTC)
    return sorted(rows, key=lambda i: (i.send_at or i.next_try_at or far, i.id))


def missed() -> list[OutboxItem]:
    return [i for i in waiting() if i.status is OutboxStatus.MISSED]


def get(outbox_id: int) -> OutboxItem:
    row = OutboxEmail.get_or_none(OutboxEmail.id == outbox_id)
    if row is None:
        raise OutboxError(f"There is no email number {outbox_id} in the outbox.")
    return item(row)


def _requeue(outbox_id: int, send_at: datetime | None, allowed: tuple[OutboxStatus, ...]) -> Change:
    with database.atomic():
        current = get(outbox_id)
        if current.status not in allowed:
            raise OutboxError(f"Email {outbox_id} is {current.status.value}: nothing to do.")
        OutboxEmail.update(
            status=OutboxStatus.QUEUED.value, send_at=send_at, next_try_at=None
        ).where(OutboxEmail.id == outbox_id).execute()
    return Change.MAIL


def send_now(outbox_id: int) -> Change:
    """The seller's answer for a missed or failed email: send it at the next check."""
    return _requeue(outbox_id, None, (OutboxStatus.MISSED, OutboxStatus.FAILED))


def send_at_next_slot(outbox_id: int, now: datetime | None = None) -> datetime:
    """The other answer: move it to the next 08:30 or 13:00 of the prospect's day."""
    slot = suggested_slot(get(outbox_id).prospect_id, now)
    if slot is None:
        raise OutboxError("No working day of the prospect's in the next weeks: give a time.")
    _requeue(outbox_id, slot, (OutboxStatus.MISSED, OutboxStatus.FAILED))
    return slot


def cancel(outbox_id: int) -> Change:
    """Take a waiting email out of the outbox; a sent one stays as the record of it."""
    with database.atomic():
        if get(outbox_id).status is OutboxStatus.SENT:
            raise OutboxError(f"Email {outbox_id} was already sent.")
        OutboxEmail.delete().where(OutboxEmail.id == outbox_id).execute()
    return Change.MAIL
