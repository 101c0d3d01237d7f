"""Undoable service calls: redo and undo each call a service and publish what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus

T = TypeVar("T")


def withdrawn_on_failure(command: QUndoCommand, service: Callable[[], T]) -> T:
    """Run one service call for `command`'s redo or undo. When it fails, its transaction
    rolled back and nothing happened, so the command leaves the stack: Undo must not offer
    to take back (or redo twice) what never took place. The error goes on to the crash box."""
    try:
        return service()
    except BaseException:
        command.setObsolete(True)
        raise


def push_as_one(stack: QUndoStack, label: str, commands: Sequence[QUndoCommand]) -> None:
    """Push `commands` as one undo step. When one fails, those done before it stay undoable
    as that step, and the stack is never left inside an open macro (every later action
    would join it, and Undo would stop working)."""
    if len(commands) == 1:
        stack.push(commands[0])
        return
    stack.beginMacro(label)
    try:
        for command in commands:
            stack.push(command)
    finally:
        stack.endMacro()
        step = stack.command(stack.index() - 1)
        if step is not None and step.childCount() == 0:
            step.setObsolete(True)  # nothing got done: no empty step in the Edit menu
            stack.undo()  # removes an obsolete step without undoing anything


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
        self._bus.publish(withdrawn_on_failure(self, self._do))

    def undo(self) -> None:
        self._bus.publish(withdrawn_on_failure(self, self._undo))
