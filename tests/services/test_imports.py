"""Importing files into the store: preview, one transaction, cancel, duplicates, undo, export."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.factories import prospect
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel
from touchdesk.services.imports import (
    DuplicatePolicy,
    ImportProblem,
    export_prospects,
    list_imports,
    plan_undo_import,
    preview_file,
    prospects_for_export,
    run_import,
    save_skipped_csv,
    undo_import,
)
from touchdesk.services.next_steps import set_next_step
from touchdesk.services.prospects import count_prospects, get_prospect, update_prospect
from touchdesk.store.models import ContactPoint, Prospect, ProspectEvent, ProspectTag

NOW = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)

CONTACTS = (
    "First Name,Last Name,Company,E-mail Address,Mobile Phone,Job Title\n"
    "Ann,Lee,Acme,ann@acme.example,(212) 555-0147,Buyer\n"
    "Bob,Stone,Beta,not-an-email,12,\n"
    ",,,,,\n"
    ",,,,,Only a role\n"
    "Cy,Young,Gamma,cy@gamma.example,,\n"
)


def write(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_preview_writes_nothing_and_counts(store, tmp_path: Path) -> None:
    preview = preview_file(write(tmp_path, CONTACTS))
    assert preview.format == "csv" and preview.encoding == "utf-8"
    assert (preview.importable, preview.skipped, preview.with_problems) == (3, 1, 1)
    assert count_prospects(include_trash=True) == 0


def test_import_writes_prospects_contacts_tag_and_timeline(store, tmp_path: Path) -> None:
    summary = run_import(preview_file(write(tmp_path, CONTACTS)), now=NOW)
    assert (summary.imported, summary.merged, len(summary.skipped)) == (3, 0, 1)
    assert summary.tag == "import:2025-03-04 10:30 contacts.csv"  # seller's zone: New York
    assert summary.skipped[0].line_number == 5
    ann_id = Prospect.get(Prospect.first_name == "Ann").id
    ann = get_prospect(ann_id)
    assert ann.emails == ("ann@acme.example",) and ann.phones == ("+12125550147",)
    assert ann.role == "Buyer" and summary.tag in ann.tags
    bob = get_prospect(Prospect.get(Prospect.first_name == "Bob").id)
    assert bob.emails == () and bob.phones == ("12",)  # kept as written
    assert ProspectEvent.select().where(ProspectEvent.prospect == ann_id).count() == 1
    assert [tag for tag, _ in list_imports()] == [summary.tag]


def test_cancel_leaves_nothing(store, tmp_path: Path) -> None:
    rows = "\n".join(f"P{i},L{i},Co{i},p{i}@x.example,,\n" for i in range(3000))
    path = write(tmp_path, "First Name,Last Name,Company,Email,Phone,Role\n" + rows)
    preview = preview_file(path)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    import touchdesk.services.imports.run as imports

    # Report every row so that the cancel lands in the middle of the file.
    interval, imports.PROGRESS_INTERVAL = imports.PROGRESS_INTERVAL, 0.0
    try:
        summary = run_import(preview, progress, now=NOW)
    finally:
        imports.PROGRESS_INTERVAL = interval
    assert summary.cancelled and summary.imported == 0
    assert Prospect.select().count() == 0
    assert ContactPoint.select().count() == ProspectTag.select().count() == 0
    assert ProspectEvent.select().count() == 0


def test_duplicates_skipped_by_default(store, tmp_path: Path) -> None:
    existing = prospect("Ann", "Lee", "Acme", emails=("ANN@acme.example",))
    text = (
        "First Name,Last Name,Company,Email,Phone\n"
        "Annie,Lee,Other,ann@acme.example,\n"  # same email, different case
        "Zed,Zulu,Zeta,,+1 212 555 0147\n"
        "Zedd,Zulu,Zeta,,\n"  # similar name at the same company as the row above
        "Jon,Smith,,,\n"
        "Jon,Smith,,,\n"  # same name, no company: the file's own duplicate
    )
    summary = run_import(preview_file(write(tmp_path, text)), now=NOW)
    assert summary.imported == 2
    reasons = {row.line_number: row.reason for row in summary.skipped}
    assert reasons[2].startswith("Possible duplicate of Ann Lee — Acme (same email")
    assert "similar name at the same company" in reasons[4]
    assert "similar name" in reasons[6]
    assert get_prospect(existing).emails == ("ANN@acme.example",)


def test_duplicates_merged_on_request(store, tmp_path: Path) -> None:
    existing = prospect("Ann", "Lee", "Acme", emails=("ann@acme.example",))
    text = (
        "First Name,Last Name,Company,Email,Phone,City,Tags\n"
        "Ann,Lee,Acme,ann@acme.example,(212) 555-0147,Boston,clients\n"
    )
    summary = run_import(
        preview_file(write(tmp_path, text)), on_duplicate=DuplicatePolicy.MERGE, now=NOW
    )
    assert (summary.imported, summary.merged) == (0, 1)
    ann = get_prospect(existing)
    assert ann.phones == ("+12125550147",) and ann.city == "Boston"
    assert "clients" in ann.tags and not any(tag.startswith("import:") for tag in ann.tags)


def test_preview_flags_duplicates_without_writing(store, tmp_path: Path) -> None:
    prospect("Ann", "Lee", "Acme", emails=("ann@acme.example",))
    preview = preview_file(write(tmp_path, CONTACTS))
    assert preview.duplicates[2].message().startswith("Possible duplicate of Ann Lee")


def test_undo_removes_untouched_and_keeps_used(store, tmp_path: Path) -> None:
    summary = run_import(preview_file(write(tmp_path, CONTACTS)), now=NOW)
    ann = Prospect.get(Prospect.first_name == "Ann").id
    bob = Prospect.get(Prospect.first_name == "Bob").id
    set_next_step(ann, NextStepInput(NOW, Channel.CALL, "Intro call"))
    data = get_prospect(bob).to_input()
    time.sleep(1.1)  # updated_at has whole seconds
    update_prospect(bob, data.__class__(**{**data.__dict__, "role": "Boss"}))
    plan = plan_undo_import(summary.tag)
    assert {pid for pid, _, _ in plan.kept} == {ann, bob}
    assert dict((pid, why) for pid, _, why in plan.kept)[ann] == "has a next step"
    assert len(plan.remove) == 1
    undo_import(summary.tag)
    assert {row.first_name for row in Prospect.select()} == {"Ann", "Bob"}
    assert ContactPoint.select().join(Prospect).where(Prospect.first_name == "Cy").count() == 0


def test_save_skipped_rows(store, tmp_path: Path) -> None:
    summary = run_import(preview_file(write(tmp_path, CONTACTS)), now=NOW)
    out = tmp_path / "skipped.csv"
    assert save_skipped_csv(summary, out) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Line,Reason")
    assert '5,"No name, company or email."' in text


def test_unreadable_file(store, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ImportProblem, match="not a text file"):
        preview_file(path)
    with pytest.raises(ImportProblem, match="cannot be opened"):
        preview_file(tmp_path / "missing.csv")


@pytest.mark.parametrize("fmt, name", [("csv", "out.csv"), ("vcf3", "out.vcf"), ("vcf4", "o.vcf")])
def test_round_trip_export_then_import(store, tmp_path: Path, fmt: str, name: str) -> None:
    prospect(
        "Zoë",
        "O'Brien",
        "Whitfield, Sons & Co",
        role="-Owner",
        emails=("zoe@example.com",),
        phones=("+44 20 7946 0958",),
        street="12 Mill Lane",
        city="Leeds",
        country_code="GB",
        tags=("vip",),
        notes="Met at the fair,\nliked the demo",
    )
    prospect("", "", "Acme Ltd")
    before = prospects_for_export()
    out = tmp_path / name
    assert export_prospects(out, fmt, bom=True) == 2
    # Into a fresh database: the same prospects come back (plus the import tag).
    for row in Prospect.select():
        undo_target = row.id
        ContactPoint.delete().where(ContactPoint.prospect == undo_target).execute()
        ProspectTag.delete().where(ProspectTag.prospect == undo_target).execute()
        ProspectEvent.delete().where(ProspectEvent.prospect == undo_target).execute()
        row.delete_instance()
    summary = run_import(preview_file(out), now=NOW)
    assert summary.imported == 2
    after = [
        p.__class__(**{**p.__dict__, "tags": tuple(t for t in p.tags if t != summary.tag)})
        for p in prospects_for_export()
    ]
    if fmt == "csv":
        assert after == before
    else:  # vCard has no field for the source; everything else survives
        assert [(p.first_name, p.last_name, p.company, p.emails, p.phones, p.tags, p.notes,
                 p.street, p.city, p.country_code, p.role) for p in after] == [
            (p.first_name, p.last_name, p.company, p.emails, p.phones, p.tags, p.notes,
             p.street, p.city, p.country_code, p.role) for p in before
        ]  # fmt: skip


def test_ten_thousand_rows_report_progress_all_along(store, tmp_path: Path) -> None:
    """Speed is measured in benchmarks/bench_import.py; here, that progress is reported along
    the way (the service reports on a clock, every PROGRESS_INTERVAL) and ends complete."""
    lines = ["First Name,Last Name,Company,E-mail Address,Mobile Phone,Job Title"]
    lines += [
        f"First{i},Last{i},Company {i},person{i}@example.com,+1 212 555 {i % 10000:04d},Buyer"
        for i in range(10_000)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", "big.csv")
    reports: list[int] = []
    preview = preview_file(path)
    summary = run_import(preview, lambda done, total: reports.append(done) or True)
    assert summary.imported == 10_000
    assert Prospect.select().count() == 10_000
    assert ContactPoint.select().count() == 20_000
    assert reports == sorted(reports) and reports[-1] == 10_000
    assert len(reports) >= 3  # heard during the work, not only at its end


def test_cli_functions(store, tmp_path: Path, capsys) -> None:
    import argparse

    from touchdesk.cli_imports import run_export_command, run_import_command
    from touchdesk.paths import AppPaths

    path = write(tmp_path, CONTACTS)
    args = argparse.Namespace(file=str(path), format="auto", dry_run=True, duplicates="skip")
    assert run_import_command(args, None) == 0
    assert "Dry run" in capsys.readouterr().out and Prospect.select().count() == 0
    args.dry_run = False
    assert run_import_command(args, None) == 0
    out = capsys.readouterr().out
    assert "Imported 3 prospects, merged 0, skipped 1" in out
    assert "line 3: Email 'not-an-email' left out" in out
    export = argparse.Namespace(out=str(tmp_path / "all.vcf"), format=None, bom=False)
    paths = AppPaths(store.path, tmp_path / "backups", tmp_path / "logs")
    assert run_export_command(export, paths) == 0
    assert (tmp_path / "all.vcf").read_text().count("BEGIN:VCARD") == 3
    # Everything already there: nothing new, which a script should notice.
    assert run_import_command(args, None) == 1


def test_preview_reads_a_short_legacy_file_and_can_read_it_otherwise(store, tmp_path) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes("First Name,Last Name,Company\nJosé,Müller,Café GmbH\n".encode("cp1252"))
    preview = preview_file(path)
    (row,) = preview.rows
    assert (row.prospect.first_name, row.prospect.last_name) == ("José", "Müller")
    assert preview.encoding == "cp1252" and preview.guessed and preview.with_problems == 0
    assert preview.sample == ("First Name,Last Name,Company", "José,Müller,Café GmbH")
    assert "cp1250" in preview.encodings
    baltic = preview_file(path, encoding="cp775")
    assert baltic.with_problems == 1 and "looks garbled" in baltic.rows[0].problems[0]
    assert count_prospects(include_trash=True) == 0


def test_round_trip_keeps_values_that_start_with_an_apostrophe(store, tmp_path: Path) -> None:
    prospect("Ann", "Lee", "'=Acme", role="''-Owner", notes="'+1 is not a phone")
    before = prospects_for_export()
    out = tmp_path / "out.csv"
    export_prospects(out, "csv")
    Prospect.delete().execute()
    run_import(preview_file(out), now=NOW)
    (after,) = prospects_for_export()
    assert (after.company, after.role, after.notes) == ("'=Acme", "''-Owner", "'+1 is not a phone")
    assert [replace(after, tags=())] == before


def test_google_phonetic_columns_never_become_phones(store, tmp_path: Path) -> None:
    google = (
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
        "Phonetic Last Name,Organization Name,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
        "太郎,,山田,タロウ,,ヤマダ,山田商事,taro@yamada.example,Mobile,+1 (555) 010-0123\n"
    )
    summary = run_import(preview_file(write(tmp_path, google)), now=NOW)
    assert summary.imported == 1
    person = Prospect.get()
    phones = [p.value for p in ContactPoint.select().where(ContactPoint.kind == "phone")]
    assert phones == ["+15550100123"]
    assert person.notes == "Phonetic name: タロウ ヤマダ"


def test_column_choices_are_remembered_per_kind_of_file(store, tmp_path: Path) -> None:
    from touchdesk.formats.csv_import import Field
    from touchdesk.services.imports import remember_mapping, remembered_mapping

    headers = ["Vorname", "Nachname", "Wohnort"]
    assert remembered_mapping(headers) is None
    remember_mapping(headers, {"Vorname": Field.FIRST_NAME, "Wohnort": Field.CITY})
    # The same names in another order and spacing are the same kind of file.
    assert remembered_mapping(["wohnort", "Vorname ", "Nachname"]) == {
        "wohnort": Field.CITY,
        "Vorname ": Field.FIRST_NAME,
        "Nachname": Field.IGNORE,
    }
    assert remembered_mapping(["Vorname", "Nachname"]) is None  # another kind
    preview = preview_file(write(tmp_path, "Wohnort,Vorname,Nachname\nBerlin,Lena,Fischer\n"))
    assert preview.rows[0].prospect.city == "Berlin"  # the preview starts from the choice
    assert preview.rows[0].prospect.last_name == ""
