"""Notice what another program (touchdesk-cli, a sync tool) wrote while the window is open."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from touchdesk.services.changes import Change
from touchdesk.services.workspace import outside_writes
from touchdesk.ui.events import ChangeBus

CHECK_EVERY_MS = 2000


class OutsideChanges(QObject):
    """Polls SQLite's data_version, which moves only for other connections' commits, and
    refreshes every page through the change bus when it does: what changed is not known."""

    def __init__(
        self, bus: ChangeBus, parent: QObject | None = None, every_ms: int = CHECK_EVERY_MS
    ) -> None:
        super().__init__(parent)
        self.bus = bus
        self._seen = outside_writes()
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        now = outside_writes()
        if now is None:  # between databases: the next one starts its own count
            self._seen = None
            return
        if self._seen is not None and now != self._seen:
            self.bus.publish(Change.EVERYTHING)
        self._seen = now

    def stop(self) -> None:
        self._timer.stop()
