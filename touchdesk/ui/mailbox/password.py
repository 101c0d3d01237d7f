"""The mailbox password asked for on a computer without a keyring (kept in memory only)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def ask_mail_password(parent: QWidget | None, user: str) -> str | None:
    text, given = QInputDialog.getText(
        parent,
        "Mailbox password",
        f"Password for {user} (this computer has no keyring to keep it):",
        QLineEdit.EchoMode.Password,
    )
    return text if given and text else None
