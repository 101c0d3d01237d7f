"""Two programs on one file: a writer waits its turn, and every refusal says why in plain words."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import peewee
import pytest

from tests.store.holders import other_program_writing
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.prospects import add_prospect
from touchdesk.services.timeline import log_touch
from touchdesk.store import db
from touchdesk.store.db import DatabaseRefused
from touchdesk.store.models import Prospect, Touch
from touchdesk.store.opening import open_store


def a_touch() -> TouchInput:
    return TouchInput(Channel.CALL, db.utc_now(), Direction.OUT, Outcome.NO_ANSWER)


def test_a_second_writer_waits_for_the_first_and_then_writes(store, db_path: Path):
    prospect_id = add_prospect(ProspectInput(first_name="Ada", last_name="Wait"))
    started = time.monotonic()
    with other_program_writing(db_path, seconds=1.0):
        # It reads the prospect, then writes: deferred, it read before the other program
        # committed and failed at once with "database is locked".
        logged = log_touch(prospect_id, a_touch())
    assert time.monotonic() - started >= 0.9, "it should have waited for the other program"
    assert Touch.get_by_id(logged.id).prospect_id == prospect_id
    assert Prospect.get_by_id(prospect_id).touch_count == 1
    other = db.database.execute_sql("SELECT count(*) FROM other_program").fetchone()[0]
    assert other == 1, "the other program's write is kept too"


def test_a_writer_waiting_past_the_timeout_says_another_program_is_writing(
    store, db_path: Path, monkeypatch
):
    prospect_id = add_prospect(ProspectInput(first_name="Ada", last_name="Wait"))
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 300)
    db.database.execute_sql("PRAGMA busy_timeout=300")
    with other_program_writing(db_path, seconds=3.0):
        with pytest.raises(peewee.OperationalError) as raised:
            log_touch(prospect_id, a_touch())
    assert "another program is writing" in db.explain(raised.value)
    assert Prospect.get_by_id(prospect_id).touch_count == 0


def test_a_full_disk_is_reported_as_full_and_nothing_is_half_saved(store):
    before = Prospect.select().count()
    pages = db.database.execute_sql("PRAGMA page_count").fetchone()[0]
    # A database that may not grow is what a full disk looks like to SQLite (SQLITE_FULL).
    db.database.execute_sql(f"PRAGMA max_page_count={pages}")
    with pytest.raises(peewee.OperationalError) as raised:
        for number in range(500):
            add_prospect(ProspectInput(first_name="F" * 3000, last_name=str(number)))
    assert "no transaction is active" not in str(raised.value)
    assert "full" in str(raised.value)
    assert db.explain(raised.value).startswith("the disk is full")
    db.database.execute_sql(f"PRAGMA max_page_count={pages * 100}")
    added = Prospect.select().count() - before
    # Every prospect before the full one is whole: its created event is there with it.
    assert (
        db.database.execute_sql(
            "SELECT count(*) FROM prospect_event WHERE kind = 'created'"
        ).fetchone()[0]
        >= added
    )
    assert db.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_locked_database_is_refused_as_locked_not_damaged(
    db_path: Path, tmp_path: Path, monkeypatch
):
    open_store(db_path, tmp_path / "backups")
    ensure_defaults()
    db.close()
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 300)
    with other_program_writing(db_path, seconds=3.0, mode="exclusive"):
        with pytest.raises(DatabaseRefused) as refused:
            open_store(db_path, tmp_path / "backups")
    assert "another program is writing" in refused.value.reason
    assert "damaged" not in refused.value.reason


def test_read_only_and_unopenable_are_said_as_such(tmp_path: Path):
    # Real SQLite errors (the tests run as any user, so a chmod proves nothing for root).
    path = tmp_path / "ro.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA query_only=1")
    with pytest.raises(sqlite3.OperationalError) as read_only:
        connection.execute("INSERT INTO t VALUES (1)")
    connection.close()
    assert "read-only" in db.refusal_reason(read_only.value)
    assert "damaged" not in db.refusal_reason(read_only.value)

    inside_a_file = tmp_path / "ro.sqlite" / "x.sqlite"
    with pytest.raises(sqlite3.OperationalError) as cannot_open:
        sqlite3.connect(inside_a_file).execute("SELECT 1")
    assert "cannot be opened or created" in db.refusal_reason(cannot_open.value)
