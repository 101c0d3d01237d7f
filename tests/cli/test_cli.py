"""touchdesk-cli as the seller runs it: exit codes, what it prints, and what it leaves on disk."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.damage import damage_touch_page
from touchdesk import __version__
from touchdesk.cli import main
from touchdesk.domain.prospects import ProspectInput
from touchdesk.services.prospects import add_prospect
from touchdesk.store import db
from touchdesk.store.migrations import LATEST_VERSION
from touchdesk.store.opening import open_store

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real program in its own process (environment inherited: tests' own folders)."""
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_clear_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_version_is_printed_by_the_installed_module():
    done = cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"TouchDesk {__version__}"


def test_demo_then_doctor_reports_what_is_in_the_file(tmp_path: Path, capsys):
    database = tmp_path / "sample.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "12", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert str(database) in out and "12 prospects:" in out

    assert main(["--db", str(database), "doctor"]) == 0
    report = capsys.readouterr().out
    rows = dict(re.findall(r"^  (\w+)\s+([\d,]+)$", report, flags=re.MULTILINE))
    assert int(rows["prospect"]) == 12
    assert int(rows["touch"].replace(",", "")) == count(database, "touch") > 12
    assert int(rows["stage"]) == 7
    assert re.search(r"^Integrity\s+ok$", report, flags=re.MULTILINE)
    assert re.search(rf"^Schema\s+version {LATEST_VERSION}\b", report, flags=re.MULTILINE)


def test_demo_twice_is_a_user_error_and_adds_nothing(tmp_path: Path, capsys):
    database = tmp_path / "sample.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "5"]) == 0
    capsys.readouterr()
    assert main(["--db", str(database), "demo", "--prospects", "5"]) == 1
    assert "already has prospects" in one_clear_line(capsys.readouterr().err)
    assert count(database, "prospect") == 5


def test_backup_then_restore_round_trip(tmp_path: Path):
    database = tmp_path / "mine.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "8"]) == 0
    out_folder = tmp_path / "usb-stick"
    out_folder.mkdir()

    backed_up = cli("--db", str(database), "backup", str(out_folder))
    assert backed_up.returncode == 0, backed_up.stderr
    copy = Path(backed_up.stdout.strip().removeprefix("Backup written to "))
    assert copy.parent == out_folder and count(copy, "prospect") == 8

    open_store(database, tmp_path / "mine-backups")  # a prospect added after the backup
    add_prospect(ProspectInput(first_name="Added", last_name="Later"))
    db.close()
    assert count(database, "prospect") == 9

    restored = cli("--db", str(database), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert count(database, "prospect") == 8
    kept = re.search(r"kept as (.+)$", restored.stdout, flags=re.MULTILINE)
    assert kept is not None and count(Path(kept.group(1)), "prospect") == 9


def test_backup_to_a_new_file_and_never_over_an_existing_one(tmp_path: Path, capsys):
    database = tmp_path / "mine.sqlite"
    target = tmp_path / "copy.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "3"]) == 0
    assert main(["--db", str(database), "backup", str(target)]) == 0
    assert count(target, "prospect") == 3
    before = digest(target)
    capsys.readouterr()
    assert main(["--db", str(database), "backup", str(target)]) == 1
    assert "already exists" in one_clear_line(capsys.readouterr().err)
    assert digest(target) == before


def test_a_text_file_as_database_is_refused_with_exit_2_and_left_untouched(tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("call Sally after 3 pm\n" * 50)
    before = digest(notes)
    done = cli("--db", str(notes), "doctor")
    assert done.returncode == 2
    line = one_clear_line(done.stderr)
    assert str(notes) in line and "not a TouchDesk database" in line
    assert digest(notes) == before
    assert not notes.with_name("notes.txt-wal").exists()


@pytest.mark.parametrize(
    "content",
    [b"definitely not a backup\n" * 40, b""],
    ids=["text file", "missing file"],
)
def test_a_bad_restore_file_is_refused_and_the_database_unchanged(tmp_path, capsys, content):
    database = tmp_path / "mine.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "4"]) == 0
    bad = tmp_path / "backup.sqlite"
    if content:
        bad.write_bytes(content)
    before = digest(database)
    capsys.readouterr()
    assert main(["--db", str(database), "restore", str(bad)]) == 2
    line = one_clear_line(capsys.readouterr().err)
    assert str(bad) in line and "has not been changed" in line
    assert digest(database) == before
    assert count(database, "prospect") == 4


def test_usage_mistakes_are_user_errors(capsys):
    assert main(["demo", "--prospects", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
    assert main([]) == 1
    assert main(["frobnicate"]) == 1


@pytest.fixture
def damaged_database(tmp_path: Path) -> Path:
    """A filled database whose `touch` table has one leaf page wrecked; page 1 is whole."""
    database = tmp_path / "mine.sqlite"
    assert main(["--db", str(database), "demo", "--prospects", "40"]) == 0
    damage_touch_page(database)
    return database


@pytest.mark.parametrize("command", ["today", "import", "backup"])
def test_a_database_damaged_past_its_first_page_is_refused_with_exit_2(
    damaged_database: Path, tmp_path: Path, command: str
):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "First Name,Last Name,Company\n" + "".join(f"Pat,Doe{n},Acme\n" for n in range(5)),
        encoding="utf-8",
    )
    extra = {"today": [], "import": [str(contacts)], "backup": []}[command]
    before = digest(damaged_database)
    backups_folder = tmp_path / "mine-backups"
    backups_before = sorted(backups_folder.iterdir()) if backups_folder.exists() else []

    done = cli("--db", str(damaged_database), command, *extra)

    assert done.returncode == 2, done.stdout + done.stderr
    line = one_clear_line(done.stderr)
    assert str(damaged_database) in line and "damaged" in line
    assert done.stdout == ""
    assert digest(damaged_database) == before
    after = sorted(backups_folder.iterdir()) if backups_folder.exists() else []
    assert after == backups_before  # no damaged backup, nothing rotated away


def test_doctor_runs_the_full_check_on_a_damaged_database(damaged_database: Path):
    before = digest(damaged_database)
    done = cli("--db", str(damaged_database), "doctor")
    assert done.returncode == 1
    integrity = re.search(r"^Integrity\s+(.+)$", done.stdout, flags=re.MULTILINE)
    assert integrity is not None and integrity.group(1) != "ok"
    line = one_clear_line(done.stderr)
    assert str(damaged_database) in line and "damaged" in line
    assert re.search(r"^  prospect\s+40$", done.stdout, flags=re.MULTILINE)
    assert digest(damaged_database) == before


def test_a_missing_database_is_refused_naming_it_and_nothing_is_created(tmp_path: Path, capsys):
    typo = tmp_path / "Documnets" / "desk.sqlite"
    assert main(["--db", str(typo), "today"]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert str(typo) in line and "--create" in line
    assert not typo.parent.exists()


def test_create_starts_a_new_empty_database(tmp_path: Path, capsys):
    new = tmp_path / "new.sqlite"
    assert main(["--db", str(new), "--create", "today"]) == 0
    assert new.is_file() and count(new, "prospect") == 0
    assert main(["--db", str(new), "today"]) == 0, "once made, it opens without --create"


def run_briefly(*args: str) -> subprocess.CompletedProcess[str]:
    """The real program, given 30 s: a program waiting on a pipe for ever fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes in the file system are POSIX")
def test_a_named_pipe_as_database_or_import_file_is_refused_at_once(tmp_path: Path):
    import os

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    done = run_briefly("--db", str(pipe), "today")
    assert done.returncode == 2
    line = one_clear_line(done.stderr)
    assert str(pipe) in line and "not a regular file" in line

    database = tmp_path / "desk.sqlite"
    done = run_briefly("--db", str(database), "--create", "import", str(pipe))
    assert done.returncode == 1
    line = one_clear_line(done.stderr)
    assert str(pipe) in line and "not a regular file" in line


CONTACTS = "First Name,Last Name,E-mail Address\nAnn,Lee,ann@acme.example\nCy,Young,cy@g.example\n"


def test_an_import_while_another_program_writes_waits_and_succeeds(tmp_path: Path, capsys):
    from tests.store.holders import other_program_writing

    database = tmp_path / "desk.sqlite"
    assert main(["--db", str(database), "--create", "today"]) == 0
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    # The window writes for a moment, then sits idle with its connection open.
    with other_program_writing(database, seconds=1.5, idle=2.0):
        code = main(["--db", str(database), "import", str(contacts)])
    assert code == 0, capsys.readouterr().err
    assert count(database, "prospect") == 2
    assert count(database, "other_program") == 1


def test_an_import_blocked_past_the_timeout_says_another_program_is_writing(
    tmp_path: Path, capsys, monkeypatch
):
    from tests.store.holders import other_program_writing

    database = tmp_path / "desk.sqlite"
    assert main(["--db", str(database), "--create", "today"]) == 0
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 300)
    with other_program_writing(database, seconds=3.0):
        assert main(["--db", str(database), "import", str(contacts)]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert "another program is writing" in line
    assert count(database, "prospect") == 0


def test_a_locked_database_at_launch_is_refused_as_locked(tmp_path: Path, capsys, monkeypatch):
    from tests.store.holders import other_program_writing

    database = tmp_path / "desk.sqlite"
    assert main(["--db", str(database), "--create", "today"]) == 0
    capsys.readouterr()
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 300)
    with other_program_writing(database, seconds=3.0, mode="exclusive"):
        assert main(["--db", str(database), "today"]) == 2
    line = one_clear_line(capsys.readouterr().err)
    assert str(database) in line and "another program is writing" in line
    assert "damaged" not in line


def test_a_damaged_database_at_launch_is_refused_as_damaged(tmp_path: Path, capsys):
    database = tmp_path / "desk.sqlite"
    assert main(["--db", str(database), "--create", "today"]) == 0
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(database.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    database.write_bytes(bytes(data))
    before = digest(database)
    capsys.readouterr()
    assert main(["--db", str(database), "today"]) == 2
    line = one_clear_line(capsys.readouterr().err)
    assert str(database) in line and "damaged" in line and "has not been changed" in line
    assert digest(database) == before
