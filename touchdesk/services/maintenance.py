"""Backups on demand, restore, and a health report of the open database, for CLI and GUI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from touchdesk import files
from touchdesk.paths import AppPaths
from touchdesk.services.installation import missing_data
from touchdesk.store import backups, db, health
from touchdesk.store.migrations import LATEST_VERSION, current_version
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    Plan,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Reason,
    Stage,
    Template,
    Touch,
)
from touchdesk.store.opening import open_store

# The tables whose sizes tell the seller (and a bug report) what is in the file.
COUNTED = (
    Prospect,
    ContactPoint,
    ProspectTag,
    Touch,
    ProspectEvent,
    NextStep,
    MailTask,
    Stage,
    Plan,
    Template,
    Reason,
)


class MaintenanceError(ValueError):
    """A backup or restore that cannot be done as asked; the message is for the seller."""


@dataclass(frozen=True)
class BackupEntry:
    """One backup as File → Backups lists it."""

    path: Path
    taken_at: datetime  # local wall-clock time, as in the file name
    kind: str  # "Daily", "Manual" or "Safety copy"
    reason: str  # "daily", "manual", "before-restore", "before-v1-to-v2"
    size_bytes: int


def list_backups(paths: AppPaths) -> list[BackupEntry]:
    """Every backup in the backups folder, newest first, with its kind."""
    entries = []
    for found in backups.list_backups(paths.backups):
        try:
            size = found.path.stat().st_size
        except OSError:  # removed by a rotation meanwhile
            continue
        label = backups.KIND_LABELS[found.kind]
        entries.append(BackupEntry(found.path, found.taken_at, label, found.reason, size))
    return entries


def write_refusal(error: BaseException) -> str:
    """The plain reason an error was a write turned away from a damaged database, or ""."""
    refused = health.refused_write(error)
    return f"{refused.path}: {refused.reason}" if refused is not None else ""


@dataclass(frozen=True)
class DoctorReport:
    database: Path
    size_bytes: int
    backups_folder: Path
    schema_version: int
    latest_version: int
    integrity: str  # "ok", or what SQLite's full integrity_check found wrong
    row_counts: dict[str, int | None]  # None: the table cannot be read (damaged)
    backup_count: int
    newest_backup: Path | None
    newest_backup_at: datetime | None  # local wall-clock time, as in the file name
    missing_data: tuple[str, ...] = ()  # run-time data this installation lacks

    @property
    def healthy(self) -> bool:
        return (
            self.integrity == "ok"
            and self.schema_version == self.latest_version
            and not self.missing_data
        )


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


def refuse_output_over_store(target: Path, paths: AppPaths) -> None:
    """Any file we write (backup, export, print) refuses the database, its -wal/-shm and the
    backups folder: writing there would replace the seller's data with a PDF or a CSV."""
    files.refuse_store_files(target, paths.database, paths.backups)


def backup_now(paths: AppPaths, destination: Path | None = None) -> Path:
    """A consistent copy of the database, taken while it stays open.

    Without a destination the copy goes to the backups folder, which is rotated. A folder
    receives a time-stamped file and is never rotated (it is the seller's, not ours); a
    file path is written as given, but never over an existing file.
    """
    if not paths.database.is_file():
        raise MaintenanceError(f"There is no database to back up at {paths.database}.")
    if destination is None:
        return backups.make_backup(paths.database, paths.backups, backups.MANUAL)
    destination = destination.expanduser()
    if destination.is_dir():
        return backups.make_backup(paths.database, destination, backups.MANUAL, keep=10**6)
    refuse_output_over_store(destination, paths)
    if destination.exists():
        raise MaintenanceError(f"{destination} already exists; choose a new file name.")
    if not destination.parent.is_dir():
        raise MaintenanceError(f"The folder {destination.parent} does not exist.")
    backups.copy_database(paths.database, destination)
    return destination


def restore_backup(file: Path, paths: AppPaths) -> Path | None:
    """Replace the database with a backup; returns the safety copy of what it replaced.

    The database is closed for the copy and opened again afterwards (migrating an older
    backup), whether the restore went through or was refused. Restoring is the way out of
    a damaged database: the copy of it kept first is kept as it is, unchecked. A refused file raises
    DatabaseRefused and the current database is left exactly as it was.
    """
    file = file.expanduser()
    if _same_file(file, paths.database):
        raise MaintenanceError("This is the database itself, not a backup of it.")
    db.close()
    try:
        safety = backups.restore(file, paths.database, paths.backups, LATEST_VERSION)
    finally:
        # A refused restore leaves a damaged database open for reading only, so the
        # refusal that matters (the backup's) is the one the seller hears.
        open_store(paths.database, paths.backups, damaged_ok=True)
    return safety


def _count(model: type[peewee.Model]) -> int | None:
    try:
        return model.select().count()
    except peewee.DatabaseError:  # a damaged table: the report goes on without its size
        return None


def doctor(paths: AppPaths) -> DoctorReport:
    """What a support question needs: where the files are, the schema, integrity, sizes,
    and whether this installation has every data file it reads at run time.

    Reads the open database; the full integrity check runs on a separate read-only
    connection, so it sees exactly what is committed. Damage it finds stops every write.
    """
    integrity = health.check_file(paths.database, full=True)
    if integrity != "ok":
        health.damaged(paths.database, integrity)
    with db.database.atomic():  # one snapshot: the counts agree with each other
        counts = {model._meta.table_name: _count(model) for model in COUNTED}
        version = current_version(db.database)
    found = backups.list_backups(paths.backups)
    newest = found[0] if found else None
    return DoctorReport(
        database=paths.database,
        size_bytes=paths.database.stat().st_size if paths.database.exists() else 0,
        backups_folder=paths.backups,
        schema_version=version,
        latest_version=LATEST_VERSION,
        integrity=integrity,
        row_counts=counts,
        backup_count=len(found),
        newest_backup=newest.path if newest else None,
        newest_backup_at=newest.taken_at if newest else None,
        missing_data=tuple(missing_data()),
    )
