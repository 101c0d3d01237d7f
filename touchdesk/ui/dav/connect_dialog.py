"""Connecting to the seller's calendar server: address, user, password (kept in the system
keyring), then which calendar and address book TouchDesk writes to, or new ones."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.wording import count_of
from touchdesk.services.accounts import load_dav_account
from touchdesk.services.changes import Change
from touchdesk.services.dav.connection import connect, disconnect, look
from touchdesk.services.dav.discovery import DEFAULT_NAME
from touchdesk.services.secrets import SecretUnavailable

NEW = f"New: {DEFAULT_NAME}"


class DavDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calendar and address book")
        self.change = Change.NOTHING
        self.connected = False
        account = load_dav_account()
        self.url = QLineEdit(account.url if account else "")
        self.url.setPlaceholderText("https://dav.example.com/")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("password or app password (kept in the keyring)")
        self.calendar = QComboBox()
        self.addressbook = QComboBox()
        for box in (self.calendar, self.addressbook):
            box.addItem(NEW, "")
        self.find = QPushButton("&Find calendars")
        self.find.clicked.connect(self.find_collections)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Server &address", self.url)
        form.addRow("&User", self.user)
        form.addRow("&Password", self.password)
        form.addRow("", self.find)
        form.addRow("Next steps go to", self.calendar)
        form.addRow("Prospects go to", self.addressbook)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Connect")
        buttons.accepted.connect(self.connect_account)
        buttons.rejected.connect(self.reject)
        self.disconnect_button = buttons.addButton(
            "&Disconnect", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.disconnect_button.setEnabled(account is not None)
        self.disconnect_button.clicked.connect(self.disconnect_account)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def find_collections(self) -> None:
        try:
            found = look(self.url.text().strip(), self.user.text().strip(), self.password.text())
        except (ValueError, SecretUnavailable) as error:
            self.message.setText(str(error))
            return
        for box, items in (
            (self.calendar, found.calendars),
            (self.addressbook, found.addressbooks),
        ):
            box.clear()
            for item in items:
                box.addItem(item.name or item.url, item.name or item.url)
            box.addItem(NEW, "")
        self.message.setText(
            f"Found {count_of(len(found.calendars), 'calendar')} and "
            f"{count_of(len(found.addressbooks), 'address book')}. Pick where TouchDesk writes, "
            "or new ones."
        )

    def connect_account(self) -> None:
        try:
            done = connect(
                self.url.text(),
                self.user.text(),
                password=self.password.text(),
                calendar=self.calendar.currentData() or "",
                addressbook=self.addressbook.currentData() or "",
            )
        except (ValueError, SecretUnavailable) as error:
            self.message.setText(str(error))  # nothing was saved
            return
        self.change, self.connected = done.change, True
        self.accept()

    def disconnect_account(self) -> None:
        self.change = disconnect()
        self.connected = False
        self.accept()
