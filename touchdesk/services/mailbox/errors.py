"""What can go wrong with the seller's mailbox, one type per fault, each said in plain words."""

from __future__ import annotations


class MailboxError(Exception):
    """A mailbox fault; `kind` is the short word the status bar leads with."""

    kind = "mailbox"


class HostUnreachable(MailboxError):
    kind = "unreachable"


class TlsFailed(MailboxError):
    kind = "tls"


class LoginRefused(MailboxError):
    kind = "login"


class FolderMissing(MailboxError):
    kind = "folder"


class QuotaFull(MailboxError):
    kind = "quota"


class ConnectionDropped(MailboxError):
    """The server went away mid-conversation; what was stored stays, the next sync goes on."""

    kind = "dropped"


class NoSecret(MailboxError):
    """No password or token could be had (no keyring, a failing command)."""

    kind = "secret"


class NotConnected(MailboxError):
    kind = "not connected"
