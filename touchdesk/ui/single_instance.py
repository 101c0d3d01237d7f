"""One window per database file: a second launch raises the first instead of writing too."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer


def _server_name(database: Path) -> str:
    digest = hashlib.sha1(str(database.resolve()).encode()).hexdigest()[:16]
    return f"touchdesk-{digest}"


class SingleInstance(QObject):
    """Holds the lock on a database file for as long as this object lives."""

    raise_requested = Signal()

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = _server_name(database)
        self._lock = QLockFile(str(database) + ".lock")
        self._lock.setStaleLockTime(0)  # a lock left by a crashed process is detected by PID
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process may open the database; False asks the first to show itself.

        The lock alone: `listen` then answers later launches (the session starts it once the
        window has painted, so its network module is not loaded before)."""
        if not self._lock.tryLock(200):
            self._ask_first_to_raise()
            return False
        return True

    def listen(self) -> None:
        """From now on a second launch on this database raises this window."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None:
            return
        QLocalServer.removeServer(self._name)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self._name)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _ask_first_to_raise(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(500):
            socket.write(b"raise\n")
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(socket.readAll)
            socket.disconnected.connect(socket.deleteLater)
            self.raise_requested.emit()
