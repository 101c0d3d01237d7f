"""The list of reasons a deal is lost, offered when a prospect is marked lost; one per line."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from touchdesk.services.statuses import StatusError, lost_reasons, save_lost_reasons
from touchdesk.services.undo import record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.common import problem_label
from touchdesk.ui.widgets import plain_label


class LostReasonsTab(QWidget):
    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("lostReasons")
        self.lines.setTabChangesFocus(True)
        self.lines.textChanged.connect(self._update_buttons)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.problems = problem_label("lostReasonProblems")
        row = QHBoxLayout()
        row.addWidget(self.problems, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        explained = plain_label(
            "Marking a prospect lost offers these reasons, one per line; Insights counts "
            "lost deals by reason. A reason typed while marking one lost joins the list."
        )
        explained.setWordWrap(True)  # one long line asked a 900-pixel-wide window
        layout.addWidget(explained)
        layout.addWidget(self.lines, 1)
        layout.addLayout(row)
        self._stored: list[str] = []

    def _typed(self) -> list[str]:
        return [" ".join(line.split()) for line in self.lines.toPlainText().splitlines()]

    def _update_buttons(self) -> None:
        self.save_button.setEnabled([r for r in self._typed() if r] != self._stored)

    def reload(self) -> None:
        self._stored = lost_reasons()
        if self.save_button.isEnabled() and self.lines.toPlainText():
            return  # someone else's change must not wipe what the seller is typing
        self.lines.setPlainText("\n".join(self._stored))
        self.problems.clear()
        self._update_buttons()

    def save(self) -> bool:
        typed = self._typed()
        try:
            change, entry = record(lambda: save_lost_reasons(typed))
        except StatusError as error:
            self.problems.setText(str(error))
            return False
        self.save_button.setEnabled(False)
        self.undo_stack.push(RecordedCommand.done(self.bus, "Edit the lost reasons", entry, change))
        return True
