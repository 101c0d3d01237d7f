"""One window per database file: a second launch raises the first instead of writing too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

KNOCK = b"raise\n"


def knock_file(database: Path) -> Path:
    """Where a second launch knocks: a file beside the lock that the first one watches."""
    return database.with_name(database.name + ".raise")


class SingleInstance(QObject):
    """Holds the lock on a database file for as long as this object lives.

    A later launch on the same file adds a line to the knock file, which the first watches
    (QtCore's file watch: a local socket would load Qt's network module, and its enum classes,
    into every launch for this one message)."""

    raise_requested = Signal()

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = QLockFile(str(database) + ".lock")
        self._lock.setStaleLockTime(0)  # a lock left by a crashed process is detected by PID
        self._knock = knock_file(database)
        self._watch: QFileSystemWatcher | None = None

    def acquire(self) -> bool:
        """True when this process may open the database; False asks the first to show itself.

        The lock alone: `listen` then answers later launches (the session starts it once the
        window has painted)."""
        if not self._lock.tryLock(200):
            self._ask_first_to_raise()
            return False
        return True

    def listen(self) -> None:
        """From now on a second launch on this database raises this window."""
        if self._watch is not None:
            return
        try:
            self._knock.write_bytes(b"")  # knocks left by an earlier session are not heard
        except OSError:
            return  # a folder we cannot write to: later launches are refused, not raised
        self._watch = QFileSystemWatcher([str(self._knock)], self)
        self._watch.fileChanged.connect(self._on_knock)

    def release(self) -> None:
        if self._watch is not None:
            self._watch.fileChanged.disconnect(self._on_knock)
            self._watch.deleteLater()
            self._watch = None
            self._knock.unlink(missing_ok=True)
        self._lock.unlock()

    def _ask_first_to_raise(self) -> None:
        try:
            with self._knock.open("ab") as knock:
                knock.write(KNOCK)
        except OSError:
            pass  # nobody can knock there: the refusal still says the database is open

    def _on_knock(self, path: str) -> None:
        if self._watch is not None and path not in self._watch.files():
            # Replaced or removed (a sync tool, a clean-up): watched again where it is.
            try:
                self._knock.touch()
            except OSError:
                return  # the folder no longer takes it: later launches are refused, not raised
            self._watch.addPath(path)
        if self._knock.exists() and self._knock.stat().st_size:
            self.raise_requested.emit()
