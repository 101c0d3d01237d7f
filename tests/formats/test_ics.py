"""Calendar files read back by three independent parsers, and checked against RFC 5546's table."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from touchdesk.formats.ics import PRODID, IcsError, InviteEvent, Method, Party, calendar_bytes

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
STAMP = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SELLER = Party("Sam Seller", "sam@example.com")
HANNAH = Party("Hannah Whitfield", "hannah@example.com")

# What people type: emoji, commas, semicolons, colons, quotes, backslashes, line breaks.
AWKWARD_NAME = 'Zoë "Z" O\'Brien, Jr.; 🚀 Rocket: Co'
AWKWARD_NOTE = "Bring the Q3 deck; prices, terms & 🎉 cake\nSecond line, with \\ a backslash\n"


def event(**changes) -> InviteEvent:
    base = InviteEvent(
        uid="3f1c2a-step-1@touchdesk",
        sequence=0,
        start=datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK),
        duration_minutes=30,
        summary="Progress call — Hannah Whitfield (Whitfield & Sons)",
        description="Progress\nSam Seller: (202) 555-0100",
        location="https://meet.example.com/abc-defg-hij",
        url="https://meet.example.com/abc-defg-hij",
        organizer=SELLER,
        attendees=(HANNAH,),
        reminder_minutes=15,
    )
    return replace(base, **changes)


def publish_one() -> bytes:
    return calendar_bytes([event(attendees=())], Method.PUBLISH, stamp=STAMP)


def publish_many() -> bytes:
    events = [
        event(
            uid=f"step-{n}@touchdesk",
            sequence=n % 3,
            attendees=(),
            start=datetime(2027, 3, 10 + n, 8, 30, tzinfo=zone),
            summary=f"Call {n} — {AWKWARD_NAME}",
            description=AWKWARD_NOTE,
        )
        for n, zone in enumerate((NEW_YORK, LONDON, TOKYO, NEW_YORK))
    ]
    return calendar_bytes(events, Method.PUBLISH, stamp=STAMP)


def request() -> bytes:
    return calendar_bytes(
        [event(attendees=(Party(AWKWARD_NAME, "zoe@example.com"),), description=AWKWARD_NOTE)],
        Method.REQUEST,
        stamp=STAMP,
    )


def cancel() -> bytes:
    return calendar_bytes([event(sequence=1, cancelled=True)], Method.CANCEL, stamp=STAMP)


KINDS = {
    "publish-one": (Method.PUBLISH, publish_one),
    "publish-many": (Method.PUBLISH, publish_many),
    "request": (Method.REQUEST, request),
    "cancel": (Method.CANCEL, cancel),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request) -> tuple[str, Method, bytes]:
    method, build = KINDS[request.param]
    return request.param, method, build()


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def unfolded(data: bytes) -> list[str]:
    """Content lines as a reader sees them: folds joined, CRLF removed."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


# -- every file ------------------------------------------------------------------------------


def test_every_file_uses_crlf_only_and_no_bom(kind):
    _, _, data = kind
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF
    assert b"\r" not in data.replace(b"\r\n", b"")  # no bare CR


def test_every_line_is_folded_to_75_octets_without_splitting_a_character(kind):
    _, _, data = kind
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a multi-byte character would fail here


def test_every_file_has_version_one_prodid_and_no_x_wr_timezone(kind):
    _, method, data = kind
    lines = unfolded(data)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert [line for line in lines if line.startswith("PRODID")] == [f"PRODID:{PRODID}"]
    assert [line for line in lines if line.startswith("METHOD")] == [f"METHOD:{method.value}"]
    assert not any(line.startswith("X-WR-TIMEZONE") for line in lines)


def test_every_event_has_uid_and_a_utc_dtstamp(kind):
    _, _, data = kind
    for vevent in events_of(data):
        assert str(vevent["UID"]).endswith("@touchdesk")
        assert vevent.decoded("DTSTAMP") == STAMP
        assert vevent["DTSTAMP"].to_ical().endswith(b"Z")


def test_every_start_carries_a_tzid_with_its_vtimezone(kind):
    _, _, data = kind
    calendar = icalendar.Calendar.from_ical(data)
    used = set()
    for vevent in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            tzid = vevent[name].params.get("TZID")
            assert tzid, f"{name} is floating or UTC"
            used.add(tzid)
    defined = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert used == defined
    assert calendar.get_missing_tzids() == set()


def test_the_vtimezone_is_compact_and_yearly(kind):
    _, _, data = kind
    for zone in icalendar.Calendar.from_ical(data).walk("VTIMEZONE"):
        # The current rules as RRULEs (good for any later date), not every change since 1970.
        assert len(zone.subcomponents) <= 4
        saves_daylight = ZoneInfo(str(zone["TZID"])).dst(datetime(2027, 7, 1)) or ZoneInfo(
            str(zone["TZID"])
        ).dst(datetime(2027, 1, 1))
        expected = 2 if saves_daylight else 0
        assert sum("RRULE" in part for part in zone.subcomponents) == expected


# -- the METHOD table (RFC 5546; INTEROP.md), rule by rule -------------------------------------


def rule_vevent_count(name: str, method: Method, events: list) -> None:
    if method is Method.REQUEST:
        assert len(events) == 1  # macOS Calendar: "Import failed to save." with two UIDs
    else:
        assert len(events) >= 1
    if name == "publish-many":
        assert len(events) == 4


def rule_one_uid_per_invitation(name: str, method: Method, events: list) -> None:
    if method is not Method.PUBLISH:
        assert len({str(vevent["UID"]) for vevent in events}) == 1


def rule_one_organizer(name: str, method: Method, events: list) -> None:
    for vevent in events:
        organizers = vevent.get("ORGANIZER")
        assert organizers is not None and not isinstance(organizers, list)
        assert str(organizers) == "mailto:sam@example.com"
        assert organizers.params["CN"] == "Sam Seller"


def rule_attendees(name: str, method: Method, events: list) -> None:
    for vevent in events:
        attendees = vevent.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        if method is Method.PUBLISH:
            assert attendees == []
            continue
        assert len(attendees) >= 1
        for attendee in attendees:
            assert str(attendee).startswith("mailto:")
            assert attendee.params["CUTYPE"] == "INDIVIDUAL"
            assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
            if method is Method.REQUEST:
                assert attendee.params["RSVP"] == "TRUE"
                assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"


def rule_sequence(name: str, method: Method, events: list) -> None:
    for vevent in events:
        sequence = vevent.get("SEQUENCE")
        if method is Method.CANCEL:
            assert sequence is not None and int(sequence) >= 1
        if sequence is None:
            continue
        assert int(sequence) >= 0
    if name == "publish-many":
        assert [int(vevent["SEQUENCE"]) for vevent in events] == [0, 1, 2, 0]


def rule_status(name: str, method: Method, events: list) -> None:
    for vevent in events:
        expected = "CANCELLED" if method is Method.CANCEL else "CONFIRMED"
        assert str(vevent["STATUS"]) == expected


def rule_alarms(name: str, method: Method, events: list) -> None:
    for vevent in events:
        alarms = vevent.walk("VALARM")
        if method is Method.CANCEL:
            assert alarms == []
            continue
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0]["DESCRIPTION"]
        assert alarms[0].decoded("TRIGGER") == timedelta(minutes=-15)


RULES = [
    rule_vevent_count,
    rule_one_uid_per_invitation,
    rule_one_organizer,
    rule_attendees,
    rule_sequence,
    rule_status,
    rule_alarms,
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__.removeprefix("rule_"))
def test_method_table(kind, rule):
    name, method, data = kind
    rule(name, method, events_of(data))


def test_the_trigger_is_written_as_minutes_before():
    lines = unfolded(publish_one())
    assert "TRIGGER:-PT15M" in lines


def test_no_reminder_means_no_alarm():
    data = calendar_bytes([event(attendees=(), reminder_minutes=0)], Method.PUBLISH)
    assert b"VALARM" not in data


def test_the_cancellation_keeps_uid_and_raises_the_sequence_over_the_invitation():
    (invited,) = events_of(request())
    (cancelled,) = events_of(cancel())
    assert str(cancelled["UID"]) == str(invited["UID"])
    assert int(cancelled["SEQUENCE"]) > int(invited.get("SEQUENCE", 0))


@pytest.mark.parametrize(
    ("events", "method", "message"),
    [
        ([event(), event(uid="other@touchdesk")], Method.REQUEST, "exactly one event"),
        ([event()], Method.PUBLISH, "no attendees"),
        ([event(organizer=None)], Method.REQUEST, "organizer"),
        ([event(attendees=())], Method.REQUEST, "someone to invite"),
        ([event(sequence=0)], Method.CANCEL, "SEQUENCE"),
        ([event(sequence=1), event(sequence=1, uid="b@x")], Method.CANCEL, "one UID"),
        ([event(start=datetime(2027, 3, 15, 8, 30))], Method.REQUEST, "time zone"),
        ([], Method.PUBLISH, "at least one event"),
    ],
)
def test_files_that_break_the_table_are_refused(events, method, message):
    with pytest.raises(IcsError, match=message):
        calendar_bytes(events, method)


# -- three parsers read the same thing -------------------------------------------------------


def read_icalendar(data: bytes) -> list[dict]:
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["METHOD"])
    return [
        {
            "uid": str(vevent["UID"]),
            "start": vevent.decoded("DTSTART"),
            "end": vevent.decoded("DTEND"),
            "summary": str(vevent["SUMMARY"]),
            "description": str(vevent.get("DESCRIPTION", "")),
            "location": str(vevent.get("LOCATION", "")),
            "attendees": [
                a.params.get("CN", "")
                for a in (
                    vevent.get("ATTENDEE", [])
                    if isinstance(vevent.get("ATTENDEE", []), list)
                    else [vevent["ATTENDEE"]]
                )
            ],
            "sequence": int(vevent.get("SEQUENCE", 0)),
        }
        for vevent in calendar.walk("VEVENT")
    ]


def read_vobject(data: bytes) -> list[dict]:
    calendar = vobject.readOne(data.decode("utf-8"))
    assert calendar.method.value
    return [
        {
            "uid": vevent.uid.value,
            "start": vevent.dtstart.value,
            "end": vevent.dtend.value,
            "summary": vevent.summary.value,
            "description": getattr(vevent, "description", None) and vevent.description.value or "",
            "location": getattr(vevent, "location", None) and vevent.location.value or "",
            "attendees": [a.params.get("CN", [""])[0] for a in vevent.contents.get("attendee", [])],
            "sequence": int(vevent.sequence.value) if hasattr(vevent, "sequence") else 0,
        }
        for vevent in calendar.vevent_list
    ]


def read_ical(data: bytes) -> list[dict]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert calendar.method
    return [
        {
            "uid": item.uid,
            "start": item.dtstart,
            "end": item.dtend,
            "summary": item.summary,
            "description": item.description or "",
            "location": item.location or "",
            "attendees": [a.common_name or "" for a in item.attendees],
            "sequence": item.sequence or 0,
        }
        for item in calendar.events
    ]


PARSERS = {"icalendar": read_icalendar, "vobject": read_vobject, "ical": read_ical}


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_every_parser_reads_every_kind_of_file(kind, parser):
    name, _, data = kind
    read = PARSERS[parser](data)
    expected = read_icalendar(data)
    assert len(read) == len(expected)
    for got, want in zip(read, expected, strict=True):
        assert got["uid"] == want["uid"]
        assert got["summary"] == want["summary"]
        assert got["description"] == want["description"]
        assert got["location"] == want["location"]
        assert got["attendees"] == want["attendees"]
        assert got["sequence"] == want["sequence"]
        assert got["start"] == want["start"]  # the same instant
        assert got["start"].utcoffset() == want["start"].utcoffset()
        assert (got["start"].hour, got["start"].minute) == (8, 30)


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_awkward_text_round_trips_exactly(parser):
    text = request().decode("utf-8")
    # On the wire the specials are escaped; nothing raw leaks into the structure.
    assert "SUMMARY:Progress call — Hannah Whitfield (Whitfield & Sons)" in text
    assert r"Bring the Q3 deck\; prices\, terms & 🎉 cake\nSecond line\, with \\ a backslash" in (
        "".join(text.split("\r\n "))
    )
    (read,) = PARSERS[parser](request())
    assert read["description"] == AWKWARD_NOTE
    # A double quote cannot live in a parameter value: it becomes an apostrophe.
    assert read["attendees"] == [AWKWARD_NAME.replace('"', "'")]

    (many,) = PARSERS[parser](publish_many())[:1]
    assert many["summary"] == f"Call 0 — {AWKWARD_NAME}"
    assert many["description"] == AWKWARD_NOTE


def test_control_characters_are_dropped_but_tabs_kept():
    data = calendar_bytes([event(attendees=(), description="a\x00b\x07c\td\r\ne")], Method.PUBLISH)
    for parse in PARSERS.values():
        assert parse(data)[0]["description"] == "abc\td\ne"


# -- daylight saving time --------------------------------------------------------------------


def across_the_change() -> list[bytes]:
    """08:30 in New York on the Friday before the March 2027 change, on its Sunday and on the
    Monday after: as one PUBLISH, and as an invitation rescheduled across the change."""
    days = (12, 14, 15)
    publish = calendar_bytes(
        [
            event(
                uid=f"dst-{day}@touchdesk",
                attendees=(),
                start=datetime(2027, 3, day, 8, 30, tzinfo=NEW_YORK),
            )
            for day in days
        ],
        Method.PUBLISH,
    )
    before = calendar_bytes(
        [event(start=datetime(2027, 3, 12, 8, 30, tzinfo=NEW_YORK))], Method.REQUEST
    )
    after = calendar_bytes(
        [event(sequence=1, start=datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK))], Method.REQUEST
    )
    return [publish, before, after]


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_0830_in_new_york_stays_0830_across_the_march_2027_change(parser):
    expected_offsets = {12: timedelta(hours=-5), 14: timedelta(hours=-4), 15: timedelta(hours=-4)}
    seen = 0
    for data in across_the_change():
        assert b"DTSTART;TZID=America/New_York:202703" in data
        for read in PARSERS[parser](data):
            start = read["start"]
            assert (start.hour, start.minute) == (8, 30)
            assert start.utcoffset() == expected_offsets[start.day]
            # The instant: 13:30 UTC before the change, 12:30 UTC after it.
            assert start.astimezone(UTC).hour == (13 if start.day == 12 else 12)
            seen += 1
    assert seen == 5


def test_the_written_vtimezone_itself_knows_the_change():
    """Not the parsers' own zone database: the VTIMEZONE block, read on its own."""
    (publish, *_) = across_the_change()
    calendar = icalendar.Calendar.from_ical(publish)
    (zone,) = calendar.walk("VTIMEZONE")
    written = zone.to_tz(lookup_tzid=False)
    friday = datetime(2027, 3, 12, 8, 30, tzinfo=written)
    monday = datetime(2027, 3, 15, 8, 30, tzinfo=written)
    assert friday.utcoffset() == timedelta(hours=-5)
    assert monday.utcoffset() == timedelta(hours=-4)

    # vobject builds its zone from the block too (the strict `ical` package skips observances
    # that have no RRULE or RDATE and falls back to its own zone database, checked above).
    calendar = vobject.readOne(publish.decode("utf-8"))
    starts = [vevent.dtstart.value for vevent in calendar.vevent_list]
    assert all(not isinstance(start.tzinfo, ZoneInfo) for start in starts)
    assert [start.utcoffset() for start in starts] == [
        timedelta(hours=-5),
        timedelta(hours=-4),
        timedelta(hours=-4),
    ]


def test_utc_times_are_written_as_utc_without_a_vtimezone():
    data = calendar_bytes(
        [event(attendees=(), start=datetime(2027, 3, 15, 8, 30, tzinfo=UTC))], Method.PUBLISH
    )
    assert "DTSTART:20270315T083000Z" in unfolded(data)
    assert b"VTIMEZONE" not in data


def test_no_event_time_is_floating():
    """Only a VTIMEZONE's own onsets are local times, as RFC 5545 wants them."""
    for data in (publish_one(), publish_many(), request(), cancel()):
        in_event = False
        for line in unfolded(data):
            in_event = {"BEGIN:VEVENT": True, "END:VEVENT": False}.get(line, in_event)
            if in_event and re.match(r"(DTSTART|DTEND|DTSTAMP)[:;]", line):
                assert "TZID=" in line or line.endswith("Z"), line


def test_importing_the_invite_code_leaves_icalendar_unloaded():
    """icalendar costs ~115 ms: start-up (and opening the dialog) must not pay for it."""
    probe = (
        "import sys, touchdesk.formats.ics, touchdesk.services.invites.build, "
        "touchdesk.services.invites.export; "
        "print('icalendar' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# -- places with line breaks, the repeated hour, and zone blocks that hold for any year --------

READERS = ("icalendar", "vobject", "ical")


def read_events(reader: str, data: bytes) -> dict[str, tuple[datetime, datetime, str]]:
    """UID -> (start, end) in UTC and the location, as each independent parser reads them."""
    text = data.decode("utf-8")
    if reader == "icalendar":
        found = icalendar.Calendar.from_ical(text).walk("VEVENT")
        return {
            str(e["UID"]): (
                e.decoded("DTSTART").astimezone(UTC),
                e.decoded("DTEND").astimezone(UTC),
                str(e.get("LOCATION", "")),
            )
            for e in found
        }
    if reader == "vobject":
        found = vobject.readOne(text).vevent_list
        return {
            e.uid.value: (
                e.dtstart.value.astimezone(UTC),
                e.dtend.value.astimezone(UTC),
                e.location.value if hasattr(e, "location") else "",
            )
            for e in found
        }
    found = IcsCalendarStream.calendar_from_ics(text).events
    return {
        e.uid: (e.dtstart.astimezone(UTC), e.dtend.astimezone(UTC), e.location or "") for e in found
    }


@pytest.mark.parametrize("reader", READERS)
def test_a_place_with_a_passcode_line_is_written_on_two_lines(reader):
    place = "https://meet.example.com/j/123\nPasscode: 4711"
    data = calendar_bytes(
        [event(attendees=(), location=place, url="https://meet.example.com/j/123")],
        Method.PUBLISH,
        stamp=STAMP,
    )
    assert "LOCATION:https://meet.example.com/j/123\\nPasscode: 4711" in unfolded(data)
    (read,) = read_events(reader, data).values()
    assert read[2] == place


def test_a_link_holding_a_line_break_is_refused_in_words():
    bad = event(attendees=(), url="https://meet.example.com/j/123\nPasscode: 4711")
    with pytest.raises(IcsError, match="A link cannot hold a space or a line break"):
        calendar_bytes([bad], Method.PUBLISH, stamp=STAMP)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(str.strip))
@example("\\N")  # icalendar's own writer made a line break of it (hypothesis found it)
@example("C:\\New folder\\notes; see, \\\\server\\Nord")
def test_any_place_reads_back_as_typed(place):
    data = calendar_bytes([event(attendees=(), location=place)], Method.PUBLISH, stamp=STAMP)
    (vevent,) = events_of(data)
    # Line breaks of any kind come back as \n; other control characters are dropped.
    expected = re.sub(
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", place.replace("\r\n", "\n").replace("\r", "\n")
    )
    assert str(vevent["LOCATION"]) == expected


@pytest.mark.parametrize("reader", READERS)
def test_both_meanings_of_the_repeated_hour_reach_every_reader(reader):
    """01:30 on the night New York's clocks go back happens twice; each event keeps its own."""
    first = datetime(2027, 11, 7, 1, 30, tzinfo=NEW_YORK)  # EDT, 05:30 UTC
    second = first.replace(fold=1)  # EST, 06:30 UTC
    data = calendar_bytes(
        [
            event(uid="first", attendees=(), start=first, duration_minutes=60),
            event(uid="second", attendees=(), start=second, duration_minutes=60),
        ],
        Method.PUBLISH,
        stamp=STAMP,
    )
    read = read_events(reader, data)
    assert read["first"][:2] == (
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
        datetime(2027, 11, 7, 6, 30, tzinfo=UTC),
    )
    assert read["second"][:2] == (
        datetime(2027, 11, 7, 6, 30, tzinfo=UTC),
        datetime(2027, 11, 7, 7, 30, tzinfo=UTC),
    )


def vtimezone_text(data: bytes) -> str:
    text = data.decode("utf-8")
    return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE") + 13]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "zone",
    [NEW_YORK, LONDON, ZoneInfo("Australia/Sydney"), TOKYO, ZoneInfo("Europe/Istanbul")],
    ids=str,
)
def test_a_winter_files_zone_block_serves_summer_and_later_years(reader, zone):
    """vobject keeps the first block it sees for a TZID and uses it for every later file: the
    block from a file holding one January event must give the right instant on any date."""
    winter = calendar_bytes(
        [event(attendees=(), start=datetime(2027, 1, 12, 9, 0, tzinfo=zone))],
        Method.PUBLISH,
        stamp=STAMP,
    )
    later = [
        datetime(2027, 1, 12, 9, 0, tzinfo=zone),
        datetime(2027, 7, 15, 9, 0, tzinfo=zone),
        datetime(2031, 7, 15, 18, 0, tzinfo=zone),
        datetime(2033, 12, 1, 8, 30, tzinfo=zone),
        datetime(2040, 4, 20, 9, 0, tzinfo=zone),
    ]
    other = calendar_bytes(
        [event(uid=f"e{n}", attendees=(), start=start) for n, start in enumerate(later)],
        Method.PUBLISH,
        stamp=STAMP,
    )
    # The other file's events read with the first file's block, under a name no reader knows
    # (so none falls back to its own copy of the zone's rules).
    name = f"TouchDesk-Test/{zone.key}-{reader}-{uuid.uuid4().hex}"
    spliced = other.decode("utf-8").replace(vtimezone_text(other), vtimezone_text(winter))
    read = read_events(reader, spliced.replace(zone.key, name).encode("utf-8"))
    for n, start in enumerate(later):
        assert read[f"e{n}"][0] == start.astimezone(UTC), start
