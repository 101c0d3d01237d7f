"""Open a database file for use: refuse bad files, back up, migrate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import peewee

from touchdesk.store import backups, db
from touchdesk.store.migrations import LATEST_VERSION, migrate


@dataclass(frozen=True)
class OpenedStore:
    path: Path
    version_found: int
    version: int
    migration_backup: Path | None

    @property
    def created(self) -> bool:
        return self.version_found == 0


def open_store(path: Path, backups_dir: Path) -> OpenedStore:
    """Connect and migrate; a copy is taken before any migration of existing data.

    Raises DatabaseRefused, leaving the file untouched, for a file that is not ours,
    damaged, or newer than this program.
    """
    db.connect(path)
    taken: list[Path] = []

    def copy_first(old: int, new: int) -> None:
        taken.append(backups.make_backup(path, backups_dir, f"before-v{old}-to-v{new}", keep=10**6))

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
