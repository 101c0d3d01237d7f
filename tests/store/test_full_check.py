"""The doctor's full check finds what SQLite's integrity_check finds, whether it runs table by
table on two threads or in one go on a one-core machine."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from touchdesk.store import health


@pytest.fixture(params=["two cores", "one core"])
def cores(request, monkeypatch) -> str:
    if request.param == "one core":
        monkeypatch.setattr(os, "cpu_count", lambda: 1)
    else:
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return request.param


def _filled(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE big (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL);
        CREATE INDEX big_a ON big (a);
        CREATE TABLE "odd ""name" (id INTEGER PRIMARY KEY, c TEXT);
        CREATE TABLE spare (id INTEGER PRIMARY KEY, d TEXT);
        """
    )
    connection.executemany(
        "INSERT INTO big (a, b) VALUES (?, ?)", [(f"a{n:05d}", f"b{n:05d}") for n in range(3000)]
    )
    connection.executemany('INSERT INTO "odd ""name" (c) VALUES (?)', [("x" * 50,)] * 500)
    connection.executemany("INSERT INTO spare (d) VALUES (?)", [("y" * 80,)] * 2000)
    connection.commit()
    connection.close()
    return path


def _edit_schema(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(statement)
    connection.commit()
    connection.close()


def test_a_whole_file_is_ok(tmp_path: Path, cores: str):
    assert health.check_file(_filled(tmp_path / "whole.sqlite"), full=True) == "ok"


def test_an_index_that_disagrees_with_its_table_is_found(tmp_path: Path, cores: str):
    path = _filled(tmp_path / "index.sqlite")
    # The index's entries hold column a, but the schema now says they hold b.
    _edit_schema(
        path, "UPDATE sqlite_master SET sql = replace(sql, '(a)', '(b)') WHERE name = 'big_a'"
    )
    assert health.check_file(path) == "ok"  # quick_check does not compare indexes
    found = health.check_file(path, full=True)
    assert found != "ok" and "big_a" in found


def test_pages_no_table_owns_are_found(tmp_path: Path, cores: str):
    path = _filled(tmp_path / "orphans.sqlite")
    # The table's pages stay in the file with nothing pointing at them.
    _edit_schema(path, "DELETE FROM sqlite_master WHERE name = 'spare'")
    found = health.check_file(path, full=True)
    assert found != "ok" and "never used" in found
