"""Let go: the break-up message (the seller's template), ready to copy, and the date to revisit."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.ui.date_formats import date_format
from touchdesk.ui.widgets import plain_label

DEFAULT_REVISIT_DAYS = 90


class LetGoDialog(QDialog):
    def __init__(
        self,
        name: str,
        message: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Let go — {name}")
        self.message = QPlainTextEdit(message)
        self.message.setTabChangesFocus(True)
        revisit = today + timedelta(days=DEFAULT_REVISIT_DAYS)
        self.revisit = QDateEdit(QDate(revisit.year, revisit.month, revisit.day))
        self.revisit.setCalendarPopup(True)
        self.revisit.setDisplayFormat(date_format())  # Qt's own default read "4 03 2027"
        self.revisit.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.copy_button = QPushButton("&Copy message")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.message.toPlainText())
        )
        form = QFormLayout()
        form.addRow("&Message", self.message)
        form.addRow("", self.copy_button)
        form.addRow("&Revisit on", self.revisit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log it and let go")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Send this, then the prospect rests until the revisit date. Nothing is deleted."
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def revisit_on(self) -> date:
        return self.revisit.date().toPython()
