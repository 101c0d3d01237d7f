"""touchdesk-cli mail connect, test, disconnect and sync."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_mailbox_commands(mail_commands: argparse._SubParsersAction, command: Callable) -> None:
    """Registers connect, test, disconnect and sync under `mail`."""
