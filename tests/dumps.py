"""Every row of every table, every column: what an undo must put back exactly."""

from __future__ import annotations

from touchdesk.store.db import database
from touchdesk.store.undo_log import undoable_tables

Dump = dict[str, list[tuple[object, ...]]]


def dump_all() -> Dump:
    return {
        table: database.execute_sql(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
        for table in undoable_tables(database)
    }


def differences(before: Dump, after: Dump) -> dict[str, tuple[list, list]]:
    """Per table, the rows only in `before` and the rows only in `after` (empty when equal)."""
    out = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            out[table] = (sorted(old - new, key=repr), sorted(new - old, key=repr))
    return out
