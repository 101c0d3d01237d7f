"""touchdesk-cli import as a seller runs it: encodings and long cells."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import one_clear_line
from touchdesk.cli import main

WESTERN = "First Name,Last Name,Company\nJosé,Müller,Café GmbH\n"


def test_dry_run_reads_a_short_western_file_and_names_the_guess(tmp_path: Path, capsys) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    database = str(tmp_path / "t.sqlite")
    assert main(["--db", database, "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Western European (Windows-1252), judged from the letters" in out
    assert "try --encoding cp1250" in out
    assert "José,Müller,Café GmbH" in out
    assert "1 to import, 0 to skip, 0 possible duplicates, 0 with problems" in out


def test_encoding_option_reads_as_told_and_flags_garbled_names(tmp_path: Path, capsys) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(WESTERN.encode("cp1252"))
    database = str(tmp_path / "t.sqlite")
    assert main(["--db", database, "import", str(path), "--dry-run", "--encoding", "cp775"]) == 0
    out = capsys.readouterr().out
    assert "1 with problems" in out
    assert "line 2: Name 'Josķ M³ller' looks garbled: 'M³ller' mixes letters" in out
    assert main(["--db", database, "import", str(path), "--encoding", "cp1252"]) == 0
    assert "Imported 1 prospects" in capsys.readouterr().out
    assert main(["--db", database, "import", str(path), "--encoding", "klingon"]) == 1
    assert "'klingon' is not an encoding" in one_clear_line(capsys.readouterr().err)


def test_a_megabyte_cell_is_too_long_not_damaged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b"Name,Notes\nAnn Lee,short\nBob Stone," + b"x" * 1_000_000 + b"\n")
    database = str(tmp_path / "t.sqlite")
    assert main(["--db", database, "import", str(path), "--dry-run"]) == 1
    line = one_clear_line(capsys.readouterr().err)
    assert "A cell in row 3 is longer than 128 KB, too long for a contact" in line
    assert "(line 3)" in line and "damaged" not in line
