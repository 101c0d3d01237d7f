"""touchdesk-cli mail send, send-due and outbox against a real SMTP server, in their own
process as a timer would run them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cli import cli
from tests.services.outbox.helpers import HANNAH, connect, hannah
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.store import db
from touchdesk.store.opening import open_store


@pytest.fixture
def desk(tmp_path: Path, file_keyring, smtp_server) -> Path:
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    ensure_defaults()
    connect(smtp_server)
    hannah()
    db.close()
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def test_send_now_with_my_own_words_arrives_and_is_logged(desk, smtp_server, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("Hi Hannah,\n\nThe figures you asked for are below.\n")
    done = cli(
        "--db", str(desk), "mail", "send", HANNAH, "--subject", "Figures", "--body-file", str(words)
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Sent to Hannah Whitfield — Whitfield & Sons <hannah@whitfield.test>: Figures"
        in done.stdout
    )
    [received] = smtp_server.messages
    assert received.message["Subject"] == "Figures"
    assert "The figures you asked for are below." in received.text
    assert rows(desk, "SELECT channel, direction FROM touch") == [("email", "out")]
    assert rows(desk, "SELECT status FROM outbox_email") == [("sent",)]


def test_send_at_a_time_then_send_due_sends_it_and_outbox_lists_it_before(desk, smtp_server):
    queued = cli(
        "--db", str(desk), "mail", "send", "Hannah Whitfield", "--at", _at(timedelta(minutes=-2))
    )
    assert queued.returncode == 0, queued.stderr
    assert "Queued email 1 to Hannah Whitfield" in queued.stdout
    assert smtp_server.messages == []
    listed = cli("--db", str(desk), "mail", "outbox")
    assert "   1  Queued" in listed.stdout and "Hannah Whitfield" in listed.stdout
    due = cli("--db", str(desk), "mail", "send-due")
    assert due.returncode == 0, due.stderr
    assert len(smtp_server.messages) == 1
    assert cli("--db", str(desk), "mail", "outbox").stdout.strip() == "The outbox is empty."
    assert cli("--db", str(desk), "mail", "send-due").stdout.strip() == "Nothing is due."


def test_send_due_reports_a_missed_email_and_leaves_it(desk, smtp_server):
    cli("--db", str(desk), "mail", "send", "1", "--at", _at(timedelta(minutes=3)))
    # The minute passes while nothing runs: the database is moved on by half an hour.
    connection = sqlite3.connect(desk)
    connection.execute("UPDATE outbox_email SET send_at = datetime(send_at, '-33 minutes')")
    connection.commit()
    connection.close()
    due = cli("--db", str(desk), "mail", "send-due")
    assert due.returncode == 0
    assert "missed: email 1 to Hannah Whitfield" in due.stderr
    assert smtp_server.messages == []
    assert "Missed" in cli("--db", str(desk), "mail", "outbox").stdout
    again = cli("--db", str(desk), "mail", "outbox", "--send-now", "1")
    assert again.returncode == 0, again.stderr
    assert len(smtp_server.messages) == 1


def test_a_refused_send_says_the_servers_answer_and_stays(desk, smtp_server):
    smtp_server.inbox.refuse.add(HANNAH)
    done = cli("--db", str(desk), "mail", "send", "1", "--subject", "Hello")
    assert done.returncode == 1
    assert "550 5.1.1 <hannah@whitfield.test>: Recipient address rejected" in done.stderr
    listed = cli("--db", str(desk), "mail", "outbox").stdout
    assert "Failed" in listed and "Recipient address rejected" in listed


def test_an_unknown_prospect_or_a_past_time_changes_nothing(desk, smtp_server):
    unknown = cli("--db", str(desk), "mail", "send", "Nobody Here")
    assert unknown.returncode == 1 and "No prospect is called 'Nobody Here'" in unknown.stderr
    past = cli("--db", str(desk), "mail", "send", "1", "--at", _at(timedelta(hours=-1)))
    assert past.returncode == 1 and "has already passed" in past.stderr
    assert rows(desk, "SELECT count(*) FROM outbox_email") == [(0,)]
