"""One time policy for every way a next step's time is set: suggested, typed, snoozed,
rescheduled, planned or revived.

Two days meet in every time: the prospect's (the playbook's rules in their own zone: nothing
before 08:00 or after 16:00, nothing late on a Friday, no weekends or public holidays of their
country) and the seller's (their working hours and days). Suggestions fit both; a typed time
that breaks a rule is allowed, with the reason in plain words.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple

from touchdesk.domain.countries import country_name
from touchdesk.domain.date_text import dates
from touchdesk.domain.timing import (
    FRIDAY_LATEST,
    LATEST,
    SlotRule,
    holiday_name,
    rule_for,
    slots,
)
from touchdesk.domain.vocabulary import Channel

EARLIEST = time(8, 0)  # nobody is called or emailed before their working day starts
SEARCH_DAYS = 7  # how far suggestions look for a slot that fits both days
WORKDAYS = frozenset(range(5))


class SellerDay(NamedTuple):
    """The seller's working hours (start inclusive, end exclusive) and days (Monday is 0)."""

    zone: tzinfo
    start: time = time(8, 0)
    end: time = time(17, 0)
    days: frozenset[int] = WORKDAYS

    def fits(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def place(self) -> str:
        return place_of(self.zone)


class ProspectDay(NamedTuple):
    """The prospect's zone and the country whose public holidays they keep."""

    zone: tzinfo
    country: str

    def place(self) -> str:
        return place_of(self.zone)


class Suggestion(NamedTuple):
    """The next slot the rules name for a step, and whether it falls outside both days."""

    at: datetime  # aware, in the prospect's zone
    rule: SlotRule
    outside_hours: bool = False  # nothing fitting both days was found within SEARCH_DAYS

    def label(self, seller: SellerDay) -> str:
        """'Mon 07 Dec 08:30' in the prospect's day, with the seller's clock when it differs."""
        text = dates().day_time(self.at)
        mine = self.at.astimezone(seller.zone)
        if mine.utcoffset() != self.at.utcoffset():
            text += f" ({dates().weekday_time(mine)} for you)"
        if self.outside_hours:
            text += " · outside your hours"
        return text


def place_of(zone: tzinfo) -> str:
    """'Europe/Berlin' -> 'Berlin'; a zone without a name by its offset name."""
    key = getattr(zone, "key", "") or str(zone)
    return key.rsplit("/", 1)[-1].replace("_", " ")


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """Zone name -> ISO country, from the zone table shipped with the time zone data."""
    from importlib.resources import files

    table: dict[str, str] = {}
    try:
        text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return table
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                table[parts[2]] = parts[0]
    return table


def country_for(country_code: str, zone_name: str) -> str:
    """The prospect's own country, else the country of their time zone, else none: never
    the seller's (a Tokyo prospect does not keep US Thanksgiving)."""
    if country_code:
        return country_code.upper()
    return _zone_countries().get(zone_name, "")


def applies_to(channel: Channel) -> bool:
    """Mail is written and posted, not received at a time of day: the clock rules skip it."""
    return not channel.is_mail


def prospect_breaks(when: datetime, prospect: ProspectDay) -> list[str]:
    """Which of the playbook's rules a start time breaks in the prospect's own day."""
    local = when.astimezone(prospect.zone)
    day, moment = local.date(), local.time().replace(second=0, microsecond=0)
    reasons = []
    if day.weekday() >= 5:
        reasons.append(f"on a {dates().weekday(local)}")
    else:
        holiday = holiday_name(day, prospect.country)
        if holiday:
            reasons.append(f"{holiday}, a public holiday in {country_name(prospect.country)}")
    if moment < EARLIEST:
        reasons.append(f"before {dates().time(EARLIEST)}")
    elif day.weekday() == 4 and moment > LATEST:
        reasons.append(f"after {dates().time(LATEST)} on a Friday")
    elif moment > LATEST:
        reasons.append(f"after {dates().time(LATEST)}")
    elif day.weekday() == 4 and moment > FRIDAY_LATEST:
        reasons.append(f"late on a Friday (after {dates().time(FRIDAY_LATEST)})")
    return reasons


def seller_breaks(when: datetime, seller: SellerDay) -> list[str]:
    local = when.astimezone(seller.zone)
    if local.weekday() not in seller.days:
        return [f"{dates().weekday(local)} is not one of your working days"]
    if not seller.start <= local.time() < seller.end:
        return [
            f"{dates().time(local)} for you is outside your working hours "
            f"({dates().time(seller.start)}–{dates().time(seller.end)})"
        ]
    return []


def warning(when: datetime, channel: Channel, prospect: ProspectDay, seller: SellerDay) -> str:
    """'' when the time keeps every rule, else the reasons in plain words, e.g.
    'Friday 16:30 in Berlin: after 16:00 on a Friday'."""
    if not applies_to(channel):
        return ""
    parts = []
    theirs = prospect_breaks(when, prospect)
    if theirs:
        local = when.astimezone(prospect.zone)
        parts.append(
            f"{dates().weekday(local)} {dates().time(local)} in {prospect.place()}: "
            f"{'; '.join(theirs)}"
        )
    mine = seller_breaks(when, seller)
    if mine:
        parts.append("; ".join(mine))
    return ". ".join(parts)


def suggest(
    after: datetime,
    channel: Channel,
    prospect: ProspectDay,
    seller: SellerDay,
    count: int = 3,
    rule: SlotRule | None = None,
) -> list[Suggestion]:
    """The channel's slots in the prospect's day that also fit the seller's, soonest first.
    When none fits both within SEARCH_DAYS, the slot nearest the seller's hours is offered
    alone, marked outside them."""
    if not applies_to(channel):  # mail: any working hour of the seller's own day
        prospect, rule = ProspectDay(seller.zone, ""), SlotRule.ANY
    rule = rule or rule_for(channel)
    horizon = after + timedelta(days=SEARCH_DAYS)
    theirs = []
    for slot in slots(after, rule, prospect.zone, prospect.country):
        if slot.at > horizon:
            break
        theirs.append(slot)
    fitting = [Suggestion(s.at, rule) for s in theirs if seller.fits(s.at)]
    if fitting or not theirs:
        return fitting[:count]
    best = min(theirs, key=lambda s: (_minutes_outside(s.at, seller), s.at))
    return [Suggestion(best.at, rule, outside_hours=True)]


def _minutes_outside(moment: datetime, seller: SellerDay) -> float:
    """How far a time lies from the seller's working hours that day, in minutes."""
    local = moment.astimezone(seller.zone)
    start = datetime.combine(local.date(), seller.start, local.tzinfo)
    end = datetime.combine(local.date(), seller.end, local.tzinfo)
    off_day = 0 if local.weekday() in seller.days else 24 * 60
    if local < start:
        return off_day + (start - local).total_seconds() / 60
    if local >= end:
        return off_day + (local - end).total_seconds() / 60 + 1
    return off_day


class SnoozeChoice(NamedTuple):
    """One way to put a step off: its label and the moment it names."""

    label: str
    at: datetime
    outside_hours: bool = False


def snooze_choices(
    now: datetime, channel: Channel, prospect: ProspectDay, seller: SellerDay
) -> list[SnoozeChoice]:
    """Later times for a due step: in an hour when that keeps every rule, then the next
    good slot, the next working day's and next week's; never a time that breaks the
    prospect's rules, never two entries for one time."""
    choices: list[SnoozeChoice] = []
    seen: set[datetime] = set()

    def add(label: str, at: datetime, outside: bool = False) -> None:
        if at not in seen:
            seen.add(at)
            choices.append(SnoozeChoice(label, at, outside))

    hour = (now + timedelta(hours=1)).astimezone(seller.zone).replace(second=0, microsecond=0)
    hour += timedelta(minutes=(15 - hour.minute % 15) % 15)
    if not (applies_to(channel) and prospect_breaks(hour, prospect)) and seller.fits(hour):
        add("In an hour", hour)
    today = now.astimezone(seller.zone).date()
    following = _next_workday(today, seller)
    starts = [
        now,
        _start_of(following, seller),
        _start_of(_next_workday(following, seller), seller),
    ]
    starts.append(_start_of(today + timedelta(days=7 - today.weekday()), seller))
    for start in starts:
        found = _first(start, channel, prospect, seller)
        if found is not None:
            day = found.at.astimezone(seller.zone).date()
            add(_day_label(day, today), found.at, found.outside_hours)
    return choices


def _first(
    after: datetime, channel: Channel, prospect: ProspectDay, seller: SellerDay
) -> Suggestion | None:
    found = suggest(after, channel, prospect, seller, count=1)
    return found[0] if found else None


def _start_of(day: date, seller: SellerDay) -> datetime:
    return datetime.combine(day, time(0), seller.zone) - timedelta(seconds=1)


def _next_workday(today: date, seller: SellerDay) -> date:
    day = today + timedelta(days=1)
    while seller.days and day.weekday() not in seller.days:
        day += timedelta(days=1)
    return day


def _day_label(day: date, today: date) -> str:
    if day == today:
        return "Later today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    if day < today + timedelta(days=7):
        return dates().weekday(day)
    return "Next week" if day.weekday() == 0 else dates().day(day)
