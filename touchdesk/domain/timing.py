"""When to reach out: suggested slots in the prospect's own day, by the playbook's rules.

Emails go at about 08:30 or 13:00, when inboxes are read; calls early in the morning or at
noon; nothing after 16:00 and nothing late on a Friday; weekends and the public holidays of
the prospect's country are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import NamedTuple

from touchdesk.domain.vocabulary import Channel

LATEST = time(16, 0)  # nothing starts after this
FRIDAY_LATEST = time(13, 0)  # and on a Friday, nothing late
LOOKAHEAD_DAYS = 60


class SlotRule(StrEnum):
    EMAIL = "email"
    EARLY_CALL = "early_call"
    NOON_CALL = "noon_call"
    CALL = "call"
    END_OF_DAY_CALL = "end_of_day_call"
    SOON = "soon"
    MEETING = "meeting"
    ANY = "any"

    @property
    def label(self) -> str:
        return _RULE_LABELS[self]


_RULE_LABELS = {
    SlotRule.EMAIL: "Email: 08:30 or 13:00",
    SlotRule.EARLY_CALL: "Early call: 08:00",
    SlotRule.NOON_CALL: "Noon call: 12:00",
    SlotRule.CALL: "Call: 08:00 or 12:00",
    SlotRule.END_OF_DAY_CALL: "End-of-day call: 16:00",
    SlotRule.SOON: "Soon after: the next quarter hour",
    SlotRule.MEETING: "Meeting: 10:00 or 14:00",
    SlotRule.ANY: "Working hours",
}

# The wall-clock times each rule offers, in the prospect's day.
_TIMES: dict[SlotRule, tuple[time, ...]] = {
    SlotRule.EMAIL: (time(8, 30), time(13, 0)),
    SlotRule.EARLY_CALL: (time(8, 0),),
    SlotRule.NOON_CALL: (time(12, 0),),
    SlotRule.CALL: (time(8, 0), time(12, 0)),
    SlotRule.END_OF_DAY_CALL: (time(16, 0),),
    # A burst of touches on one morning (the no-answer program): the next quarter hour.
    SlotRule.SOON: tuple(time(8 + q // 4, 15 * (q % 4)) for q in range(1, 32)),
    SlotRule.MEETING: (time(10, 0), time(14, 0)),
    SlotRule.ANY: (time(9, 0), time(11, 0), time(13, 0), time(15, 0)),
}


def rule_for(channel: Channel) -> SlotRule:
    """The default slot rule of a channel."""
    if channel in (Channel.EMAIL, Channel.SOCIAL, Channel.SMS):
        return SlotRule.EMAIL
    if channel in (Channel.CALL, Channel.VOICEMAIL):
        return SlotRule.CALL
    if channel in (Channel.MEETING, Channel.VIDEO_CALL, Channel.VISIT):
        return SlotRule.MEETING
    return SlotRule.ANY


# Holiday dates by (country, year): handed in from a kept copy (services.holiday_cache) or
# learned from the holidays package, which costs a launch about 0.1 s and 20 MB to load and
# compute when its first call's next slot is suggested.
_KNOWN: dict[tuple[str, int], frozenset[date]] = {}
_LEARNED: set[tuple[str, int]] = set()  # not yet in the kept copy


def add_known_holidays(table: dict[tuple[str, int], frozenset[date]]) -> None:
    """Holiday dates read from the holidays package earlier (a kept copy of `_holidays`)."""
    _KNOWN.update(table)


def learned_holidays() -> dict[tuple[str, int], frozenset[date]]:
    """Every (country, year) known now, once a lookup learned one the kept copy lacks."""
    return dict(_KNOWN) if _LEARNED else {}


def holidays_kept() -> None:
    _LEARNED.clear()


def _holidays(country: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    key = (country.upper(), year)
    if key not in _KNOWN:
        import holidays  # imported when a slot is first suggested, not at start-up

        try:
            _KNOWN[key] = frozenset(holidays.country_holidays(key[0], years=year).keys())
        except NotImplementedError:  # a country the package does not know: weekends only
            _KNOWN[key] = frozenset()
        _LEARNED.add(key)
    return _KNOWN[key]


def holiday_name(day: date, country: str) -> str:
    if day not in _holidays(country, day.year):
        return ""
    import holidays

    return holidays.country_holidays(country.upper(), years=day.year).get(day) or ""


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def allowed(moment: time, weekday: int) -> bool:
    """The playbook's hard limits on a start time."""
    if moment > LATEST:
        return False
    return not (weekday == 4 and moment > FRIDAY_LATEST)


class Slot(NamedTuple):
    """A moment a rule allows, in the prospect's zone."""

    at: datetime  # aware, in the prospect's zone
    rule: SlotRule


def slots(after: datetime, rule: SlotRule, zone: tzinfo, country: str) -> Iterator[Slot]:
    """Every allowed slot strictly after `after`, in time order, for LOOKAHEAD_DAYS days."""
    start = after.astimezone(zone).date()
    for offset in range(LOOKAHEAD_DAYS):
        day = start + timedelta(days=offset)
        if not is_working_day(day, country):
            continue
        for moment in _TIMES[rule]:
            if not allowed(moment, day.weekday()):
                continue
            candidate = datetime.combine(day, moment, zone)
            if candidate > after:
                yield Slot(candidate, rule)


def suggest(
    after: datetime, rule: SlotRule, zone: tzinfo, country: str, count: int = 3
) -> list[Slot]:
    found: list[Slot] = []
    for slot in slots(after, rule, zone, country):
        found.append(slot)
        if len(found) == count:
            break
    return found


def first_slot_on_or_after(day: date, rule: SlotRule, zone: tzinfo, country: str) -> Slot | None:
    """For quick picks ("in 3 days"): the first allowed slot from the start of that day."""
    midnight = datetime.combine(day, time(0), zone) - timedelta(seconds=1)
    return next(slots(midnight, rule, zone, country), None)


QUICK_PICKS: tuple[tuple[str, int], ...] = (
    ("Tomorrow", 1),
    ("In 3 days", 3),
    ("Next week", 7),
    ("In 2 weeks", 14),
    ("Next month", 30),
)


def quick_picks(
    now: datetime, rule: SlotRule, zone: tzinfo, country: str
) -> list[tuple[str, Slot]]:
    """The quick-pick buttons: each the first good slot from that day on."""
    today = now.astimezone(zone).date()
    picks = []
    for label, days in QUICK_PICKS:
        slot = first_slot_on_or_after(today + timedelta(days=days), rule, zone, country)
        if slot is not None:
            picks.append((label, slot))
    return picks
