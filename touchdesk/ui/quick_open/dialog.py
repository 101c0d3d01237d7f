"""The quick open popup: a line to type in, the matches under it, Enter opens the chosen one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from touchdesk.domain.quick_open import Findable, QuickIndex

_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}


def _line(person: Findable) -> str:
    reach = ", ".join((*person.phones[:1], *person.emails[:1]))
    return f"{person.name}    {reach}" if reach else person.name


class QuickOpenDialog(QDialog):
    """`chosen_id` is the prospect to open once accepted."""

    def __init__(self, index: QuickIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a prospect")
        self.setModal(True)
        self.resize(520, 360)
        self._index = index
        self._found: list[Findable] = []
        self.chosen_id: int | None = None
        self.query = QLineEdit()
        self.query.setPlaceholderText("Part of a name, company, email or phone")
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the line
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.query.textChanged.connect(self._search)
        self.query.installEventFilter(self)
        self.query.returnPressed.connect(self.accept)
        self.results.itemActivated.connect(lambda _item: self.accept())
        self._search("")

    def _search(self, typed: str) -> None:
        self._found = self._index.find(typed)
        self.results.clear()
        self.results.addItems([_line(person) for person in self._found])
        if self._found:
            self.results.setCurrentRow(0)
        if not typed.strip():
            self.hint.setText("↑ ↓ choose · Enter opens · Esc closes")
        elif not self._found:
            self.hint.setText(f"No prospect answers to “{typed.strip()}”.")
        else:
            self.hint.setText(f"{len(self._found)} shown · ↑ ↓ choose · Enter opens")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and self._found:
                row = min(max(self.results.currentRow() + step, 0), len(self._found) - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        row = self.results.currentRow()
        if not 0 <= row < len(self._found):
            return  # nothing to open: Enter on no match keeps the popup for another try
        self.chosen_id = self._found[row].prospect_id
        super().accept()
