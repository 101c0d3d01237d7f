"""Passwords and tokens for the seller's servers: kept in the system keyring or printed by a
command the seller configured, never written to the database or the settings."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

KEYRING_SERVICE = "TouchDesk"
# A plain-text or null keyring is no keyring: the seller is asked each time instead. A backend
# named in PYTHON_KEYRING_BACKEND (the tests' file keyring, a seller's own choice) is trusted.
_SECURE_PRIORITY = 1

SecretKind = Literal["password", "password_command", "token_command"]
# Passwords the seller typed on a computer without a keyring: kept in memory, this session only,
# so the mailbox sync and the outbox ask once between them.
_TYPED: dict[str, str] = {}


class SecretUnavailable(Exception):
    """No password or token could be had; the message says why, in the seller's words."""


@dataclass(frozen=True)
class SecretSource:
    """Where an account's secret comes from: the keyring ("password"), or a command's output."""

    kind: SecretKind = "password"
    command: str = ""

    @property
    def is_token(self) -> bool:
        return self.kind == "token_command"


def _keyring():
    """The system keyring, or None when there is no secure one on this computer."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return None
    chosen = bool(os.environ.get("PYTHON_KEYRING_BACKEND"))
    if not chosen and getattr(backend, "priority", 0) < _SECURE_PRIORITY:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def store_password(account: str, password: str) -> bool:
    """Keep the password in the keyring under `account`; False when there is no keyring."""
    keyring = _keyring()
    if keyring is None:
        return False
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, account, password)
    except KeyringError as error:
        raise SecretUnavailable(f"The system keyring refused the password: {error}") from error
    return True


def stored_password(account: str) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, account)
    except KeyringError:
        return None


def forget_password(account: str) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, account)
    except (PasswordDeleteError, KeyringError):
        pass


def remember_typed(account: str, password: str) -> None:
    _TYPED[account] = password


def must_ask(source: SecretSource, account: str) -> bool:
    """A password sign-in with nothing in the keyring and nothing typed yet this session: the
    window asks (in its own thread) before a worker signs in."""
    return source.kind == "password" and account not in _TYPED and not stored_password(account)


def run_secret_command(command: str, timeout: float = 30.0) -> str:
    """The first line a password or token command prints (as isync's PassCmd and msmtp's
    passwordeval do). Run without a shell: the seller's command line is split like a shell's."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise SecretUnavailable(f"The command {command!r} cannot be read: {error}") from None
    if not argv:
        raise SecretUnavailable("No command is set to print the password or token.")
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise SecretUnavailable(f"The command {argv[0]!r} was not found.") from None
    except subprocess.TimeoutExpired:
        raise SecretUnavailable(
            f"The command {argv[0]!r} printed nothing within {timeout:.0f} seconds."
        ) from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise SecretUnavailable(f"The command {argv[0]!r} failed: {said[0]}")
    line = done.stdout.splitlines()[0].strip() if done.stdout.strip() else ""
    if not line:
        raise SecretUnavailable(f"The command {argv[0]!r} printed no password or token.")
    return line


def resolve_secret(
    source: SecretSource, account: str, ask: Callable[[], str | None] | None = None
) -> str:
    """The secret now: from the command, else the keyring, else by asking the seller (the
    window's password prompt; None from the CLI, which then says how to give one)."""
    if source.kind in ("password_command", "token_command"):
        return run_secret_command(source.command)
    password = stored_password(account) or _TYPED.get(account)
    if password:
        return password
    if ask is not None:
        answer = ask()
        if answer:
            remember_typed(account, answer)
            return answer
        raise SecretUnavailable("No password was given.")
    where = "the keyring has none for it" if keyring_available() else "this computer has no keyring"
    raise SecretUnavailable(
        f"No password for {account}: {where}. Connect again with --password-stdin or "
        "--password-command."
    )
