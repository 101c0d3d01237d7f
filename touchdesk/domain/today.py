"""The calling list: what is due, in whose time, and where to snooze it."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from touchdesk.domain.date_text import dates
from touchdesk.domain.names import display_name
from touchdesk.domain.vocabulary import Channel


class CallRow(NamedTuple):
    """One line of the Today list; step fields are None for a prospect with no next step."""

    prospect_id: int
    first_name: str
    last_name: str
    company: str
    time_zone: str
    phone: str
    email: str
    attempts: int
    last_touch_at: datetime | None
    step_id: int | None = None
    due_at: datetime | None = None
    channel: Channel | None = None
    purpose: str = ""

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    @property
    def attempt(self) -> int:
        """The attempt number this step will be: one more than the unanswered ones so far."""
        return self.attempts + 1

    @property
    def contact(self) -> str:
        """The phone for talking channels, else the email; whichever exists."""
        talking = self.channel in (Channel.CALL, Channel.VOICEMAIL, Channel.SMS, None)
        first, second = (self.phone, self.email) if talking else (self.email, self.phone)
        return first or second


def end_of_day(now: datetime, zone: tzinfo) -> datetime:
    """Midnight at the end of the seller's today, as an aware instant."""
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), zone)


def zone_or(name: str, fallback: tzinfo) -> tzinfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def their_time(row: CallRow, seller_zone: tzinfo) -> str:
    """'09:30 Europe/London' when the prospect's clock differs from the seller's, else ''."""
    if row.due_at is None or not row.time_zone:
        return ""
    theirs = zone_or(row.time_zone, seller_zone)
    local_them = row.due_at.astimezone(theirs)
    if local_them.utcoffset() == row.due_at.astimezone(seller_zone).utcoffset():
        return ""
    day = ""
    if local_them.date() != row.due_at.astimezone(seller_zone).date():
        day = f"{dates().short_weekday(local_them)} "
    return f"{day}{dates().time(local_them)} {row.time_zone}"


def order_calls(rows: list[CallRow]) -> list[CallRow]:
    """By due time, then by attempt number."""
    return sorted(rows, key=lambda r: (r.due_at or datetime.max, r.attempt, r.prospect_id))
