"""File → Back up now, Restore from backup and Backups: copies of the database and going back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from touchdesk.services.changes import Change
from touchdesk.services.workspace import DatabaseRefused, Workspace
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action


class BackupActions:
    """`workspace` is asked each time: a restore or another database replaces the open one."""

    def __init__(
        self,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        parent: QWidget,
        tell: Tell,
        workspace: Callable[[], Workspace],
    ) -> None:
        self.bus = bus
        self.undo_stack = undo_stack
        self.parent = parent
        self.tell = tell
        self.workspace = workspace
        self.backup_action = menu_action(parent, "&Back up now", self.back_up_now, "Ctrl+Shift+B")
        self.restore_action = menu_action(parent, "&Restore from backup…", self.restore_from_backup)
        self.backups_action = menu_action(parent, "Bac&kups…", self.show_backups)

    def back_up_now(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # its enums: on first use

        from touchdesk.services import maintenance  # loaded when first used, not at launch

        try:
            target = maintenance.backup_now(self.workspace().paths)
        except Exception as error:  # disk full, permissions: tell the seller, keep working
            QMessageBox.warning(
                self.parent, "Backup failed", f"The backup could not be written:\n{error}"
            )
            return
        self.tell(f"Backed up to {target}", 10000)

    def restore_from_backup(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its enums: on first use

        chosen, _ = QFileDialog.getOpenFileName(
            self.parent,
            "Restore from backup",
            str(self.workspace().paths.backups),
            "TouchDesk backups (*.sqlite);;All files (*)",
        )
        if chosen:
            self.restore_file(Path(chosen))

    def show_backups(self) -> None:
        from touchdesk.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.workspace().paths, self.parent)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_file(dialog.chosen)

    def restore_file(self, chosen: Path) -> None:
        """Ask, then replace the data with the backup (a safety copy is kept first)."""
        from PySide6.QtWidgets import QMessageBox  # its enums: on first use

        answer = QMessageBox.question(
            self.parent,
            "Restore from backup",
            "Replace everything in this database with the backup?\n\n"
            "A safety copy of the current data is kept in the backups folder first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from touchdesk.services import maintenance

        try:
            safety = maintenance.restore_backup(chosen, self.workspace().paths)
        except DatabaseRefused as refused:
            QMessageBox.warning(
                self.parent,
                "Backup refused",
                f"{refused.path}\n\n{refused.reason}\n\nYour current data was not changed.",
            )
            return
        self.undo_stack.clear()
        self.bus.publish(Change.EVERYTHING)
        kept = f" The data it replaced is kept in {safety}." if safety else ""
        self.tell(f"Restored from {chosen}.{kept}", 15000)
