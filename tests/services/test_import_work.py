"""An import's work grows with the file, not with the desk: the companies of the desk that the
file never names are not folded and blocked for matching, and each cell goes straight to its
field. Counted in calls and lines run, so the load of the machine does not matter."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.factories import prospect
from touchdesk.services.imports import matching, preview_file, run_import


def _desk(people: int, companies: int) -> None:
    for n in range(people):
        prospect(f"Person{n}", f"Surname{n}", f"Company {n % companies}")


def _file(folder: Path, lines: list[str]) -> Path:
    source = folder / "contacts.csv"
    source.write_text("\n".join(["First Name,Last Name,Company,E-mail Address", *lines]) + "\n")
    return source


def _calls(code, action):
    """How many times `code` ran during `action`."""
    count = 0

    def profiler(frame, event, arg):
        nonlocal count
        if event == "call" and frame.f_code is code:
            count += 1

    sys.setprofile(profiler)
    try:
        return action(), count
    finally:
        sys.setprofile(None)


def test_only_the_desks_companies_the_file_names_are_indexed_for_matching(store, tmp_path):
    _desk(600, 30)  # 20 colleagues at each of 30 companies
    lines = [f"New{n},Face{n},Startup {n},new{n}@example.com" for n in range(40)]
    lines.append("Person3,Surname3,Company 3,p3@example.com")  # the one already here
    source = _file(tmp_path, lines)
    add = matching._Company.add.__code__

    preview, calls = _calls(add, lambda: preview_file(source))
    # Company 3's 20 names and the file's own 41 rows; every company was indexed before (641).
    assert calls <= 20 + 41
    assert preview.duplicate_count == 1
    (hint,) = preview.duplicates.values()
    assert hint.name == "Person3 Surname3 — Company 3"
    summary, calls = _calls(add, lambda: run_import(preview, lambda done, total: True))
    assert calls <= 20 + 41
    assert (summary.imported, summary.duplicates_skipped) == (40, 1)


def _lines_in(folder: str, action) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if folder not in frame.f_code.co_filename:
            return None
        count += 1
        return local

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    sys.settrace(tracer)
    try:
        action()
        return count
    finally:
        sys.settrace(None)


def test_reading_a_file_puts_each_cell_in_its_field_without_asking_what_the_column_is(
    tmp_path,
):
    from touchdesk.formats.csv_import import open_csv_file

    lines = ["First Name,Last Name,Company,E-mail Address,Mobile Phone,Job Title,Categories"]
    lines += [f"Ann{n},Lee{n},Acme {n},ann{n}@example.com,,Buyer,vip;lead" for n in range(100)]
    source = tmp_path / "contacts.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    opened = open_csv_file(source)
    list(opened.rows())  # modules and caches loaded, uncounted
    rows = []
    lines_run = _lines_in("touchdesk", lambda: rows.extend(opened.rows()))
    assert [row.prospect.tags for row in rows[:1]] == [("vip", "lead")]
    assert rows[7].prospect.role == "Buyer" and rows[7].prospect.emails == ("ann7@example.com",)
    # About 320 lines of TouchDesk a row; it was about 380 when every cell went through one
    # function that asked which field its column was, and every name was checked word by word.
    assert lines_run < 100 * 345
