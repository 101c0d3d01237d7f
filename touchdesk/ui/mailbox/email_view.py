"""An email from the mailbox, opened from its touch on the timeline: headers and the text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.mailbox.record import EmailText, email_of_touch


class EmailDialog(QDialog):
    EDIT = 2  # done() code: the seller asked to edit the touch itself

    def __init__(self, email: EmailText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(email.subject or "(no subject)")
        form = QFormLayout()
        for label, value in (
            ("From", email.sender),
            ("To", email.to),
            ("Cc", email.cc),
            ("Date", email.sent_at_iso.replace("T", " ")[:16] + " UTC"),
            ("Subject", email.subject),
            ("Attachments", ", ".join(email.attachments)),
        ):
            if value:
                shown = QLabel(value)
                shown.setWordWrap(True)
                form.addRow(label, shown)
        self.text = QPlainTextEdit(email.body)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        edit = buttons.addButton("&Edit the touch…", QDialogButtonBox.ButtonRole.ActionRole)
        edit.clicked.connect(lambda: self.done(self.EDIT))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)


def show_email(touch_id: int, parent: QWidget | None) -> bool:
    """Open the touch's email, if it has one; False when the touch is to be edited instead."""
    email = email_of_touch(touch_id)
    if email is None:
        return False
    return EmailDialog(email, parent).exec() != EmailDialog.EDIT
