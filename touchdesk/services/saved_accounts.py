"""Whether a mailbox or a calendar account is saved, asked without loading the accounts'
parsing and password code (and the subprocess module under it): a launch with none has
nothing to sync or send, and most launches only need to know that."""

from __future__ import annotations

from touchdesk.services import settings


def mail_account_saved() -> bool:
    """As `accounts.load_mail_account() is not None`."""
    return bool(settings.get("mail_account"))


def dav_account_saved() -> bool:
    """As `accounts.load_dav_account() is not None`."""
    return bool(settings.get("dav_account"))
