"""Calendar files (.ics) for next steps, PUBLISH, REQUEST and CANCEL, as calendars accept them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from touchdesk import APP_NAME, __version__
from touchdesk.formats.vtimezone import vtimezone_text

PRODID = f"-//{APP_NAME}//{APP_NAME} {__version__}//EN"
_END = b"END:VCALENDAR\r\n"

# TEXT may hold a tab, but no other control character: a stray one pasted into a note
# makes strict parsers refuse the whole file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Method(StrEnum):
    """What the receiving calendar is asked to do with the file (RFC 5546)."""

    PUBLISH = "PUBLISH"  # add to my calendar
    REQUEST = "REQUEST"  # invite the prospect
    CANCEL = "CANCEL"  # withdraw an invitation

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    Method.PUBLISH: "Add to my calendar",
    Method.REQUEST: "Invite the prospect",
    Method.CANCEL: "Cancellation",
}


@dataclass(frozen=True)
class Party:
    """Someone named on an invite: the address calendars reply to, and a display name."""

    name: str
    email: str


@dataclass(frozen=True)
class InviteEvent:
    """One next step as a calendar event; the text is written as given."""

    uid: str  # the step's calendar identity for its whole life
    sequence: int  # goes up on every change of time, place or status
    start: datetime  # aware; its ZoneInfo key becomes the TZID (UTC is written as UTC)
    duration_minutes: int
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: Party | None = None
    attendees: tuple[Party, ...] = ()
    reminder_minutes: int = 0  # 0: no alarm
    cancelled: bool = False

    @property
    def end(self) -> datetime:
        # Counted in UTC: aware arithmetic in one zone is wall-clock, so an hour's call
        # starting at the first 01:30 of a clocks-back night would last two.
        later = self.start.astimezone(UTC) + timedelta(minutes=self.duration_minutes)
        return later.astimezone(self.start.tzinfo)


class IcsError(ValueError):
    """A file that would break what calendars rely on; the message says what."""


def _zone_key(moment: datetime) -> str:
    return getattr(moment.tzinfo, "key", "")


def _unclear_wall_time(moment: datetime) -> bool:
    """True for a wall time that names two instants (the repeated hour when clocks go back)
    or none (the hour skipped when they go forward)."""
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() != moment.utcoffset():
        return True
    # A skipped time does not survive the round trip through UTC.
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != (
        moment.replace(tzinfo=None, fold=0)
    )


def _written_time(moment: datetime) -> datetime:
    """The zone's wall time when it says one instant; otherwise that instant in UTC, since a
    TZID time cannot carry `fold` and readers take the first of two (RFC 5545 3.3.5)."""
    return moment.astimezone(UTC) if _unclear_wall_time(moment) else moment


def problems(events: Sequence[InviteEvent], method: Method) -> list[str]:
    """The METHOD rules of RFC 5546 (the table in INTEROP.md) that these events would break."""
    found: list[str] = []
    if not events:
        return ["A calendar file needs at least one event."]
    for event in events:
        if not event.uid.strip():
            found.append("Every event needs a UID.")
        if event.sequence < 0:
            found.append("SEQUENCE cannot be negative.")
        if event.start.tzinfo is None:
            found.append("A time needs a time zone: floating times move with the reader.")
        elif not _zone_key(event.start) and event.start.utcoffset() != timedelta(0):
            found.append("A time needs a named time zone (IANA), not a bare offset.")
        if event.duration_minutes <= 0:
            found.append("An event must last a while.")
        if event.url.strip() and any(char.isspace() for char in event.url.strip()):
            found.append("A link cannot hold a space or a line break.")
        if event.organizer is not None and not event.organizer.email.strip():
            found.append("The organizer needs an email address.")
        if any(not party.email.strip() for party in event.attendees):
            found.append("Every attendee needs an email address.")
    if method is Method.PUBLISH:
        if any(event.attendees for event in events):
            found.append("A file for your own calendar names no attendees.")
    elif method is Method.REQUEST:
        # macOS Calendar refuses a REQUEST holding two UIDs; a multi-event file is PUBLISH.
        if len(events) != 1:
            found.append("An invitation holds exactly one event.")
        if any(event.organizer is None for event in events):
            found.append("An invitation needs you as organizer, with your email address.")
        if any(not event.attendees for event in events):
            found.append("An invitation needs someone to invite.")
        if any(event.cancelled for event in events):
            found.append("A cancelled event is sent as a cancellation, not an invitation.")
    elif method is Method.CANCEL:
        if len({event.uid for event in events}) != 1:
            found.append("A cancellation withdraws one event (one UID).")
        if any(event.organizer is None for event in events):
            found.append("A cancellation needs you as organizer, with your email address.")
        if any(event.sequence < 1 for event in events):
            found.append("A cancellation must carry a SEQUENCE above the invitation's.")
    return list(dict.fromkeys(found))


def _text(value: str) -> str:
    # A lone CR (old Mac text) is a line break too: written raw it would end the line.
    return _text_type()(_CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))


@cache
def _text_type() -> type:
    """TEXT written as RFC 5545 escapes it. icalendar's own writer takes a typed backslash
    before an N (a path such as C:\\New) for a line break, as its documentation invites."""
    from icalendar import vText

    class TypedText(vText):
        def to_ical(self) -> bytes:
            escaped = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            return escaped.replace("\n", "\\n").encode(self.encoding)

    return TypedText


def _address(party: Party, params: dict[str, str]) -> Any:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{party.email.strip()}")
    for key, value in params.items():
        address.params[key] = value
    # A parameter value cannot hold a double quote; icalendar would write RFC 6868's ^',
    # which Outlook and vobject show as is.
    name = " ".join(_text(party.name).replace('"', "'").split())
    if name:
        address.params["CN"] = name  # icalendar quotes a CN holding , ; or :
    return address


def calendar_bytes(
    events: Sequence[InviteEvent],
    method: Method,
    *,
    stamp: datetime | None = None,
    stored: bool = False,
) -> bytes:
    """The whole file, CRLF line ends and 75-octet folding included: write it in binary mode.
    `stored`: for a calendar on a CalDAV server, which takes no METHOD (RFC 4791 4.1)."""
    found = problems(events, method)
    if found:
        raise IcsError(" ".join(found))
    # Imported here, not at the top: icalendar costs ~115 ms and start-up never needs it.
    from icalendar import Alarm, Calendar, Event

    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if not stored:
        calendar.add("method", method.value)
    cancelling = method is Method.CANCEL
    used: set[str] = set()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", item.sequence)
        event.add("dtstart", _written_time(item.start))
        event.add("dtend", _written_time(item.end))
        for name in ("DTSTART", "DTEND"):
            tzid = event[name].params.get("TZID")
            if tzid:
                used.add(tzid)
        summary = _text(item.summary)
        event.add("summary", summary)
        if item.description.strip():
            event.add("description", _text(item.description))
        if item.location.strip():
            event.add("location", _text(item.location))
        if item.url.strip():
            event.add("url", item.url.strip())
        if item.organizer is not None:
            event.add("organizer", _address(item.organizer, {}))
        attendee_params = (
            {"CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT"}
            if cancelling
            else {
                "CUTYPE": "INDIVIDUAL",
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "NEEDS-ACTION",
                # Desktop Outlook shows its Accept/Decline buttons only with RSVP=TRUE.
                "RSVP": "TRUE",
            }
        )
        for party in item.attendees:
            event.add("attendee", _address(party, attendee_params))
        cancelled = cancelling or item.cancelled
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        if item.reminder_minutes > 0 and not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary or "Reminder")
            alarm.add("trigger", timedelta(minutes=-item.reminder_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    # The zone's yearly rules, not just the events' days: vobject keeps the first block it
    # sees for a TZID, so a narrow one would put later events of other files an hour off.
    first_year = min(item.start.year for item in events)
    last_year = max(item.end.year for item in events)
    missing, zones = [], []
    for tzid in sorted(used):
        try:
            zones.append(vtimezone_text(tzid, first_year, last_year))
        except (ZoneInfoNotFoundError, ValueError):
            missing.append(tzid)
    if missing:
        raise IcsError(f"No time zone rules known for {', '.join(missing)}.")
    # The zones' blocks come last, as add_component would put them, but written once per
    # zone and years rather than once per file.
    body = calendar.to_ical()
    assert body.endswith(_END), body[-40:]
    return body[: -len(_END)] + b"".join(zones) + _END
