"""Consistent, checked backup copies of the database, their rotation by kind, and restore."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from touchdesk.store import health
from touchdesk.store.db import DatabaseRefused, check_file

PREFIX = "touchdesk-"
SUFFIX = ".sqlite"
PART = ".part"
STAMP = "%Y%m%d-%H%M%S"

# Each kind has its own rotation, so a burst of manual backups (or restores) never pushes
# out the daily ones, nor the copies taken before a restore or an upgrade.
DAILY, MANUAL, SAFETY = "daily", "manual", "safety"
KEEP = {DAILY: 14, MANUAL: 14, SAFETY: 10}
DEFAULT_KEEP = KEEP[DAILY]
KIND_LABELS = {DAILY: "Daily", MANUAL: "Manual", SAFETY: "Safety copy"}

# A copy still being written is touched continuously (the backup API writes page after page,
# then the check reads it); one untouched this long was left by a killed process.
STALE_PART_SECONDS = 15 * 60


def kind_of(reason: str) -> str:
    """daily, manual, or safety (before a restore or an upgrade, or anything else we wrote)."""
    word = reason.split("-", 1)[0]
    return word if word in (DAILY, MANUAL) else SAFETY


class Backup(NamedTuple):
    """A backup file, when it was taken and why."""

    path: Path
    taken_at: datetime  # local wall-clock time, from the file name
    reason: str

    @property
    def kind(self) -> str:
        return kind_of(self.reason)


def copy_database(source: Path, target: Path, check: bool = True) -> None:
    """Copy with SQLite's backup API: consistent even while the source is in use (WAL).

    The copy is checked (quick_check) before it gets its real name, so a damaged database
    never becomes a backup; `check=False` keeps whatever there is (the copy taken before a
    restore is the seller's data, damaged or not).
    """
    partial = target.with_name(target.name + PART)
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
    problem = health.check_file(partial) if check else "ok"
    if problem != "ok":
        partial.unlink(missing_ok=True)
        source_problem = health.check_file(source)
        if source_problem != "ok":
            raise health.damaged(source, source_problem)
        raise OSError(
            f"The backup written to {target} came out damaged ({problem}) and was not kept; "
            "check the drive it is on."
        )
    os.replace(partial, target)  # never a half-written backup under the real name


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Delete copies a killed backup left half-written; one being written now is left alone."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    cutoff = (time.time() if now is None else now) - STALE_PART_SECONDS
    for path in folder.glob(f"*{SUFFIX}{PART}*"):  # the copy, and any journal SQLite left
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:  # held open (Windows) or gone meanwhile: not ours to force
            continue
    return removed


def make_backup(
    database: Path,
    folder: Path,
    reason: str = "manual",
    now: datetime | None = None,
    keep: int | None = None,
    check: bool = True,
) -> Path:
    """Take a checked backup named by time and reason, then rotate the backups of its kind.

    A copy that fails its check raises before the rotation, so it never pushes a good one
    out; `keep` overrides how many of the kind are kept (KEEP).
    """
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(folder)
    stamp = (now or datetime.now()).strftime(STAMP)
    target = folder / f"{PREFIX}{stamp}-{reason}{SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{PREFIX}{stamp}-{reason}-{counter}{SUFFIX}"
    copy_database(database, target, check)
    kind = kind_of(reason)
    rotate(folder, kind, KEEP[kind] if keep is None else keep)
    return target


def list_backups(folder: Path) -> list[Backup]:
    """Backups in the folder, newest first; files that are not ours are ignored."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        rest = path.name[len(PREFIX) : -len(SUFFIX)]
        taken = stamp_time(rest[:15])
        if taken is not None:
            found.append(Backup(path, taken, rest[16:]))
    found.sort(key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)
    return found


def stamp_time(stamp: str) -> datetime | None:
    """The time a backup's name was stamped with (STAMP: 20261205-101112), None for any other
    text. Read without strptime: the launch's backup check lists the backups on a worker
    thread while the window paints, and strptime's first use builds its locale tables."""
    digits = stamp[:8] + stamp[9:]
    if len(stamp) != 15 or stamp[8] != "-" or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return datetime.fromisoformat(stamp)  # Python 3.11 reads the basic form, any separator
    except ValueError:  # a month 13, a 25th hour
        return None


def rotate(folder: Path, kind: str = DAILY, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups of one kind; returns what was removed."""
    keep = KEEP[kind] if keep is None else keep
    same_kind = [backup for backup in list_backups(folder) if backup.kind == kind]
    removed = [backup.path for backup in same_kind[max(keep, 1) :]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_if_due(
    database: Path, folder: Path, now: datetime | None = None, keep: int | None = None
) -> Path | None:
    """The launch backup: at most one daily a day, and none for a database not yet created.

    Every launch also clears what killed backups left behind.
    """
    remove_stale_parts(folder)
    if not database.exists() or database.stat().st_size == 0:
        return None
    today = (now or datetime.now()).date()
    dailies = (backup for backup in list_backups(folder) if backup.kind == DAILY)
    if any(backup.taken_at.date() == today for backup in dailies):
        return None
    return make_backup(database, folder, DAILY, now, keep)


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
        safety = make_backup(database, folder, "before-restore", check=False)
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
