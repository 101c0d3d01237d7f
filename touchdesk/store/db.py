"""The deferred database object, its pragmas, and the checks that refuse a bad file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import peewee

SQLITE_HEADER = b"SQLite format 3\x00"

# Per-connection settings only: nothing here writes to the file, so a database that is
# about to be refused is left byte for byte as it was. WAL is switched on by open_store().
PRAGMAS = {
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,
}

# Created with no file: nothing touches the disk until open_database() initialises it.
database = peewee.SqliteDatabase(None)


class DatabaseRefused(Exception):
    """The file cannot be used safely; it is left exactly as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_file(path: Path) -> None:
    """Refuse what is plainly not an SQLite database before SQLite gets to write to it."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseRefused(path, "this is a folder, not a database file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise DatabaseRefused(
            path, "this file is not a TouchDesk database (it is not an SQLite file)."
        )


def connect(path: Path) -> peewee.SqliteDatabase:
    """Point the shared database object at path and open it, refusing a damaged file."""
    check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not database.is_closed():
        database.close()
    database.init(str(path), pragmas=PRAGMAS)
    try:
        database.connect()
        # Reading the schema fails fast on a damaged header or page 1.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as error:
        database.close()
        raise DatabaseRefused(path, f"the database is damaged or unreadable ({error}).") from error
    return database


def use_wal() -> None:
    """WAL with synchronous=NORMAL: a committed write survives a killed process, and a touch
    costs a tenth of the default journal (see PERFORMANCE.md). The mode is kept in the file."""
    database.execute_sql("PRAGMA journal_mode=wal")


def close() -> None:
    if not database.is_closed():
        database.close()


def utc_now() -> datetime:
    """Now, as an aware UTC instant with whole seconds (what the store keeps)."""
    return datetime.now(UTC).replace(microsecond=0)


class UtcDateTimeField(peewee.Field):
    """An instant kept as 'YYYY-MM-DD HH:MM:SS' in UTC; naive datetimes are a bug and refused."""

    field_type = "DATETIME"
    _FORMAT = "%Y-%m-%d %H:%M:%S"

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{self.name}: a naive datetime cannot be stored as an instant")
        return value.astimezone(UTC).strftime(self._FORMAT)

    def python_value(self, value: str | None) -> datetime | None:
        if value is None:
            return None
        # fromisoformat reads this layout and is far faster than strptime on many rows.
        return datetime.fromisoformat(value + "+00:00")
