"""Backups: consistent copies of a live database, rotation, daily copies, and safe restore."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import peewee
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.damage import damage_touch_page
from touchdesk.domain.prospects import ProspectInput
from touchdesk.paths import AppPaths
from touchdesk.services import maintenance
from touchdesk.services.prospects import add_prospect
from touchdesk.store import backups, db
from touchdesk.store.db import DatabaseRefused
from touchdesk.store.migrations import LATEST_VERSION
from touchdesk.store.models import Prospect
from touchdesk.store.opening import open_store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names_in(path: Path) -> list[str]:
    """Read a database file with plain sqlite3, as a seller's other tools would."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT first_name FROM prospect ORDER BY id").fetchall()
    finally:
        connection.close()
    return [row[0] for row in rows]


def add(*names: str) -> None:
    for name in names:
        add_prospect(ProspectInput(first_name=name))


@pytest.fixture
def paths(store, db_path: Path, tmp_path: Path) -> AppPaths:
    return AppPaths(db_path, tmp_path / "backups", tmp_path / "logs")


def test_a_backup_of_an_open_wal_database_holds_the_uncheckpointed_writes(store, db_path, tmp_path):
    add("Ada", "Grace", "Hedy")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.stat().st_size > 0  # the rows live in the log, not yet in the main file
    naive = tmp_path / "naive-copy.sqlite"
    shutil.copyfile(db_path, naive)
    assert names_in(naive) == []  # copying the file alone would lose them

    taken = backups.make_backup(db_path, tmp_path / "backups", "manual")

    assert names_in(taken) == ["Ada", "Grace", "Hedy"]
    assert backups.verify(taken) == LATEST_VERSION
    check = sqlite3.connect(taken)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    finally:
        check.close()
    assert not Path(str(taken) + ".part").exists()
    assert Prospect.select().count() == 3  # the live database carried on, untouched


def test_rotation_keeps_the_newest_and_leaves_other_files_alone(store, db_path, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "my-own-copy.sqlite").write_bytes(db_path.read_bytes())
    (folder / "notes.txt").write_text("mine")
    for day in range(1, 6):
        backups.make_backup(db_path, folder, "daily", now=datetime(2026, 3, day, 9, 0), keep=3)
    kept = backups.list_backups(folder)
    assert [b.taken_at.day for b in kept] == [5, 4, 3]
    assert all(b.reason == "daily" for b in kept)
    assert (folder / "my-own-copy.sqlite").exists() and (folder / "notes.txt").exists()


def test_the_launch_backup_is_taken_at_most_once_a_day(store, db_path, tmp_path):
    folder = tmp_path / "backups"
    morning = backups.backup_if_due(db_path, folder, now=datetime(2026, 3, 11, 8, 0))
    evening = backups.backup_if_due(db_path, folder, now=datetime(2026, 3, 11, 19, 30))
    next_day = backups.backup_if_due(db_path, folder, now=datetime(2026, 3, 12, 8, 0))
    assert morning is not None and morning.exists()
    assert evening is None
    assert next_day is not None and next_day != morning
    assert len(backups.list_backups(folder)) == 2
    assert backups.backup_if_due(tmp_path / "never-created.sqlite", folder) is None


def test_restore_replaces_the_data_and_keeps_a_safety_copy(store, db_path, tmp_path):
    folder = tmp_path / "backups"
    add("Ada")
    taken = backups.make_backup(db_path, folder, "manual")
    add("Grace")
    db.close()

    safety = backups.restore(taken, db_path, folder, LATEST_VERSION)

    assert names_in(db_path) == ["Ada"]
    assert safety is not None and names_in(safety) == ["Ada", "Grace"]
    open_store(db_path, folder)
    assert [p.first_name for p in Prospect.select()] == ["Ada"]


def test_the_restore_service_closes_restores_and_reopens(paths):
    add("Ada")
    taken = maintenance.backup_now(paths)
    add("Grace")

    safety = maintenance.restore_backup(taken, paths)

    assert [p.first_name for p in Prospect.select()] == ["Ada"]  # open again, on the backup
    assert safety is not None and names_in(safety) == ["Ada", "Grace"]
    assert not db.database.is_closed()


def _text_file(folder: Path, good: Path) -> Path:
    path = folder / "notes.sqlite"
    path.write_text("not a database\n" * 100)
    return path


def _foreign_database(folder: Path, good: Path) -> Path:
    path = folder / "recipes.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipe (name TEXT)")
    connection.commit()
    connection.close()
    return path


def _damaged_backup(folder: Path, good: Path) -> Path:
    path = folder / "damaged.sqlite"
    data = bytearray(good.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 3 * page_size
    data[page_size:] = b"\xa5" * (len(data) - page_size)  # every page after the schema page
    path.write_bytes(bytes(data))
    return path


def _newer_backup(folder: Path, good: Path) -> Path:
    path = folder / "newer.sqlite"
    shutil.copyfile(good, path)
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01 00:00:00')",
        (LATEST_VERSION + 1,),
    )
    connection.commit()
    connection.close()
    return path


def _missing(folder: Path, good: Path) -> Path:
    return folder / "no-such-backup.sqlite"


@pytest.mark.parametrize(
    "make_bad", [_text_file, _foreign_database, _damaged_backup, _newer_backup, _missing]
)
def test_a_bad_file_is_refused_and_the_database_is_unchanged(make_bad, paths, tmp_path):
    add(*(f"Prospect {i}" for i in range(40)))  # enough rows for several pages
    good = maintenance.backup_now(paths)
    bad = make_bad(tmp_path, good)
    db.close()  # folds the log in, so the file alone is the whole database
    before = digest(paths.database)
    backups_before = sorted(paths.backups.iterdir())

    with pytest.raises(DatabaseRefused) as refused:
        backups.restore(bad, paths.database, paths.backups, LATEST_VERSION)
    assert refused.value.path == bad and refused.value.reason

    assert digest(paths.database) == before
    assert sorted(paths.backups.iterdir()) == backups_before  # no safety copy was needed

    open_store(paths.database, paths.backups)
    with pytest.raises(DatabaseRefused):
        maintenance.restore_backup(bad, paths)
    assert Prospect.select().count() == 40  # the service reopened the same data


def fill_touches(count: int = 400) -> None:
    """Enough touches for `touch` to span several leaf pages."""
    from tests.factories import prospect
    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Channel
    from touchdesk.services.timeline import log_touch
    from touchdesk.store.db import utc_now

    pid = prospect("Ada", "Lovelace", "Engines Ltd")
    for n in range(count):
        note = f"Call {n}: talked about the difference engine at some length " * 2
        log_touch(pid, TouchInput(Channel.CALL, utc_now(), note=note))


def test_a_damaged_database_is_not_backed_up_and_the_good_backups_stay(paths):
    fill_touches()
    for day in range(1, 15):
        backups.make_backup(paths.database, paths.backups, "daily", now=datetime(2026, 3, day, 9))
    before = {b.path: digest(b.path) for b in backups.list_backups(paths.backups)}
    assert len(before) == 14
    damage_touch_page(paths.database)

    with pytest.raises(DatabaseRefused, match="damaged") as refused:
        backups.make_backup(paths.database, paths.backups, "daily", now=datetime(2026, 3, 15, 9))
    assert refused.value.path == paths.database

    assert {b.path: digest(b.path) for b in backups.list_backups(paths.backups)} == before
    assert not list(paths.backups.glob("*.part*"))  # the damaged copy was not left behind
    with pytest.raises(DatabaseRefused, match="damaged"):
        maintenance.backup_now(paths, paths.backups.parent / "usb-copy.sqlite")
    assert not (paths.backups.parent / "usb-copy.sqlite").exists()


def test_writes_are_refused_once_a_backup_found_the_open_database_damaged(paths):
    fill_touches()
    add("Ada")
    damage_touch_page(paths.database)  # under the open connection, as a failing disk would

    with pytest.raises(DatabaseRefused):
        maintenance.backup_now(paths)
    with pytest.raises(peewee.DatabaseError) as refused:
        add("Grace")
    assert str(paths.database) in maintenance.write_refusal(refused.value)
    assert "damaged" in maintenance.write_refusal(refused.value)
    assert "Grace" not in names_in(paths.database)


def test_manual_and_safety_copies_never_push_out_the_daily_backups(paths):
    add("Ada")
    for day in range(1, 15):
        backups.make_backup(paths.database, paths.backups, "daily", now=datetime(2026, 3, day, 9))
    backups.make_backup(paths.database, paths.backups, "before-v1-to-v2", datetime(2026, 2, 1))
    for minute in range(20):
        backups.make_backup(
            paths.database, paths.backups, "manual", datetime(2026, 3, 20, 9, minute)
        )
    for minute in range(3):
        backups.make_backup(
            paths.database, paths.backups, "before-restore", datetime(2026, 3, 21, 9, minute)
        )

    kinds: dict[str, list[int]] = {}
    for found in backups.list_backups(paths.backups):
        kinds.setdefault(found.kind, []).append(found.taken_at.day * 100 + found.taken_at.minute)
    assert kinds["daily"] == [day * 100 for day in range(14, 0, -1)]  # all 14 days
    assert len(kinds["manual"]) == backups.KEEP["manual"] == 14  # the newest manual ones
    assert kinds["manual"][0] == 2019
    assert kinds["safety"] == [2102, 2101, 2100, 100]  # the upgrade copy is still there


def test_a_manual_backup_does_not_stand_in_for_the_daily_one(paths):
    add("Ada")
    backups.make_backup(paths.database, paths.backups, "manual", now=datetime(2026, 3, 11, 7))
    daily = backups.backup_if_due(paths.database, paths.backups, now=datetime(2026, 3, 11, 8))
    assert daily is not None and backups.list_backups(paths.backups)[0].kind == "daily"


def test_the_backups_list_shows_date_and_kind(paths):
    add("Ada")
    backups.make_backup(paths.database, paths.backups, "daily", now=datetime(2026, 3, 11, 8))
    maintenance.backup_now(paths)
    maintenance.restore_backup(backups.list_backups(paths.backups)[-1].path, paths)
    listed = maintenance.list_backups(paths)
    assert sorted(entry.kind for entry in listed) == ["Daily", "Manual", "Safety copy"]
    daily = next(entry for entry in listed if entry.kind == "Daily")
    assert daily.taken_at == datetime(2026, 3, 11, 8) and daily.size_bytes > 0


def _part(folder: Path, name: str, age_seconds: float) -> Path:
    path = folder / name
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 2000)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


@pytest.mark.parametrize("when", ["next backup", "launch"])
def test_copies_left_by_a_killed_backup_are_removed_but_not_one_being_written(paths, when):
    add("Ada")
    paths.backups.mkdir(parents=True, exist_ok=True)
    backups.backup_if_due(paths.database, paths.backups)  # today's daily is already taken
    stale = [
        _part(paths.backups, "touchdesk-20260301-090000-daily.sqlite.part", 3 * 3600),
        _part(paths.backups, "touchdesk-20260301-090000-daily.sqlite.part-journal", 3 * 3600),
        _part(paths.backups, "touchdesk-20260302-090000-before-v1-to-v2.sqlite.part", 86400),
    ]
    writing = _part(paths.backups, "touchdesk-20260303-090000-manual.sqlite.part", 5)
    mine = _part(paths.backups, "notes.txt", 86400)

    if when == "launch":
        assert backups.backup_if_due(paths.database, paths.backups) is None  # not due
    else:
        maintenance.backup_now(paths)

    assert not any(path.exists() for path in stale)
    assert writing.exists() and mine.exists()


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
def test_a_stamped_time_reads_back_to_the_second(when: datetime):
    stamp = when.strftime(backups.STAMP)
    assert backups.stamp_time(stamp) == when.replace(microsecond=0)


@settings(max_examples=500, deadline=None)
@given(
    st.text(max_size=20)
    | st.from_regex(r"\A[0-9]{8}.[0-9]{6}\Z")
    | st.from_regex(r"\A[0-9٠-٩]{8}-[0-9]{6}\Z")  # digits that are not ASCII too
)
def test_only_a_stamp_as_the_backups_write_it_is_read_as_a_time(text: str):
    """What strptime read as the stamp and nothing else: a name that is not ours is
    not a backup (rotation would delete it)."""
    try:
        parsed = datetime.strptime(text, backups.STAMP)
    except ValueError:
        parsed = None
    canonical = parsed is not None and parsed.strftime(backups.STAMP) == text
    assert backups.stamp_time(text) == (parsed if canonical else None)
