"""Every index earns its keep: none is the leading part of a wider one on the same table, and
the lookups the dropped ones served still go through an index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from touchdesk.store import db
from touchdesk.store.migrations import m0010_no_prefix_indexes
from touchdesk.store.opening import open_store


def _plain_indexes(connection: sqlite3.Connection) -> dict[str, tuple[str, list[str], bool]]:
    """name -> (table, columns, unique) of every full (not partial) index SQLite was asked for."""
    indexes = {}
    for name, table, sql in connection.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ):
        if " WHERE " in sql.upper():
            continue  # a partial index covers other rows than a full one
        columns = [row[2] for row in connection.execute(f'PRAGMA index_info("{name}")')]
        unique = "UNIQUE" in sql.upper().split("INDEX")[0]
        indexes[name] = (table, columns, unique)
    return indexes


def redundant_indexes(connection: sqlite3.Connection) -> list[str]:
    """Non-unique indexes whose columns lead another index of the same table."""
    indexes = _plain_indexes(connection)
    return sorted(
        name
        for name, (table, columns, unique) in indexes.items()
        if not unique
        and any(
            other != name and table == other_table and other_columns[: len(columns)] == columns
            for other, (other_table, other_columns, _) in indexes.items()
        )
    )


@pytest.fixture
def opened(tmp_path: Path):
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    db.close()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_no_index_is_the_leading_part_of_a_wider_one(opened: sqlite3.Connection):
    assert redundant_indexes(opened) == []


def test_the_check_sees_an_index_a_wider_one_covers(opened: sqlite3.Connection):
    opened.execute('CREATE INDEX "touch_prospect_id" ON "touch" ("prospect_id")')
    assert redundant_indexes(opened) == ["touch_prospect_id"]


@pytest.mark.parametrize("dropped,wider", sorted(m0010_no_prefix_indexes.DROPPED.items()))
def test_a_lookup_the_dropped_index_served_goes_through_the_wider_one(
    opened: sqlite3.Connection, dropped: str, wider: str
):
    table, columns, _ = _plain_indexes(opened)[wider]
    plan = opened.execute(
        f'EXPLAIN QUERY PLAN SELECT * FROM "{table}" WHERE "{columns[0]}" = ?', (1,)
    ).fetchall()
    assert any(wider in detail for *_, detail in plan), plan
