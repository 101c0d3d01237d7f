"""touchdesk-cli dav connect, status, sync, questions and disconnect, as a seller runs them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.factories import prospect
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.store import db
from touchdesk.store.opening import open_store

REPO = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    ensure_defaults()
    prospect(
        "Hannah",
        "Whitfield",
        due=datetime(2031, 3, 11, 14, 30, tzinfo=UTC),
        purpose="Follow up on voicemail",
    )
    db.close()
    return path


def test_connect_sync_status_and_disconnect(desk, dav_server, file_keyring):
    db_arg = ("--db", str(desk))
    done = run(
        *db_arg,
        "dav",
        "connect",
        dav_server.url,
        "--user",
        dav_server.user,
        "--password-stdin",
        "--calendar",
        "Sales calls",
        stdin=dav_server.password + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "'Sales calls'" in done.stdout and "'TouchDesk'" in done.stdout
    # The password is in the keyring, never in the database.
    raw = sqlite3.connect(desk).execute("SELECT group_concat(value) FROM setting").fetchone()[0]
    assert dav_server.password not in raw

    synced = run(*db_arg, "dav", "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Sent 2," in synced.stdout  # one event, one card

    status = run(*db_arg, "dav", "status")
    assert "(1 events)" in status.stdout and "(1 cards)" in status.stdout
    assert "Waiting to be sent: 0" in status.stdout

    gone = run(*db_arg, "dav", "disconnect")
    assert gone.returncode == 0
    assert "Not connected" in run(*db_arg, "dav", "status").stdout
    again = run(*db_arg, "dav", "sync")
    assert again.returncode == 1 and "dav connect" in again.stderr


def test_a_password_command_is_run_at_each_sync(desk, dav_server, tmp_path, file_keyring):
    script = tmp_path / "pass.py"
    script.write_text(f"print({dav_server.password!r})\n", encoding="utf-8")
    command = f"{sys.executable} {script}"
    done = run(
        "--db",
        str(desk),
        "dav",
        "connect",
        dav_server.url,
        "--user",
        dav_server.user,
        "--password-command",
        command,
    )
    assert done.returncode == 0, done.stderr
    assert run("--db", str(desk), "dav", "sync").returncode == 0


def test_a_wrong_password_is_said_plainly(desk, dav_server, file_keyring):
    if dav_server.name == "xandikos":
        pytest.skip("Xandikos has no passwords")
    done = run(
        "--db",
        str(desk),
        "dav",
        "connect",
        dav_server.url,
        "--user",
        dav_server.user,
        "--password-stdin",
        stdin="wrong\n",
    )
    assert done.returncode == 1
    assert "refused the user name or password" in done.stderr
    assert "Not connected" in run("--db", str(desk), "dav", "status").stdout
