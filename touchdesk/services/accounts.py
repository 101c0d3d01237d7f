"""The seller's mailbox and calendar server: where they are and how to sign in, kept in the
settings without any password (secrets.py keeps those)."""

from __future__ import annotations

import ipaddress
from dataclasses import asdict, dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.secrets import SecretSource, forget_password

Tls = Literal["ssl", "starttls", "none"]
TLS_CHOICES: tuple[Tls, ...] = ("ssl", "starttls", "none")
_DEFAULT_PORTS = {
    "imap": {"ssl": 993, "starttls": 143, "none": 143},
    "smtp": {"ssl": 465, "starttls": 587, "none": 25},
}


class AccountError(ValueError):
    """A setting of an account that cannot work, said so the seller can fix it."""


def is_this_computer(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    tls: Tls

    @classmethod
    def parse(cls, text: str, tls: Tls, protocol: Literal["imap", "smtp"]) -> Endpoint:
        """'HOST' or 'HOST:PORT' ('[::1]:PORT' for IPv6); the port defaults by protocol and TLS."""
        if tls not in TLS_CHOICES:
            raise AccountError(f"TLS must be one of {', '.join(TLS_CHOICES)}, not {tls!r}.")
        cleaned = text.strip()
        if not cleaned:
            raise AccountError(f"The {protocol.upper()} server has no host name.")
        host, port = cleaned, _DEFAULT_PORTS[protocol][tls]
        if cleaned.startswith("["):
            end = cleaned.find("]")
            host, rest = cleaned[1:end], cleaned[end + 1 :]
            if rest.startswith(":"):
                port = _port(rest[1:], cleaned)
        elif cleaned.count(":") == 1:
            host, raw_port = cleaned.split(":")
            port = _port(raw_port, cleaned)
        if tls == "none" and not is_this_computer(host):
            raise AccountError(
                f"{host} is not this computer: without TLS the password would cross the network "
                "in clear. Use --tls ssl or --tls starttls."
            )
        return cls(host=host, port=port, tls=tls)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port} ({self.tls})"


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AccountError(f"{whole!r}: the port must be a number from 1 to 65535.")
    return int(text)


@dataclass(frozen=True)
class MailAccount:
    imap: Endpoint
    smtp: Endpoint
    user: str
    secret: SecretSource = field(default_factory=SecretSource)
    # Empty: found by the server's SPECIAL-USE flags (\Sent), else INBOX.
    inbox_folder: str = ""
    sent_folder: str = ""
    first_sync_days: int = 365

    @property
    def keyring_account(self) -> str:
        return f"mail:{self.user}@{self.imap.host}"


@dataclass(frozen=True)
class DavAccount:
    url: str
    user: str
    secret: SecretSource = field(default_factory=SecretSource)
    calendar: str = ""
    addressbook: str = ""

    @property
    def keyring_account(self) -> str:
        return f"dav:{self.user}@{urlsplit(self.url).netloc}"


def _endpoint(raw: dict) -> Endpoint:
    return Endpoint(host=raw["host"], port=int(raw["port"]), tls=raw["tls"])


def load_mail_account() -> MailAccount | None:
    raw = settings.get("mail_account")
    if not raw:
        return None
    return MailAccount(
        imap=_endpoint(raw["imap"]),
        smtp=_endpoint(raw["smtp"]),
        user=raw["user"],
        secret=SecretSource(**raw.get("secret", {})),
        inbox_folder=raw.get("inbox_folder", ""),
        sent_folder=raw.get("sent_folder", ""),
        first_sync_days=int(raw.get("first_sync_days", 365)),
    )


def save_mail_account(account: MailAccount) -> Change:
    return settings.put("mail_account", asdict(account))


def forget_mail_account() -> Change:
    account = load_mail_account()
    if account is not None:
        forget_password(account.keyring_account)
    return settings.put("mail_account", {})


def load_dav_account() -> DavAccount | None:
    raw = settings.get("dav_account")
    if not raw:
        return None
    return DavAccount(
        url=raw["url"],
        user=raw["user"],
        secret=SecretSource(**raw.get("secret", {})),
        calendar=raw.get("calendar", ""),
        addressbook=raw.get("addressbook", ""),
    )


def save_dav_account(account: DavAccount) -> Change:
    scheme = urlsplit(account.url).scheme
    host = urlsplit(account.url).hostname or ""
    if scheme not in ("http", "https"):
        raise AccountError(f"{account.url!r} is not a server address (https://…).")
    if scheme == "http" and not is_this_computer(host):
        raise AccountError(
            f"{host} is not this computer: use https:// so the password does not cross the "
            "network in clear."
        )
    return settings.put("dav_account", asdict(account))


def forget_dav_account() -> Change:
    account = load_dav_account()
    if account is not None:
        forget_password(account.keyring_account)
    return settings.put("dav_account", {})
