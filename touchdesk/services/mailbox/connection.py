"""Opening the seller's IMAP mailbox, and a connection test that says exactly what failed."""

from __future__ import annotations

import imaplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from touchdesk.services.accounts import MailAccount
from touchdesk.services.mailbox.errors import (
    ConnectionDropped,
    HostUnreachable,
    LoginRefused,
    MailboxError,
    NoSecret,
    QuotaFull,
    TlsFailed,
)
from touchdesk.services.mailbox.folders import find_folders
from touchdesk.services.secrets import SecretUnavailable, resolve_secret

TIMEOUT_SECONDS = 30.0
Ask = Callable[[], str | None]


def _tls_context() -> ssl.SSLContext:
    # The system's trusted authorities (SSL_CERT_FILE too), host names checked: never lowered.
    return ssl.create_default_context()


def _said(error: BaseException) -> str:
    text = error.args[0] if error.args else str(error)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip() or type(error).__name__


def _open(account: MailAccount) -> imaplib.IMAP4:
    endpoint = account.imap
    try:
        if endpoint.tls == "ssl":
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                endpoint.host, endpoint.port, ssl_context=_tls_context(), timeout=TIMEOUT_SECONDS
            )
        else:
            imap = imaplib.IMAP4(endpoint.host, endpoint.port, timeout=TIMEOUT_SECONDS)
            if endpoint.tls == "starttls":
                imap.starttls(_tls_context())
    except ssl.SSLCertVerificationError as error:
        raise TlsFailed(
            f"The mail server {endpoint} showed a certificate this computer does not trust "
            f"({error.verify_message}). Check the host name, or ask your provider."
        ) from None
    except ssl.SSLError as error:
        raise TlsFailed(
            f"The secure connection to {endpoint} failed ({_said(error)}): check the port and "
            "the TLS choice (SSL on 993, STARTTLS on 143)."
        ) from None
    except socket.gaierror:
        raise HostUnreachable(f"The mail server name {endpoint.host!r} is not known.") from None
    except imaplib.IMAP4.error as error:
        raise TlsFailed(f"{endpoint} does not offer a secure connection: {_said(error)}") from None
    except TimeoutError:
        raise HostUnreachable(
            f"The mail server {endpoint} did not answer within {TIMEOUT_SECONDS:.0f} seconds: "
            "check the port and the TLS choice (SSL on 993, STARTTLS on 143), or your network."
        ) from None
    except OSError as error:
        raise HostUnreachable(
            f"Cannot reach the mail server {endpoint}: {error.strerror or _said(error)}."
        ) from None
    return imap


def _login(imap: imaplib.IMAP4, account: MailAccount, ask: Ask | None, secret: str | None) -> None:
    if secret is None:
        try:
            secret = resolve_secret(account.secret, account.keyring_account, ask)
        except SecretUnavailable as error:
            raise NoSecret(str(error)) from None
    try:
        if account.secret.is_token:
            sasl = f"user={account.user}\x01auth=Bearer {secret}\x01\x01".encode()
            imap.authenticate("XOAUTH2", lambda _challenge: sasl)
        else:
            imap.login(account.user, secret)
    except imaplib.IMAP4.abort as error:
        raise ConnectionDropped(f"The mail server closed the connection: {_said(error)}") from None
    except imaplib.IMAP4.error as error:
        how = "token" if account.secret.is_token else "password"
        raise LoginRefused(
            f"The mail server {account.imap.host} refused the sign-in of {account.user} "
            f"({_said(error)}): check the user name and the {how}."
        ) from None


@contextmanager
def open_mailbox(
    account: MailAccount, ask: Ask | None = None, secret: str | None = None
) -> Iterator[imaplib.IMAP4]:
    """A signed-in connection, logged out (or just closed) afterwards; a server that goes away
    mid-way is reported as ConnectionDropped. `secret`: a password just typed, not yet kept."""
    imap = _open(account)
    try:
        _login(imap, account, ask, secret)
        yield imap
    except (imaplib.IMAP4.abort, OSError, EOFError) as error:
        raise ConnectionDropped(
            f"The connection to {account.imap} dropped: {_said(error)}. What was stored is "
            "kept; the next sync goes on from there."
        ) from None
    except imaplib.IMAP4.error as error:
        said = _said(error)
        if "OVERQUOTA" in said.upper():
            raise QuotaFull(f"The mailbox of {account.user} is full: {said}") from None
        raise MailboxError(f"The mail server answered: {said}") from None
    finally:
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError, EOFError):
            pass


@dataclass(frozen=True)
class ConnectionReport:
    inbox: str
    sent: str  # '' when the server has no Sent folder
    message: str


def test_connection(
    account: MailAccount, ask: Ask | None = None, secret: str | None = None
) -> ConnectionReport:
    """Reach, secure, sign in and find the folders; raises the first MailboxError met."""
    with open_mailbox(account, ask, secret) as imap:
        folders = find_folders(imap, account)
    sent = f" and {folders.sent}" if folders.sent else " (no Sent folder found)"
    return ConnectionReport(
        folders.inbox,
        folders.sent,
        f"Connected to {account.imap} as {account.user}: {folders.inbox}{sent}.",
    )
