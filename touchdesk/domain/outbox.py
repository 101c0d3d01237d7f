"""The outbox's rules: when a queued email is due, when it was missed, how long a failed one
waits before the next try, and the slot an email is sent at in the prospect's day."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from touchdesk.domain.timing import SlotRule, slots

# The app checks the outbox every minute and a timer may start a little late: an email this
# late is still sent. Later than this, nothing was running at its minute, and the seller is
# asked (send now, or the next slot) instead of the prospect getting 08:30's email at noon.
MISSED_AFTER = timedelta(minutes=5)
# A failed send is tried again after 1, 2, 4 … minutes, at most an hour apart, this many times.
MAX_ATTEMPTS = 8
LONGEST_WAIT = timedelta(hours=1)


class OutboxStatus(StrEnum):
    QUEUED = "queued"  # waiting for its minute (or for the next try after a failure)
    SENT = "sent"
    FAILED = "failed"  # the server said no; the answer is kept, retried when it may help
    MISSED = "missed"  # its minute passed while nothing ran: the seller decides
    # Handed to the server now; a row left so by a stopped program is not sent again blindly.
    SENDING = "sending"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def is_due(send_at: datetime | None, now: datetime) -> bool:
    """Its minute has come: `send_at` None means as soon as possible."""
    return send_at is None or send_at <= now


def is_missed(send_at: datetime | None, now: datetime) -> bool:
    """Its minute passed more than MISSED_AFTER ago (an email for 'now' is never missed)."""
    return send_at is not None and now - send_at > MISSED_AFTER


def retry_wait(attempts: int) -> timedelta:
    """How long a send that failed `attempts` times waits before the next try."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def may_retry(attempts: int, permanent: bool) -> bool:
    """A refused recipient stays refused; a dropped line or a full server may pass."""
    return not permanent and attempts < MAX_ATTEMPTS


def email_slot(after: datetime, zone: tzinfo, country: str) -> datetime | None:
    """The first 08:30 or 13:00 of the prospect's working days after `after`, in their zone.

    The seller's own hours do not narrow it: the app sends while the seller sleeps."""
    return next((slot.at for slot in slots(after, SlotRule.EMAIL, zone, country)), None)


def reply_subject(subject: str) -> str:
    """'Re: ' once before the subject, as mail clients thread a reply."""
    bare = subject.strip()
    while bare[:3].lower() == "re:":
        bare = bare[3:].strip()
    return f"Re: {bare}" if bare else ""
