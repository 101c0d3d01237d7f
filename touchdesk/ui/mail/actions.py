"""File → Print mail, and queueing mail from any page through one set of flows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action

if TYPE_CHECKING:  # built on first use: start-up does not import the mail dialogs
    from touchdesk.ui.mail.flows import MailFlows


class MailActions:
    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack, parent: QWidget, tell: Tell) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell
        self._flows: MailFlows | None = None
        self.print_mail_action = menu_action(parent, "&Print mail…", self.print_mail)

    @property
    def flows(self) -> MailFlows:
        """Queueing mail from any page, one undo stack; built on first use."""
        if self._flows is None:
            from touchdesk.ui.mail.flows import MailFlows

            self._flows = MailFlows(self.bus, self.undo_stack, self.parent, self.tell)
        return self._flows

    def print_mail(self) -> None:
        """The note list, envelopes or labels for everything still to write or mail."""
        from touchdesk.ui.mail.print_dialog import MailPrintDialog

        dialog = MailPrintDialog(None, self.parent, tell=self.tell)
        dialog.exec()
        dialog.deleteLater()
