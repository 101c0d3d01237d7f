"""Next steps in the seller's calendar, against a real Radicale and a real Xandikos."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.factories import prospect
from tests.services.dav.helpers import calendar_of, members, phone_delete, phone_put
from touchdesk.domain.vocabulary import NextStepStatus
from touchdesk.services import settings
from touchdesk.services.dav import questions, state
from touchdesk.services.dav.connection import connect
from touchdesk.services.dav.sync import sync
from touchdesk.services.follow_up import move_step
from touchdesk.services.next_steps import close_step, open_step
from touchdesk.services.timeline import timeline
from touchdesk.store.models import NextStep, Prospect

WHEN = datetime(2031, 3, 11, 14, 30, tzinfo=UTC)  # a Tuesday afternoon in London


@pytest.fixture
def hannah(store):
    settings.put("time_zone", "Europe/London")
    settings.put("home_country", "GB")
    pid = prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=WHEN,
        purpose="Follow up on voicemail",
        phones=("+44 20 7946 0123",),
        emails=("hannah@whitfield.example",),
        time_zone="Europe/London",
        country_code="GB",
    )
    Prospect.update(attempts=1).where(Prospect.id == pid).execute()  # one call so far
    return pid


@pytest.fixture
def connected(dav_server, file_keyring, hannah):
    connect(dav_server.url, dav_server.user, password=dav_server.password)
    return dav_server


def _events(server) -> list:
    found = []
    for _, (_, body) in members(server, state.CALENDAR).items():
        found += list(Calendar.from_ical(body).walk("VEVENT"))
    return found


def test_an_open_step_becomes_an_event_written_for_the_seller(connected, hannah):
    report = sync()
    assert report.ok, report.error

    events = calendar_of(connected).events()  # read back by another client
    assert len(events) == 1
    event = events[0].icalendar_component
    step = open_step(hannah)
    assert str(event["UID"]) == step.uid
    assert str(event["SUMMARY"]) == "Call Hannah Whitfield — follow up on voicemail (#2)"
    description = str(event["DESCRIPTION"])
    assert "Follow up on voicemail" in description and "020 7946 0123" in description
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt.astimezone(UTC) == WHEN
    alarm = next(iter(event.walk("VALARM")))
    assert alarm["TRIGGER"].dt == -timedelta(minutes=15)
    whole = Calendar.from_ical(events[0].data)
    assert [str(z["TZID"]) for z in whole.walk("VTIMEZONE")] == ["Europe/London"]


def test_changing_and_closing_the_step_updates_then_removes_the_event(connected, hannah):
    sync()
    step = open_step(hannah)
    later = WHEN + timedelta(days=1)
    move_step(step.id, later)
    assert sync().ok
    (event,) = _events(connected)
    assert event["DTSTART"].dt.astimezone(UTC) == later

    close_step(step.id, NextStepStatus.DONE)
    report = sync()
    assert report.ok and report.pushed.removed == 1
    assert _events(connected) == []


def test_an_event_moved_on_the_phone_reschedules_the_step(connected, hannah):
    sync()
    step = open_step(hannah)
    ((href, (etag, body)),) = members(connected, state.CALENDAR).items()
    moved = WHEN + timedelta(days=2, hours=-4)  # Thursday 10:30 London
    phone_body = body.replace(
        "DTSTART;TZID=Europe/London:20310311T143000", "DTSTART;TZID=Europe/London:20310313T103000"
    ).replace(
        "DTEND;TZID=Europe/London:20310311T150000", "DTEND;TZID=Europe/London:20310313T110000"
    )
    assert phone_body != body
    assert phone_put(connected, href, phone_body, etag, "text/calendar") in (200, 201, 204)

    report = sync()
    assert report.ok, report.error
    assert NextStep.get_by_id(step.id).due_at == moved
    entries = [e.detail for e in timeline(hannah)]
    assert any(note.startswith("Moved in your calendar") for note in entries)
    # The step keeps its identity: still one event, at the phone's time.
    (event,) = _events(connected)
    assert str(event["UID"]) == step.uid
    assert event["DTSTART"].dt.astimezone(UTC) == moved


def test_an_event_deleted_on_the_phone_is_asked_about_never_cancelled(connected, hannah):
    sync()
    step = open_step(hannah)
    ((href, (etag, _)),) = members(connected, state.CALENDAR).items()
    assert phone_delete(connected, href, etag) in (200, 204)

    report = sync()
    assert report.ok and report.questions == 1
    assert NextStep.get_by_id(step.id).status == NextStepStatus.OPEN.value
    assert _events(connected) == []  # not put back behind the seller's back either
    (question,) = questions.questions()
    assert "deleted in your calendar" in question.text

    questions.answer(question.id, questions.KEEP)
    assert sync().ok
    assert [str(e["UID"]) for e in _events(connected)] == [step.uid]


def test_cancelling_after_the_phone_deleted_it_closes_the_step(connected, hannah):
    sync()
    ((href, (etag, _)),) = members(connected, state.CALENDAR).items()
    phone_delete(connected, href, etag)
    sync()
    (question,) = questions.questions()
    questions.answer(question.id, questions.CANCEL)
    assert open_step(hannah) is None
    assert sync().ok and _events(connected) == []


def _phone_moves(server, to_text: str, modified: datetime) -> None:
    ((href, (etag, body)),) = members(server, state.CALENDAR).items()
    changed = body.replace(
        "DTSTART;TZID=Europe/London:20310311T143000", f"DTSTART;TZID=Europe/London:{to_text}"
    )
    changed = changed.replace("DTEND;TZID=Europe/London:20310311T150000", "DURATION:PT30M")
    stamp = f"LAST-MODIFIED:{modified:%Y%m%dT%H%M%SZ}\r\n"
    changed = changed.replace("SEQUENCE:", stamp + "SEQUENCE:", 1)
    assert phone_put(server, href, changed, etag, "text/calendar") in (200, 201, 204)


def test_when_both_sides_moved_it_the_later_change_wins(connected, hannah):
    sync()
    step = open_step(hannah)
    mine = WHEN + timedelta(days=1)
    move_step(step.id, mine)  # now, in TouchDesk
    # The phone's move happened later than TouchDesk's (LAST-MODIFIED in the future).
    _phone_moves(connected, "20310314T090000", datetime.now(UTC) + timedelta(hours=1))

    assert sync().ok
    theirs = datetime(2031, 3, 14, 9, 0, tzinfo=UTC)
    assert NextStep.get_by_id(step.id).due_at == theirs
    notes = [e.detail for e in timeline(hannah)]
    assert any("earlier change made in TouchDesk was replaced" in n for n in notes)


def test_when_touchdesk_changed_it_later_its_time_is_kept(connected, hannah):
    sync()
    step = open_step(hannah)
    _phone_moves(connected, "20310314T090000", datetime.now(UTC).replace(microsecond=0))
    time.sleep(1.1)  # stored times keep whole seconds
    mine = WHEN + timedelta(days=1)
    move_step(step.id, mine)  # TouchDesk's change is the later one

    assert sync().ok
    assert NextStep.get_by_id(step.id).due_at == mine
    notes = [e.detail for e in timeline(hannah)]
    assert any("Your calendar had the call at" in n for n in notes)
    (event,) = _events(connected)
    assert event["DTSTART"].dt.astimezone(UTC) == mine
