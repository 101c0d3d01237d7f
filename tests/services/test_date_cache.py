"""The seller's date formats are kept between launches, rebuilt when unreadable, written whole."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import babel

from touchdesk.domain.date_text import DateText
from touchdesk.services.date_cache import babel_version, date_tables, tables_file

MOMENT = datetime(2027, 3, 4, 8, 0)


def test_babels_version_is_read_without_importing_it():
    assert babel_version() == babel.__version__


def test_the_first_read_keeps_the_tables_and_the_next_reads_them_back(tmp_path: Path):
    first = date_tables(tmp_path, "de_DE")
    path = tables_file(tmp_path, "de_DE", babel.__version__)
    assert path is not None and path.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no part file left behind
    again = date_tables(tmp_path, "de_DE")
    assert again == first
    assert DateText("de_DE", again).date_time(MOMENT) == "Do., 4. März 2027, 08:00"


def test_a_damaged_or_foreign_file_is_read_again_from_babel_and_rewritten(tmp_path: Path):
    path = tables_file(tmp_path, "en_GB", babel.__version__)
    assert path is not None
    tmp_path.mkdir(exist_ok=True)
    for damage in ("{not json", json.dumps({"version": 1}), json.dumps([1, 2])):
        path.write_text(damage, encoding="utf-8")
        tables = date_tables(tmp_path, "en_GB")
        assert tables is not None
        assert DateText("en_GB", tables).date_time(MOMENT) == "Thu, 4 Mar 2027, 08:00"
        assert json.loads(path.read_text(encoding="utf-8")) == tables.to_json()
    # Another locale's tables under this name are not used for it.
    path.write_text(json.dumps(DateText("de_DE").tables().to_json()), encoding="utf-8")
    assert DateText("en_GB", date_tables(tmp_path, "en_GB")).time(MOMENT) == "08:00"
    assert DateText("en_GB", date_tables(tmp_path, "en_GB")).day(MOMENT) == "Thu 4 Mar"


def test_a_folder_that_cannot_be_written_still_gives_the_tables(tmp_path: Path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    tables = date_tables(blocked / "cache", "en_US")
    assert tables is not None
    assert DateText("en_US", tables).time(MOMENT) == "8:00 AM"


def test_a_locale_name_unfit_for_a_file_name_is_not_kept(tmp_path: Path):
    assert tables_file(tmp_path, "../../etc", "2.0") is None
    assert date_tables(tmp_path, "../x") is None
    assert list(tmp_path.iterdir()) == []
