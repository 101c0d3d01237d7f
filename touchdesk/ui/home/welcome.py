"""The welcome panel an empty database greets the seller with."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.ui.state_colours import tint
from touchdesk.ui.widgets import InkLabel


class WelcomePanel(QWidget):
    add_prospect = Signal()
    open_sample_data = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("welcome")
        title = InkLabel("Welcome to TouchDesk")
        title.setObjectName("welcomeTitle")
        tint(title, None, "font-size: 22pt; font-weight: 600;")
        self.subtitle = text = InkLabel(
            "Every prospect gets one agreed next step, and nobody falls through the cracks.\n"
            "Start with your first prospect, or look around with sample data first."
        )
        text.setObjectName("welcomeSubtitle")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        # Centred by the label, not the layout: a layout-aligned label gets its one-line
        # height whatever its wrapped text needs, which clipped the sentence top and bottom.
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.title = title
        self.add_button = QPushButton("Add a prospect…")
        self.add_button.setDefault(True)
        self.sample_button = QPushButton("Open sample data")
        self.sample_button.setToolTip("Opens a separate sample database; your own stays empty.")
        self.add_button.clicked.connect(self.add_prospect)
        self.sample_button.clicked.connect(self.open_sample_data)
        for button in (self.add_button, self.sample_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(200)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(2)
