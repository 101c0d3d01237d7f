"""An import trusts its preview's matching while the desk is as previewed: only the rows the
preview found alike are matched again. Anything committed since (by this program or another),
or a comparison cut short, makes it match every row again; the outcome is the same either way."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from tests.services.test_import_work import _calls
from touchdesk.services.imports import DuplicatePolicy, matching, preview_file, run_import
from touchdesk.services.imports import preview as preview_module
from touchdesk.store.db import database
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HEADER = "First Name,Last Name,Company,E-mail Address,Mobile Phone,Categories"


def _file(folder: Path, lines: list[str]) -> Path:
    source = folder / "contacts.csv"
    source.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return source


def _new_rows(count: int) -> list[str]:
    return [f"New{n},Face{n},Startup {n},new{n}@example.com,,lead" for n in range(count)]


def test_the_import_matches_again_only_the_rows_the_preview_found_alike(store, tmp_path):
    for n in range(30):
        prospect(f"Person{n}", f"Surname{n}", f"Company {n}")
    lines = _new_rows(40)
    lines.insert(20, "Person3,Surname3,Company 3,p3@example.com,,lead")  # already here
    preview = preview_file(_file(tmp_path, lines))
    assert preview.duplicate_count == 1

    match = matching._DuplicateIndex.match.__code__
    summary, calls = _calls(match, lambda: run_import(preview, lambda done, total: True))

    assert calls == 1  # every one of the 41 rows was matched again
    assert (summary.imported, summary.duplicates_skipped) == (40, 1)
    (skipped,) = summary.skipped
    assert skipped.line_number == 22
    assert "Person3 Surname3" in skipped.reason


def test_a_prospect_added_after_the_preview_is_still_found_by_the_import(store, tmp_path):
    preview = preview_file(_file(tmp_path, _new_rows(10)))
    assert preview.duplicate_count == 0
    prospect("New4", "Face4", "Startup 4")  # typed in while the import dialog was open

    summary = run_import(preview)

    assert (summary.imported, summary.duplicates_skipped) == (9, 1)
    assert "New4 Face4" in summary.skipped[0].reason


def test_an_email_written_by_another_program_after_the_preview_is_still_found(
    store, db_path, tmp_path
):
    pid = prospect("Someone", "Else")
    preview = preview_file(_file(tmp_path, _new_rows(10)))
    other = sqlite3.connect(db_path)  # another program on the same file
    with other:
        other.execute(
            "INSERT INTO contact_point (prospect_id, kind, label, value, position)"
            " VALUES (?, 'email', '', 'NEW7@example.com', 0)",
            (pid,),
        )
    other.close()

    summary = run_import(preview)

    assert (summary.imported, summary.duplicates_skipped) == (9, 1)
    assert summary.skipped[0].line_number == 9


def test_a_preview_imported_twice_matches_every_row_the_second_time(store, tmp_path):
    preview = preview_file(_file(tmp_path, _new_rows(5)))
    assert run_import(preview).imported == 5

    again = run_import(preview)

    assert (again.imported, again.duplicates_skipped) == (0, 5)


# -- the same outcome with and without trusting the preview ---------------------------------

_NAMES = st.sampled_from(["Ann,Lee", "Anne,Lee", "Ann,Leigh", "Bob,Stone", ",", "Bo,Stone"])
_COMPANIES = st.sampled_from(["Acme", "acme ", "", "Globex"])
_EMAILS = st.sampled_from(["", "ann@x.io", "ANN@x.io", "bob@y.io", "c@z.io"])
_PHONES = st.sampled_from(["", "+1 212 555 0101", "+1 212 555 0102", "+44 20 7946 0000"])
_ROW = st.tuples(_NAMES, _COMPANIES, _EMAILS, _PHONES)


def _outcome(preview, policy: DuplicatePolicy) -> tuple:
    """What run_import() did, read back before the transaction around it is rolled back."""
    with database.atomic() as transaction:
        summary = run_import(preview, None, policy, NOW)
        written = (
            list(Prospect.select().order_by(Prospect.id).tuples()),
            list(ContactPoint.select().order_by(ContactPoint.id).tuples()),
            list(ProspectTag.select().order_by(ProspectTag.id).tuples()),
        )
        transaction.rollback()
    return (
        summary.imported,
        summary.merged,
        summary.duplicates_imported,
        summary.duplicates_skipped,
        [(row.line_number, row.reason) for row in summary.skipped],
        written,
    )


@pytest.mark.parametrize("policy", list(DuplicatePolicy))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    desk=st.lists(_ROW, max_size=6),
    rows=st.lists(_ROW, min_size=1, max_size=12),
    limit=st.sampled_from([1, 2, matching.COMPARE_LIMIT]),
)
def test_trusting_the_preview_imports_what_matching_every_row_again_imports(
    store, tmp_path, monkeypatch, policy, desk, rows, limit
):
    monkeypatch.setattr(matching, "COMPARE_LIMIT", limit)  # cut comparisons short at times
    lines = [f"{name},{company},{email},{phone},lead" for name, company, email, phone in rows]
    source = _file(tmp_path, lines)
    with database.atomic() as transaction:  # the desk, gone again after this example
        for name, company, email, phone in desk:
            first, last = name.split(",")
            emails, phones = tuple(filter(None, [email])), tuple(filter(None, [phone]))
            if first or last or company:
                prospect(first, last, company, emails=emails, phones=phones)
        trusted, checked = preview_file(source), preview_file(source)
        checked.rows.matched_rows()  # asked once already: this one matches every row again

        assert _outcome(trusted, policy) == _outcome(checked, policy)
        transaction.rollback()


def test_a_comparison_cut_short_in_the_preview_makes_the_import_match_every_row(
    store, tmp_path, monkeypatch
):
    monkeypatch.setattr(matching, "COMPARE_LIMIT", 1)  # one name compared per row at most
    prospect("Bob", "Stone", "Globex", emails=("ann@x.io",))
    lines = [
        "Ann,Leigh,Acme,ann@x.io,,",  # Bob Stone's address: skipped when imported
        "Anne,Lee,Acme,,,",
        "Ann,Lee,Acme,,,",  # the preview compared Ann Leigh only; without her, Anne Lee
    ]
    preview = preview_file(_file(tmp_path, lines))
    assert preview.duplicate_count == 1

    summary = run_import(preview)

    assert (summary.imported, summary.duplicates_skipped) == (1, 2)
    assert [row.line_number for row in summary.skipped] == [2, 4]
    assert "Anne Lee" in summary.skipped[1].reason


# -- the desk as the preview read it, copied for the import ---------------------------------


def test_the_import_matches_against_the_desk_the_preview_read_without_reading_it_again(
    store, tmp_path
):
    for n in range(30):
        prospect(f"Person{n}", f"Surname{n}", f"Company {n}")
    lines = _new_rows(40)
    lines.insert(20, "Person3,Surname3,Company 3,p3@example.com,,lead")  # already here
    preview = preview_file(_file(tmp_path, lines))

    load = matching._DuplicateIndex._load_desk.__code__
    summary, reads = _calls(load, lambda: run_import(preview, lambda done, total: True))

    assert reads == 0  # the preview's reading of the desk served the import too
    assert (summary.imported, summary.duplicates_skipped) == (40, 1)
    assert "Person3 Surname3 — Company 3" in summary.skipped[0].reason


def test_a_commit_between_preview_and_import_makes_the_import_read_the_desk_again(store, tmp_path):
    prospect("Person1", "Surname1", "Company 1")
    lines = ["Person1,Surname1,Company 1,,,", *_new_rows(10)]
    preview = preview_file(_file(tmp_path, lines))
    prospect("New6", "Face6", "Startup 6")  # typed in while the import dialog was open

    load = matching._DuplicateIndex._load_desk.__code__
    summary, reads = _calls(load, lambda: run_import(preview))

    assert reads == 1
    assert (summary.imported, summary.duplicates_skipped) == (9, 2)
    assert [row.line_number for row in summary.skipped] == [2, 9]


_COMPANY_ROWS = st.tuples(
    st.sampled_from(["Ann,Lee", "Anne,Lee", "Ann,Leigh", "Bob,Stone", "Bo,Stone", ","]),
    st.sampled_from(["Acme", "ACME", "Globex", ""]),
    st.sampled_from(["", "ann@x.io", "bob@y.io"]),
)


def _hints(index: matching._DuplicateIndex, rows: list, first_id: int) -> list:
    """Each row's hint against the rows before it, each row added under an id from first_id."""
    hints = []
    for offset, row in enumerate(rows):
        hint = index.match(row)
        hints.append(None if hint is None else (hint.prospect_id, hint.reasons, hint.name))
        index.add(first_id + offset, row)
    return hints


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    desk=st.lists(_COMPANY_ROWS, max_size=8),
    rows=st.lists(_COMPANY_ROWS, min_size=1, max_size=10),
    limit=st.sampled_from([1, 2, matching.COMPARE_LIMIT]),
)
def test_a_copy_of_the_desk_matches_as_the_desk_read_again_after_the_preview_used_it(
    store, tmp_path, monkeypatch, desk, rows, limit
):
    monkeypatch.setattr(matching, "COMPARE_LIMIT", limit)
    lines = [f"{name},{company},{email},," for name, company, email in rows]
    file_rows = [row for row in preview_file(_file(tmp_path, lines)).rows if not row.skipped]
    with database.atomic() as transaction:  # the desk, gone again after this example
        for name, company, email in desk:
            first, last = name.split(",")
            if first or last or company:
                prospect(first, last, company, emails=tuple(filter(None, [email])))
        preview = matching._DuplicateIndex.load("US")
        kept = preview.copy()
        _hints(preview, file_rows, -1000)  # the preview adds its rows to the companies it shares

        copied = _hints(kept.copy(), file_rows, 10_000)
        again = _hints(kept.copy(), file_rows, 10_000)  # a second import of the same desk
        fresh = _hints(matching._DuplicateIndex.load("US"), file_rows, 10_000)
        transaction.rollback()

    assert copied == again == fresh


def test_a_desk_too_large_to_keep_is_read_again_only_for_the_rows_found_alike(
    store, tmp_path, monkeypatch
):
    monkeypatch.setattr(preview_module, "KEPT_DESK", 2)
    for n in range(3):
        prospect(f"Person{n}", f"Surname{n}", f"Company {n}")
    lines = [*_new_rows(5), "Person1,Surname1,Company 1,,,", *_new_rows(2)]
    preview = preview_file(_file(tmp_path, lines))

    load = matching._DuplicateIndex._load_desk.__code__
    summary, reads = _calls(load, lambda: run_import(preview))

    assert reads == 1
    assert (summary.imported, summary.duplicates_skipped) == (5, 3)
    assert [row.line_number for row in summary.skipped] == [7, 8, 9]
