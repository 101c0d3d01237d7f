"""Edit → Find duplicates, and the prospect page's search for one prospect's duplicates."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import menu_action


class DuplicatesActions:
    def __init__(
        self,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        parent: QWidget,
        open_prospect: Callable[[int], None],
    ) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.open_prospect = open_prospect
        self.find_action = menu_action(parent, "Find &duplicates…", self.find_duplicates)

    def find_duplicates(self) -> None:
        from touchdesk.ui.duplicates.dialogs import DuplicatesDialog

        dialog = DuplicatesDialog(self.bus, self.undo_stack, self.parent)
        dialog.exec()
        dialog.deleteLater()

    def find_duplicates_of(self, prospect_id: int) -> None:
        """From the prospect page: its pairs only; if it is merged away, show the survivor."""
        from touchdesk.services.prospects import get_prospect
        from touchdesk.ui.duplicates.dialogs import DuplicatesDialog

        name = get_prospect(prospect_id).name
        dialog = DuplicatesDialog(self.bus, self.undo_stack, self.parent, prospect_id, name)
        dialog.exec()
        dialog.deleteLater()
        if prospect_id in dialog.merged:
            self.open_prospect(dialog.merged[prospect_id])
