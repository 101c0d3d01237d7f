"""A mailbox account for the test Dovecot, and what a database file and a log folder hold."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.mail_servers import Dovecot
from touchdesk.services.accounts import Endpoint, MailAccount
from touchdesk.services.secrets import SecretSource

SELLER = "me@seller.test"


def account_for(server: Dovecot, password: str | None = None, **changes) -> MailAccount:
    """The seller's account on `server`, its password printed by a command (no keyring)."""
    secret = SecretSource("password_command", shlex.join(["echo", password or server.password]))
    return MailAccount(
        imap=Endpoint(server.host, server.port, "ssl" if server.tls == "ssl" else "none"),
        smtp=Endpoint(server.host, 1, "none"),
        user=server.user,
        secret=secret,
        **changes,
    )


def traces(needles: list[str], *places: Path) -> dict[str, list[str]]:
    """Which of `needles` occur (as UTF-8 bytes, any case) in which files under `places`."""
    found: dict[str, list[str]] = {}
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for path in files:
            data = path.read_bytes().lower()
            for needle in needles:
                if needle.lower().encode() in data:
                    found.setdefault(needle, []).append(path.name)
    return found
