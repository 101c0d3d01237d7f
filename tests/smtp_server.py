"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 at a free port, with AUTH (PLAIN, LOGIN
and XOAUTH2) over STARTTLS or implicit TLS from a trustme certificate, or in clear for 'none'.
What it received is kept for the test to read."""

from __future__ import annotations

import base64
import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER = "seller@example.test"
PASSWORD = "app-password"
TOKEN = "ya29.test-token"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(("plain",))
        text = part.get_content() if part is not None else ""
        return text.replace("\r\n", "\n")


@dataclass
class Inbox:
    """The handler: keeps every message accepted, and refuses the recipients in `refuse`."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    logins: list[str] = field(default_factory=list)
    # A full mailbox: every DATA is answered with this instead of accepted, when set.
    data_answer: str = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_answer:
            return self.data_answer
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), parsed))
        return "250 2.0.0 Message accepted for delivery"

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        """RFC-less but universal: base64('user=U\\x01auth=Bearer T\\x01\\x01')."""
        try:
            raw = base64.b64decode(args[1]).decode()
            fields = dict(part.split("=", 1) for part in raw.split("\x01") if part)
        except (IndexError, ValueError):
            return AuthResult(success=False, handled=False)
        ok = fields.get("user") == USER and fields.get("auth") == f"Bearer {TOKEN}"
        if ok:
            self.logins.append(f"XOAUTH2:{fields['user']}")
        return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    host: str
    port: int
    tls: str  # "starttls", "ssl" or "none"
    inbox: Inbox
    ca_file: Path  # the test authority the client must trust

    @property
    def messages(self) -> list[Received]:
        return self.inbox.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticator(inbox: Inbox):
    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        if ok:
            inbox.logins.append(f"{mechanism}:{auth_data.login.decode()}")
        return AuthResult(success=ok, handled=False)

    return check


def _start(tls: str, folder: Path):
    import trustme

    authority = trustme.CA()
    ca_file = folder / "smtp-ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    inbox = Inbox()
    port = free_port()
    options: dict = {
        "authenticator": _authenticator(inbox),
        # aiosmtpd only knows of STARTTLS's TLS: with implicit TLS every byte is already
        # encrypted, so requiring it again would hide AUTH.
        "auth_require_tls": tls == "starttls",
    }
    if tls == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif tls == "ssl":
        options.update(ssl_context=context)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller, SmtpServer("127.0.0.1", port, tls, inbox, ca_file)


@pytest.fixture
def trust_test_authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the TLS client at the servers' test authority, as SSL_CERT_FILE does for a
    seller's own company authority."""

    def trust(server: SmtpServer) -> None:
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))

    return trust


@pytest.fixture
def smtp_server(tmp_path: Path, trust_test_authority):
    """AUTH PLAIN/LOGIN/XOAUTH2 only after STARTTLS, as a provider's port 587 does."""
    controller, server = _start("starttls", tmp_path)
    trust_test_authority(server)
    yield server
    controller.stop()


@pytest.fixture
def smtp_server_ssl(tmp_path: Path, trust_test_authority):
    """Implicit TLS from the first byte, as a provider's port 465 does."""
    controller, server = _start("ssl", tmp_path)
    trust_test_authority(server)
    yield server
    controller.stop()


@pytest.fixture
def smtp_server_plain(tmp_path: Path):
    """No TLS at all (the 'none' setting, only for a server on this computer)."""
    controller, server = _start("none", tmp_path)
    yield server
    controller.stop()
