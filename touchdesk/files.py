"""Writing the seller's files safely: beside, then renamed, never over the database.

Every file TouchDesk writes goes through here, so a full disk, a folder where a file was
meant, or a crash halfway leaves the previous file exactly as it was, and a new file gets
the permissions the seller's umask gives any other program's file. Plain Python: formats/,
printing/ and services/ all use it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

# SQLite's companions of a database file: what `export ... over them` would destroy.
_DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class WriteFailed(OSError):
    """A file could not be written; the message says which, why, and that nothing changed."""

    def __init__(self, path: Path, reason: str, errno: int | None = None) -> None:
        kept = "the file already there is unchanged" if path.exists() else "nothing was written"
        message = f"Could not write {path}: {reason} ({kept})."
        super().__init__(errno or 0, message)
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


class OutputRefused(ValueError):
    """An output path that would destroy the database or one of its backups."""


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links, case-insensitive disks
    except OSError:
        return _resolved(a) == _resolved(b)


def refuse_store_files(target: Path, database: Path, backups: Path) -> None:
    """Refuse writing to the database, its -wal/-shm/-journal, or anything in its backups."""
    target = target.expanduser()
    for suffix in _DATABASE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if _same(target, companion):
            what = "the database itself" if not suffix else f"the database's {suffix[1:]} file"
            raise OutputRefused(f"{target} is {what}; choose another file name.")
    folder = _resolved(backups)
    if folder == _resolved(target) or folder in _resolved(target).parents:
        raise OutputRefused(
            f"{target} is in the backups folder {backups}, which keeps copies of the "
            "database; choose a file elsewhere."
        )


def check_writable(path: Path) -> None:
    """Fail early, before any work, when `path` cannot become a file."""
    if path.is_dir():
        raise WriteFailed(path, "that is a folder, not a file name")
    if not path.parent.is_dir():
        raise WriteFailed(path, f"there is no folder {path.parent}")


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask is process-wide and racy)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_beside(path: Path) -> Path:
    """An empty new file in the target's folder (same disk, so the rename is atomic)."""
    check_writable(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise WriteFailed(path, error.strerror or str(error), error.errno) from error
    os.close(handle)
    return Path(name)


def install(partial: Path, path: Path) -> None:
    """Put a complete file in place: the mode the target had, or the umask's, then rename."""
    try:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(partial, mode)  # mkstemp made it 0600
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WriteFailed(path, error.strerror or str(error), error.errno) from error


@contextmanager
def atomic_writer(path: Path | str, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A stream whose contents become `path` only if the block ends without error.

    Binary, or text in `encoding` (newlines written as given, as the csv module wants).
    """
    path = Path(path)
    partial = temporary_beside(path)
    text = {"mode": "w", "encoding": encoding, "newline": ""} if encoding else {"mode": "wb"}
    try:
        with open(partial, **text) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())  # a full disk can show up only here
    except OSError as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, WriteFailed):
            raise
        raise WriteFailed(path, error.strerror or str(error), error.errno) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    install(partial, path)


def write_bytes(path: Path | str, data: bytes) -> None:
    """`path` holds `data` afterwards, or keeps what it held."""
    with atomic_writer(path) as stream:
        stream.write(data)
