"""Opening and closing the seller's database as one unit of work for the programs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from touchdesk.paths import AppPaths
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.store import backups, db
from touchdesk.store.opening import OpenedStore, open_store


@dataclass(frozen=True)
class Workspace:
    paths: AppPaths
    store: OpenedStore
    launch_backup: Path | None
    backup_problem: str = ""

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
        except (OSError, sqlite3.Error) as error:
            problem = f"Today's backup could not be taken: {error}"
    ensure_defaults()
    return Workspace(paths, opened, taken, problem)


def close_workspace() -> None:
    db.close()
