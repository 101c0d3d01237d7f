"""Settings → Mailbox: where the seller's mail server is, how to sign in, and a connection test
that says exactly what failed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from touchdesk.services.accounts import (
    TLS_CHOICES,
    AccountError,
    Endpoint,
    MailAccount,
    forget_mail_account,
    load_mail_account,
    save_mail_account,
)
from touchdesk.services.changes import Change
from touchdesk.services.mailbox.connection import test_connection
from touchdesk.services.mailbox.errors import MailboxError
from touchdesk.services.secrets import SecretSource, SecretUnavailable, store_password
from touchdesk.ui.background import Background

_SIGN_IN = (
    ("password", "Password (kept in the system keyring)"),
    ("password_command", "Password command (prints the password)"),
    ("token_command", "Token command (prints an OAuth access token)"),
)
_TLS_LABELS = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": "None (this computer only)"}


def _host_and_port(port: int) -> tuple[QLineEdit, QSpinBox]:
    spin = QSpinBox()
    spin.setRange(1, 65535)
    spin.setValue(port)
    return QLineEdit(), spin


class MailboxDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mailbox")
        self.change = Change.NOTHING
        self.job: Background | None = None
        self.imap_host, self.imap_port = _host_and_port(993)
        self.smtp_host, self.smtp_port = _host_and_port(465)
        self.tls = QComboBox()
        for tls in TLS_CHOICES:
            self.tls.addItem(_TLS_LABELS[tls], tls)
        self.user = QLineEdit()
        self.sign_in = QComboBox()
        for kind, label in _SIGN_IN:
            self.sign_in.addItem(label, kind)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the keyring; leave empty to keep the saved one")
        self.command = QLineEdit()
        self.command.setPlaceholderText("e.g. pass show mail/work")
        self.sent_folder = QLineEdit()
        self.sent_folder.setPlaceholderText("found by the server's \\Sent flag")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self.test)

        form = QFormLayout()
        form.addRow("IMAP server", self.imap_host)
        form.addRow("IMAP port", self.imap_port)
        form.addRow("SMTP server", self.smtp_host)
        form.addRow("SMTP port", self.smtp_port)
        form.addRow("Security", self.tls)
        form.addRow("User", self.user)
        form.addRow("Sign in with", self.sign_in)
        form.addRow("Password", self.password)
        form.addRow("Command", self.command)
        form.addRow("Sent folder", self.sent_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.disconnect_button = buttons.addButton(
            "&Disconnect", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.disconnect_button.clicked.connect(self.disconnect_mailbox)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        self.sign_in.currentIndexChanged.connect(self._show_secret_field)
        self._load()
        self._show_secret_field()

    def _load(self) -> None:
        account = load_mail_account()
        self.disconnect_button.setEnabled(account is not None)
        if account is None:
            return
        self.imap_host.setText(account.imap.host)
        self.imap_port.setValue(account.imap.port)
        self.smtp_host.setText(account.smtp.host)
        self.smtp_port.setValue(account.smtp.port)
        self.tls.setCurrentIndex(TLS_CHOICES.index(account.imap.tls))
        self.user.setText(account.user)
        self.sign_in.setCurrentIndex([k for k, _ in _SIGN_IN].index(account.secret.kind))
        self.command.setText(account.secret.command)
        self.sent_folder.setText(account.sent_folder)

    def _show_secret_field(self) -> None:
        by_password = self.sign_in.currentData() == "password"
        self.password.setEnabled(by_password)
        self.command.setEnabled(not by_password)

    def account(self) -> MailAccount:
        """The account as typed; AccountError says what cannot work."""
        tls = self.tls.currentData()
        user = self.user.text().strip()
        if not user:
            raise AccountError("The user name is empty.")
        kind = self.sign_in.currentData()
        command = self.command.text().strip() if kind != "password" else ""
        if kind != "password" and not command:
            raise AccountError("Type the command that prints the password or token.")
        return MailAccount(
            imap=Endpoint.parse(f"{self.imap_host.text().strip()}:{self.imap_port.value()}",
                                tls, "imap"),
            smtp=Endpoint.parse(f"{self.smtp_host.text().strip()}:{self.smtp_port.value()}",
                                tls, "smtp"),
            user=user,
            secret=SecretSource(kind, command),
            sent_folder=self.sent_folder.text().strip(),
        )  # fmt: skip

    def _typed_password(self) -> str | None:
        if self.sign_in.currentData() != "password":
            return None
        return self.password.text() or None

    def test(self) -> None:
        """Runs in the background: a slow or silent server never freezes the window."""
        try:
            account = self.account()
        except AccountError as error:
            self.result.setText(str(error))
            return
        password = self._typed_password()
        self.test_button.setEnabled(False)
        self.result.setText(f"Connecting to {account.imap}…")
        self.job = Background(lambda _report: test_connection(account, secret=password), self)
        self.job.done.connect(lambda report: self._tested(report.message))
        self.job.failed.connect(self._test_failed)
        self.job.start()

    def _tested(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(message)

    def _test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(error, MailboxError | SecretUnavailable):
            self.result.setText(f"Failed: {error}")
        else:
            self.result.setText(f"Failed: {type(error).__name__}: {error}")

    def save(self) -> None:
        try:
            account = self.account()
            password = self._typed_password()
            if password is not None and not store_password(account.keyring_account, password):
                self.result.setText(
                    "This computer has no system keyring: choose a password command instead, "
                    "or you will be asked for the password at each sync."
                )
                return
            self.change = save_mail_account(account)
        except (AccountError, SecretUnavailable) as error:
            self.result.setText(str(error))
            return
        self.accept()

    def disconnect_mailbox(self) -> None:
        self.change = forget_mail_account()
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 (Qt API)
        if self.job is not None and self.job.running():
            self.job.wait()
        super().done(result)
