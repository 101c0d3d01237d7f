"""Home: the welcome panel on an empty database, the funnel at a glance otherwise."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.changes import Change
from touchdesk.services.overview import Overview, overview


class WelcomePanel(QWidget):
    add_prospect = Signal()
    open_sample_data = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("welcome")
        title = QLabel("Welcome to TouchDesk")
        title.setObjectName("welcomeTitle")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        text = QLabel(
            "Every prospect gets one agreed next step, and nobody falls through the cracks.\n"
            "Start with your first prospect, or look around with sample data first."
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
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
        layout.addWidget(text, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(2)


class SummaryPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.active_label = QLabel()
        self.active_label.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.detail_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.active_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.detail_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_overview(self, numbers: Overview) -> None:
        self.active_label.setText(f"{numbers.active} / {numbers.target} active")
        gap = f"{numbers.gap} more to reach your target" if numbers.gap else "Target reached"
        self.detail_label.setText(f"{numbers.prospects} prospects in all · {gap}")


class HomePage(QStackedWidget):
    REFRESH_ON = Change.PROSPECTS | Change.SETTINGS

    def __init__(self) -> None:
        super().__init__()
        self.welcome = WelcomePanel()
        self.summary = SummaryPanel()
        self.addWidget(self.welcome)
        self.addWidget(self.summary)
        self.refresh()

    def refresh(self, change: Change = Change.EVERYTHING) -> None:
        if not change & self.REFRESH_ON:
            return
        numbers = overview()
        self.summary.show_overview(numbers)
        self.setCurrentWidget(self.welcome if numbers.is_empty else self.summary)
