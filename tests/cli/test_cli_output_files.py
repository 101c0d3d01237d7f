"""Files the CLI writes: never over the database or its backups, whole or not at all, and
with the permissions the seller's umask gives."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from touchdesk.cli import main

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child only: a disk that is full after `limit` bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit if file_size_limit is not None else None,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prospects_in(database: Path) -> int:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM prospect").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "mine.sqlite"
    assert main(["--db", str(path), "demo", "--prospects", "6"]) == 0
    assert main(["--db", str(path), "backup"]) == 0  # one file in mine-backups/
    return path


@contextmanager
def _held_open(database: Path) -> Iterator[None]:
    """Another reader keeps the WAL index in place, so the CLI under a file-size limit only
    reads the database and the limit falls on the file it writes."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("SELECT count(*) FROM prospect").fetchone()
        yield
    finally:
        connection.close()


@pytest.fixture
def umask() -> Iterator[int]:
    before = os.umask(0o027)
    yield 0o027
    os.umask(before)


def _targets(database: Path) -> dict[str, Path]:
    (backup,) = (database.parent / "mine-backups").glob("*.sqlite")
    return {
        "database": database,
        "wal": database.with_name(database.name + "-wal"),
        "shm": database.with_name(database.name + "-shm"),
        "backup": backup,
        "new file in backups": backup.with_name("export.csv"),
    }


WHICH = ("database", "wal", "shm", "backup", "new file in backups")


@pytest.mark.parametrize("which", WHICH)
def test_export_refuses_the_database_its_companions_and_backups(database, which, capsys):
    target = _targets(database)[which]
    before = digest(target) if target.exists() else None
    capsys.readouterr()
    assert main(["--db", str(database), "export", str(target), "--format", "csv"]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "choose" in error and str(target) in error
    assert (digest(target) if target.exists() else None) == before
    assert prospects_in(database) == 6


@pytest.mark.parametrize("which", ("database", "backup", "wal"))
def test_print_refuses_the_database_and_its_backups(database, which):
    target = _targets(database)[which]
    before = digest(target) if target.exists() else None
    result = cli("--db", str(database), "print", "calls", "--pdf", str(target))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and str(target) in result.stderr
    assert (digest(target) if target.exists() else None) == before
    assert prospects_in(database) == 6


def test_print_into_a_folder_fails_and_says_so(database, tmp_path):
    folder = tmp_path / "Desktop"
    folder.mkdir()
    result = cli("--db", str(database), "print", "calls", "--pdf", str(folder))
    assert result.returncode == 1
    assert "folder" in result.stderr and str(folder) in result.stderr
    assert "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []


def test_print_on_a_full_disk_fails_and_keeps_the_previous_pdf(database, tmp_path):
    out = tmp_path / "calls.pdf"
    assert cli("--db", str(database), "print", "calls", "--pdf", str(out)).returncode == 0
    good = digest(out)
    size = out.stat().st_size
    with _held_open(database):
        result = cli(
            "--db", str(database), "print", "calls", "--pdf", str(out), file_size_limit=size // 2
        )
    assert result.returncode == 1, result.stdout
    assert str(out) in result.stderr and "unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(out) == good
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_export_on_a_full_disk_fails_and_keeps_the_previous_file(database, tmp_path):
    out = tmp_path / "prospects.csv"
    out.write_bytes(b"the good export\r\n" * 2000)
    good = digest(out)
    with _held_open(database):
        result = cli("--db", str(database), "export", str(out), file_size_limit=300)
    assert result.returncode == 1, result.stdout
    assert str(out) in result.stderr and "unchanged" in result.stderr
    assert digest(out) == good


def test_a_new_export_and_pdf_follow_the_umask(database, tmp_path, umask):
    out = tmp_path / "prospects.vcf"
    assert main(["--db", str(database), "export", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    pdf = tmp_path / "calls.pdf"
    assert cli("--db", str(database), "print", "calls", "--pdf", str(pdf)).returncode == 0
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o640


def test_replacing_a_file_keeps_its_mode(database, tmp_path, umask):
    out = tmp_path / "prospects.csv"
    out.write_text("old")
    out.chmod(0o604)  # shared on purpose, against the umask
    assert main(["--db", str(database), "export", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("First Name")
    assert stat.S_IMODE(out.stat().st_mode) == 0o604
