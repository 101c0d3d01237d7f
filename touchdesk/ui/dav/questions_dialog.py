"""What the calendar sync asks: an event deleted on the phone (put it back or cancel the step),
a card edited there (take the edits or keep TouchDesk's). Nothing happens until answered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.changes import Change
from touchdesk.services.dav import questions as dav_questions
from touchdesk.services.dav.state import EVENT_DELETED

BUTTONS = {
    EVENT_DELETED: (
        ("Put it &back", dav_questions.KEEP),
        ("&Cancel the step", dav_questions.CANCEL),
    ),
}
CARD_BUTTONS = (
    ("&Take the edits", dav_questions.ACCEPT),
    ("&Keep TouchDesk's", dav_questions.IGNORE),
)


class QuestionsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calendar questions")
        self.resize(640, 360)
        self.change = Change.NOTHING
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._selected)
        self.first = QPushButton()
        self.second = QPushButton()
        self.first.clicked.connect(lambda: self._answer(0))
        self.second.clicked.connect(lambda: self._answer(1))
        self.empty = QLabel("No questions from your calendar or address book.")
        row = QHBoxLayout()
        row.addWidget(self.first)
        row.addWidget(self.second)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for question in dav_questions.questions():
            item = QListWidgetItem(question.text)
            item.setData(Qt.ItemDataRole.UserRole, (question.id, question.kind))
            self.list.addItem(item)
        self.empty.setVisible(self.list.count() == 0)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._selected(self.list.currentItem())

    def _choices(self) -> tuple[tuple[str, str], ...]:
        item = self.list.currentItem()
        if item is None:
            return ()
        _, kind = item.data(Qt.ItemDataRole.UserRole)
        return BUTTONS.get(kind, CARD_BUTTONS)

    def _selected(self, item: QListWidgetItem | None) -> None:
        choices = self._choices()
        for button, choice in zip(
            (self.first, self.second), choices or (("", ""), ("", "")), strict=True
        ):
            button.setText(choice[0])
            button.setVisible(bool(choices))

    def _answer(self, index: int) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        question_id, _ = item.data(Qt.ItemDataRole.UserRole)
        self.change |= dav_questions.answer(question_id, self._choices()[index][1])
        self.reload()
