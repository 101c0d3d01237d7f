"""Mail-desk rules: what a task is, how its status moves, what it becomes on the timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from touchdesk.domain.mail_layout import ENVELOPES
from touchdesk.domain.postal import PostalAddress
from touchdesk.domain.vocabulary import Channel, MailKind, MailStatus

# A postcard needs no envelope; its address label is what counts, so it keeps the small size.
DEFAULT_ENVELOPE = {
    MailKind.NOTE: "a2",
    MailKind.CARD: "a7",
    MailKind.LETTER: "us10",
    MailKind.POSTCARD: "a2",
    MailKind.GIFT: "c5",
}

# Which template a new task of each kind starts from.
DEFAULT_TEMPLATE = {
    MailKind.NOTE: "thank_you",
    MailKind.CARD: "seasonal",
    MailKind.POSTCARD: "seasonal",
}

_CHANNEL = {
    MailKind.NOTE: Channel.NOTE,
    MailKind.CARD: Channel.CARD,
    MailKind.POSTCARD: Channel.CARD,
    MailKind.LETTER: Channel.LETTER,
    MailKind.GIFT: Channel.GIFT,
}

_KIND_FOR_CHANNEL = {
    Channel.NOTE: MailKind.NOTE,
    Channel.CARD: MailKind.CARD,
    Channel.LETTER: MailKind.LETTER,
    Channel.GIFT: MailKind.GIFT,
}

# queued → written → mailed, or cancelled before it is mailed; nothing leaves mailed or cancelled
# except through undo.
_NEXT = {
    MailStatus.QUEUED: {MailStatus.WRITTEN, MailStatus.MAILED, MailStatus.CANCELLED},
    MailStatus.WRITTEN: {MailStatus.MAILED, MailStatus.CANCELLED, MailStatus.QUEUED},
    MailStatus.MAILED: set(),
    MailStatus.CANCELLED: set(),
}


def can_move(current: MailStatus, to: MailStatus) -> bool:
    return to in _NEXT[current]


def channel_for(kind: MailKind) -> Channel:
    """The timeline channel a mailed task is logged with."""
    return _CHANNEL[kind]


def kind_for(channel: Channel) -> MailKind | None:
    """The mail kind a next step on a mail channel queues; None for calls, emails and so on."""
    return _KIND_FOR_CHANNEL.get(channel)


@dataclass(frozen=True)
class MailDraft:
    """A task as the seller writes or corrects it; address None means copy the prospect's."""

    kind: MailKind
    occasion: str = ""
    message: str = ""
    envelope: str = ""  # empty: the kind's usual size
    due_on: date | None = None
    address: PostalAddress | None = None

    @property
    def envelope_or_default(self) -> str:
        return self.envelope or DEFAULT_ENVELOPE[self.kind]

    def problems(self) -> list[str]:
        found = []
        if self.envelope_or_default not in ENVELOPES:
            found.append(f"Unknown envelope size “{self.envelope}”.")
        if len(self.message) > 5000:
            found.append("The message is longer than 5,000 characters: too long to write by hand.")
        return found


def touch_note(kind: MailKind, occasion: str, message: str) -> str:
    """What the timeline says about a mailed piece: what it was, why, and what it said."""
    head = f"{kind.label}: {occasion}" if occasion.strip() else kind.label
    return f"{head}\n{message.strip()}" if message.strip() else head


@dataclass(frozen=True)
class MailRow:
    """One task as the mail desk lists it."""

    id: int
    prospect_id: int
    prospect_name: str
    kind: MailKind
    occasion: str
    message: str
    envelope: str
    due_on: date | None
    status: MailStatus
    address: PostalAddress
    created_at: datetime
    written_at: datetime | None = None
    mailed_at: datetime | None = None
    problems: tuple[str, ...] = field(default=())
    first_name: str = ""

    def overdue(self, today: date) -> bool:
        open_ = self.status in (MailStatus.QUEUED, MailStatus.WRITTEN)
        return open_ and self.due_on is not None and self.due_on < today
