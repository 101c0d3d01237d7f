"""The holiday dates slots skip are kept between launches: the same dates, written whole."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays

from touchdesk.domain import timing
from touchdesk.services.holiday_cache import (
    holidays_file,
    holidays_version,
    keep_holidays,
    load_kept_holidays,
)


def test_the_packages_version_is_read_without_importing_it():
    assert holidays_version() == holidays.__version__


def learn(country: str, year: int) -> None:
    """A weekday of that year asked about: its holidays are looked up."""
    day = next(date(year, 1, n) for n in range(1, 8) if date(year, 1, n).weekday() < 5)
    timing.is_working_day(day, country)


def test_kept_dates_come_back_as_the_package_gives_them(tmp_path: Path):
    for country, year in (("DE", 2027), ("JP", 2026), ("US", 2028), ("XX", 2027)):
        learn(country, year)
    learn("FR", 2041)  # one surely not known before this test: the file is written
    keep_holidays(tmp_path)
    path = holidays_file(tmp_path)
    assert path is not None and [p.name for p in tmp_path.iterdir()] == [path.name]
    assert timing.learned_holidays() == {}  # all written
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["DE:2027"] == sorted(
        d.isoformat() for d in holidays.country_holidays("DE", years=2027)
    )
    assert kept["XX:2027"] == []  # a country the package does not know: weekends only


# A fresh interpreter: the kept dates answer, and the package is never imported.
FROM_KEPT = """
import sys
from datetime import date
from pathlib import Path
from touchdesk.domain import timing
from touchdesk.services.holiday_cache import load_kept_holidays
load_kept_holidays(Path(sys.argv[1]))
days = [date(2027, 1, 1) + __import__("datetime").timedelta(days=n) for n in range(365)]
print(sum(not timing.is_working_day(d, "de") for d in days), "holidays" in sys.modules)
"""


def test_a_later_launch_reads_the_kept_dates_and_not_the_package(tmp_path: Path):
    path = holidays_file(tmp_path)
    assert path is not None
    german = sorted(d.isoformat() for d in holidays.country_holidays("DE", years=2027))
    path.write_text(json.dumps({"DE:2027": german}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", FROM_KEPT, str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    expected = sum(
        d.weekday() >= 5 or d in holidays.country_holidays("DE", years=2027)
        for d in (date.fromordinal(date(2027, 1, 1).toordinal() + n) for n in range(365))
    )
    assert done.stdout.split() == [str(expected), "False"]


def test_an_unreadable_file_is_ignored_and_the_package_answers(tmp_path: Path):
    path = holidays_file(tmp_path)
    assert path is not None
    for damage in ("{not json", json.dumps({"DE:2031": ["not a date"]}), json.dumps(["x"])):
        path.write_text(damage, encoding="utf-8")
        load_kept_holidays(tmp_path)  # logged, nothing handed in
    assert not timing.is_working_day(date(2031, 12, 25), "DE")
