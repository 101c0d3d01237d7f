"""touchdesk-cli mail send, send-due and outbox."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_outbox_commands(mail_commands: argparse._SubParsersAction, command: Callable) -> None:
    """Registers send, send-due and outbox under `mail`."""
