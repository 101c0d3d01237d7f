"""Migrations and models agree, and an old database is copied before it is upgraded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from touchdesk.store import db
from touchdesk.store.migrations import LATEST_VERSION, m0001_initial
from touchdesk.store.models import ALL_MODELS
from touchdesk.store.opening import open_store


def schema(path: Path) -> dict:
    """Tables, columns, foreign keys and indexes as SQLite reports them."""
    connection = sqlite3.connect(path)
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'schema_version'"
        )
    ]
    found = {}
    for table in sorted(tables):
        columns = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
        keys = sorted(row[2:] for row in connection.execute(f'PRAGMA foreign_key_list("{table}")'))
        indexes = {}
        for _, name, unique, origin, partial in connection.execute(f'PRAGMA index_list("{table}")'):
            cols = [row[2] for row in connection.execute(f'PRAGMA index_info("{name}")')]
            sql = connection.execute(
                "SELECT sql FROM sqlite_master WHERE name=?", (name,)
            ).fetchone()[0]
            where = " ".join(sql.split("WHERE", 1)[1].split()) if sql and partial else ""
            indexes[name] = (unique, origin, cols, where)
        # Column order may differ after ALTER TABLE; compare by name.
        found[table] = (sorted(columns, key=lambda c: c[1]), keys, indexes)
    connection.close()
    return found


def test_migrated_database_has_exactly_the_models_schema(tmp_path: Path):
    migrated = tmp_path / "migrated.sqlite"
    open_store(migrated, tmp_path / "backups")
    db.close()
    fresh = tmp_path / "fresh.sqlite"
    db.connect(fresh)
    db.database.create_tables(ALL_MODELS)
    db.close()
    ours, theirs = schema(migrated), schema(fresh)
    assert ours.keys() == theirs.keys()
    for table in ours:
        assert ours[table] == theirs[table], table


def test_a_first_schema_database_is_copied_then_upgraded_with_its_data(tmp_path: Path):
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path)
    for statement in m0001_initial.STATEMENTS:
        connection.execute(statement)
    connection.execute(
        "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
        "title TEXT NOT NULL, applied_at DATETIME NOT NULL)"
    )
    connection.execute(
        "INSERT INTO schema_version VALUES (1, 'initial schema', '2026-01-01 00:00:00')"
    )
    connection.execute("INSERT INTO stage (name, position, outcome) VALUES ('New', 0, 'open')")
    connection.execute(
        "INSERT INTO prospect (first_name, last_name, company, role, street, street2, city, "
        "region, postal_code, country_code, time_zone, source, stage_id, status, lost_reason, "
        "notes, created_at, updated_at, touch_count, attempts) VALUES ('Ada', '', '', '', '', "
        "'', '', '', '', 'GB', '', '', 1, 'active', '', '', '2026-01-01 00:00:00', "
        "'2026-01-01 00:00:00', 0, 0)"
    )
    connection.execute(
        "INSERT INTO next_step (prospect_id, due_at, duration_minutes, channel, purpose, "
        "location, uid, sequence, status, created_at, updated_at) VALUES (1, "
        "'2026-02-01 09:00:00', 30, 'call', 'Check in', '', 'u1@touchdesk', 0, 'open', "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    connection.commit()
    connection.close()

    opened = open_store(path, tmp_path / "backups")
    try:
        assert (opened.version_found, opened.version) == (1, LATEST_VERSION)
        assert opened.migration_backup is not None and opened.migration_backup.exists()
        row = db.database.execute_sql(
            "SELECT p.first_name, n.uid, n.plan_run_id FROM prospect p "
            "JOIN next_step n ON n.prospect_id = p.id"
        ).fetchone()
        assert row == ("Ada", "u1@touchdesk", None)
    finally:
        db.close()
    # The copy is the database as it was: still at schema 1.
    copy = sqlite3.connect(opened.migration_backup)
    assert copy.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    copy.close()
