"""Undoable actions: each runs once, recorded by the store, and is replayed back and forth."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from touchdesk.services.changes import Change
from touchdesk.services.undo import UndoEntry, record, redo, undo
from touchdesk.ui.events import ChangeBus

T = TypeVar("T")


def _in_sentence(label: str) -> str:
    """'Move Hannah Whitfield to Proposal' read inside a sentence; 'CSV …' stays as it is."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def say_what_undo_did(
    stack: QUndoStack, undo: QAction, redo: QAction, tell: Callable[[str], None]
) -> None:
    """'Undid: move Hannah Whitfield to Proposal' in the status bar after Undo, 'Redid: …'
    after Redo. Said once the stack moved: what was undone is then the step Redo offers."""
    undo.triggered.connect(lambda: tell(f"Undid: {_in_sentence(stack.redoText())}"))
    redo.triggered.connect(lambda: tell(f"Redid: {_in_sentence(stack.undoText())}"))


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


@contextmanager
def one_undo_step(stack: QUndoStack, label: str) -> Iterator[None]:
    """Everything pushed inside, across the dialogs a compound action asks, is one undo
    step (a touch, the plan it paused, the next step set, the thank-you queued). Nothing
    pushed leaves no empty step; a failure keeps what was done undoable as that step."""
    stack.beginMacro(label)
    try:
        yield
    finally:
        stack.endMacro()
        step = stack.command(stack.index() - 1)
        if step is not None and step.childCount() == 0 and step.text() == label:
            step.setObsolete(True)
            stack.undo()  # removes an obsolete step without undoing anything


class RecordedCommand(QUndoCommand):
    """One user action, recorded generically: its first redo runs `do` as one transaction
    while the store logs the inverse of every row change; undo and redo replay that log
    (never `do` again, so rows keep their ids). Each publishes the change of the first run.

    An action that had to run before the push (to show its refusal in a dialog, or to learn
    what it did) is recorded with services.undo.record() and pushed with `done`."""

    def __init__(self, bus: ChangeBus, label: str, do: Callable[[], Change]) -> None:
        super().__init__(label)
        self._bus = bus
        self._do: Callable[[], Change] | None = do
        self._entry: UndoEntry | None = None
        self._change = Change.NOTHING

        self.after_undo: Callable[[], None] | None = None  # e.g. which item a page selects
        self.after_redo: Callable[[], None] | None = None

    @classmethod
    def done(
        cls,
        bus: ChangeBus,
        label: str,
        entry: UndoEntry,
        change: Change,
        after_undo: Callable[[], None] | None = None,
        after_redo: Callable[[], None] | None = None,
    ) -> RecordedCommand:
        """For an action already recorded: the push only announces `change`. The hooks run
        after each replay, before the change is published (a page's focus, not data)."""
        command = cls(bus, label, lambda: change)
        command._do, command._entry, command._change = None, entry, change
        command.after_undo, command.after_redo = after_undo, after_redo
        return command

    @property
    def change(self) -> Change:
        return self._change

    def redo(self) -> None:
        entry = self._entry
        if entry is None:
            do = self._do
            assert do is not None
            self._change, self._entry = withdrawn_on_failure(self, lambda: record(do))
            self._do = None
        elif not entry.done:
            withdrawn_on_failure(self, lambda: redo(entry))
            if self.after_redo is not None:
                self.after_redo()
        self._bus.publish(self._change)

    def undo(self) -> None:
        entry = self._entry
        if entry is not None:
            withdrawn_on_failure(self, lambda: undo(entry))
        if self.after_undo is not None:
            self.after_undo()
        self._bus.publish(self._change)
