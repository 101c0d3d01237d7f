"""A prospect's card on the board: what it shows and how loudly it is marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import IntEnum
from functools import cached_property

from touchdesk.domain.names import display_name
from touchdesk.domain.vocabulary import Channel, ProspectStatus


class Urgency(IntEnum):
    """Higher is louder; the board sorts and colours cards by it."""

    SCHEDULED = 0
    DUE_TODAY = 1
    OVERDUE = 2
    NO_NEXT_STEP = 3  # a defect in the seller's process: the loudest mark
    INACTIVE = -1  # won, lost, dormant, do not contact: nothing is expected


@dataclass(frozen=True)
class Card:
    prospect_id: int
    first_name: str
    last_name: str
    company: str
    stage_id: int
    status: ProspectStatus
    touch_count: int
    attempts: int
    last_touch_at: datetime | None
    time_zone: str
    next_step_id: int | None
    next_due_at: datetime | None
    next_channel: Channel | None
    next_purpose: str
    email: str
    phone: str
    tags: tuple[str, ...]

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    @cached_property
    def search_text(self) -> str:
        """Everything the filter box matches, lowercased once per card."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        parts = (self.name, self.company, self.email, self.phone, digits, *self.tags)
        return "\n".join(parts).casefold()


def urgency(card: Card, now: datetime, seller_zone: tzinfo) -> Urgency:
    if card.status is not ProspectStatus.ACTIVE:
        return Urgency.INACTIVE
    if card.next_due_at is None:
        return Urgency.NO_NEXT_STEP
    if card.next_due_at < now:
        return Urgency.OVERDUE
    end_of_today = datetime.combine(
        now.astimezone(seller_zone).date() + timedelta(days=1), datetime.min.time(), seller_zone
    )
    if card.next_due_at < end_of_today:
        return Urgency.DUE_TODAY
    return Urgency.SCHEDULED


def next_step_line(card: Card, seller_zone: tzinfo) -> str:
    """'Tue 08:30 · call · #3': when, how, and which attempt the step will be."""
    if card.next_due_at is None or card.next_channel is None:
        return "No next step"
    when = card.next_due_at.astimezone(seller_zone).strftime("%a %d %b %H:%M")
    parts = [when, card.next_channel.label.lower()]
    parts.append(f"#{card.attempts + 1}")
    return " · ".join(parts)


def staleness(last_touch_at: datetime | None, now: datetime) -> str:
    """How long since the last touch, in the coarsest unit that reads well."""
    if last_touch_at is None:
        return "never touched"
    days = (now - last_touch_at).days
    if days <= 0:
        return "touched today"
    if days < 14:
        return f"{days}d since last touch"
    if days < 60:
        return f"{days // 7}w since last touch"
    return f"{days // 30}mo since last touch"


def matches(card: Card, needle: str) -> bool:
    """The filter: every word typed must appear somewhere in the card's text."""
    text = card.search_text
    return all(word in text for word in needle.casefold().split())
