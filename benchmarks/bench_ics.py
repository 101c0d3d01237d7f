"""Writing 1,000 next steps as one .ics through touchdesk.formats.ics, against icalendar building
and serialising the same 1,000 events by hand in the same process (target 1.2)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import figure, repeats_from  # noqa: E402

EVENTS = 1000
REPEATS = 3
# The module adds its METHOD checks and text clean-up to the same icalendar calls; anything
# past a fifth more means a per-event cost crept in (a zone lookup, a second serialisation).
TARGET = 1.2
ZONES = ("America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney")
STAMP = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _steps() -> list[dict]:
    """The facts of 1,000 next steps over about three months, in four time zones."""
    first = datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    return [
        {
            "uid": f"bench-{n:04d}@touchdesk",
            "sequence": n % 4,
            "start": (first + timedelta(hours=2 * n)).astimezone(ZoneInfo(ZONES[n % 4])),
            "minutes": 30,
            "summary": f"Progress call — Prospect {n}, Jr. (Company {n % 97}; Ltd)",
            "description": f"Progress, step {n}\nSam Seller: (202) 555-0100",
            "location": "https://meet.example.com/abc-defg-hij" if n % 2 else "",
        }
        for n in range(EVENTS)
    ]


def _with_touchdesk(steps: list[dict]) -> bytes:
    from touchdesk.formats.ics import InviteEvent, Method, Party, calendar_bytes

    seller = Party("Sam Seller", "sam@example.com")
    events = [
        InviteEvent(
            uid=step["uid"],
            sequence=step["sequence"],
            start=step["start"],
            duration_minutes=step["minutes"],
            summary=step["summary"],
            description=step["description"],
            location=step["location"],
            url=step["location"],
            organizer=seller,
            reminder_minutes=15,
        )
        for step in steps
    ]
    return calendar_bytes(events, Method.PUBLISH, stamp=STAMP)


def _with_icalendar(steps: list[dict]) -> bytes:
    """The same file, written straight with icalendar: the least the work can cost."""
    from icalendar import Alarm, Calendar, Event, vCalAddress

    calendar = Calendar()
    calendar.add("prodid", "-//TouchDesk//TouchDesk//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for step in steps:
        event = Event()
        event.add("uid", step["uid"])
        event.add("dtstamp", STAMP)
        event.add("sequence", step["sequence"])
        event.add("dtstart", step["start"])
        event.add("dtend", step["start"] + timedelta(minutes=step["minutes"]))
        event.add("summary", step["summary"])
        event.add("description", step["description"])
        if step["location"]:
            event.add("location", step["location"])
            event.add("url", step["location"])
        organizer = vCalAddress("mailto:sam@example.com")
        organizer.params["CN"] = "Sam Seller"
        event.add("organizer", organizer)
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", step["summary"])
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=min(step["start"].date() for step in steps) - timedelta(days=1),
        last_date=max(step["start"].date() for step in steps) + timedelta(days=1),
    )
    return calendar.to_ical()


def _milliseconds(action, steps: list[dict]) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = action(steps)
    return (time.perf_counter() - start) * 1000, data


def run(database: Path | None = None, repeats: int = REPEATS) -> list[dict]:
    """`database` is unused: the figure needs no store (the runner passes one to every script)."""
    import icalendar  # noqa: F401  imported before timing: both sides pay it once, untimed

    steps = _steps()
    _with_touchdesk(steps[:10])  # first use: zone data and icalendar's lazy parts loaded
    _with_icalendar(steps[:10])
    values, baselines = [], []
    for _ in range(repeats):  # interleaved, so drift on a noisy machine hits both alike
        value, ours = _milliseconds(_with_touchdesk, steps)
        baseline, theirs = _milliseconds(_with_icalendar, steps)
        assert ours.count(b"BEGIN:VEVENT") == theirs.count(b"BEGIN:VEVENT") == EVENTS
        values.append(value)
        baselines.append(baseline)
    return [
        figure(
            f"ics: {EVENTS:,} next steps through formats.ics vs icalendar by hand",
            values,
            baselines,
            "ms",
            TARGET,
        )
    ]


if __name__ == "__main__":
    import json

    database = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(database, repeats_from(sys.argv, REPEATS)), indent=2))
