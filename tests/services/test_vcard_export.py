"""A hostile value imported from a CSV file and exported as vCard comes back as one prospect."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from touchdesk.services.imports import export_prospects, preview_file, run_import

NOW = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)

# A spreadsheet cell may hold anything: here, a card's end and a card of the attacker's.
SMUGGLED = "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mallory\r\nEMAIL:mallory@evil.example"
CONTACTS = (
    "First Name,Last Name,E-mail Address,Mobile Phone,Notes\r\n"
    f'Ann,Lee,ann@acme.example,"+1 555 0100\r\n{SMUGGLED}","Call back\r{SMUGGLED}"\r\n'
)


@pytest.mark.parametrize("fmt", ["vcf3", "vcf4"])
def test_reimporting_an_export_gives_no_extra_prospect(store, tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(CONTACTS, encoding="utf-8")
    first = run_import(preview_file(source), now=NOW)
    assert first.imported == 1 and first.problems == 1  # the phone is kept as written

    out = tmp_path / "export.vcf"
    assert export_prospects(out, fmt) == 1
    preview = preview_file(out)
    assert len(preview.rows) == 1
    (row,) = preview.rows
    assert row.prospect.emails == ("ann@acme.example",)
    assert row.prospect.phones == ("+1 555 0100\n" + SMUGGLED.replace("\r\n", "\n"),)
    assert row.prospect.notes == "Call back\n" + SMUGGLED.replace("\r\n", "\n")
