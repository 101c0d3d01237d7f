"""The words a due step needs, shown read-only with Copy and Open in mail."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

if TYPE_CHECKING:  # the services load after the first paint
    from PySide6.QtCore import QUrl  # built (with its enums) on the first mail opened

    from touchdesk.services.messages import Words

KIND_LABELS = {
    "email": "Email to send",
    "voicemail": "Voicemail to leave if they do not answer",
    "text": "Text message to send",
    "note": "Note to write",
    "card": "Card to write",
    "invite": "Invite sentence",
}


class WordsPanel(QWidget):
    """Shows one step's filled template; the text is edited in Plans → Templates, not here."""

    write_email = Signal()  # the seller wants to write and send this email from TouchDesk

    def __init__(
        self,
        parent: QWidget | None = None,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.open_url = open_url
        self.words: Words | None = None
        self.title = plain_label()
        self.title.setObjectName("wordsTitle")
        tint(self.title, None, "font-weight: 600;")
        self.title.setWordWrap(True)  # a long template name wraps instead of widening the page
        self.note = plain_label()
        self.note.setWordWrap(True)
        tint(self.note, State.PROBLEM)
        self.text = QPlainTextEdit()
        self.text.setObjectName("words")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self._filled = ""  # read-only: only _fill writes it
        self.copy_button = QPushButton("&Copy words")
        self.mail_button = QPushButton("Open in &mail")
        self.mail_button.setToolTip("Your email program opens with the subject and text written.")
        self.write_button = QPushButton("&Write email…")
        self.write_button.setToolTip(
            "Write it here, the chase quoted, and send now or at their slot."
        )
        for button in (self.copy_button, self.mail_button, self.write_button):
            button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.mail_button.clicked.connect(self.open_in_mail)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.copy_button)
        header.addWidget(self.mail_button)
        header.addWidget(self.write_button)
        self.write_button.clicked.connect(self.write_email)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.text)
        self.show_words(None)

    def show_words(self, words: Words | None, empty: str = "") -> None:
        self.words = words
        if words is None:
            self.title.setText(empty or "No words for this step: nothing to send or say.")
            self._fill("")
        else:
            label = KIND_LABELS.get(words.kind, words.kind.capitalize())
            self.title.setText(f"{label} · {words.name}" if words.name else label)
            self._fill(words.text())
        missing = words.missing if words is not None else ()
        self.note.setText(
            f"Nothing to fill in for: {', '.join(missing)}. Set it in Settings or edit the text "
            "before sending."
            if missing
            else ""
        )
        self.note.setVisible(bool(missing))
        self.text.setVisible(words is not None)
        self.copy_button.setEnabled(words is not None)
        self.mail_button.setVisible(words is not None and words.is_email)
        self.write_button.setVisible(words is not None and words.is_email)
        self.mail_button.setEnabled(words is not None and words.is_email and bool(words.email))
        if words is not None and words.is_email and not words.email:
            self.mail_button.setToolTip("No email address on file for this prospect.")

    def _fill(self, text: str) -> None:
        # Compared with the text it was last filled with, not read back from the document:
        # writing the document out again on every open cost more than the comparison saved.
        if text != self._filled:
            self.text.setPlainText(text)
            self._filled = text
        else:
            # The same words (a page opened again, a refresh for another change): kept as
            # laid out, shown from their start with nothing selected, as refilling them would.
            # Moved there only when elsewhere: moving the cursor lays the view out again.
            cursor = self.text.textCursor()
            bars = (self.text.verticalScrollBar(), self.text.horizontalScrollBar())
            if cursor.position() or cursor.hasSelection() or any(bar.value() for bar in bars):
                self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def copy(self) -> None:
        if self.words is not None:
            QGuiApplication.clipboard().setText(self.words.text())

    def open_in_mail(self) -> None:
        if self.words is not None and self.words.is_email and self.words.email:
            from PySide6.QtCore import QUrl

            self.open_url(QUrl(self.words.mailto(), QUrl.ParsingMode.StrictMode))
