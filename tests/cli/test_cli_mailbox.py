"""touchdesk-cli mail connect, test, disconnect and sync against a real Dovecot."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cli import REPO
from tests.mail_servers import Dovecot, email_message
from tests.services.mailbox.helpers import SELLER, traces
from touchdesk.domain.prospects import ProspectInput
from touchdesk.paths import app_paths
from touchdesk.services import settings
from touchdesk.services.accounts import load_mail_account
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.prospects import add_prospect
from touchdesk.services.secrets import stored_password
from touchdesk.store import db
from touchdesk.store.opening import open_store


def mail(database: Path, *args: str, password: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", "--db", str(database), "mail", *args],
        cwd=REPO,
        input=password + "\n" if password is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def new_database(path: Path, prospects: int = 1) -> Path:
    open_store(path, path.parent / "backups")
    ensure_defaults()
    settings.put("seller_email", SELLER)
    for n in range(prospects):
        add_prospect(ProspectInput(first_name=f"P{n}", company="Acme", emails=(f"p{n}@acme.test",)))
    db.close()
    return path


def connect(database: Path, server: Dovecot, tls: str = "ssl", password: str | None = None):
    return mail(
        database,
        "connect",
        "--imap",
        server.address,
        "--smtp",
        "127.0.0.1:2525",
        "--user",
        server.user,
        "--tls",
        tls,
        "--password-stdin",
        password=password or server.password,
    )


def count(path: Path, sql: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def saved_account(database: Path):
    open_store(database, database.parent / "backups")
    try:
        return load_mail_account()
    finally:
        db.close()


def test_connect_keeps_the_password_in_the_keyring_and_test_says_connected(
    tmp_path, dovecot: Dovecot, file_keyring
):
    database = new_database(tmp_path / "t.sqlite")
    done = connect(database, dovecot)
    assert done.returncode == 0, done.stderr
    assert "Connected to 127.0.0.1" in done.stdout and "INBOX and Sent" in done.stdout
    account = saved_account(database)
    assert account.user == "seller" and account.imap.port == dovecot.port
    assert stored_password(account.keyring_account) == dovecot.password
    assert dovecot.password.encode() not in database.read_bytes()
    tested = mail(database, "test")
    assert tested.returncode == 0 and "Connected" in tested.stdout
    gone = mail(database, "disconnect")
    assert gone.returncode == 0 and saved_account(database) is None
    assert stored_password(account.keyring_account) is None


def test_a_refused_login_says_so_and_saves_nothing(tmp_path, dovecot: Dovecot, file_keyring):
    database = new_database(tmp_path / "t.sqlite")
    refused = connect(database, dovecot, password="wrong")
    assert refused.returncode == 3
    assert "refused the sign-in of seller" in refused.stderr
    assert saved_account(database) is None


def test_no_tls_works_on_this_computer_only(tmp_path, dovecot_plain: Dovecot, file_keyring):
    database = new_database(tmp_path / "t.sqlite")
    assert connect(database, dovecot_plain, tls="none").returncode == 0
    far = mail(
        database, "connect", "--imap", "mail.example.com", "--smtp", "mail.example.com",
        "--user", "u", "--tls", "none", "--password-stdin", password="x",
    )  # fmt: skip
    assert far.returncode == 1 and "not this computer" in far.stderr


def test_sync_prints_counts_and_a_strangers_message_leaves_no_trace(
    tmp_path, dovecot: Dovecot, file_keyring
):
    database = new_database(tmp_path / "t.sqlite")
    now = datetime.now(UTC)
    dovecot.append(
        [
            email_message("p0@acme.test", SELLER, "Re: pricing", "Yes please.", now),
            email_message("Dee <dee@acme.test>", SELLER, "Hello from Dee", "Wibble.", now),
            email_message("zed@other.test", SELLER, "Frobnicate offer", "Zorkmid.", now),
        ]
    )
    assert connect(database, dovecot).returncode == 0
    synced = mail(database, "sync")
    assert synced.returncode == 0, synced.stderr
    lines = synced.stdout.splitlines()
    assert lines[:3] == ["Stored: 1", "Skipped (not with a prospect): 2", "Offered contacts: 1"]
    assert "Dee <dee@acme.test> wrote from Acme" in lines[3]
    assert "Replied: P0" in synced.stdout
    logs = app_paths().logs
    places = [p for p in (database, Path(f"{database}-wal"), logs) if p.exists()]
    assert traces(["zed@other.test", "Frobnicate", "Zorkmid", "Wibble", "dee@acme"], *places) == {}
    assert count(database, "SELECT count(*) FROM stored_email") == 1


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX signal")
def test_a_sync_killed_midway_is_finished_by_the_next_with_each_email_once(
    tmp_path, dovecot: Dovecot, file_keyring
):
    database = new_database(tmp_path / "t.sqlite", prospects=20)
    now = datetime.now(UTC)
    messages = [
        email_message(f"p{n % 20}@acme.test", SELLER, f"Mail {n}", f"Body {n}.",
                      now - timedelta(minutes=n))
        for n in range(2000)
    ]  # fmt: skip
    dovecot.append(messages)
    assert connect(database, dovecot).returncode == 0
    sync = subprocess.Popen(
        [sys.executable, "-m", "touchdesk.cli", "--db", str(database), "mail", "sync"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and sync.poll() is None:
        try:
            stored = count(database, "SELECT count(*) FROM stored_email")
        except sqlite3.OperationalError:
            stored = 0
        if stored >= 200:
            break
        time.sleep(0.02)
    os.kill(sync.pid, signal.SIGKILL)
    sync.wait()
    assert sync.returncode == -signal.SIGKILL, "the sync ended before it could be killed"
    assert 0 < stored < 2000
    again = mail(database, "sync")
    assert again.returncode == 0, again.stderr
    assert count(database, "SELECT count(*) FROM stored_email") == 2000
    assert count(database, "SELECT count(DISTINCT message_id) FROM stored_email") == 2000
    assert count(database, "SELECT count(*) FROM touch WHERE channel = 'email'") == 2000
    assert count(database, "SELECT sum(touch_count) FROM prospect") == 2000


def test_connect_with_a_token_command_signs_in_by_xoauth2(tmp_path, dovecot_oauth: Dovecot):
    from tests.mail_servers import ACCESS_TOKEN

    database = new_database(tmp_path / "t.sqlite")
    done = mail(
        database, "connect", "--imap", dovecot_oauth.address, "--smtp", "127.0.0.1:2525",
        "--user", "seller", "--token-command", f"echo {ACCESS_TOKEN}",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "(XOAUTH2)" in done.stdout
    assert saved_account(database).secret.kind == "token_command"
    refused = mail(
        database, "connect", "--imap", dovecot_oauth.address, "--smtp", "127.0.0.1:2525",
        "--user", "seller", "--token-command", "echo stale",
    )  # fmt: skip
    assert refused.returncode == 3 and "check the user name and the token" in refused.stderr
