"""Finding the Inbox and the Sent folder: the seller's choice, else the server's \\Sent flag."""

from __future__ import annotations

import imaplib
import re
from dataclasses import dataclass

from touchdesk.services.accounts import MailAccount
from touchdesk.services.mailbox.errors import FolderMissing

_LIST_LINE = re.compile(rb'\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.+)$')
# Servers without SPECIAL-USE usually call it one of these.
_USUAL_SENT = ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "[Gmail]/Sent Mail")


@dataclass(frozen=True)
class Folders:
    inbox: str
    sent: str  # '' when there is none


def quoted(name: str) -> str:
    """A folder name as an IMAP command argument (imaplib does not quote them)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _listed(imap: imaplib.IMAP4) -> list[tuple[str, frozenset[str]]]:
    status, lines = imap.list()
    if status != "OK":
        return []
    found = []
    for line in lines:
        if isinstance(line, tuple):  # a name sent as a literal: {n}\r\nNAME
            head, literal = line
            match = _LIST_LINE.match(head)
            if match:
                found.append((literal.decode("utf-8", "replace"), _flags(match["flags"])))
            continue
        if line is None:
            continue
        match = _LIST_LINE.match(line)
        if not match:
            continue
        name = match["name"].strip()
        if name.startswith(b'"') and name.endswith(b'"'):
            name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
        found.append((name.decode("utf-8", "replace"), _flags(match["flags"])))
    return found


def _flags(raw: bytes) -> frozenset[str]:
    return frozenset(flag.decode().lower() for flag in raw.split())


def find_folders(imap: imaplib.IMAP4, account: MailAccount) -> Folders:
    listed = _listed(imap)
    names = {name for name, _ in listed}
    by_lower = {name.lower(): name for name in names}
    inbox = account.inbox_folder or "INBOX"
    if inbox.upper() != "INBOX" and inbox not in names:
        raise FolderMissing(f"The mailbox has no folder {inbox!r} (set as your Inbox).")
    if account.sent_folder:
        if account.sent_folder not in names:
            raise FolderMissing(
                f"The mailbox has no folder {account.sent_folder!r} (set as your Sent folder)."
            )
        return Folders(inbox, account.sent_folder)
    flagged = [name for name, flags in listed if "\\sent" in flags]
    if flagged:
        return Folders(inbox, flagged[0])
    for usual in _USUAL_SENT:
        if usual.lower() in by_lower:
            return Folders(inbox, by_lower[usual.lower()])
    return Folders(inbox, "")
