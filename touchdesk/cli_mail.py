"""touchdesk-cli mail …: the seller's own mailbox from a terminal. The mailbox side (connect,
test, disconnect, sync) and the sending side (send, send-due, outbox) register their own
subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from touchdesk.cli_mailbox import add_mailbox_commands
from touchdesk.cli_outbox import add_outbox_commands


def add_mail_commands(commands: argparse._SubParsersAction, command: Callable) -> None:
    mail = commands.add_parser(
        "mail",
        help="connect your mailbox, sync it, and send emails at the right minute",
        description="Your own mailbox: only conversations with your prospects are kept.",
    )
    mail_commands = mail.add_subparsers(dest="mail_command", metavar="MAIL_COMMAND", required=True)
    add_mailbox_commands(mail_commands, command)
    add_outbox_commands(mail_commands, command)
