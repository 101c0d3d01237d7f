"""A real CalDAV server (Radicale) takes the exported step, then its rescheduled export, as ONE
event: the stable UID updates the event rather than adding a second one."""

from __future__ import annotations

import base64
import importlib.util
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.factories import prospect
from touchdesk.services import settings
from touchdesk.services.invites.export import export_steps
from touchdesk.services.next_steps import get_step, open_step, reschedule

NEW_YORK = ZoneInfo("America/New_York")
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
START_TIMEOUT_S = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CalDav:
    """Just enough of a CalDAV client, over urllib, for one user's calendars."""

    def __init__(self, base: str, user: str) -> None:
        self.base = base
        self.user = user
        token = base64.b64encode(f"{user}:secret".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}"}

    def send(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path,
            data=body or None,
            method=method,
            headers=self.headers | (headers or {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture
def radicale(tmp_path: Path):
    if importlib.util.find_spec("radicale") is None:
        pytest.skip("radicale is not installed (pip install radicale): no CalDAV server to try")
    port = _free_port()
    log = (tmp_path / "radicale.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",  # no system or user configuration: only what is given here
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--storage-filesystem-folder",
            str(tmp_path / "collections"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                log.flush()
                pytest.fail(
                    f"Radicale stopped at start:\n{(tmp_path / 'radicale.log').read_text()}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Radicale did not listen within 30 s")
                time.sleep(0.1)
        yield CalDav(f"http://127.0.0.1:{port}", "seller")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>TouchDesk</D:displayname></D:prop></D:set>
</C:mkcalendar>"""

ALL_EVENTS = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>
  </C:filter>
</C:calendar-query>"""


def _events_by_report(dav: CalDav, collection: str) -> list[icalendar.Event]:
    status, body = dav.send(
        "REPORT",
        collection,
        ALL_EVENTS,
        {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
    )
    assert status == 207, body
    events = []
    for data in ElementTree.fromstring(body).iter(f"{CALDAV}calendar-data"):
        events += icalendar.Calendar.from_ical(data.text.encode()).walk("VEVENT")
    return events


def test_a_rescheduled_export_updates_the_one_event_on_a_caldav_server(store, tmp_path, radicale):
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_email", "sam@example.com")
    settings.put("time_zone", "America/New_York")
    first_time = datetime(2027, 3, 12, 8, 30, tzinfo=NEW_YORK)  # before the DST change
    pid = prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        due=first_time,
        purpose="Progress",
        time_zone="America/New_York",
    )
    step = open_step(pid)
    out = tmp_path / "export" / "march.ics"

    collection = "/seller/touchdesk/"
    status, body = radicale.send("MKCALENDAR", collection, MKCALENDAR)
    assert status == 201, body
    # The resource is named after the UID, as CalDAV clients do.
    resource = collection + step.uid.replace("@", "-") + ".ics"
    headers = {"Content-Type": "text/calendar; charset=utf-8"}

    export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    status, body = radicale.send("PUT", resource, out.read_bytes(), headers)
    assert status == 201, body

    moved_to = datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK)  # after the DST change
    reschedule(step.id, moved_to)
    export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    status, body = radicale.send("PUT", resource, out.read_bytes(), headers)
    assert status in (200, 201, 204), body

    # Stored under a second address, the same UID is refused: identity is the UID.
    status, body = radicale.send("PUT", collection + "copy.ics", out.read_bytes(), headers)
    assert status == 409 and b"no-uid-conflict" in body, (status, body)

    (event,) = _events_by_report(radicale, collection)
    assert str(event["UID"]) == step.uid == get_step(step.id).uid
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == moved_to
    assert event["DTSTART"].params["TZID"] == "America/New_York"

    # The collection read whole (GET) tells the same: one event, at the new time.
    status, body = radicale.send("GET", collection)
    assert status == 200
    (whole,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert whole.decoded("DTSTART") == moved_to
    # Three days later on the wall clock, one hour less in real time: the clocks went forward.
    elapsed = whole.decoded("DTSTART").astimezone(UTC) - first_time.astimezone(UTC)
    assert elapsed == timedelta(days=3, hours=-1)
