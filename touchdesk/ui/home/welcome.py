"""The welcome panel an empty database greets the seller with."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from touchdesk.ui.state_colours import tint
from touchdesk.ui.widgets import InkLabel

# Pages that work before the first prospect: the seller prepares plans, reasons and
# templates there; the others show the welcome panel on an empty database.
USABLE_WHEN_EMPTY = frozenset({"Plans"})


def shows_welcome(empty: bool, page_title: str | None) -> bool:
    return empty and page_title not in USABLE_WHEN_EMPTY


class WelcomePanel(QWidget):
    add_prospect = Signal()
    import_contacts = Signal()
    open_sample_data = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("welcome")
        title = InkLabel("Welcome to TouchDesk")
        title.setObjectName("welcomeTitle")
        tint(title, None, "font-size: 22pt; font-weight: 600;")
        self.subtitle = text = InkLabel(
            "Every prospect gets one agreed next step, and nobody falls through the cracks.\n"
            "Bring your contacts in, start with your first prospect, or look around with "
            "sample data first. Plans, reasons and templates are ready under Plans."
        )
        text.setObjectName("welcomeSubtitle")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        # Centred by the label, not the layout: a layout-aligned label gets its one-line
        # height whatever its wrapped text needs, which clipped the sentence top and bottom.
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.title = title
        self.import_button = QPushButton("Import contacts…")
        self.import_button.setToolTip("A CSV from Google, Outlook, LinkedIn or a spreadsheet.")
        self.import_button.clicked.connect(self.import_contacts)
        self.add_button = QPushButton("Add a prospect…")
        self.add_button.setDefault(True)
        self.sample_button = QPushButton("Open sample data")
        self.sample_button.setToolTip("Opens a separate sample database; your own stays empty.")
        self.add_button.clicked.connect(self.add_prospect)
        self.sample_button.clicked.connect(self.open_sample_data)
        for button in (self.import_button, self.add_button, self.sample_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(200)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.import_button)
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


class WelcomeOrPages(QStackedWidget):
    """The pages, or in their place on an empty database the welcome panel, built the first
    time it is shown (`wire` connects its buttons): a desk with prospects never needs it."""

    def __init__(self, pages: QWidget, wire: Callable[[WelcomePanel], None]) -> None:
        super().__init__()
        self.pages = pages
        self._wire = wire
        self._welcome: WelcomePanel | None = None
        self.addWidget(pages)

    @property
    def welcome(self) -> WelcomePanel:
        if self._welcome is None:
            self._welcome = WelcomePanel()
            self._wire(self._welcome)
            self.addWidget(self._welcome)
        return self._welcome

    def show_for(self, empty: bool, page_title: str | None) -> None:
        """The welcome panel on an empty database, except on pages usable without prospects."""
        self.setCurrentWidget(self.welcome if shows_welcome(empty, page_title) else self.pages)
