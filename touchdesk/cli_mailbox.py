"""touchdesk-cli mail connect, test, disconnect and sync."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from touchdesk.cli_output import say as _say
from touchdesk.domain.names import display_name
from touchdesk.paths import AppPaths
from touchdesk.services.accounts import (
    TLS_CHOICES,
    AccountError,
    Endpoint,
    MailAccount,
    forget_mail_account,
    load_mail_account,
    save_mail_account,
)
from touchdesk.services.mailbox.connection import test_connection
from touchdesk.services.mailbox.errors import MailboxError, NotConnected
from touchdesk.services.mailbox.sync import sync_mailbox
from touchdesk.services.secrets import (
    SecretSource,
    SecretUnavailable,
    keyring_available,
    store_password,
)
from touchdesk.store.models import Prospect

DONE, USER_ERROR, MAILBOX_FAULT = 0, 1, 3
PROG = "touchdesk-cli"


def _fail(line: str) -> None:
    print(f"{PROG}: error: {line}", file=sys.stderr, flush=True)


def _account() -> MailAccount:
    account = load_mail_account()
    if account is None:
        raise NotConnected(
            "No mailbox is connected: run `touchdesk-cli mail connect --imap HOST --smtp HOST "
            "--user USER` first."
        )
    return account


def _secret(args: argparse.Namespace) -> tuple[SecretSource, str | None]:
    """Where the secret comes from, and the password read from stdin (if that is the way)."""
    if args.password_command:
        return SecretSource("password_command", args.password_command), None
    if args.token_command:
        return SecretSource("token_command", args.token_command), None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise AccountError("No password came on standard input.")
        return SecretSource("password"), password
    return SecretSource("password"), None


def run_connect(args: argparse.Namespace, paths: AppPaths) -> int:
    source, password = _secret(args)
    if password is not None and not keyring_available():
        raise AccountError(
            "This computer has no system keyring to keep the password in: use "
            "--password-command (a program that prints it) instead."
        )
    account = MailAccount(
        imap=Endpoint.parse(args.imap, args.tls, "imap"),
        smtp=Endpoint.parse(args.smtp, args.tls, "smtp"),
        user=args.user,
        secret=source,
        inbox_folder=args.inbox_folder,
        sent_folder=args.sent_folder,
        first_sync_days=args.first_sync_days,
    )
    # Tried before anything is kept: a failed connect leaves the settings and keyring as
    # they were.
    report = test_connection(account, secret=password)
    if password is not None:
        store_password(account.keyring_account, password)
    save_mail_account(account)
    _say(report.message)
    kept = {
        "password": "the password is in the system keyring",
        "password_command": "the password comes from your command each time",
        "token_command": "the access token comes from your command each time (XOAUTH2)",
    }[source.kind]
    _say(f"Mailbox saved; {kept}. Run `touchdesk-cli mail sync` to read it.")
    return DONE


def run_test(args: argparse.Namespace, paths: AppPaths) -> int:
    _say(test_connection(_account()).message)
    return DONE


def run_disconnect(args: argparse.Namespace, paths: AppPaths) -> int:
    if load_mail_account() is None:
        _say("No mailbox was connected.")
        return DONE
    forget_mail_account()
    _say(
        "Mailbox disconnected and its password removed from the keyring; the emails already "
        "stored stay on the prospects' timelines."
    )
    return DONE


def _name(prospect_id: int) -> str:
    row = Prospect.get_by_id(prospect_id)
    return display_name(row.first_name, row.last_name, row.company)


def run_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    result = sync_mailbox(_account())
    _say(f"Stored: {result.stored}")
    _say(f"Skipped (not with a prospect): {result.skipped}")
    _say(f"Offered contacts: {len(result.offered)}")
    if result.failed:
        _say(f"Could not be read: {result.failed}")
    for offer in result.offered:
        who = f"{offer.name} <{offer.address}>" if offer.name else offer.address
        _say(f"  {who} wrote from {offer.company or offer.address.partition('@')[2]}: add them?")
    for prospect_id in result.replied:
        paused = " (their plan is paused)" if prospect_id in result.paused else ""
        _say(f"Replied: {_name(prospect_id)}{paused}")
    for prospect_id in result.revival:
        _say(f"Back in touch: {_name(prospect_id)} was dormant; consider the Revive plan.")
    return DONE


def _guarded(run: Callable[[argparse.Namespace, AppPaths], int]):
    """A mailbox fault is said in one line with its own exit code (3), not as a crash."""

    def guarded(args: argparse.Namespace, paths: AppPaths) -> int:
        try:
            return run(args, paths)
        except MailboxError as error:
            _fail(str(error))
            return MAILBOX_FAULT
        except SecretUnavailable as error:
            _fail(str(error))
            return USER_ERROR

    return guarded


def add_mailbox_commands(mail_commands: argparse._SubParsersAction, command: Callable) -> None:
    """Registers connect, test, disconnect and sync under `mail`."""
    connect = command(
        mail_commands,
        "connect",
        _guarded(run_connect),
        "connect your mailbox (tested before it is saved; the password goes to the keyring)",
    )
    connect.add_argument("--imap", required=True, metavar="HOST[:PORT]")
    connect.add_argument("--smtp", required=True, metavar="HOST[:PORT]")
    connect.add_argument("--user", required=True)
    connect.add_argument(
        "--tls",
        choices=TLS_CHOICES,
        default="ssl",
        help="ssl (implicit, the default), starttls, or none (only for a server on this computer)",
    )
    secret = connect.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    secret.add_argument("--password-command", metavar="CMD", help="a program printing it")
    secret.add_argument(
        "--token-command", metavar="CMD", help="a program printing an OAuth access token"
    )
    connect.add_argument("--inbox-folder", default="", metavar="NAME")
    connect.add_argument(
        "--sent-folder", default="", metavar="NAME", help="default: the server's \\Sent folder"
    )
    connect.add_argument(
        "--first-sync-days", type=int, default=365, metavar="N", help="how far back to read"
    )
    command(mail_commands, "test", _guarded(run_test), "test the mailbox connection")
    command(
        mail_commands,
        "disconnect",
        _guarded(run_disconnect),
        "forget the mailbox and its password (stored emails stay)",
    )
    command(
        mail_commands,
        "sync",
        _guarded(run_sync),
        "read new emails; keep only those with your prospects",
    )
