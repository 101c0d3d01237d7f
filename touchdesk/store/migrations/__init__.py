"""Numbered schema migrations and the version table that records them.

Each migration module has VERSION, TITLE and apply(database); it runs inside one
transaction together with the row that records it, so a failed step leaves the
database at the version before it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import peewee

from touchdesk.store.db import DatabaseRefused, utc_now
from touchdesk.store.migrations import (
    m0001_initial,
    m0002_plan_runs,
    m0003_plan_rhythm,
    m0004_questions_and_stages,
    m0005_invite_titles,
    m0006_outbox,
    m0007_dav_sync,
    m0008_email,
    m0009_live_touch_indexes,
    m0010_no_prefix_indexes,
)

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_initial,
    m0002_plan_runs,
    m0003_plan_rhythm,
    m0004_questions_and_stages,
    m0005_invite_titles,
    m0006_outbox,
    m0007_dav_sync,
    m0008_email,
    m0009_live_touch_indexes,
    m0010_no_prefix_indexes,
)
LATEST_VERSION = MIGRATIONS[-1].VERSION
VERSION_TABLE = "schema_version"


def current_version(database: peewee.SqliteDatabase) -> int:
    """The schema version of an open database; 0 for an empty file.

    A database with tables but no version table is somebody else's, and is refused.
    """
    tables = set(database.get_tables())
    if VERSION_TABLE in tables:
        row = database.execute_sql(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        return int(row[0] or 0)
    if tables:
        raise DatabaseRefused(
            Path(database.database),
            "this is an SQLite database, but not a TouchDesk one (it has no schema version).",
        )
    return 0


def migrate(
    database: peewee.SqliteDatabase,
    before: Callable[[int, int], None] | None = None,
    migrations: Sequence[ModuleType] = MIGRATIONS,
) -> tuple[int, int]:
    """Bring the schema to the last of `migrations`; `before(old, new)` runs first when
    data exists. `migrations` is only replaced by tests (e.g. with one that fails midway).

    Returns (version found, version now). A newer database than this program knows is
    refused, never touched.
    """
    latest = migrations[-1].VERSION
    found = current_version(database)
    if found > latest:
        raise DatabaseRefused(
            Path(database.database),
            f"this database was written by a newer TouchDesk (schema {found}; this version "
            f"knows up to {latest}). Update TouchDesk to open it.",
        )
    if found == latest:
        return found, found
    if found > 0 and before is not None:
        before(found, latest)
    database.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
        "(version INTEGER NOT NULL PRIMARY KEY, title TEXT NOT NULL, applied_at DATETIME NOT NULL)"
    )
    for migration in migrations:
        if migration.VERSION <= found:
            continue
        with database.atomic():
            migration.apply(database)
            database.execute_sql(
                f"INSERT INTO {VERSION_TABLE} (version, title, applied_at) VALUES (?, ?, ?)",
                (migration.VERSION, migration.TITLE, utc_now().strftime("%Y-%m-%d %H:%M:%S")),
            )
    return found, latest
