"""Undoable service calls: redo and undo each call a service and publish what changed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        bus: ChangeBus,
        label: str,
        do: Callable[[], Change],
        undo: Callable[[], Change],
        already_done: Change | None = None,
    ) -> None:
        """With `already_done`, the work happened before the push (a dialog saved it): the
        first redo only announces that change; later redos call `do` again."""
        super().__init__(label)
        self._bus = bus
        self._do = do
        self._undo = undo
        self._already_done = already_done

    def redo(self) -> None:
        if self._already_done is not None:
            change, self._already_done = self._already_done, None
            self._bus.publish(change)
            return
        self._bus.publish(self._call(self._do))

    def undo(self) -> None:
        self._bus.publish(self._call(self._undo))

    def _call(self, service: Callable[[], Change]) -> Change:
        try:
            return service()
        except BaseException:
            # The service's transaction rolled back, so nothing happened. An obsolete command
            # leaves the stack: Undo must not offer to take back (or redo twice) what never
            # took place. The error goes on to the crash box.
            self.setObsolete(True)
            raise
