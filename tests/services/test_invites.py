"""Invites from the real store: one UID per step for life, rising sequences, and refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.factories import prospect
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.formats.ics import Method
from touchdesk.services import settings
from touchdesk.services.invites.build import describe_invites, invite_for_step, mailto_url
from touchdesk.services.invites.export import export_steps
from touchdesk.services.invites.rules import NO_EMAIL
from touchdesk.services.invites.steps import InviteError
from touchdesk.services.next_steps import (
    close_step,
    get_step,
    open_step,
    reschedule,
    set_next_step,
)
from touchdesk.services.statuses import set_status

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
MONDAY_0830 = datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK)


@pytest.fixture
def seller(store):
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_email", "sam@example.com")
    settings.put("seller_phone", "+12025550100")
    settings.put("time_zone", "America/New_York")
    return store


def hannah(**fields) -> int:
    """Hannah, with an open progress call at 08:30 New York time on Monday 15 March 2027."""
    values = {
        "emails": ("hannah@example.com",),
        "time_zone": "America/New_York",
        "country_code": "US",
    } | fields
    return prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=MONDAY_0830,
        purpose="Progress call",
        **values,
    )


def step_of(prospect_id: int) -> int:
    return open_step(prospect_id).id


def only_event(data: bytes) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def test_the_invitation_names_the_seller_the_prospect_and_their_time(seller):
    step = step_of(hannah())
    invite = invite_for_step(step, Method.REQUEST)
    assert invite.ok and invite.problems == ()
    assert invite.filename == "invite-call-hannah-whitfield-2027-03-15.ics"
    event = only_event(invite.content)
    assert str(event["SUMMARY"]) == "Call: Hannah Whitfield / Whitfield & Sons"
    assert str(event["ORGANIZER"]) == "mailto:sam@example.com"
    assert event["ORGANIZER"].params["CN"] == "Sam Seller"
    assert str(event["ATTENDEE"]) == "mailto:hannah@example.com"
    assert event["ATTENDEE"].params["CN"] == "Hannah Whitfield"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == MONDAY_0830
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    description = str(event["DESCRIPTION"])
    assert "Sam Seller: (202) 555-0100" in description
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-15)
    assert icalendar.Calendar.from_ical(invite.content)["METHOD"] == "REQUEST"


def test_uid_stays_and_sequence_rises_after_reschedule_and_cancel(seller):
    step = step_of(hannah())
    first = only_event(invite_for_step(step, Method.REQUEST).content)
    assert int(first.get("SEQUENCE", 0)) == 0

    reschedule(step, MONDAY_0830 + timedelta(days=1))
    moved = only_event(invite_for_step(step, Method.REQUEST).content)
    assert str(moved["UID"]) == str(first["UID"])
    assert int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == MONDAY_0830 + timedelta(days=1)

    close_step(step, NextStepStatus.CANCELLED)
    cancellation = invite_for_step(step, Method.CANCEL)
    assert cancellation.ok, cancellation.problems
    cancelled = only_event(cancellation.content)
    assert str(cancelled["UID"]) == str(first["UID"])
    assert int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["ATTENDEE"]) == "mailto:hannah@example.com"
    assert cancelled.walk("VALARM") == []
    assert cancellation.filename.startswith("cancelled-")


def test_a_cancellation_waits_until_the_step_is_cancelled(seller):
    step = step_of(hannah())
    refused = invite_for_step(step, Method.CANCEL)
    assert not refused.ok and refused.content == b""
    assert "cancel it first" in refused.problems[0]


def test_do_not_contact_gets_no_invites_of_any_kind(seller, tmp_path):
    pid = hannah()
    step = step_of(pid)
    set_status(pid, ProspectStatus.DO_NOT_CONTACT)
    for method in Method:
        refused = invite_for_step(step, method)
        assert refused.content == b""
        assert refused.problems == (
            "Hannah Whitfield asked not to be contacted: no invitations or calendar entries.",
        )
    with pytest.raises(InviteError, match="asked not to be contacted"):
        export_steps(tmp_path / "one.ics", step_id=step)
    with pytest.raises(InviteError, match="asked not to be contacted"):
        mailto_url(step)
    assert not (tmp_path / "one.ics").exists()


def test_a_range_export_leaves_do_not_contact_out_and_says_so(seller, tmp_path):
    kept = step_of(hannah())
    other = prospect("Ada", due=MONDAY_0830 + timedelta(hours=2), emails=("ada@example.com",))
    set_status(other, ProspectStatus.DO_NOT_CONTACT)
    result = export_steps(tmp_path / "march.ics", start=date(2027, 3, 1), end=date(2027, 3, 31))
    assert result.count == 1
    assert result.left_out == ("1 next step of prospects who asked not to be contacted left out.",)
    (event,) = icalendar.Calendar.from_ical((tmp_path / "march.ics").read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == open_step_uid(kept)


def open_step_uid(step_id: int) -> str:
    return get_step(step_id).uid


def test_no_email_refuses_the_invitation_but_not_my_own_calendar(seller):
    step = step_of(hannah(emails=()))
    refused = invite_for_step(step, Method.REQUEST)
    assert not refused.ok and refused.content == b""
    assert refused.problems == (f"Hannah Whitfield has {NO_EMAIL}.",)
    assert (
        "no email address, so no invitation can be sent; add it to your own calendar instead"
        in refused.problems[0]
    )
    mine = invite_for_step(step, Method.PUBLISH)
    assert mine.ok
    calendar = icalendar.Calendar.from_ical(mine.content)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert "ATTENDEE" not in event
    assert str(event["ORGANIZER"]) == "mailto:sam@example.com"
    overview = describe_invites(step)
    assert not overview.allowed(Method.REQUEST) and overview.allowed(Method.PUBLISH)
    with pytest.raises(InviteError, match="no email address"):
        mailto_url(step)


def test_a_seller_without_email_cannot_send_an_invitation(store):
    settings.put("seller_email", "")
    step = step_of(hannah())
    refused = invite_for_step(step, Method.REQUEST)
    assert not refused.ok
    assert any("set it in Settings" in problem for problem in refused.problems)
    # Their own calendar needs no organizer address.
    mine = invite_for_step(step, Method.PUBLISH)
    assert mine.ok and "ORGANIZER" not in only_event(mine.content)
    # The email itself they write by hand.
    assert mailto_url(step).startswith("mailto:hannah@example.com?")


def test_re_exporting_a_range_to_the_same_path_keeps_uids(seller, tmp_path):
    steps = [
        step_of(hannah()),
        step_of(prospect("Ada", "Lovelace", due=MONDAY_0830 + timedelta(days=3))),
        step_of(prospect("Grace", due=MONDAY_0830 + timedelta(days=7), time_zone="Europe/London")),
    ]
    out = tmp_path / "calendar" / "next-steps.ics"
    first = export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    before = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }
    assert first.count == 3 and set(first.uids) == set(before)

    reschedule(steps[1], MONDAY_0830 + timedelta(days=4))
    again = export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    after = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }
    assert set(after) == set(before) and again.uids == first.uids
    moved = open_step_uid(steps[1])
    assert int(after[moved]["SEQUENCE"]) == int(before[moved].get("SEQUENCE", 0)) + 1
    assert after[moved].decoded("DTSTART") == MONDAY_0830 + timedelta(days=4)
    # Each prospect's own clock: Grace's step is written in London time.
    grace = open_step_uid(steps[2])
    assert after[grace]["DTSTART"].params["TZID"] == "Europe/London"
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_a_cancelled_step_in_a_range_is_written_cancelled(seller, tmp_path):
    step = step_of(hannah())
    out = tmp_path / "march.ics"
    export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    close_step(step, NextStepStatus.CANCELLED)
    result = export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    event = only_event(out.read_bytes())
    assert result.count == 1
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert event.walk("VALARM") == []
    with pytest.raises(InviteError, match="nothing to export"):
        export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31), include_cancelled=False)
    assert only_event(out.read_bytes())["UID"] == event["UID"]  # a refusal leaves the file


def test_a_step_replaced_before_it_was_due_is_withdrawn_with_a_higher_sequence(seller):
    pid = hannah()
    old = step_of(pid)
    set_next_step(pid, NextStepInput(MONDAY_0830 + timedelta(days=2), Channel.CALL, "Progress"))
    withdrawn = only_event(invite_for_step(old, Method.PUBLISH).content)
    assert str(withdrawn["STATUS"]) == "CANCELLED"
    assert int(withdrawn["SEQUENCE"]) == 1
    cancellation = invite_for_step(old, Method.CANCEL)
    assert cancellation.ok and int(only_event(cancellation.content)["SEQUENCE"]) == 1


def test_the_days_of_a_range_are_the_sellers(seller, tmp_path):
    # 23:30 in New York on 31 March is already 1 April in London, the prospect's zone.
    late = datetime(2027, 3, 31, 23, 30, tzinfo=NEW_YORK)
    prospect("Late", due=late, time_zone="Europe/London")
    result = export_steps(tmp_path / "march.ics", start=date(2027, 3, 31), end=date(2027, 3, 31))
    assert result.count == 1
    event = only_event((tmp_path / "march.ics").read_bytes())
    assert event.decoded("DTSTART") == late
    assert event.decoded("DTSTART").astimezone(LONDON).day == 1
    with pytest.raises(InviteError, match="nothing to export"):
        export_steps(tmp_path / "april.ics", start=date(2027, 4, 1), end=date(2027, 4, 30))


def test_a_prospect_without_a_zone_gets_the_sellers(seller):
    step = step_of(hannah(time_zone=""))
    event = only_event(invite_for_step(step, Method.PUBLISH).content)
    assert event["DTSTART"].params["TZID"] == "America/New_York"


def test_reminder_minutes_come_from_settings(seller):
    settings.put("reminder_minutes", 0)
    step = step_of(hannah())
    assert b"VALARM" not in invite_for_step(step, Method.REQUEST).content
    settings.put("reminder_minutes", 45)
    assert b"TRIGGER:-PT45M" in invite_for_step(step, Method.REQUEST).content


def test_an_invitation_holds_one_step(seller, tmp_path):
    hannah()
    prospect("Ada", due=MONDAY_0830, emails=("ada@example.com",))
    with pytest.raises(InviteError, match="exactly one next step"):
        export_steps(tmp_path / "x.ics", start=date(2027, 3, 1), method="request")
    assert not (tmp_path / "x.ics").exists()


def test_export_of_one_step_as_an_invitation(seller, tmp_path):
    step = step_of(hannah())
    result = export_steps(tmp_path / "invite.ics", step_id=step, method="request")
    assert result.method is Method.REQUEST and result.count == 1
    assert any("attach" in note for note in result.notes)
    data = (tmp_path / "invite.ics").read_bytes()
    assert b"\r\n" in data and b"METHOD:REQUEST\r\n" in data


def test_mailto_carries_subject_and_the_invite_sentence(seller):
    settings.put("time_zone", "Europe/London")  # the prospect's clock differs from ours
    step = step_of(hannah(emails=("hannah+deals@example.com",)))
    url = mailto_url(step, now=datetime(2027, 3, 10, 12, tzinfo=UTC))
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "hannah+deals@example.com"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Invitation: Call, Monday 15 March at 08:30"]
    body = query["body"][0]
    assert body.startswith("Hi Hannah,\r\n\r\n")
    assert "I'll put a call on both our calendars on Monday at 08:30 your time." in body
    # The seller's number as the prospect dials it: Hannah is in the US, so national.
    assert body.endswith("Sam Seller\r\n(202) 555-0100")
    assert " " not in url and "\n" not in url


def test_the_overview_explains_before_anything_is_built(seller):
    step = step_of(hannah())
    overview = describe_invites(step, now=datetime(2027, 3, 10, 12, tzinfo=UTC))
    assert overview.summary == "Call: Hannah Whitfield / Whitfield & Sons"
    assert overview.when == "Mon, 15 Mar 2027, 08:30 America/New_York"
    assert overview.email == "hannah@example.com"
    assert overview.sentence == (
        "I'll put a call on both our calendars on Monday at 08:30. If that time turns out "
        "not to suit you, just move it or tell me a better one."
    )
    assert overview.allowed(Method.REQUEST) and overview.allowed(Method.PUBLISH)
    assert not overview.allowed(Method.CANCEL)


def test_the_file_is_replaced_whole_when_written(seller, tmp_path: Path):
    step = step_of(hannah())
    out = tmp_path / "step.ics"
    out.write_bytes(b"old content")
    export_steps(out, step_id=step)
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_sellers_phone_is_written_for_where_the_prospect_is(seller):
    abroad = step_of(hannah(country_code="GB", time_zone="Europe/London"))
    event = only_event(invite_for_step(abroad, Method.REQUEST).content)
    assert "Sam Seller: +1 202-555-0100" in str(event["DESCRIPTION"])  # international
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").astimezone(LONDON).strftime("%H:%M") == "12:30"


def test_a_place_with_a_passcode_line_makes_an_invitation(seller):
    """A pasted video link with its passcode line: the place keeps both lines, the URL only
    the link (a URL cannot hold a line break; it made icalendar raise)."""
    pid = hannah()
    place = "https://meet.example.com/j/123\nPasscode: 4711"
    set_next_step(
        pid,
        NextStepInput(
            due_at=MONDAY_0830, channel=Channel.VIDEO_CALL, purpose="Demo", location=place
        ),
    )
    invite = invite_for_step(open_step(pid).id, Method.REQUEST)
    (event,) = icalendar.Calendar.from_ical(invite.content).walk("VEVENT")
    assert str(event["LOCATION"]) == place
    assert str(event["URL"]) == "https://meet.example.com/j/123"
