"""Finding damage with SQLite's own checks, and refusing every write once damage is found."""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import partial
from pathlib import Path

from touchdesk.store import db
from touchdesk.store.db import DatabaseRefused

# How many of SQLite's findings a message quotes: the first few say enough.
SHOWN_PROBLEMS = 3

# Authorizer actions that only read (sqlite3 module constants). Anything else is a write
# or a schema change, and is denied once the file is known to be damaged: writing into a
# damaged b-tree can spread the damage to pages that were still whole.
_READING = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_PRAGMA,
    sqlite3.SQLITE_TRANSACTION,
    sqlite3.SQLITE_SAVEPOINT,
    sqlite3.SQLITE_RECURSIVE,
}

# The one place the authorizer's denial is worded: SQLite says only this.
DENIED = "not authorized"

_damage: DatabaseRefused | None = None


class DatabaseDamaged(DatabaseRefused):
    """A refusal because SQLite's check found damage: restoring a backup is the way out."""


def _problems(rows: list[tuple[str]]) -> str:
    found = [row[0] for row in rows]
    return "ok" if found == ["ok"] else "; ".join(found[:SHOWN_PROBLEMS])


def check_file(path: Path, full: bool = False) -> str:
    """'ok', or what SQLite found wrong, read on connections of its own that write nothing.

    quick_check reads every page and checks each b-tree's structure (what a damaged page
    breaks); the full integrity_check also compares every index with its table.
    """
    if full and (os.cpu_count() or 1) > 1:
        return _full_check_in_parallel(path)
    return _run_check(path, f"integrity_check({SHOWN_PROBLEMS})" if full else "quick_check")


def _run_check(path: Path, pragma: str) -> str:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if pragma.startswith("integrity_check"):
                # The app's own page cache: comparing an index with its table revisits the
                # table's pages, which SQLite's default 2 MB cache keeps evicting. (quick_check
                # reads each page once: a larger cache only costs it.)
                connection.execute(f"PRAGMA cache_size = {db.PRAGMAS['cache_size']}")
            return _problems(connection.execute(f"PRAGMA {pragma}").fetchall())
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:  # some damage stops the check itself
        return str(error)


def _full_check_in_parallel(path: Path) -> str:
    """integrity_check table by table on two threads (SQLite lets go of the GIL while it
    checks), with one quick_check of the whole file for what a check limited to tables
    leaves out: pages used twice or by nothing, and the free list."""
    from concurrent.futures import ThreadPoolExecutor  # the doctor's alone, not every launch's

    try:
        tables = _tables_largest_first(path)
    except sqlite3.DatabaseError as error:
        return str(error)
    quoted = [f"integrity_check({_quoted(table)})" for table in tables]
    # The largest table alone on one thread while the other takes everything else.
    pragmas = [*quoted[:1], "quick_check", *quoted[1:]]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="integrity_check") as pool:
        found = list(pool.map(partial(_run_check, path), pragmas))
    problems = [result for result in found if result != "ok"]
    return "; ".join(problems[:SHOWN_PROBLEMS]) if problems else "ok"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables_largest_first(path: Path) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        sizes = {}
        for name in names:
            # The last rowid: a cheap stand-in for the row count, read from the b-tree's edge.
            (last,) = connection.execute(f"SELECT max(rowid) FROM {_quoted(name)}").fetchone()
            sizes[name] = last or 0
    finally:
        connection.close()
    return sorted(names, key=lambda name: -sizes[name])


def _file_state(path: Path) -> tuple[int, ...]:
    """Size and change time of the file and of its write-ahead log (none and empty alike)."""
    main = path.stat()
    try:
        log = path.with_name(path.name + "-wal").stat()
        log_state = (log.st_size, log.st_mtime_ns) if log.st_size else (0, 0)
    except FileNotFoundError:
        log_state = (0, 0)
    return (main.st_size, main.st_mtime_ns, *log_state)


class _EarlyCheck:
    """quick_check running on a thread of its own (SQLite lets go of the GIL while it reads),
    with the state of the file it started on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state = _file_state(path)
        self.result: str | None = None
        self.thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.result = check_file(self.path)


_early: _EarlyCheck | None = None


def check_while_loading(path: Path) -> None:
    """Start the opening's quick_check of `path` now, so it runs while the program loads;
    `check_database_file` takes its answer if the file has not changed since."""
    global _early
    if path.is_file() and path.stat().st_size > 0:
        _early = _EarlyCheck(path)


def _early_result(path: Path) -> str | None:
    global _early
    early, _early = _early, None
    if early is None or early.path != path:
        return None
    early.thread.join()
    if early.result is None or _file_state(path) != early.state:
        return None  # written meanwhile (another program): checked again
    return early.result


def check_database_file(path: Path) -> str:
    """quick_check before the file is used: a file not yet created has nothing to check."""
    if not path.is_file() or path.stat().st_size == 0:
        return "ok"
    early = _early_result(path)
    return early if early is not None else check_file(path)


def damaged(path: Path, problem: str) -> DatabaseDamaged:
    """The refusal for a damaged file; the open database also stops taking writes."""
    refused = DatabaseDamaged(
        path,
        f"the database is damaged ({problem}). TouchDesk will not write to it: restore a "
        "backup (TouchDesk offers to, or touchdesk-cli restore FILE); touchdesk-cli doctor "
        "runs the full check.",
    )
    if _is_open_database(path):
        refuse_writes(refused)
    return refused


def _is_open_database(path: Path) -> bool:
    if db.database.is_closed() or not db.database.database:
        return False
    return Path(db.database.database).resolve() == path.resolve()


def _read_only(action: int, *_names: object) -> int:
    return sqlite3.SQLITE_OK if action in _READING else sqlite3.SQLITE_DENY


def refuse_writes(refused: DatabaseRefused) -> None:
    """From now on the open connection reads but never writes; `damage()` says why."""
    global _damage
    _damage = refused
    if not db.database.is_closed():
        db.database.connection().set_authorizer(_read_only)


def damage() -> DatabaseRefused | None:
    """Why writes are refused on the open database, or None while it is believed whole."""
    return _damage


def forget() -> None:
    """A new connection starts unjudged (a restore replaced the data, or another file)."""
    global _damage
    _damage = None


def refused_write(error: BaseException) -> DatabaseRefused | None:
    """The damage behind an error, when the error is a write this module turned away."""
    if _damage is not None and DENIED in str(error).lower():
        return _damage
    return None
