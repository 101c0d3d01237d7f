"""Large imports stream: rows are read from the file, written in batches, never all held."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from touchdesk.services.imports import ImportProblem, preview_file, run_import
from touchdesk.store.models import ContactPoint, Prospect, ProspectEvent, ProspectTag

HEADER = (
    "First Name,Last Name,Organization 1 - Name,Organization 1 - Title,E-mail 1 - Value,"
    "Phone 1 - Value,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,"
    "Address 1 - Country,Notes,Labels\n"
)


def write_contacts(path: Path, rows: int = 0, size: int = 0) -> int:
    """A Google Contacts style CSV of `rows` rows (or about `size` bytes); returns the rows."""
    firsts = ("Anna", "Bernd", "Chloé", "Dmitri", "Eun-ji", "Farah", "Giulia", "Hiro")
    lasts = ("Becker", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Ó Briain")
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        while (rows and written < rows) or (size and out.tell() < size):
            n = written
            first, last = firsts[n % 8], lasts[n // 8 % 7]
            out.write(
                f"{first},{last}{n},Company {n // 40},Buyer,{first.lower()}.{n}@example.com,"
                f"+49 151 {n:08d},{n % 900 + 1} Elm Street,Springfield,62701,US,"
                f'"Met at the spring fair, row {n}; asked for a quote.",* myContacts ::: Leads\n'
            )
            written += 1
    return written


@pytest.fixture
def small_head(monkeypatch):
    """Files past 4 KB are read from disk as they go (the real threshold is a megabyte), and
    past 100 rows read again for the import (really 20,000)."""
    import touchdesk.formats.encodings as encodings
    import touchdesk.services.imports.preview as preview_module

    monkeypatch.setattr(encodings, "HEAD_BYTES", 4096)
    monkeypatch.setattr(encodings, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(preview_module, "KEPT_ROWS", 100)


def test_a_file_is_previewed_without_holding_its_rows_and_written_in_batches(
    store, tmp_path: Path, small_head
) -> None:
    import touchdesk.services.imports.preview as preview_module
    import touchdesk.services.imports.run as run_module

    source = tmp_path / "contacts.csv"
    count = write_contacts(source, rows=3 * preview_module.SHOWN_ROWS)
    preview = preview_file(source)
    # Counted and matched over every row; only the first ones kept for the review.
    assert (len(preview.rows), preview.importable, preview.duplicate_count) == (count, count, 0)
    assert len(preview.shown) == preview_module.SHOWN_ROWS
    assert preview.rows._kept is None  # read again from the file when imported
    written_while_running: list[int] = []

    def progress(done: int, total: int) -> bool:
        written_while_running.append(Prospect.select().count())
        return True

    interval, run_module.PROGRESS_INTERVAL = run_module.PROGRESS_INTERVAL, 0.0
    try:
        summary = run_import(preview, progress)
    finally:
        run_module.PROGRESS_INTERVAL = interval
    assert summary.imported == count
    # Written batch by batch as the rows are read, not gathered first and written at the end.
    steps = sorted(set(written_while_running))
    assert steps[:3] == [0, run_module.BATCH, 2 * run_module.BATCH]
    assert Prospect.select().count() == count


def test_cancelling_a_large_import_midway_leaves_nothing(store, tmp_path: Path, small_head) -> None:
    import touchdesk.services.imports.run as run_module

    source = tmp_path / "contacts.csv"
    write_contacts(source, rows=3 * run_module.BATCH)
    preview = preview_file(source)
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(Prospect.select().count())
        return Prospect.select().count() < 2 * run_module.BATCH  # stop after two batches

    interval, run_module.PROGRESS_INTERVAL = run_module.PROGRESS_INTERVAL, 0.0
    try:
        summary = run_import(preview, progress)
    finally:
        run_module.PROGRESS_INTERVAL = interval
    assert summary.cancelled and max(seen) == 2 * run_module.BATCH
    for model in (Prospect, ContactPoint, ProspectTag, ProspectEvent):
        assert model.select().count() == 0


def test_a_legacy_letter_far_into_a_streamed_file_is_read_in_its_code_page(
    store, tmp_path: Path, small_head
) -> None:
    # The first part reads as UTF-8; a Windows-1252 "é" at row 900 does not. The whole file
    # is checked, so it is read as Windows-1252 (and UTF-8 is not offered).
    source = tmp_path / "contacts.csv"
    write_contacts(source, rows=1000)
    with source.open("ab") as out:
        out.write("Zoé,Late,Café Ltd,,zoe@example.com,,,,,,,\n".encode("cp1252"))
    preview = preview_file(source)
    assert preview.encoding == "cp1252" and "utf-8" not in preview.encodings
    *_, last = preview.rows
    assert (last.prospect.first_name, last.prospect.company) == ("Zoé", "Café Ltd")
    with pytest.raises(ImportProblem, match="cannot be read as Unicode") as raised:
        preview_file(source, encoding="utf-8")
    assert raised.value.line_number == 1002


CHILD = """
import json, resource, sys, time
from pathlib import Path
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.imports import preview_file, run_import
from touchdesk.store.opening import open_store
folder = Path(sys.argv[1])
open_store(folder / "big.sqlite", folder / "backups")
ensure_defaults()
started = time.perf_counter()
preview = preview_file(folder / "big.csv")
previewed = time.perf_counter() - started
summary = run_import(preview, lambda done, total: True)
print(json.dumps({
    "rows": len(preview.rows), "imported": summary.imported, "previewed": previewed,
    "seconds": time.perf_counter() - started,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("TOUCHDESK_SLOW_TESTS"), reason="minutes of work: TOUCHDESK_SLOW_TESTS=1"
)
def test_a_200_mb_csv_imports_in_under_400_mb_of_memory(tmp_path: Path) -> None:
    rows = write_contacts(tmp_path / "big.csv", size=200 * 1024 * 1024)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        capture_output=True, text=True, env=env, check=True, timeout=3600,
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(figures)
    assert figures["rows"] == figures["imported"] == rows
    assert figures["peak_mb"] < 400


def test_the_preview_compares_each_row_with_a_bounded_number_of_colleagues(
    store, tmp_path: Path
) -> None:
    # 1,200 contacts at one company: each row was compared with every earlier one (720,000
    # comparisons; 5 companies of 800 took 8 s where 5 of 200 took 0.65 s).
    from touchdesk.domain.prospects import DuplicateReason, similar_names
    from touchdesk.services.imports.matching import COMPARE_LIMIT

    source = tmp_path / "one company.csv"
    lines = [f"Person{n},Surname{n},Acme Ltd,p{n}@example.com\n" for n in range(1199)]
    lines.append("Margarethe,Vogelsang,Acme Ltd,mv@example.com\n")
    source.write_text("First Name,Last Name,Company,E-mail Address\n" + "".join(lines))
    code, calls = similar_names.__code__, [0]

    def hook(frame, event, arg) -> None:
        if event == "call" and frame.f_code is code:
            calls[0] += 1

    sys.setprofile(hook)
    try:
        preview = preview_file(source)
    finally:
        sys.setprofile(None)
    assert preview.importable == 1200
    assert calls[0] <= 1200 * COMPARE_LIMIT  # linear in rows; before: every pair, 719,400
    # A typo of a colleague is still found, and the same name always is.
    again = tmp_path / "again.csv"
    again.write_text(
        "First Name,Last Name,Company\n"
        "Margarethe,Vogelsang,ACME  ltd\n"
        "Margarete,Vogelsang,Acme Ltd\n"
    )
    alone = preview_file(again)
    assert alone.duplicates[3].name == "line 2 of this file"  # nothing imported yet
    run_import(preview_file(source), None)
    found = preview_file(again)
    assert found.duplicates[2].name == "Margarethe Vogelsang — Acme Ltd"
    assert found.duplicates[2].reasons == (DuplicateReason.NAME_AT_COMPANY,)
    assert 3 in found.duplicates


def test_reading_a_large_file_reports_progress_and_can_be_stopped(store, tmp_path: Path) -> None:
    source = tmp_path / "contacts.csv"
    write_contacts(source, rows=3500)
    seen: list[int] = []
    preview_file(source, progress=lambda rows: seen.append(rows) or None)
    assert seen == [1000, 2000, 3000]
    with pytest.raises(ImportProblem, match="cancelled"):
        preview_file(source, progress=lambda rows: False)


def test_a_large_files_later_rows_are_matched_from_a_scratch_file_just_the_same(
    store, tmp_path: Path, monkeypatch
) -> None:
    import tempfile

    import touchdesk.services.imports.matching as matching

    source = tmp_path / "contacts.csv"
    source.write_text(
        "First Name,Last Name,Company,E-mail Address,Mobile Phone\n"
        "Ann,Lee,Acme,ann@lee.io,+1 212 555 0100\n"
        "Bo,Ray,,bo@ray.io,\n"
        "Cy,Tan,Beta,,+1 212 555 0199\n"
        "Dee,Ong,Acme,,\n"
        "Eve,Ng,,,\n"
        "Fay,Uy,Gamma,fay@uy.io,\n"
        "Someone,Else,Delta,ANN@lee.io,\n"  # same email as line 2
        "Other,Person,Zeta,,(212) 555-0199\n"  # same phone as line 4
        "Dee,Ongg,Acme,,\n"  # a similar name at the same company as line 5
        "Eve,Ng,,,\n"  # the same name, no company, as line 6
        "Fay,Uy,Gamma,,\n"  # the same name at the same company as line 7
        "Fey,Uy,Gamma,,\n"  # too short a name to call alike
        "New,Person,Acme,new@p.io,\n"
        "Newer,Person,Acme,NEW@p.io,\n",  # like line 14, both past the limit
        encoding="utf-8",
    )
    expected = preview_file(source)
    monkeypatch.setattr(matching, "SPILL_AFTER", 5)
    before = set(Path(tempfile.gettempdir()).glob("touchdesk-import-*"))
    spilled = preview_file(source)
    assert {line: (h.prospect_id, h.reasons) for line, h in spilled.duplicates.items()} == {
        line: (h.prospect_id, h.reasons) for line, h in expected.duplicates.items()
    }
    assert sorted(spilled.duplicates) == [8, 9, 10, 11, 12, 15]
    summary = run_import(spilled, None)
    assert (summary.imported, len(summary.skipped)) == (8, 6)
    assert set(Path(tempfile.gettempdir()).glob("touchdesk-import-*")) == before  # cleaned up


def test_importing_a_file_again_skips_every_row_without_holding_them(
    store, tmp_path: Path, monkeypatch
) -> None:
    import csv

    from touchdesk.services.imports import save_skipped_csv
    from touchdesk.services.imports.run import SkippedRows

    monkeypatch.setattr(SkippedRows, "KEPT", 10)
    source = tmp_path / "contacts.csv"
    write_contacts(source, rows=60)
    assert run_import(preview_file(source), None).imported == 60
    again = run_import(preview_file(source), None)
    assert again.imported == 0 and len(again.skipped) == 60
    assert len(again.skipped._first) == 10  # the other 50 wait on disk
    assert [row.line_number for row in again.skipped] == list(range(2, 62))
    assert again.skipped[59].prospect.last_name == "Becker59"
    assert save_skipped_csv(again, tmp_path / "skipped.csv") == 60
    with (tmp_path / "skipped.csv").open(encoding="utf-8-sig", newline="") as saved:
        rows = list(csv.reader(saved))
    assert len(rows) == 61 and rows[-1][:2] == ["61", again.skipped[59].reason]
