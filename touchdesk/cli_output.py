"""touchdesk-cli's one way to print a line for the seller (flushed, so pipes see it at once)."""

from __future__ import annotations


def say(line: str = "") -> None:
    print(line, flush=True)
