"""Find duplicates over the database against a bare baseline in the same process, sampled
ABAB...: plain sqlite3 (the app's page cache) reading the same rows and grouping emails and
phones in SQL.

The tool also compares names within each company (difflib), which SQL cannot do; the ratio
says what that and the service layer cost on top of reading the data (target 3).
The given database is never written: a copy is opened.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import copy_database, figure, interleaved, raw_connection, repeats_from  # noqa: E402

REPEATS = 5
TARGET = 3.0
BARE = (
    "SELECT id, first_name, last_name, company FROM prospect WHERE deleted_at IS NULL",
    "SELECT prospect_id, kind, value FROM contact_point",
    "SELECT lower(value), group_concat(prospect_id) FROM contact_point "
    "GROUP BY kind, lower(value) HAVING count(*) > 1",
)


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        return _measure(copy_database(database, Path(folder) / "duplicates.sqlite"), repeats)


def _measure(database: Path, repeats: int) -> list[dict]:
    from touchdesk.services.duplicate_search import find_duplicates
    from touchdesk.store.opening import open_store

    open_store(database, database.parent / "bench-backups")
    raw = raw_connection(database)
    (people,) = raw.execute("SELECT count(*) FROM prospect WHERE deleted_at IS NULL").fetchone()

    def bare() -> None:
        for sql in BARE:
            raw.execute(sql).fetchall()

    pairs = find_duplicates()  # modules and caches loaded, untimed
    values, baselines = interleaved(find_duplicates, bare, repeats)
    raw.close()
    return [
        figure(
            f"duplicates: find all pairs among {people:,} prospects ({len(pairs)} found)",
            values,
            baselines,
            "ms",
            TARGET,
        )
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
