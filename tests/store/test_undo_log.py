"""The undo log: triggers record every row change of an action, replayed back and forth."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.dumps import differences, dump_all
from tests.factories import prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.timeline import log_touch
from touchdesk.store import undo_log
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect, Touch
from touchdesk.store.undo_log import UndoRefused, record, recording, redo, undo

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def a_touch(prospect_id: int) -> int:
    return log_touch(
        prospect_id, TouchInput(Channel.CALL, NOW, Direction.OUT, Outcome.NO_ANSWER, "rang")
    ).id


def round_trip(action):
    """Record `action`; undo must give back `before` exactly, redo exactly `after`."""
    before = dump_all()
    _, entry = record(database, action)
    after = dump_all()
    assert differences(before, after), "the action changed nothing: the test proves nothing"
    undo(database, entry)
    assert differences(before, dump_all()) == {}
    redo(database, entry)
    assert differences(after, dump_all()) == {}
    undo(database, entry)
    assert differences(before, dump_all()) == {}
    return entry


def test_insert_update_delete_go_back_and_forth(store):
    pid = prospect("Ada", "Lovelace", "Analytical")

    def action():
        Prospect.update(company="Engines & 'Co'", notes="line\nbreak").where(
            Prospect.id == pid
        ).execute()
        ContactPoint.create(prospect=pid, kind="email", value="ada@example.org")
        a_touch(pid)

    round_trip(action)


def test_redo_gives_the_same_ids(store):
    pid = prospect("Ada")
    touch_id, entry = record(database, lambda: a_touch(pid))
    row = database.execute_sql("SELECT * FROM touch WHERE id = ?", (touch_id,)).fetchone()
    undo(database, entry)
    assert not Touch.select().where(Touch.id == touch_id).exists()
    redo(database, entry)
    assert database.execute_sql("SELECT * FROM touch WHERE id = ?", (touch_id,)).fetchone() == row


def test_deleting_a_prospect_with_touches_cascades_and_comes_back(store):
    pid = prospect("Grace", "Hopper")
    a_touch(pid)
    a_touch(pid)
    ContactPoint.create(prospect=pid, kind="phone", value="+15550100")
    entry = round_trip(lambda: Prospect.delete().where(Prospect.id == pid).execute())
    assert not entry.done
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_a_failed_action_records_nothing_and_leaves_recording_off(store):
    pid = prospect("Ada")
    before = dump_all()

    def broken():
        a_touch(pid)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        record(database, broken)
    assert differences(before, dump_all()) == {}
    a_touch(pid)  # not recording any more: plain writes leave the log empty
    assert database.execute_sql("SELECT count(*) FROM temp.undo_log").fetchone() == (0,)


def test_recording_context_fills_its_entry(store):
    pid = prospect("Ada")
    with recording(database) as entry:
        a_touch(pid)
    assert entry.statements and entry.done


def second_connection() -> sqlite3.Connection:
    return sqlite3.connect(database.database, timeout=5, isolation_level=None)


def test_an_outside_change_refuses_the_undo_and_changes_nothing(store):
    pid = prospect("Ada", company="Old Co")
    _, entry = record(
        database,
        lambda: Prospect.update(company="New Co").where(Prospect.id == pid).execute(),
    )
    other = second_connection()
    other.execute("UPDATE prospect SET notes = 'edited by the CLI' WHERE id = ?", (pid,))
    other.close()
    before = dump_all()
    with pytest.raises(UndoRefused, match="prospect .* was changed since by another program"):
        undo(database, entry)
    assert differences(before, dump_all()) == {}
    assert entry.done


def test_another_process_inserting_the_freed_id_refuses_the_redo(store):
    pid = prospect("Ada")
    touch_id, entry = record(database, lambda: a_touch(pid))
    undo(database, entry)
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("
        '"INSERT INTO touch (id, prospect_id, channel, direction, outcome, occurred_at, note, '
        "created_at) VALUES (?, ?, 'email', 'in', 'replied', '2026-03-03 10:00:00', 'import', "
        "'2026-03-03 10:00:00')\", (int(sys.argv[2]), int(sys.argv[3]))); c.commit()"
    )
    subprocess.run(
        [sys.executable, "-c", script, database.database, str(touch_id), str(pid)], check=True
    )
    before = dump_all()
    with pytest.raises(UndoRefused, match=f"Cannot redo: touch {touch_id} was changed since"):
        redo(database, entry)
    assert differences(before, dump_all()) == {}


def test_new_tables_and_columns_are_covered_after_a_schema_change(store):
    undo_log.install(database)
    database.execute_sql("CREATE TABLE sync_state (id INTEGER PRIMARY KEY, etag TEXT)")
    database.execute_sql("ALTER TABLE reason ADD COLUMN colour TEXT DEFAULT 'blue'")

    def action():
        database.execute_sql("INSERT INTO sync_state (etag) VALUES ('abc')")
        database.execute_sql("UPDATE reason SET colour = 'red'")

    round_trip(action)


def test_virtual_tables_are_skipped(store):
    database.execute_sql("CREATE VIRTUAL TABLE note_search USING fts5(body)")
    tables = undo_log.undoable_tables(database)
    assert "note_search" not in tables and not any(t.startswith("note_search_") for t in tables)
    round_trip(lambda: a_touch(prospect("Ada")))
