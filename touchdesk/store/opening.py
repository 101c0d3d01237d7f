"""Open a database file for use: refuse bad files, back up, migrate."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import peewee

from touchdesk.store import backups, db, health
from touchdesk.store.migrations import LATEST_VERSION, current_version, migrate


class OpenedStore(NamedTuple):
    """A database as it was opened: the schema found and now, and any damage found."""

    path: Path
    version_found: int
    version: int
    migration_backup: Path | None
    damage: str = ""  # what the check found, when a damaged file was opened for reading

    @property
    def created(self) -> bool:
        return self.version_found == 0

    @property
    def writable(self) -> bool:
        return not self.damage


def open_store(path: Path, backups_dir: Path, damaged_ok: bool = False) -> OpenedStore:
    """Connect, check every page (quick_check), and migrate; a copy is taken before any
    migration of existing data.

    Raises DatabaseRefused, leaving the file untouched, for a file that is not ours,
    damaged, or newer than this program. With `damaged_ok` (the doctor) a damaged file
    stays open for reading, unmigrated, and refuses every write.
    """
    db.connect(path)
    health.forget()
    problem = health.check_database_file(path)
    if problem != "ok":
        refused = health.damaged(path, problem)
        if not damaged_ok:
            db.close()
            raise refused
        version = current_version(db.database)
        return OpenedStore(path, version, version, None, problem)
    taken: list[Path] = []

    def copy_first(old: int, new: int) -> None:
        taken.append(backups.make_backup(path, backups_dir, f"before-v{old}-to-v{new}"))

    try:
        found, now = migrate(db.database, before=copy_first)
        db.use_wal()
    except Exception as error:
        db.close()
        # Busy, read-only or full while migrating: refused in those words, never "damaged".
        if isinstance(error, peewee.OperationalError) and db.explain(error):
            raise db.DatabaseRefused(path, db.explain(error)) from error
        raise
    return OpenedStore(path, found, now, taken[0] if taken else None)


__all__ = ["LATEST_VERSION", "OpenedStore", "open_store"]
