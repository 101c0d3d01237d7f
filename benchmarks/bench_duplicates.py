"""Find duplicates over the large database (10,000 prospects) against a bare baseline in the
same process: plain sqlite3 reading the same rows and grouping emails and phones in SQL.

The tool also compares names within each company (difflib), which SQL cannot do; the ratio
says what that and the service layer cost on top of reading the data (target 3).
The given database is never written: a copy is opened.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

REPEATS = 5
TARGET = 3.0
BARE = (
    "SELECT id, first_name, last_name, company FROM prospect WHERE deleted_at IS NULL",
    "SELECT prospect_id, kind, value FROM contact_point",
    "SELECT lower(value), group_concat(prospect_id) FROM contact_point "
    "GROUP BY kind, lower(value) HAVING count(*) > 1",
)


def _median_ms(action) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(database: Path) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        copy = Path(folder) / "duplicates.sqlite"
        original = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        with target:
            original.backup(target)
        target.close()
        original.close()
        return _measure(copy)


def _measure(database: Path) -> list[dict]:
    from touchdesk.services.duplicates import find_duplicates
    from touchdesk.store.opening import open_store

    open_store(database, database.parent / "bench-backups")
    raw = sqlite3.connect(database)

    def bare() -> None:
        for sql in BARE:
            raw.execute(sql).fetchall()

    pairs = find_duplicates()  # warm: modules and caches, untimed
    bare()
    value = _median_ms(find_duplicates)
    baseline = _median_ms(bare)
    return [
        {
            "name": f"duplicates: find all pairs among 10,000 prospects ({len(pairs)} found)",
            "value": round(value, 1),
            "baseline": round(baseline, 1),
            "unit": "ms",
            "ratio": round(value / baseline, 2),
            "target": TARGET,
        }
    ]


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1])), indent=2))
