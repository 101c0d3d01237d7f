"""Log a touch in seconds from the keyboard: channel, direction, outcome, when, note."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.ui.form_inputs import aware_value, datetime_edit, enum_combo
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label


class LogTouchDialog(QDialog):
    """Enter saves from any field but the note; Ctrl+Enter saves from the note too."""

    def __init__(
        self,
        name: str,
        zone: tzinfo,
        initial: TouchInput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit touch — {name}" if initial else f"Log a touch — {name}")
        self.zone = zone
        start = initial or TouchInput(Channel.CALL, datetime.now(UTC))
        self.channel = enum_combo(Channel, start.channel)
        self.direction = enum_combo(Direction, start.direction)
        self.outcome = enum_combo(Outcome, start.outcome)
        self.when = datetime_edit(start.occurred_at, zone)
        self.note = QPlainTextEdit(start.note)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What was said, what was promised")
        self.note.setFixedHeight(90)
        self.problem = QLabel()
        tint(self.problem, State.PROBLEM)

        form = QFormLayout()
        form.addRow("&Channel", self.channel)
        form.addRow("&Direction", self.direction)
        form.addRow("&Outcome", self.outcome)
        form.addRow(f"&When ({getattr(zone, 'key', zone)})", self.when)
        form.addRow("&Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(name))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.channel.setFocus()

    def touch(self) -> TouchInput:
        return TouchInput(
            channel=self.channel.value(),
            occurred_at=aware_value(self.when, self.zone),
            direction=self.direction.value(),
            outcome=self.outcome.value(),
            note=self.note.toPlainText().strip(),
        )

    def accept(self) -> None:
        touch = self.touch()
        if touch.occurred_at.date() > datetime.now(self.zone).date():
            self.problem.setText("A touch that has not happened yet is a next step.")
            return
        super().accept()
