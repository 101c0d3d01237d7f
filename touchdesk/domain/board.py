"""A prospect's card on the board: what it shows and how loudly it is marked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from enum import IntEnum
from typing import NamedTuple, TypeVar

from touchdesk.domain.date_text import dates
from touchdesk.domain.names import display_name
from touchdesk.domain.vocabulary import Channel, ProspectStatus

T = TypeVar("T")


class Urgency(IntEnum):
    """Higher is louder; the board sorts and colours cards by it."""

    SCHEDULED = 0
    DUE_TODAY = 1
    OVERDUE = 2
    NO_NEXT_STEP = 3  # a defect in the seller's process: the loudest mark
    INACTIVE = -1  # won, lost, dormant, do not contact: nothing is expected


def _instant(text: str | None) -> datetime | None:
    # Parsing with the offset in the text is several times faster than replace(tzinfo=...).
    return datetime.fromisoformat(text + "+00:00") if text else None


class Card(NamedTuple):
    """One board row exactly as the board query returns it, read through properties.

    The board loads ten thousand of these: keeping the raw row and converting a field only
    when a painted card asks for it halves the load time.
    """

    prospect_id: int
    first_name: str
    last_name: str
    company: str
    stage_id: int
    status_code: str
    touch_count: int
    attempts: int
    last_touch_text: str | None  # 'YYYY-MM-DD HH:MM:SS' in UTC
    time_zone: str
    next_step_id: int | None
    next_due_text: str | None
    next_channel_code: str | None
    purpose_text: str | None
    email_text: str | None
    phone_text: str | None
    tags_text: str | None  # joined with TAG_SEPARATOR
    plan_name: str | None = None
    plan_position: int | None = None
    plan_status: str | None = None
    plan_steps: int | None = None

    @property
    def plan_progress(self) -> str:
        """'No answer · 3/7', with 'paused' when an answer stopped the plan."""
        if not self.plan_name or self.plan_position is None:
            return ""
        text = f"{self.plan_name} · {self.plan_position + 1}/{self.plan_steps}"
        return f"{text} · paused" if self.plan_status == "paused" else text

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    @property
    def status(self) -> ProspectStatus:
        return ProspectStatus(self.status_code)

    @property
    def last_touch_at(self) -> datetime | None:
        return _instant(self.last_touch_text)

    @property
    def next_due_at(self) -> datetime | None:
        return _instant(self.next_due_text)

    @property
    def next_channel(self) -> Channel | None:
        return Channel(self.next_channel_code) if self.next_channel_code else None

    @property
    def next_purpose(self) -> str:
        return self.purpose_text or ""

    @property
    def email(self) -> str:
        return self.email_text or ""

    @property
    def phone(self) -> str:
        return self.phone_text or ""

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.tags_text.split(TAG_SEPARATOR)) if self.tags_text else ()

    @property
    def is_active(self) -> bool:
        return self.status_code == ProspectStatus.ACTIVE.value  # no enum made per card

    def search_text(self) -> str:
        """Everything the filter box matches, lowercased (the board caches it per load)."""
        return search_texts([self])[0]


TAG_SEPARATOR = "\x1f"
_NOT_ASCII_DIGIT = re.compile("[^0-9]")


def search_texts(cards: Iterable[Card]) -> list[str]:
    """Each card's search text: its name, company, email, phone, the phone's digits alone and
    its tags, one a line, casefolded. One loop over the raw fields, no properties: the
    first keystroke after a load makes ten thousand of these."""
    texts = []
    for card in cards:
        phone = card.phone_text or ""
        # Phones are ASCII nearly always; str.isdigit decides for any other script.
        digits = (
            _NOT_ASCII_DIGIT.sub("", phone)
            if phone.isascii()
            else "".join(filter(str.isdigit, phone))
        )
        name = display_name(card.first_name, card.last_name, card.company)
        text = f"{name}\n{card.company}\n{card.email_text or ''}\n{phone}\n{digits}"
        if card.tags_text:  # the tags one a line, as `tags` splits them
            text += "\n" + card.tags_text.replace(TAG_SEPARATOR, "\n")
        texts.append(text.casefold())
    return texts


def matching(items: Sequence[T], texts: Sequence[str], words: list[str]) -> list[T]:
    """The items whose search text holds every word typed (one word, the usual case, is
    tested without a generator per item)."""
    if len(words) == 1:
        (word,) = words
        return [item for item, text in zip(items, texts, strict=True) if word in text]
    return [item for item, text in zip(items, texts, strict=True) if matches(text, words)]


def urgency(card: Card, now: datetime, seller_zone: tzinfo) -> Urgency:
    if card.status_code != ProspectStatus.ACTIVE.value:
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
        # Only an active prospect is missing a next step; the others expect none.
        return "No next step" if card.status is ProspectStatus.ACTIVE else card.status.label
    when = dates().day_time(card.next_due_at.astimezone(seller_zone))
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
        return f"touched {days}d ago"
    if days < 60:
        return f"touched {days // 7}w ago"
    return f"touched {days // 30}mo ago"


def filter_words(typed: str) -> list[str]:
    return typed.casefold().split()


def matches(search_text: str, words: list[str]) -> bool:
    """The filter: every word typed must appear somewhere in the card's search text."""
    return all(word in search_text for word in words)
