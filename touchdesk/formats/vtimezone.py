"""VTIMEZONE blocks with a zone's yearly rules (RRULE), so they hold for any later date too."""

from __future__ import annotations

import calendar as month_lengths
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

# Far enough ahead that the years scanned run past tzdata's explicit table into its
# standing (POSIX) rule: the rule a zone follows from now on.
_SCAN_UNTIL_YEAR = 2040
_SCAN_FROM = datetime(1970, 1, 1, tzinfo=UTC)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Change:
    """One change of offset (or name) of a zone, as a VTIMEZONE observance describes it."""

    onset: datetime  # naive local time, in the offset before the change (RFC 5545 3.6.5)
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    def kind(self) -> tuple[Any, ...]:
        """What stays the same from year to year under one rule."""
        return (
            self.offset_from,
            self.offset_to,
            self.name,
            self.daylight,
            self.onset.month,
            self.onset.time(),
        )


def _state(zone: ZoneInfo, instant: datetime) -> tuple[Any, ...]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


@lru_cache(maxsize=64)
def _changes(key: str, until_year: int) -> tuple[_Change, ...]:
    """Every change from 1970 to the end of `until_year`, found to the second."""
    zone = ZoneInfo(key)
    found: list[_Change] = []
    end = datetime(until_year + 1, 1, 1, tzinfo=UTC)
    week = timedelta(days=7)
    moment = _SCAN_FROM
    state = _state(zone, moment)
    while moment < end:
        later = moment + week
        if _state(zone, later) != state:
            # The change lies in (low, high]; whole seconds, as tzdata counts.
            low, high = moment, later
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            before = (high - timedelta(seconds=1)).astimezone(zone)
            after = high.astimezone(zone)
            offset_from = before.utcoffset() or timedelta(0)
            found.append(
                _Change(
                    onset=(high + offset_from).replace(tzinfo=None),
                    offset_from=offset_from,
                    offset_to=after.utcoffset() or timedelta(0),
                    name=after.tzname() or "",
                    daylight=bool(after.dst()),
                )
            )
            state = _state(zone, high)
            moment = high
        else:
            moment = later
    return tuple(found)


def _byday(onsets: list[datetime]) -> dict[str, Any] | None:
    """The RRULE day part that gives every one of these days, or None when none does."""
    days = [onset.day for onset in onsets]
    weekdays = {onset.weekday() for onset in onsets}
    if len(weekdays) != 1:
        if len(set(days)) == 1:
            return {"bymonthday": days[0]}  # a fixed date
        return None
    weekday = _WEEKDAYS[weekdays.pop()]
    nths = {(day - 1) // 7 + 1 for day in days}
    if len(nths) == 1:
        return {"byday": f"{nths.pop()}{weekday}"}
    if all(o.day + 7 > month_lengths.monthrange(o.year, o.month)[1] for o in onsets):
        return {"byday": f"-1{weekday}"}
    first = min(days)
    if max(days) - first <= 6:  # "Friday on or after the 23rd"
        return {"byday": weekday, "bymonthday": list(range(first, first + 7))}
    return None


def _yearly_rules(changes: tuple[_Change, ...]) -> tuple[int, list[tuple[_Change, dict[str, Any]]]]:
    """The first year of the rules in force at the end, and each rule's first change with
    its RRULE; a zone without daylight saving now has no rules (an empty list)."""
    by_year: dict[int, list[_Change]] = defaultdict(list)
    for change in changes:
        by_year[change.onset.year].append(change)
    last = _SCAN_UNTIL_YEAR
    pattern = [change.kind() for change in by_year[last]]
    if not pattern:
        return last + 1, []
    first = last
    while [change.kind() for change in by_year.get(first - 1, [])] == pattern:
        first -= 1
    while first <= last:
        rules = []
        for index in range(len(pattern)):
            onsets = [by_year[year][index].onset for year in range(first, last + 1)]
            part = _byday(onsets)
            if part is None:
                break
            rules.append(
                (by_year[first][index], {"freq": "yearly", "bymonth": onsets[0].month} | part)
            )
        else:
            return first, rules
        first += 1  # an older year broke the pattern: start the rules a year later
    return last + 1, []


def _observance(change: _Change, rrule: dict[str, Any] | None = None) -> Any:
    from icalendar import TimezoneDaylight, TimezoneStandard

    part = TimezoneDaylight() if change.daylight else TimezoneStandard()
    part.add("dtstart", change.onset)
    part.add("tzoffsetfrom", change.offset_from)
    part.add("tzoffsetto", change.offset_to)
    if change.name:
        part.add("tzname", change.name)
    if rrule is not None:
        part.add("rrule", rrule)
    else:
        # The onset again as an RDATE, as libical writes one-off changes: the `ical` package
        # takes onsets only from RRULE and RDATE, and would skip this observance.
        part.add("rdate", change.onset)
    return part


def vtimezone(key: str, first_year: int, last_year: int) -> Any:
    """The VTIMEZONE for `key`: each change from the year before `first_year` written out, then
    the current rules as yearly RRULEs (valid for any later date). Raises ZoneInfoNotFoundError."""
    from icalendar import Timezone

    zone = ZoneInfo(key)
    changes = _changes(key, max(_SCAN_UNTIL_YEAR, last_year + 1))
    rules_from, rules = _yearly_rules(changes)
    window = first_year - 1
    block = Timezone()
    block.add("tzid", key)
    # The change in force at the window's start, then every one until the rules take over.
    single = [change for change in changes if change.onset.year < rules_from]
    earlier = [change for change in single if change.onset.year < window]
    kept = earlier[-1:] + [change for change in single if change.onset.year >= window]
    if not kept and not rules:
        offset = zone.utcoffset(datetime(window, 1, 1)) or timedelta(0)
        name = datetime(window, 1, 1, tzinfo=zone).tzname() or ""
        kept = [_Change(datetime(1970, 1, 1), offset, offset, name, False)]
    for change in kept:
        block.add_component(_observance(change))
    for change, rrule in rules:
        block.add_component(_observance(change, rrule))
    return block


@lru_cache(maxsize=256)
def vtimezone_text(key: str, first_year: int, last_year: int) -> bytes:
    """`vtimezone` as written in a file, folded, CRLF ends: the same zone and years give the
    same block, and a sync writes it into each of a thousand events."""
    return vtimezone(key, first_year, last_year).to_ical()
