"""Launching the window: a typed database that is missing is asked about, a damaged or locked
one is refused with what is wrong, and writes by another program show up in the open window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox

from tests.store.holders import other_program_writing
from tests.ui.helpers import when_modal
from touchdesk.paths import app_paths
from touchdesk.services.changes import Change
from touchdesk.store import db
from touchdesk.store.opening import open_store
from touchdesk.ui.session import Session

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def session(qtbot):
    started = Session(QIcon())
    yield started
    if started.window is not None:
        started.window.close()
        started.window.deleteLater()
    started.stop()


def answer(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    def act(box) -> None:
        seen.append(box.text())
        box.button(button).click()

    when_modal(qtbot, act, QMessageBox)


def test_a_typed_database_that_does_not_exist_is_asked_about_and_no_creates_nothing(
    qtbot, tmp_path: Path, monkeypatch
):
    from touchdesk import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its error box
    typo = tmp_path / "Desk" / "mine.sqlite"
    seen: list[str] = []
    answer(qtbot, QMessageBox.StandardButton.No, seen)
    # --quit-when-idle: a launch that opened the window anyway ends instead of waiting for ever.
    assert app.main(["--db", str(typo), "--quit-when-idle"]) == 1
    assert len(seen) == 1 and str(typo) in seen[0] and "no database" in seen[0]
    assert not typo.exists() and not typo.parent.exists()


def test_yes_starts_a_new_empty_database(qtbot, session, tmp_path: Path):
    new = tmp_path / "new.sqlite"
    seen: list[str] = []
    answer(qtbot, QMessageBox.StandardButton.Yes, seen)
    assert session.start(app_paths(new), ask_before_creating=True) is None
    assert len(seen) == 1 and new.is_file()
    assert session.window is not None and session.window.isVisible()


def test_an_existing_database_opens_without_a_question(qtbot, session, tmp_path: Path):
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    db.close()
    assert session.start(app_paths(path), ask_before_creating=True) is None


def test_a_damaged_database_at_launch_shows_why(qtbot, session, tmp_path: Path):
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    seen: list[str] = []
    answer(qtbot, QMessageBox.StandardButton.Ok, seen)
    assert session.start(app_paths(path)) == 2
    assert len(seen) == 1 and "damaged" in seen[0] and "has not been changed" in seen[0]


def test_a_locked_database_at_launch_says_another_program_is_writing(
    qtbot, session, tmp_path: Path, monkeypatch
):
    path = tmp_path / "desk.sqlite"
    open_store(path, tmp_path / "backups")
    db.close()
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 300)
    seen: list[str] = []
    with other_program_writing(path, seconds=3.0, mode="exclusive"):
        answer(qtbot, QMessageBox.StandardButton.Ok, seen)
        assert session.start(app_paths(path)) == 2
    assert len(seen) == 1 and "another program is writing" in seen[0]
    assert "damaged" not in seen[0]


def test_the_open_window_refreshes_when_the_cli_imports(qtbot, session, tmp_path: Path):
    path = tmp_path / "desk.sqlite"
    assert session.start(app_paths(path)) is None
    qtbot.waitUntil(lambda: session.outside is not None, timeout=5000)  # after the first paint
    session.outside._timer.setInterval(50)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("First Name,Last Name\nAnn,Lee\n", encoding="utf-8")
    changes: list[Change] = []
    session.bus.changed.connect(changes.append)
    done = subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", "--db", str(path), "import", str(contacts)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: Change.EVERYTHING in changes, timeout=5000)
    stored = sqlite3.connect(path).execute("SELECT count(*) FROM prospect").fetchone()[0]
    assert stored == 1


def test_create_starts_a_new_database_without_asking(qtbot, tmp_path: Path, monkeypatch):
    from touchdesk import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its error box
    new = tmp_path / "scripted.sqlite"
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)  # a question would refuse
    assert app.main(["--db", str(new), "--create", "--quit-when-idle"]) == 0
    assert new.is_file() and asked == []
