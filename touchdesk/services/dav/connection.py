"""Connecting TouchDesk to the seller's server and letting go of it: discovery, the calendar
and address book chosen (or made), the password into the keyring, never the database."""

from __future__ import annotations

from dataclasses import dataclass, replace

from touchdesk.services.accounts import (
    AccountError,
    DavAccount,
    forget_dav_account,
    load_dav_account,
    save_dav_account,
)
from touchdesk.services.changes import Change
from touchdesk.services.dav import state
from touchdesk.services.dav.discovery import (
    Collection,
    Found,
    discover,
    ensure_addressbook,
    ensure_calendar,
)
from touchdesk.services.dav.transport import Dav
from touchdesk.services.secrets import (
    SecretSource,
    forget_password,
    resolve_secret,
    store_password,
)


@dataclass(frozen=True)
class Connected:
    account: DavAccount
    calendar: Collection
    addressbook: Collection
    found: Found
    change: Change


def look(url: str, user: str, password: str) -> Found:
    """What the server offers, for the seller to pick from (Settings)."""
    return discover(Dav(url, user, password))


def connect(
    url: str,
    user: str,
    *,
    password: str = "",
    secret: SecretSource | None = None,
    calendar: str = "",
    addressbook: str = "",
) -> Connected:
    """Check the account on the server, pick or make the calendar and address book, then
    save; on any failure nothing is saved."""
    account = DavAccount(url=url.strip(), user=user.strip(), secret=secret or SecretSource())
    if not account.user:
        raise AccountError("Give the user name of the calendar account.")
    # Refuses a plain-http address that is not this computer before any password is sent.
    save_check = replace(account)
    _check_address(save_check)
    if account.secret.kind == "password":
        if not password:
            password = resolve_secret(account.secret, account.keyring_account)
    else:
        password = resolve_secret(account.secret, account.keyring_account)
    dav = Dav(account.url, account.user, password)
    found = discover(dav)
    chosen_calendar = ensure_calendar(dav, found, calendar)
    chosen_book = ensure_addressbook(dav, found, addressbook)
    account = replace(account, calendar=chosen_calendar.url, addressbook=chosen_book.url)
    if account.secret.kind == "password" and not store_password(account.keyring_account, password):
        raise AccountError(
            "This computer has no system keyring to keep the password in: connect with "
            "--password-command (a command that prints it) instead. Nothing was saved."
        )
    change = save_dav_account(account)
    state.set_collections(chosen_calendar.url, chosen_book.url)
    return Connected(account, chosen_calendar, chosen_book, found, change)


def _check_address(account: DavAccount) -> None:
    from urllib.parse import urlsplit

    from touchdesk.services.accounts import is_this_computer

    parts = urlsplit(account.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AccountError(f"{account.url!r} is not a server address (https://…).")
    if parts.scheme == "http" and not is_this_computer(parts.hostname):
        raise AccountError(
            f"{parts.hostname} is not this computer: use https:// so the password does not "
            "cross the network in clear."
        )


def disconnect() -> Change:
    """Forget the server, its password and the sync's state; what is on the server stays."""
    account = load_dav_account()
    if account is not None:
        forget_password(account.keyring_account)
    state.forget_everything()
    return forget_dav_account()
