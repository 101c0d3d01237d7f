"""An import reads each phone for what it stores (E.164) and what is wrong with it, without
working out the country, validity and display the form shows: on ten thousand rows that was
most of an import's time."""

from __future__ import annotations

import sys
from pathlib import Path

from touchdesk.domain.contacts import check_phone
from touchdesk.services.imports import preview_file, run_import
from touchdesk.store.models import ContactPoint


def _phone_library_lines(action) -> int:
    """Lines of the phonenumbers library run by `action`: work, whatever the machine's load."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "phonenumbers" not in frame.f_code.co_filename:
            return None
        count += 1
        return local

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    sys.settrace(tracer)
    try:
        return action(), count
    finally:
        sys.settrace(None)


def test_importing_phones_parses_and_formats_each_once_without_the_forms_checks(
    store, tmp_path: Path
):
    rows = ["First Name,Last Name,Mobile Phone"]
    rows += [f"Ann{i},Lee{i},+1 212 555 {i:04d}" for i in range(40)]
    rows += ["Odd,One,12"]  # too short: kept as written, with the reason
    source = tmp_path / "contacts.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")

    check_phone("+1 212 555 0100", "US")  # the library loads its metadata once, untimed
    preview, lines = _phone_library_lines(lambda: preview_file(source))
    # About 440 lines of the library a number to parse it and write it as E.164; it was about
    # 1,200 when the country, validity and display were worked out for every row as well.
    assert lines < 41 * 700
    summary = run_import(preview, lambda done, total: True)
    assert summary.imported == 41
    stored = {value for (value,) in ContactPoint.select(ContactPoint.value).tuples()}
    assert "+12125550007" in stored and "12" in stored
