"""Importing 10,000 CSV rows (preview and one transaction) into a copy of the database, against
the least that work can cost, sampled ABAB... in the same process (target 2.0).

The baseline reads the same CSV with csv.reader, parses and formats each phone with
phonenumbers (E.164, as the app stores it), checks each email, and inserts the same rows
(prospects, their email and phone, their tags) with executemany in one transaction, on a
connection with the app's page cache, into a copy of the same database.

python bench_import.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import copy_database, figure, interleaved, raw_connection, repeats_from  # noqa: E402

ROWS = 10_000
REPEATS = 3
TARGET = 2.0
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _csv_file(folder: Path) -> Path:
    lines = ["First Name,Last Name,Company,E-mail Address,Mobile Phone,Job Title,Categories"]
    lines += [
        f"First{i},Last{i},Company {i},person{i}@example.com,+1 212 555 {i % 10000:04d},"
        f"Buyer,clients;{'vip' if i % 7 == 0 else 'lead'}"
        for i in range(ROWS)
    ]
    path = folder / "contacts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bare_import(source: Path, connection: sqlite3.Connection) -> int:
    """Read, parse and format each phone, check each email, executemany in one transaction."""
    import phonenumbers

    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[1:]
    now = datetime.now(UTC).isoformat(" ")[:19]
    (stage,) = connection.execute("SELECT id FROM stage ORDER BY position LIMIT 1").fetchone()
    (first_id,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM prospect").fetchone()
    prospects, contacts, tags = [], [], []
    for offset, (first, last, company, email, phone, role, categories) in enumerate(rows):
        pid = first_id + offset
        number = phonenumbers.parse(phone, "US")
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        prospects.append((pid, first, last, company, role, stage, now, now))
        if EMAIL.match(email.strip()):
            contacts.append((pid, "email", "", email.strip(), 0))
        contacts.append((pid, "phone", "mobile", e164, 0))
        tags += [(pid, tag.strip().casefold()) for tag in categories.split(";") if tag.strip()]
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO prospect (id, first_name, last_name, company, role, street, street2, city,"
        " region, postal_code, country_code, time_zone, source, stage_id, status, lost_reason,"
        " notes, created_at, updated_at, touch_count, attempts)"
        " VALUES (?, ?, ?, ?, ?, '', '', '', '', '', '', '', 'import', ?, 'active', '', '',"
        " ?, ?, 0, 0)",
        prospects,
    )
    connection.executemany(
        "INSERT INTO contact_point (prospect_id, kind, label, value, position)"
        " VALUES (?, ?, ?, ?, ?)",
        contacts,
    )
    connection.executemany("INSERT INTO prospect_tag (prospect_id, tag) VALUES (?, ?)", tags)
    connection.execute("COMMIT")
    return len(prospects)


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    from touchdesk.services.bootstrap import ensure_defaults
    from touchdesk.services.imports import preview_file, run_import
    from touchdesk.store import db
    from touchdesk.store.opening import open_store

    folder = Path(tempfile.mkdtemp(prefix="touchdesk-bench-"))
    source = _csv_file(folder)
    scratch = folder / "import.sqlite"
    raw: list[sqlite3.Connection] = []

    def fresh_copy() -> None:
        """Untimed: the same database again, so each import matches against the same rows."""
        db.close()
        for connection in raw:
            connection.close()
        raw.clear()
        for leftover in (scratch, *(scratch.with_name(scratch.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(folder / "backups", ignore_errors=True)
        copy_database(database, scratch)

    def before_app() -> None:
        fresh_copy()
        open_store(scratch, folder / "backups")
        ensure_defaults()

    def before_bare() -> None:
        fresh_copy()
        raw.append(raw_connection(scratch))

    def app() -> None:
        summary = run_import(preview_file(source), lambda done, total: True)
        assert summary.imported + len(summary.skipped) == ROWS

    def bare() -> None:
        assert bare_import(source, raw[0]) == ROWS

    try:
        values, baselines = interleaved(app, bare, repeats, before_app, before_bare)
    finally:
        db.close()
        for connection in raw:
            connection.close()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        figure(
            f"import {ROWS:,} CSV rows vs csv + phonenumbers + executemany",
            values,
            baselines,
            "ms",
            TARGET,
        )
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
