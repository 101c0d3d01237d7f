"""What a page shows in place of an empty list: one sentence and one primary action."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from touchdesk.ui.widgets import plain_label


class EmptyState(QWidget):
    """A centred sentence saying why nothing is here, and the one button that gets going."""

    acted = Signal()

    def __init__(self, sentence: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence = plain_label(sentence)
        self.sentence.setObjectName("emptySentence")
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.button = QPushButton(action)
        self.button.setObjectName("emptyAction")
        self.button.setDefault(True)
        self.button.setMinimumHeight(34)
        self.button.clicked.connect(self.acted)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.sentence)
        layout.addSpacing(8)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def say(self, sentence: str, action: str) -> None:
        self.sentence.setText(sentence)
        self.button.setText(action)
