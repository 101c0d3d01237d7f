"""Shared fixtures: offscreen Qt set before anything imports it, a fresh database per test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before any Qt import: tests never need a screen.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Keep tests away from the real user's data, settings and logs.
_HOME = Path(tempfile.mkdtemp(prefix="touchdesk-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_HOME / _var.lower())
# Dates read the same on every machine: the app and the CLI take their locale from here,
# and so does the code under test (a test that wants another names it: test_date_text.py).
os.environ["TOUCHDESK_LOCALE"] = "en_GB"

import pytest  # noqa: E402

from touchdesk.domain.date_text import use_locale  # noqa: E402
from touchdesk.services.bootstrap import ensure_defaults  # noqa: E402
from touchdesk.store import db  # noqa: E402
from touchdesk.store.opening import OpenedStore, open_store  # noqa: E402

use_locale("en_GB")
# The real SMTP server fixtures (smtp_server, smtp_server_ssl, smtp_server_plain).
pytest_plugins = ["tests.smtp_server"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "touchdesk.sqlite"


@pytest.fixture
def store(db_path: Path, tmp_path: Path):
    """A fresh, migrated database with its defaults, closed after the test."""
    opened: OpenedStore = open_store(db_path, tmp_path / "backups")
    ensure_defaults()
    yield opened
    db.close()


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real keyring backend (keyrings.alt's file) in this test's folder, named the way a
    seller names their own: the app trusts it, and a `touchdesk-cli` child process finds it."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keyring-data"))
    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch):
    """A computer without a keyring: the app must ask for the password instead."""
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    from touchdesk.services import secrets

    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    monkeypatch.setattr(secrets, "_TYPED", {})  # nothing typed yet in this "session"
    yield
    keyring.set_keyring(before)
