"""Write email: the due step's template filled for the prospect, the earlier emails of the
chase quoted below, To/Cc/Subject and the words editable; Send now, or Send at their slot."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.outbox.compose import Draft
from touchdesk.services.outbox.queue import OutboxError, cancel, queue
from touchdesk.services.outbox.sending import SendReport, send_due
from touchdesk.ui.background import Background


class ComposeDialog(QDialog):
    """Accepted once the email is sent (Send now) or queued (Send at); `said` tells which."""

    def __init__(
        self,
        draft: Draft,
        slot: datetime | None,
        slot_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Email to {draft.name}")
        self.draft = draft
        self.slot = slot
        self.slot_label = slot_label
        self.said = ""
        self.outbox_id: int | None = None
        self.job: Background | None = None
        self.to = QLineEdit(draft.to)
        self.cc = QLineEdit(draft.cc)
        self.subject = QLineEdit(draft.subject)
        self.message = QPlainTextEdit(draft.message)
        self.message.setObjectName("composeMessage")
        self.message.setTabChangesFocus(True)
        self.quoted = QPlainTextEdit(draft.quoted)
        self.quoted.setObjectName("composeQuoted")
        self.quoted.setReadOnly(True)
        self.quoted.setTabChangesFocus(True)
        self.quoted.setVisible(bool(draft.quoted))
        form = QFormLayout()
        form.addRow("&To:", self.to)
        form.addRow("&Cc:", self.cc)
        form.addRow("&Subject:", self.subject)
        about = draft.template_name or "Your email"
        if draft.quoted_count:
            plural = "s" if draft.quoted_count > 1 else ""
            about += f" · {draft.quoted_count} earlier email{plural} quoted below"
        self.about = QLabel(about)
        self.problem = QLabel()
        self.problem.setObjectName("composeProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_now_button = QPushButton("Send &now")
        self.send_later_button = QPushButton(
            f"Send &at {slot_label}" if slot is not None else "Send at (no slot)"
        )
        self.send_later_button.setEnabled(slot is not None)
        buttons.addButton(self.send_later_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.send_now_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.send_now_button.clicked.connect(self.send_now)
        self.send_later_button.clicked.connect(self.send_later)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(self.message, 2)
        layout.addWidget(self.quoted, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def edited(self) -> Draft:
        return self.draft.edited(
            to=self.to.text(),
            cc=self.cc.text(),
            subject=self.subject.text(),
            message=self.message.toPlainText(),
        )

    def _queue(self, when: datetime | None) -> int | None:
        if self.outbox_id is not None:
            cancel(self.outbox_id)  # the failed try gives way to the edited email
            self.outbox_id = None
        try:
            return queue(self.edited(), when)
        except OutboxError as error:
            self._show_problem(str(error))
            return None

    def send_later(self) -> None:
        outbox_id = self._queue(self.slot)
        if outbox_id is None:
            return
        self.said = f"Email to {self.draft.name} queued for {self.slot_label}."
        self.accept()

    def send_now(self) -> None:
        if not self._have_password():
            self._show_problem("Not sent: no password was given.")
            return
        self.outbox_id = self._queue(None)
        if self.outbox_id is None:
            return
        outbox_id = self.outbox_id
        self._busy(True)
        self.job = Background(lambda _report: send_due(only=outbox_id), self)
        self.job.done.connect(self._sent)
        self.job.failed.connect(lambda error: self._show_problem(f"Not sent: {error}"))
        self.job.start()

    def _sent(self, report: SendReport) -> None:
        self._busy(False)
        self.report = report
        if report.sent:
            self.outbox_id = None
            self.said = f"Sent to {self.draft.name} <{report.sent[0].to}>."
            self.accept()
        elif report.failed:
            self._show_problem(
                f"Not sent: {report.failed[0].last_answer}. It stays in the outbox; fix and "
                "send again, or Cancel to keep it there."
            )
        else:
            self._show_problem(report.problem or "Not sent: the outbox is already sending it.")

    def _busy(self, busy: bool) -> None:
        self.send_now_button.setEnabled(not busy)
        self.send_later_button.setEnabled(not busy and self.slot is not None)
        self.send_now_button.setText("Sending…" if busy else "Send &now")

    def _have_password(self) -> bool:
        """On a computer without a keyring the password is asked here, once a session, before
        the worker signs in (a worker cannot ask)."""
        from touchdesk.services.accounts import load_mail_account
        from touchdesk.services.secrets import must_ask, remember_typed
        from touchdesk.ui.mailbox.password import ask_mail_password

        account = load_mail_account()
        if account is None or not must_ask(account.secret, account.keyring_account):
            return True
        typed = ask_mail_password(self, account.user)
        if typed is not None:
            remember_typed(account.keyring_account, typed)
        return typed is not None

    def _show_problem(self, text: str) -> None:
        self._busy(False)
        self.problem.setText(text)
        self.problem.show()

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.wait()
        super().done(result)
