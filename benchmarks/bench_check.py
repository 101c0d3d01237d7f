"""The damage check every opening and every backup runs, on the large database.

- quick_check: touchdesk.store.health's check of the whole file (what open_store and each
  backup run), vs reading the same file end to end in 1 MB blocks in the same process, both
  from a warm page cache: the least any check of every page can cost (target 25).
- integrity_check: the full check `touchdesk-cli doctor` runs, against the same read
  (target 60), so the doctor's cost is known too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPEATS = 5
BLOCK = 1024 * 1024
# quick_check decodes every cell of every b-tree page, which a plain read does not: measured
# at 13-20x a warm read (about 5 ms per MB) on a 9 MB file. Past 25 the check does more than
# one pass. integrity_check also looks each index entry up in its table: about 40x.
QUICK_TARGET = 25.0
FULL_TARGET = 60.0


def _median_ms(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _read_through(path: Path) -> int:
    total = 0
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            total += len(block)
    return total


def _entry(name: str, value: float, baseline: float, target: float) -> dict:
    return {
        "name": name,
        "value": round(value, 1),
        "baseline": round(baseline, 1),
        "unit": "ms",
        "ratio": round(value / baseline, 2),
        "target": target,
    }


def run(database: Path) -> list[dict]:
    from touchdesk.store import health

    def quick() -> None:
        assert health.check_database_file(database) == "ok"

    def full() -> None:
        assert health.check_file(database, full=True) == "ok"

    _read_through(database)  # warm the page cache for both sides alike
    quick()
    baseline = _median_ms(lambda: _read_through(database))
    size_mb = database.stat().st_size / 1024**2
    return [
        _entry(
            f"quick_check on opening, {size_mb:,.0f} MB db, vs reading the file",
            _median_ms(quick),
            baseline,
            QUICK_TARGET,
        ),
        _entry(
            f"doctor's integrity_check, {size_mb:,.0f} MB db, vs reading the file",
            _median_ms(full),
            baseline,
            FULL_TARGET,
        ),
    ]


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1])), indent=2))
