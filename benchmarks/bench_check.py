"""The damage check every opening and every backup runs, on the large database.

- quick_check: touchdesk.store.health's check of the whole file (what open_store and each
  backup run), vs reading the same file end to end in 1 MB blocks in the same process, both
  from a warm page cache: the least any check of every page can cost (target 25), ABAB...
- integrity_check: the full check `touchdesk-cli doctor` runs, against the same read
  (target 60), so the doctor's cost is known too.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import figure, interleaved, repeats_from  # noqa: E402

REPEATS = 5
BLOCK = 1024 * 1024
# quick_check decodes every cell of every b-tree page, which a plain read does not: measured
# at 13-20x a warm read (about 5 ms per MB) on a 9 MB file. Past 25 the check does more than
# one pass. integrity_check also looks each index entry up in its table: about 40x.
QUICK_TARGET = 25.0
FULL_TARGET = 60.0


def _read_through(path: Path) -> int:
    total = 0
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            total += len(block)
    return total


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    from touchdesk.store import health

    def quick() -> None:
        assert health.check_database_file(database) == "ok"

    def full() -> None:
        assert health.check_file(database, full=True) == "ok"

    def read() -> None:
        _read_through(database)

    size_mb = database.stat().st_size / 1024**2
    return [
        figure(
            f"quick_check on opening, {size_mb:,.0f} MB db, vs reading the file",
            *interleaved(quick, read, repeats),
            "ms",
            QUICK_TARGET,
        ),
        figure(
            f"doctor's integrity_check, {size_mb:,.0f} MB db, vs reading the file",
            *interleaved(full, read, repeats),
            "ms",
            FULL_TARGET,
        ),
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
