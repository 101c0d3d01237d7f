"""Opening a database: new, migrated, refused; refused files are never changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.damage import damage_touch_page
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.prospects import add_prospect
from touchdesk.services.timeline import log_touch
from touchdesk.store import db
from touchdesk.store.db import DatabaseRefused, utc_now
from touchdesk.store.migrations import LATEST_VERSION
from touchdesk.store.opening import open_store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_created_at_latest_version_in_wal(db_path: Path, tmp_path: Path):
    opened = open_store(db_path, tmp_path / "backups")
    try:
        assert opened.created and opened.version == LATEST_VERSION
        mode = db.database.execute_sql("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert db.database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()
    assert opened.migration_backup is None


def test_reopening_does_not_migrate_or_copy(db_path: Path, tmp_path: Path):
    open_store(db_path, tmp_path / "backups")
    db.close()
    again = open_store(db_path, tmp_path / "backups")
    db.close()
    assert (again.version_found, again.version) == (LATEST_VERSION, LATEST_VERSION)
    assert again.migration_backup is None


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 20)
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="not a TouchDesk database"):
        open_store(path, tmp_path / "backups")
    assert digest(path) == before


def test_a_foreign_sqlite_database_is_refused_and_left_alone(tmp_path: Path):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="not a TouchDesk one"):
        open_store(path, tmp_path / "backups")
    assert digest(path) == before
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_a_newer_database_is_refused_and_left_alone(db_path: Path, tmp_path: Path):
    open_store(db_path, tmp_path / "backups")
    db.database.execute_sql(
        "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01 00:00:00')",
        (LATEST_VERSION + 5,),
    )
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = digest(db_path)
    with pytest.raises(DatabaseRefused, match="newer TouchDesk"):
        open_store(db_path, tmp_path / "backups")
    assert digest(db_path) == before


def test_a_damaged_database_is_refused_and_left_alone(db_path: Path, tmp_path: Path):
    open_store(db_path, tmp_path / "backups")
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(DatabaseRefused, match="damaged"):
        open_store(db_path, tmp_path / "backups")
    assert digest(db_path) == before


def test_damage_past_the_first_page_is_refused_and_left_alone(db_path: Path, tmp_path: Path):
    open_store(db_path, tmp_path / "backups")
    ensure_defaults()
    pid = add_prospect(ProspectInput(first_name="Ada"))
    for n in range(400):
        log_touch(pid, TouchInput(Channel.CALL, utc_now(), note=f"call {n}, a long note " * 4))
    db.close()
    damage_touch_page(db_path)  # page 1 and the schema are whole: only a `touch` leaf is not
    before = digest(db_path)
    with pytest.raises(DatabaseRefused, match="damaged") as refused:
        open_store(db_path, tmp_path / "backups")
    assert refused.value.path == db_path
    assert digest(db_path) == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())
