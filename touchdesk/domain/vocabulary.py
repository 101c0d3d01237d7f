"""The fixed words of the product: channels, outcomes, statuses and kinds."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property


class Labelled(StrEnum):
    """A stored code with a human label; the code never changes, the label may.

    Each member's label is worked out once and kept on the member: a timeline's lines read
    three labels each, and a list repaints them all."""

    @cached_property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Channel(Labelled):
    CALL = "call"
    VOICEMAIL = "voicemail"
    SMS = "sms"
    EMAIL = "email"
    MEETING = "meeting"
    VIDEO_CALL = "video_call"
    VISIT = "visit"
    SOCIAL = "social"
    NOTE = "note"
    CARD = "card"
    LETTER = "letter"
    GIFT = "gift"

    @cached_property
    def label(self) -> str:
        return _CHANNEL_LABELS.get(self, super().label)

    @property
    def is_mail(self) -> bool:
        """Channels that go through the mail desk (written, printed, posted)."""
        return self in (Channel.NOTE, Channel.CARD, Channel.LETTER, Channel.GIFT)


_CHANNEL_LABELS = {
    Channel.SMS: "SMS",
    Channel.SOCIAL: "Social message",
    Channel.NOTE: "Handwritten note",
}


class Direction(Labelled):
    OUT = "out"
    IN = "in"

    @cached_property
    def label(self) -> str:
        return "Outbound" if self is Direction.OUT else "Inbound"


class Outcome(Labelled):
    NONE = "none"
    NO_ANSWER = "no_answer"
    LEFT_VOICEMAIL = "left_voicemail"
    SENT = "sent"
    REPLIED = "replied"
    TALKED = "talked"
    MEETING_BOOKED = "meeting_booked"
    MET = "met"
    NOT_INTERESTED = "not_interested"

    @cached_property
    def label(self) -> str:
        return "—" if self is Outcome.NONE else super().label

    @property
    def reaches(self) -> bool:
        """True when the prospect was actually reached: trying is not reaching."""
        return self in _REACHING


_REACHING = frozenset(
    {Outcome.REPLIED, Outcome.TALKED, Outcome.MEETING_BOOKED, Outcome.MET, Outcome.NOT_INTERESTED}
)


class ProspectStatus(Labelled):
    ACTIVE = "active"
    WON = "won"
    LOST = "lost"
    DORMANT = "dormant"
    DO_NOT_CONTACT = "do_not_contact"

    @cached_property
    def label(self) -> str:
        return "Do not contact" if self is ProspectStatus.DO_NOT_CONTACT else super().label


class StageOutcome(Labelled):
    """A stage is either part of the pipeline or one of its two ends."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class NextStepStatus(Labelled):
    OPEN = "open"
    DONE = "done"
    REPLACED = "replaced"
    CANCELLED = "cancelled"


class MailKind(Labelled):
    NOTE = "note"
    CARD = "card"
    LETTER = "letter"
    POSTCARD = "postcard"
    GIFT = "gift"

    @cached_property
    def label(self) -> str:
        return "Handwritten note" if self is MailKind.NOTE else super().label


class MailStatus(Labelled):
    QUEUED = "queued"
    WRITTEN = "written"
    MAILED = "mailed"
    CANCELLED = "cancelled"


class EventKind(Labelled):
    """Timeline entries that are not touches: what changed about the prospect."""

    CREATED = "created"
    STAGE_CHANGED = "stage_changed"
    STATUS_CHANGED = "status_changed"
    NEXT_STEP_SET = "next_step_set"
    NEXT_STEP_DONE = "next_step_done"
    NEXT_STEP_CANCELLED = "next_step_cancelled"
    MAIL_QUEUED = "mail_queued"
    NOTE = "note"
    LOST_REASON = "lost_reason"
    PERSISTENT_WIN = "persistent_win"
    CALENDAR = "calendar"  # what the seller's calendar or address book sync did or found
