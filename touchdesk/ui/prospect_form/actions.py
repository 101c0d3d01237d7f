"""Adding, editing and trashing a prospect, and the trash: File → New prospect and File → Trash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from touchdesk.services.changes import Change
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action


class ProspectActions:
    """Dialogs are imported when first opened: start-up pays only for the menu entries."""

    def __init__(
        self,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        parent: QWidget,
        tell: Tell,
        open_prospect: Callable[[int], None],
    ) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell
        self.open_prospect = open_prospect
        self.new_action = menu_action(
            parent, "&New prospect…", self.new_prospect, QKeySequence.StandardKey.New
        )
        self.trash_action = menu_action(parent, "&Trash…", self.open_trash)

    def new_prospect(self) -> None:
        """The full form (Ctrl+N); the welcome panel keeps the quick one."""
        from touchdesk.ui.prospect_form.dialog import ProspectDialog

        dialog = ProspectDialog(None, self.parent)
        if dialog.exec() and dialog.prospect_id is not None:
            self.bus.publish(dialog.change)
            self.open_prospect(dialog.prospect_id)

    def add_prospect(self) -> None:
        """The quick form of the welcome panel."""
        from touchdesk.ui.dialogs.quick_add import QuickAddDialog

        dialog = QuickAddDialog(self.parent)
        if dialog.exec() and dialog.prospect_id is not None:
            self.bus.publish(Change.PROSPECTS)
            self.tell("Prospect added.", 5000)

    def edit_prospect(self, prospect_id: int) -> None:
        from touchdesk.services.prospects import get_prospect
        from touchdesk.ui.commands import RecordedCommand
        from touchdesk.ui.prospect_form.dialog import ProspectDialog

        before = get_prospect(prospect_id)
        dialog = ProspectDialog(prospect_id, self.parent)
        if not dialog.exec():
            return
        if dialog.delete_requested:
            self.trash_prospect(prospect_id, before.name)
            return
        # Saved (and recorded) by the dialog already; the push makes it undoable.
        if dialog.entry is not None:
            self.undo_stack.push(
                RecordedCommand.done(self.bus, f"Edit {before.name}", dialog.entry, dialog.change)
            )

    def trash_prospect(self, prospect_id: int, name: str) -> None:
        from touchdesk.services.prospects import move_to_trash
        from touchdesk.ui.commands import RecordedCommand

        self.undo_stack.push(
            RecordedCommand(
                self.bus, f"Move {name} to the trash", lambda: move_to_trash(prospect_id)
            )
        )
        self.tell(f"{name} is in the trash. Ctrl+Z brings them back; File → Trash lists them.")

    def open_trash(self) -> None:
        from touchdesk.services.prospects import restore_from_trash
        from touchdesk.ui.commands import RecordedCommand
        from touchdesk.ui.prospect_form.trash_dialog import TrashDialog

        def restore(prospect_id: int) -> None:
            self.undo_stack.push(
                RecordedCommand(
                    self.bus, "Restore from the trash", lambda: restore_from_trash(prospect_id)
                )
            )

        TrashDialog(restore, self.parent).exec()
