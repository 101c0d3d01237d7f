"""Undoable service calls: redo and undo each call a service and publish what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus


class ServiceCommand(QUndoCommand):
    def __init__(
        self, bus: ChangeBus, label: str, do: Callable[[], Change], undo: Callable[[], Change]
    ) -> None:
        super().__init__(label)
        self._bus = bus
        self._do = do
        self._undo = undo

    def redo(self) -> None:
        self._bus.publish(self._do())

    def undo(self) -> None:
        self._bus.publish(self._undo())
