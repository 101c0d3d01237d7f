"""Every date and time the seller reads goes through domain/date_text.py: no module formats
one its own way (a strftime, an f-string's %d, a Qt display format written out)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import touchdesk

ROOT = Path(touchdesk.__file__).resolve().parent
DATE_DIRECTIVE = re.compile(r"%-?[aAbBdHIMmpSyYZ]")
QT_DATE_LETTERS = re.compile(r"\b(d{1,4}|M{1,4}|y{2,4}|[Hh]{1,2}:mm)\b")

# Machine formats, never shown as a date: where each is and why it stays.
MACHINE = {
    "store": "database layouts, backup file names and the migration log",
    "services/insights.py": "SQLite month keys and the stored layout in queries",
    "services/imports/run.py": "the import tag, a stable name the seller filters by",
    "ui/dialogs/settings_dialog.py": "working hours stored as HH:mm",
    "ui/first_run/dialog.py": "working hours stored as HH:mm",
    "services/mailbox/sync.py": "IMAP's SEARCH SINCE takes its own date form (RFC 3501)",
    "domain/date_text.py": "the one module that formats",
}


def _machine(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return any(relative == key or relative.startswith(f"{key}/") for key in MACHINE)


def _own_formats(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            literal = [a.value for a in node.args if isinstance(a, ast.Constant)]
            text = next((v for v in literal if isinstance(v, str)), "")
            if node.func.attr == "strftime":
                found.append(f"{node.lineno}: strftime")
            elif node.func.attr in ("setDisplayFormat", "toString") and QT_DATE_LETTERS.search(
                text
            ):
                found.append(f"{node.lineno}: {node.func.attr}({text!r})")
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                part.value
                for part in ast.walk(node.format_spec)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if DATE_DIRECTIVE.search(spec):
                found.append(f"{node.lineno}: f-string {{…:{spec}}}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_no_module_formats_a_date_or_time_its_own_way():
    stray = {
        path.relative_to(ROOT).as_posix(): found
        for path in sorted(ROOT.rglob("*.py"))
        if not _machine(path) and (found := _own_formats(path))
    }
    assert stray == {}, "format through touchdesk.domain.date_text.dates()"


def test_the_check_sees_each_way_a_date_was_formatted(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "a = when.strftime('%d %b')\n"
        "b = f'{when:%a %H:%M}'\n"
        "edit.setDisplayFormat('ddd dd MMM yyyy')\n"
        "c = f'{count:+d} and {ratio:.1%}'\n",  # number formats are not dates
        encoding="utf-8",
    )
    assert [line.split(":")[0] for line in _own_formats(sample)] == ["1", "2", "3"]
