"""The one application-wide signal that carries what a service changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from touchdesk.services.changes import Change


class ChangeBus(QObject):
    """Pages connect to `changed` and refresh only when the change concerns them."""

    changed = Signal(object)

    def publish(self, change: Change) -> None:
        if change:
            self.changed.emit(change)
