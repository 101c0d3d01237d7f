"""The deferred database object, its pragmas, and the checks that refuse a bad file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

import peewee

from touchdesk.store.sqlite_errors import plain_reason

SQLITE_HEADER = b"SQLite format 3\x00"

# Per-connection settings only: nothing here writes to the file, so a database that is
# about to be refused is left byte for byte as it was. WAL is switched on by open_store().
PRAGMAS = {
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,
}


class _Savepoint(peewee._savepoint):
    def rollback(self, begin: bool = True) -> None:
        # After SQLite has rolled back the whole transaction (see _Database), the savepoint
        # is gone too; rolling back to it would hide the real error behind "no such savepoint".
        if self.db.connection().in_transaction:
            super().rollback(begin)


class _Database(peewee.SqliteDatabase):
    """peewee's SQLite database, keeping SQLite's own error when it has already rolled back."""

    def rollback(self) -> None:
        # On a full disk or an I/O error SQLite rolls the whole transaction back itself; a
        # second ROLLBACK would report "no transaction is active" instead of the disk.
        if self.is_closed() or self.connection().in_transaction:
            super().rollback()

    def savepoint(self) -> _Savepoint:
        return _Savepoint(self)

    def atomic(self, *args, **kwargs):  # noqa: ANN201 - peewee's own context manager
        if getattr(_joining, "active", False) and self.transaction_depth() > 0:
            return nullcontext()
        return super().atomic(*args, **kwargs)

    def reading(self):  # noqa: ANN201 - a context manager, as atomic()
        """For reads that must agree with each other: the open transaction when there is
        one (a savepoint inside it sees the same rows and only adds two statements), else
        a transaction of their own."""
        if self.transaction_depth() > 0:
            return nullcontext()
        return self.atomic()

    @contextmanager
    def joined(self) -> Iterator[None]:
        """Inside the block, atomic() blocks nested in the open transaction join it instead
        of opening savepoints of their own (on this thread). Only for a caller that undoes
        the whole block when anything in it fails (it runs inside its own atomic()): a
        sync records a thousand emails, and three savepoints each cost as much as the rest
        of their writes."""
        if self.transaction_depth() == 0:
            raise RuntimeError("joined() must run inside database.atomic()")
        before = getattr(_joining, "active", False)
        _joining.active = True
        try:
            yield
        finally:
            _joining.active = before


_joining = threading.local()  # joined() is on for this thread

# Created with no file: nothing touches the disk until open_database() initialises it.
# Transactions begin IMMEDIATE: a deferred one reads, then finds another program has written
# meanwhile and fails at once, whatever busy_timeout says; an immediate one waits its turn.
database = _Database(None, lock_type="IMMEDIATE")


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
    if not path.is_file():
        # Opening a named pipe waits for a writer that never comes.
        raise DatabaseRefused(
            path, "this is not a regular file (a named pipe or a device), not a database."
        )
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
    # The driver's own timeout covers the pragmas run before busy_timeout: one wait for all.
    database.init(str(path), pragmas=PRAGMAS, timeout=PRAGMAS["busy_timeout"] / 1000)
    try:
        database.connect()
        # Reading the schema fails fast on a damaged header or page 1.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as error:
        database.close()
        raise DatabaseRefused(path, refusal_reason(error)) from error
    return database


def explain(error: BaseException) -> str | None:
    """Another program writing, read-only, disk full: in plain words; None for anything else."""
    return plain_reason(error, PRAGMAS["busy_timeout"])


def refusal_reason(error: BaseException) -> str:
    """Locked, read-only and full are said as such: only the rest is called damaged."""
    return explain(error) or f"the database is damaged or unreadable ({error})."


def use_wal() -> None:
    """WAL with synchronous=NORMAL: a committed write survives a killed process, and a touch
    costs a tenth of the default journal (see PERFORMANCE.md). The mode is kept in the file."""
    database.execute_sql("PRAGMA journal_mode=wal")


def data_version() -> int | None:
    """A number that moves when another connection commits to the file; None when closed."""
    if database.is_closed():
        return None
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


def commit_mark() -> tuple[int, int | None]:
    """Equal on this thread's connection while nothing was committed to the file: the rows
    this connection changed, and SQLite's data_version (which moves with every commit of
    every other connection, in this program or another)."""
    return database.connection().total_changes, data_version()


class CommitWatch:
    """Tells whether anything was committed to the database file since the watch began.

    Its own connection never writes, so SQLite's data_version on it moves with every commit
    of every other connection, in this program or another; the file's identity catches a
    file put in its place. Cheap enough to ask before redoing work that read the desk.
    Begin it inside a transaction that holds the write lock, so no commit slips in between
    what was read and the watch's start."""

    def __init__(self) -> None:
        self._connection: sqlite3.Connection | None = None
        path = database.database
        if not path or path == ":memory:" or str(path).startswith("file:"):
            return  # an in-memory database has no file to watch: never "unchanged"
        try:
            self._identity = _identity(Path(path))
            self._connection = sqlite3.connect(path, check_same_thread=False)
            self._version = self._read()
        except (sqlite3.Error, OSError):
            self.close()

    def _read(self) -> int:
        assert self._connection is not None
        return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def unchanged(self) -> bool:
        """Nothing committed since the watch began (False once closed)."""
        if self._connection is None:
            return False
        try:
            path = Path(database.database)
            return self._read() == self._version and _identity(path) == self._identity
        except (sqlite3.Error, OSError, TypeError):
            return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


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
        instant = value.astimezone(UTC)
        if instant.year >= 1000:  # isoformat writes the same, several times faster
            return instant.isoformat(" ", "seconds")[:19]
        return instant.strftime(self._FORMAT)

    def python_value(self, value: str | None) -> datetime | None:
        if value is None:
            return None
        # fromisoformat reads this layout and is far faster than strptime on many rows.
        return datetime.fromisoformat(value + "+00:00")
