"""touchdesk-cli log, next, snooze, suggest and export-ics: the follow-up cycle from a terminal,
checked on what it prints and what it leaves in the database and the calendar file."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests.cli.test_cli import cli
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.time_policy import ProspectDay, prospect_breaks
from touchdesk.services import settings
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.prospects import add_prospect
from touchdesk.store import db
from touchdesk.store.opening import open_store

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    ensure_defaults()
    settings.put("seller_email", "me@seller.example")
    add_prospect(
        ProspectInput(
            first_name="Hannah",
            last_name="Whitfield",
            company="Whitfield & Sons",
            emails=("hannah@whitfield.example",),
            time_zone="Europe/Berlin",
            country_code="DE",
        )
    )
    add_prospect(ProspectInput(first_name="Sam", last_name="Lee", company="A"))
    add_prospect(ProspectInput(first_name="Sam", last_name="Lee", company="B"))
    db.close()
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_log_a_voicemail_with_the_first_suggestion(database):
    done = cli(
        "--db", str(database), "log", "hannah@WHITFIELD.example",
        "--channel", "call", "--outcome", "left_voicemail", "--next-suggested", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Logged for Hannah Whitfield: attempt 1." in done.stdout
    assert "Follow up on voicemail (#2)" in done.stdout
    (touch,) = rows(database, "SELECT channel, outcome, attempt FROM touch")
    assert touch == ("call", "left_voicemail", 1)
    (step,) = rows(database, "SELECT channel, purpose, due_at FROM next_step WHERE status='open'")
    assert step[:2] == ("call", "Follow up on voicemail")
    due = datetime.fromisoformat(step[2]).astimezone(BERLIN)
    assert not prospect_breaks(due, ProspectDay(BERLIN, "DE"))


def test_a_typed_time_that_breaks_a_rule_is_kept_with_a_warning(database):
    done = cli(
        "--db", str(database), "log", "1", "--channel", "email", "--outcome", "sent",
        "--next", "2027-01-08 17:00", "--purpose", "Chase",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning: Friday 17:00 in Berlin: after 16:00 on a Friday" in done.stderr
    (step,) = rows(database, "SELECT purpose, due_at FROM next_step WHERE status='open'")
    assert step[0] == "Chase"
    assert datetime.fromisoformat(step[1]).astimezone(BERLIN) == datetime(
        2027, 1, 8, 17, 0, tzinfo=BERLIN
    )


def test_a_bad_time_or_an_ambiguous_name_changes_nothing(database):
    bad = cli(
        "--db", str(database), "log", "1", "--channel", "call", "--outcome", "talked",
        "--next", "next tuesday",
    )  # fmt: skip
    assert bad.returncode == 1 and "is not a time" in bad.stderr
    ambiguous = cli(
        "--db", str(database), "log", "Sam Lee", "--channel", "call", "--outcome", "talked",
        "--no-next-step",
    )  # fmt: skip
    assert ambiguous.returncode == 1
    assert "2 prospects answer to 'Sam Lee'" in ambiguous.stderr
    assert "2: Sam Lee — A" in ambiguous.stderr and "3: Sam Lee — B" in ambiguous.stderr
    assert rows(database, "SELECT count(*) FROM touch") == [(0,)]
    one_of_them = cli(
        "--db", str(database), "log", "Sam Lee — B", "--channel", "call", "--outcome",
        "talked", "--no-next-step",
    )  # fmt: skip
    assert one_of_them.returncode == 0, one_of_them.stderr
    assert "No next step for Sam Lee: they are flagged" in one_of_them.stdout


def test_next_sets_and_changes_the_step_and_snooze_moves_it(database):
    first = cli("--db", str(database), "next", "1", "--at", "2027-01-05 10:00", "--purpose", "Demo")
    assert first.returncode == 0, first.stderr
    second = cli("--db", str(database), "next", "1", "--at", "2027-01-06 12:00")
    assert second.returncode == 0, second.stderr
    steps = rows(database, "SELECT id, status, purpose FROM next_step ORDER BY id")
    assert [s[1] for s in steps] == ["replaced", "open"] and steps[1][2] == "Demo"
    step_id = steps[1][0]
    listed = cli("--db", str(database), "snooze", str(step_id))
    assert listed.returncode == 0 and " 1. " in listed.stdout
    moved = cli("--db", str(database), "snooze", str(step_id), "--choice", "1")
    assert moved.returncode == 0, moved.stderr
    (due,) = rows(database, f"SELECT due_at FROM next_step WHERE id={step_id}")
    assert not prospect_breaks(datetime.fromisoformat(due[0]), ProspectDay(BERLIN, "DE"))
    closed = cli("--db", str(database), "snooze", str(steps[0][0]), "--choice", "1")
    assert closed.returncode == 1 and "only an open one can be snoozed" in closed.stderr


def test_suggest_lists_the_policys_slots_with_reasons(database):
    done = cli("--db", str(database), "suggest", "1", "--channel", "email", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["channel"] == "email" and document["suggestions"]
    for slot in document["suggestions"]:
        at = datetime.fromisoformat(slot["at"])
        assert at.strftime("%H:%M") in ("08:30", "13:00") and at.utcoffset() == BERLIN.utcoffset(
            at.replace(tzinfo=None)
        )
        assert slot["reason"] == "Email: 08:30 or 13:00"
        # A New York seller's day never meets Berlin's 08:30 or 13:00.
        assert slot["outside_your_hours"] is True
    text = cli("--db", str(database), "suggest", "Hannah Whitfield")
    assert text.returncode == 0 and "outside your hours" in text.stdout


def test_export_ics_writes_a_request_every_reader_accepts(database, tmp_path):
    assert cli("--db", str(database), "next", "1", "--at", "2027-01-05 10:00",
               "--channel", "video_call", "--purpose", "Demo").returncode == 0  # fmt: skip
    (step_id,) = rows(database, "SELECT id FROM next_step WHERE status='open'")[0]
    out = tmp_path / "invite.ics"
    done = cli(
        "--db", str(database), "export-ics", str(out), "--step", str(step_id), "--method", "request"
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event["ORGANIZER"] == "mailto:me@seller.example"
    attendee = event["ATTENDEE"]
    assert attendee == "mailto:hannah@whitfield.example" and attendee.params["RSVP"] == "TRUE"
    assert event["DTSTART"].dt == datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN)
    assert vobject.readOne(text).vevent.dtstart.value.utcoffset().total_seconds() == 3600
    assert IcsCalendarStream.calendar_from_ics(text).events[0].uid == str(event["UID"])
    publish = tmp_path / "all.ics"
    assert cli("--db", str(database), "export-ics", str(publish), "--prospect", "1").returncode == 0
    published = icalendar.Calendar.from_ical(publish.read_bytes())
    assert published["METHOD"] == "PUBLISH"
    assert all("ATTENDEE" not in e for e in published.walk("VEVENT"))
    cancel = tmp_path / "cancel.ics"
    refused = cli(
        "--db",
        str(database),
        "export-ics",
        str(cancel),
        "--step",
        str(step_id),
        "--method",
        "cancel",
    )
    assert refused.returncode == 1 and not cancel.exists()  # an open step is not called off
    half = cli("--db", str(database), "export-ics", str(tmp_path / "x.ics"), "--from", "2027-01-01")
    assert half.returncode == 1 and "both --from and --to" in half.stderr


def test_today_json_gives_each_rows_time_on_the_prospects_own_clock(database):
    assert cli("--db", str(database), "next", "1", "--at", "2026-11-30 08:30").returncode == 0
    done = cli("--db", str(database), "today", "--json")
    assert done.returncode == 0, done.stderr
    (row,) = [r for r in json.loads(done.stdout)["calls"] if r["prospect_id"] == 1]
    theirs, yours = (
        datetime.fromisoformat(row["due_their_time"]),
        datetime.fromisoformat(row["due"]),
    )
    assert theirs == yours  # the same instant
    assert theirs.strftime("%H:%M %z") == "08:30 +0100"  # read on Berlin's clock
