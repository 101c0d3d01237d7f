"""A calendar file is written like any other export: permissions from the umask, not 0600."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from touchdesk.services import settings
from touchdesk.services.invites.export import export_steps

MONDAY_0830 = datetime(2027, 3, 15, 8, 30, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def umask_022():
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_calendar_file_is_readable_by_others_as_the_umask_says(store, tmp_path, umask_022):
    settings.put("time_zone", "America/New_York")
    prospect("Hannah", "Whitfield", due=MONDAY_0830, emails=("hannah@example.com",))
    folder = tmp_path / "calendars"
    folder.mkdir()
    out = folder / "march.ics"
    export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o600)  # the seller's own choice is kept when the file is written again
    export_steps(out, start=date(2027, 3, 1), end=date(2027, 3, 31))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["march.ics"]
