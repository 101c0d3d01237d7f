"""Exporting every prospect to CSV through the services, against the same statements run raw
(captured from the app's own connection) and csv.writer writing the prospect rows, sampled
ABAB... in the same process. Shown, not judged: the scaling table follows it.

python bench_export.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (  # noqa: E402
    capture_statements,
    copy_database,
    figure,
    interleaved,
    raw_connection,
    repeats_from,
    replay,
)

REPEATS = 3


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        where = Path(folder)
        return _measure(copy_database(database, where / "export.sqlite"), where, repeats)


def _measure(database: Path, folder: Path, repeats: int) -> list[dict]:
    from touchdesk.services.imports import export_prospects
    from touchdesk.store import db
    from touchdesk.store.opening import open_store

    open_store(database, folder / "backups")
    count = 0

    def app() -> None:
        nonlocal count
        count = export_prospects(folder / "ours.csv", "csv")

    app()
    statements = capture_statements(db.database.connection(), app)
    raw = raw_connection(database)

    def bare() -> None:
        # Every row fetched is written: people, their contacts and tags, unjoined.
        with (folder / "bare.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for rows in replay(raw, statements):
                writer.writerows(rows)

    values, baselines = interleaved(app, bare, repeats)
    raw.close()
    db.close()
    return [
        figure(
            f"export: {count:,} prospects to CSV vs the same SQL raw + csv.writer",
            values,
            baselines,
            "ms",
            None,
        )
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
