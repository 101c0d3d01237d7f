"""A copy of each sent email in the mailbox's Sent folder, over IMAP, unless the server puts
it there itself (Gmail does: a second copy would show twice)."""

from __future__ import annotations

import imaplib
import re
import ssl
from datetime import datetime

from touchdesk.services import settings
from touchdesk.services.accounts import MailAccount
from touchdesk.services.outbox.transport import TIMEOUT, xoauth2

SENT_COPY_CHOICES = ("auto", "server", "app")
# Servers known to file what they send in Sent by themselves.
_FILES_ITS_OWN = ("gmail.com", "googlemail.com")
_SENT_FLAG = re.compile(rb"\(([^)]*)\) \S+ (.+)$")


def server_keeps_copy(account: MailAccount) -> bool:
    choice = settings.get("sent_copy")
    if choice in ("server", "app"):
        return choice == "server"
    host = account.smtp.host.lower()
    return any(host == name or host.endswith("." + name) for name in _FILES_ITS_OWN)


def _connect(account: MailAccount) -> imaplib.IMAP4:
    endpoint = account.imap
    context = ssl.create_default_context()
    if endpoint.tls == "ssl":
        return imaplib.IMAP4_SSL(endpoint.host, endpoint.port, ssl_context=context, timeout=TIMEOUT)
    client = imaplib.IMAP4(endpoint.host, endpoint.port, timeout=TIMEOUT)
    if endpoint.tls == "starttls":
        client.starttls(ssl_context=context)
    return client


def _sent_folder(client: imaplib.IMAP4, account: MailAccount) -> str:
    """The account's Sent folder: as set, else the one the server flags \\Sent, else 'Sent'."""
    if account.sent_folder:
        return account.sent_folder
    status, lines = client.list()
    for line in lines if status == "OK" else []:
        found = _SENT_FLAG.match(line or b"")
        if found and b"\\sent" in found.group(1).lower():
            return found.group(2).decode(errors="replace").strip('"')
    return "Sent"


def append_sent(account: MailAccount, secret: str, message: bytes, sent_at: datetime) -> str:
    """Put the sent email in the Sent folder; returns what happened in the seller's words. A
    failure is said, never raised: the email itself went out."""
    if server_keeps_copy(account):
        return f"kept in Sent by {account.smtp.host}"
    where = str(account.imap)
    try:
        client = _connect(account)
        try:
            if account.secret.is_token:
                client.authenticate("XOAUTH2", lambda _: xoauth2(account.user, secret).encode())
            else:
                client.login(account.user, secret)
            folder = _sent_folder(client, account)
            quoted = '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
            when = imaplib.Time2Internaldate(sent_at)
            status, said = client.append(quoted, r"(\Seen)", when, message)
            if status != "OK":
                return (
                    f"not copied to Sent: {where} said {b' '.join(said).decode(errors='replace')}"
                )
            return f"copied to {folder}"
        finally:
            try:
                client.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
    except (imaplib.IMAP4.error, OSError) as error:
        return f"not copied to Sent: {where}: {error}"
