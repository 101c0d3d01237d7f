"""Generic undo: temporary triggers log the inverse SQL of every row change, replayed on undo.

SQLite's documented undo/redo technique (https://www.sqlite.org/undoredo.html): while an
action runs, AFTER INSERT/UPDATE/DELETE triggers on every table write the statement that
reverses each row change, with the full row image quote()d into it. Undo replays those
statements last to first in one transaction; the replay is itself recorded, which gives the
statements that redo the action, and so on back and forth. Rows keep their ids both ways.

The triggers are TEMP objects (this connection only, nothing is written into the file), and
they fire only while `temp.undo_state.recording` is set, so other writes cost one lookup.
Before a replay every row it will touch is compared with the image the action (or the last
replay) left; a row another program changed since refuses the undo instead of overwriting it.

Not covered, by design: virtual tables (FTS and the like) and their shadow tables cannot
carry triggers; such an index is kept by triggers on its content table, which replay feeds.
SQLite's own tables (sqlite_sequence) are left alone: every replayed insert names its rowid.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import peewee

T = TypeVar("T")
RowKey = tuple[str, int]  # (table, rowid)
RowImage = tuple[object, ...] | None  # every column of the row, or None when it is absent

STATE = "undo_state"
LOG = "undo_log"
TRIGGER_PREFIX = "undo_log_"


class UndoRefused(Exception):
    """The undo (or redo) would overwrite changes made since; nothing was changed."""


class UndoEntry:
    """One recorded action. `statements` take the rows back from the state in `expected`
    (the action's result while `done`, the state before it once undone). A plain class: the
    launch defines it, and a dataclass compiles its methods from source as it is defined."""

    __slots__ = ("statements", "expected", "done")

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.expected: dict[RowKey, RowImage] = {}
        self.done = True

    @property
    def empty(self) -> bool:
        return not self.statements


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _text(value: str) -> str:
    """`value` as an SQL string literal (triggers concatenate these with quote() calls)."""
    return "'" + value.replace("'", "''") + "'"


def undoable_tables(db: peewee.SqliteDatabase) -> list[str]:
    """Every ordinary table of the main schema; virtual tables and their shadow tables skipped."""
    rows = db.execute_sql(
        "SELECT name, type, sql FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ).fetchall()
    virtual = [name for name, _, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = []
    for name, _, sql in rows:
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        if "WITHOUT ROWID" in (sql or "").upper():
            raise RuntimeError(f"table {name} has no rowid: undo cannot log its changes")
        tables.append(name)
    return tables


def _columns(db: peewee.SqliteDatabase, table: str) -> list[str]:
    # table_xinfo marks generated columns (hidden 2 or 3): they cannot be written back.
    rows = db.execute_sql(f"PRAGMA main.table_xinfo({_name(table)})").fetchall()
    return [row[1] for row in rows if row[6] == 0]


def _triggers_for(table: str, columns: list[str]) -> list[str]:
    target = f"main.{_name(table)}"
    when = f"WHEN (SELECT recording FROM temp.{STATE})"
    # Unqualified on purpose (SQLite refuses a schema name there); temp is searched first.
    log = f"INSERT INTO {LOG} (tbl, new_row, old_row, statement) VALUES ({_text(table)}, "
    values = " || ',' || ".join(f"quote(old.{_name(c)})" for c in columns)
    names = ", ".join(["rowid", *(_name(c) for c in columns)])
    sets = " || ', ' || ".join(f"{_text(_name(c) + '=')} || quote(old.{_name(c)})" for c in columns)
    delete = f"{_text(f'DELETE FROM {target} WHERE rowid=')} || new.rowid"
    update = (
        f"{_text(f'UPDATE {target} SET rowid=')} || old.rowid || ', ' || {sets}"
        f" || ' WHERE rowid=' || new.rowid"
    )
    insert = (
        f"{_text(f'INSERT INTO {target} ({names}) VALUES (')} || old.rowid || ','"
        f" || {values} || ')'"
    )

    def trigger(kind: str, row_ids: str, statement: str) -> str:
        name = _name(f"{TRIGGER_PREFIX}{table}_{kind}")
        return (
            f"CREATE TEMP TRIGGER {name} AFTER {kind.upper()} ON {target} {when} "
            f"BEGIN {log}{row_ids}, {statement}); END"
        )

    return [
        trigger("insert", "new.rowid, NULL", delete),
        trigger("update", "new.rowid, old.rowid", update),
        trigger("delete", "NULL, old.rowid", insert),
    ]


def install(db: peewee.SqliteDatabase) -> None:
    """Create the log and the triggers on this connection, again whenever the schema changed
    (a migration, a new table): the triggers must name every column of every table."""
    version = db.execute_sql("PRAGMA main.schema_version").fetchone()[0]
    present = db.execute_sql(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?", (STATE,)
    ).fetchone()
    if present:
        installed = db.execute_sql(f"SELECT schema FROM temp.{STATE}").fetchone()[0]
        if installed == version:
            return
    with db.atomic():
        for (name,) in db.execute_sql(
            "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (TRIGGER_PREFIX + "%",),
        ).fetchall():
            db.execute_sql(f"DROP TRIGGER temp.{_name(name)}")
        db.execute_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {STATE} (recording INTEGER, schema INTEGER)"
        )
        db.execute_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {LOG} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, "
            "new_row INTEGER, old_row INTEGER, statement TEXT NOT NULL)"
        )
        db.execute_sql(f"DELETE FROM temp.{STATE}")
        db.execute_sql(f"INSERT INTO temp.{STATE} (recording, schema) VALUES (0, ?)", (version,))
        for table in undoable_tables(db):
            for trigger in _triggers_for(table, _columns(db, table)):
                db.execute_sql(trigger)


def _image(db: peewee.SqliteDatabase, key: RowKey) -> RowImage:
    table, rowid = key
    row = db.execute_sql(f"SELECT * FROM main.{_name(table)} WHERE rowid = ?", (rowid,)).fetchone()
    return None if row is None else tuple(row)


@contextmanager
def _logging(db: peewee.SqliteDatabase, entry: UndoEntry) -> Iterator[None]:
    """Inside the caller's transaction: log what the block changes into `entry`."""
    if db.execute_sql(f"SELECT recording FROM temp.{STATE}").fetchone()[0]:
        raise RuntimeError("an undoable action is already being recorded")
    db.execute_sql(f"DELETE FROM temp.{LOG}")
    db.execute_sql(f"UPDATE temp.{STATE} SET recording = 1")
    try:
        yield
    finally:
        db.execute_sql(f"UPDATE temp.{STATE} SET recording = 0")
    logged = db.execute_sql(
        f"SELECT tbl, new_row, old_row, statement FROM temp.{LOG} ORDER BY seq"
    ).fetchall()
    db.execute_sql(f"DELETE FROM temp.{LOG}")
    keys = dict.fromkeys(
        (table, rowid) for table, new, old, _ in logged for rowid in (new, old) if rowid is not None
    )
    entry.statements = [statement for *_, statement in logged]
    entry.expected = {key: _image(db, key) for key in keys}


@contextmanager
def recording(db: peewee.SqliteDatabase) -> Iterator[UndoEntry]:
    """Run the block in one transaction and record it; the entry is filled when it ends.
    When the block raises, its transaction rolls back and nothing is recorded."""
    install(db)
    entry = UndoEntry()
    with db.atomic(), _logging(db, entry):
        yield entry


def record(db: peewee.SqliteDatabase, do: Callable[[], T]) -> tuple[T, UndoEntry]:
    """`do()` as one recorded transaction: its result and the entry that takes it back."""
    with recording(db) as entry:
        result = do()
    return result, entry


def _describe(key: RowKey) -> str:
    table, rowid = key
    return f"{table.replace('_', ' ')} {rowid}"


def _replay(db: peewee.SqliteDatabase, entry: UndoEntry, done: bool, verb: str) -> None:
    if entry.done is not done:
        raise RuntimeError(f"cannot {verb} this action now: it is not in that state")
    if entry.empty:
        entry.done = not done
        return
    install(db)
    replayed = UndoEntry()
    try:
        # IMMEDIATE takes the write lock first: nothing can change between check and replay.
        with db.atomic("IMMEDIATE"):
            for key, expected in entry.expected.items():
                if _image(db, key) != expected:
                    raise UndoRefused(
                        f"Cannot {verb}: {_describe(key)} was changed since by another "
                        f"program (an import or an edit elsewhere); {verb} would overwrite it. "
                        "Nothing was changed."
                    )
            # Within this transaction only: the foreign keys are checked when it commits.
            db.execute_sql("PRAGMA defer_foreign_keys = ON")
            with _logging(db, replayed):
                for statement in reversed(entry.statements):
                    db.execute_sql(statement)
    except (peewee.IntegrityError, sqlite3.IntegrityError) as error:
        raise UndoRefused(
            f"Cannot {verb}: it clashes with a change made since by another program "
            f"({error}). Nothing was changed."
        ) from error
    entry.statements, entry.expected, entry.done = replayed.statements, replayed.expected, not done


def undo(db: peewee.SqliteDatabase, entry: UndoEntry) -> None:
    """Take the action back in one transaction, or raise UndoRefused and change nothing."""
    _replay(db, entry, True, "undo")


def redo(db: peewee.SqliteDatabase, entry: UndoEntry) -> None:
    """Do the undone action again (same rows, same ids), or raise UndoRefused."""
    _replay(db, entry, False, "redo")
