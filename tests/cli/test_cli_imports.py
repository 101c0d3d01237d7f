"""touchdesk-cli import and export as a seller runs them: encodings, long cells, workbooks."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import one_clear_line
from touchdesk.cli import main

WESTERN = "First Name,Last Name,Company\nJosé,Müller,Café GmbH\n"


def test_dry_run_reads_a_short_western_file_and_names_the_guess(tmp_path: Path, capsys) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    database = str(tmp_path / "t.sqlite")
    assert main(["--db", database, "--create", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Western European (Windows-1252), judged from the letters" in out
    assert "try --encoding cp1250" in out
    assert "José,Müller,Café GmbH" in out
    assert "1 to import, 0 to skip, 0 possible duplicates, 0 with problems" in out


def test_encoding_option_reads_as_told_and_flags_garbled_names(tmp_path: Path, capsys) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    database = str(tmp_path / "t.sqlite")
    assert (
        main(
            ["--db", database, "--create", "import", str(path), "--dry-run", "--encoding", "cp775"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "1 with problems" in out
    assert "line 2: Name 'Josķ M³ller' looks garbled: 'M³ller' mixes letters" in out
    assert main(["--db", database, "--create", "import", str(path), "--encoding", "cp1252"]) == 0
    assert "Imported 1 prospects" in capsys.readouterr().out
    assert main(["--db", database, "--create", "import", str(path), "--encoding", "klingon"]) == 1
    assert "'klingon' is not an encoding" in one_clear_line(capsys.readouterr().err)


def test_a_megabyte_cell_is_too_long_not_damaged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b"Name,Notes\nAnn Lee,short\nBob Stone," + b"x" * 1_000_000 + b"\n")
    database = str(tmp_path / "t.sqlite")
    assert main(["--db", database, "--create", "import", str(path), "--dry-run"]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert "A cell in row 3 is longer than 128 KB, too long for a contact" in line
    assert "(line 3)" in line and "damaged" not in line


def test_export_to_xlsx_writes_typed_text_cells(tmp_path: Path, capsys) -> None:
    database = str(tmp_path / "t.sqlite")
    source = tmp_path / "in.csv"
    source.write_text(
        "First Name,Last Name,Company,Phone,Postal Code,Notes\n"
        'Ann,Lee,=HYPERLINK("http://x.example"),+1 212 555 0147,02110,-5% off\n',
        encoding="utf-8",
    )
    assert main(["--db", database, "--create", "import", str(source)]) == 0
    out = tmp_path / "prospects.xlsx"
    assert main(["--db", database, "--create", "export", str(out)]) == 0
    assert "Exported 1 prospects" in capsys.readouterr().out
    sheet = load_workbook(out).active
    header, row = (list(cells) for cells in sheet.iter_rows(max_row=2))
    values = {h.value: c.value for h, c in zip(header, row, strict=True)}
    assert values["Phones"] == "+12125550147"  # as stored, no guard apostrophe
    assert values["Postal Code"] == "02110"  # the leading zero kept
    assert values["Company"] == '=HYPERLINK("http://x.example")'
    assert values["Notes"] == "-5% off"
    assert all(cell.data_type == "s" for cell in (*header, *row) if cell.value is not None)
    assert values["Role"] is None  # blank, not an empty string cell
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    assert not list(tmp_path.glob("*.part"))
    other = tmp_path / "other.dat"
    assert main(["--db", database, "--create", "export", str(other), "--format", "xlsx"]) == 0
    assert zipfile.is_zipfile(other)
