"""Opening and closing the seller's database as one unit of work for the programs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import peewee

from touchdesk.paths import AppPaths
from touchdesk.services import settings
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.revival import revive_due
from touchdesk.store import backups, db, health
from touchdesk.store.db import DatabaseRefused
from touchdesk.store.health import DatabaseDamaged
from touchdesk.store.opening import OpenedStore, open_store

__all__ = [
    "DailyBackup",
    "DatabaseDamaged",
    "DatabaseRefused",
    "Workspace",
    "after_daily_backup",
    "close_thread_connection",
    "close_workspace",
    "open_workspace",
    "outside_writes",
    "take_daily_backup",
]


class Workspace(NamedTuple):
    """An open database with what its opening did: migration, backup, revived prospects."""

    paths: AppPaths
    store: OpenedStore
    launch_backup: Path | None
    backup_problem: str = ""
    revived: tuple[int, ...] = ()  # dormant prospects whose date came, active again

    @property
    def database(self) -> Path:
        return self.paths.database


def open_workspace(paths: AppPaths, daily_backup: bool = True) -> Workspace:
    """Refuse a bad file, migrate (copying first), take the daily backup, fill in defaults.

    A failed daily backup does not stop the seller's day; it is reported instead.
    """
    paths.ensure()
    opened = open_store(paths.database, paths.backups)
    taken, problem = None, ""
    if daily_backup:
        try:
            taken = backups.backup_if_due(paths.database, paths.backups)
        except (OSError, sqlite3.Error, DatabaseRefused) as error:
            # A refusal here means the check found damage: writes are refused from now on.
            problem = f"Today's backup could not be taken: {error}"
    try:
        ensure_defaults()
        profile = settings.load_profile()
        revived = revive_due(datetime.now(UTC), ZoneInfo(profile.time_zone))
    except peewee.OperationalError as error:
        # Another program writing past the timeout, or a full or read-only disk, at launch.
        reason = db.explain(error)
        db.close()
        if reason is None:
            raise
        raise DatabaseRefused(paths.database, reason) from error
    return Workspace(paths, opened, taken, problem, tuple(revived))


def outside_writes() -> int | None:
    """Moves when another program (the CLI, a sync tool) commits to the open database."""
    return db.data_version()


def close_workspace() -> None:
    db.close()


def close_thread_connection() -> None:
    """A worker thread's own connection (peewee keeps one per thread), closed as it ends."""
    db.close()


class DailyBackup(NamedTuple):
    """What the day's first launch backup made, or why it could not."""

    taken: Path | None
    problem: str = ""
    damage: DatabaseRefused | None = None  # the check found the database itself damaged


def take_daily_backup(paths: AppPaths) -> DailyBackup:
    """The launch backup, made in a worker thread while the window paints: it copies with
    its own connections, and a failure is reported, never raised into the seller's day."""
    try:
        return DailyBackup(backups.backup_if_due(paths.database, paths.backups))
    except DatabaseDamaged as error:
        return DailyBackup(None, f"Today's backup could not be taken: {error}", error)
    except (OSError, sqlite3.Error, DatabaseRefused) as error:
        return DailyBackup(None, f"Today's backup could not be taken: {error}")


def after_daily_backup(result: DailyBackup) -> None:
    """On the window's own thread: damage found by the backup stops writes from now on."""
    if result.damage is not None:
        health.refuse_writes(result.damage)
