"""The modal progress box of a task run with run_with_progress (see ui/background.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget


class ProgressDialog(QProgressDialog):
    """Up until the task has ended: Cancel, Esc and the close box only ask it to stop (a task
    that finishes what it starts has no Cancel), so the window cannot be used meanwhile."""

    def __init__(self, title: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(title, "Cancel", 0, 0, parent)
        self.setWindowTitle(title)
        self.cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)
        self.canceled.disconnect(self.cancel)  # QProgressDialog would hide itself at once
        self.setAutoReset(False)  # nor hide when the last step is reported
        self.setAutoClose(False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)

    def reject(self) -> None:
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()
