"""Consistent backup copies of the database, their rotation, and restore with a safety copy."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from touchdesk.store.db import DatabaseRefused, check_file

PREFIX = "touchdesk-"
SUFFIX = ".sqlite"
STAMP = "%Y%m%d-%H%M%S"
DEFAULT_KEEP = 14


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # local wall-clock time, from the file name
    reason: str


def copy_database(source: Path, target: Path) -> None:
    """Copy with SQLite's backup API: consistent even while the source is in use (WAL)."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)  # never a half-written backup under the real name


def make_backup(
    database: Path,
    folder: Path,
    reason: str = "manual",
    now: datetime | None = None,
    keep: int = DEFAULT_KEEP,
) -> Path:
    """Take a backup named by time and reason, then rotate the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime(STAMP)
    target = folder / f"{PREFIX}{stamp}-{reason}{SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{PREFIX}{stamp}-{reason}-{counter}{SUFFIX}"
    copy_database(database, target)
    rotate(folder, keep)
    return target


def list_backups(folder: Path) -> list[Backup]:
    """Backups in the folder, newest first; files that are not ours are ignored."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        rest = path.name[len(PREFIX) : -len(SUFFIX)]
        try:
            taken = datetime.strptime(rest[:15], STAMP)
        except ValueError:
            continue
        found.append(Backup(path, taken, rest[16:]))
    found.sort(key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)
    return found


def rotate(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was removed."""
    removed = [backup.path for backup in list_backups(folder)[max(keep, 1) :]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_if_due(
    database: Path, folder: Path, now: datetime | None = None, keep: int = DEFAULT_KEEP
) -> Path | None:
    """The launch backup: at most one a day, and none for a database not yet created."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    today = (now or datetime.now()).date()
    if any(backup.taken_at.date() == today for backup in list_backups(folder)):
        return None
    return make_backup(database, folder, "daily", now, keep)


def verify(path: Path) -> int:
    """Check a file is a whole TouchDesk database; returns its schema version or refuses."""
    if not path.is_file():
        raise DatabaseRefused(path, "no such backup file.")
    check_file(path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise DatabaseRefused(path, f"the file is damaged ({result}).")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "schema_version" not in tables:
                raise DatabaseRefused(path, "this is not a TouchDesk database.")
            return int(connection.execute("SELECT max(version) FROM schema_version").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseRefused(path, f"the file cannot be read as a database ({error}).") from error


def restore(backup: Path, database: Path, folder: Path, latest_version: int) -> Path | None:
    """Replace the (closed) database with a backup, keeping a safety copy of it first.

    Returns the safety copy, or None when there was no database to keep.
    """
    version = verify(backup)
    if version > latest_version:
        raise DatabaseRefused(backup, "this backup comes from a newer TouchDesk.")
    safety = None
    if database.exists() and database.stat().st_size > 0:
        safety = make_backup(database, folder, "before-restore", keep=10**6)
    database.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(database)
        try:
            src.backup(dst)  # writes every page through SQLite, WAL and all
        finally:
            dst.close()
    finally:
        src.close()
    return safety
