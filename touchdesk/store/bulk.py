"""Raw executemany inserts for large generated data (sample data, benchmarks), and checkpoints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from peewee import fn

from touchdesk.store.db import UtcDateTimeField, database
from touchdesk.store.models import Base

# The exact text UtcDateTimeField stores, so raw rows read back like ORM-written ones.
INSTANT_FORMAT = UtcDateTimeField._FORMAT


def instant(value: datetime) -> str:
    """An aware datetime as stored text: 'YYYY-MM-DD HH:MM:SS' in UTC."""
    if value.tzinfo is None:
        raise ValueError("a naive datetime cannot be stored as an instant")
    # isoformat() is twice as fast as strftime() and, cut after the seconds, the same text
    # (years 1000 to 9999); it counts when a sample database holds 300,000 instants.
    return value.astimezone(UTC).isoformat(" ")[:19]


def day(value: date) -> str:
    """A calendar date as DateField stores it."""
    return value.isoformat()


def next_id(model: type[Base]) -> int:
    """The first free primary key, so generated rows can refer to each other before insert."""
    return (model.select(fn.MAX(model._meta.primary_key)).scalar() or 0) + 1


def insert_rows(model: type[Base], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Insert plain tuples in one executemany; returns how many rows went in.

    Runs inside the caller's transaction: outside one, SQLite would commit (and sync) every
    row, which is what makes row-by-row inserts slow. Column names are checked against the
    model, so a renamed field fails here instead of writing to the wrong place.
    """
    if not database.in_transaction():
        raise RuntimeError("insert_rows() must run inside database.atomic()")
    known = {field.column_name for field in model._meta.sorted_fields}
    unknown = [column for column in columns if column not in known]
    if unknown:
        raise ValueError(f"{model._meta.table_name} has no column {', '.join(unknown)}")
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    cursor = database.connection().executemany(sql, rows)
    return cursor.rowcount


def checkpoint() -> None:
    """Fold the write-ahead log into the main file and truncate it (after a large write)."""
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
