"""Fail (exit 1) when a figure in results.json is above its target ratio, listing which.

python benchmarks/check.py [RESULTS.json]   exit 0: all within target; 1: some above; 2: no file
python benchmarks/check.py benchmarks/scale.json   the same for growth exponents (--scale)

A figure whose target is null is shown in the table but judged by nothing here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
FIELDS = ("name", "value", "baseline", "unit", "ratio", "target")
SCALE_FIELDS = ("name", "values", "exponent", "target")


def over_target(entries: list[dict]) -> list[dict]:
    return [
        entry
        for entry in entries
        if entry["target"] is not None and entry["ratio"] > entry["target"]
    ]


def check_scale(rows: list[dict]) -> int:
    """Growth exponents from 10k to 100k prospects; a figure missing at a size is a failure."""
    over = [row for row in rows if row["exponent"] is None or row["exponent"] > row["target"]]
    for row in over:
        if row["exponent"] is None:
            print(f"{row['name']}: not measured at both of the two largest sizes")
        else:
            print(f"{row['name']}: grows as N^{row['exponent']}, target N^{row['target']}")
    if over:
        return 1
    print(f"All {len(rows)} figures grow within N^{rows[0]['target']}.")
    return 0


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else RESULTS
    if not path.is_file():
        print(f"{path.name} not found: run `python benchmarks/run.py` first.", file=sys.stderr)
        return 2
    entries = json.loads(path.read_text(encoding="utf-8"))
    if entries and all(all(field in row for field in SCALE_FIELDS) for row in entries):
        return check_scale(entries)
    malformed = [entry for entry in entries if not all(field in entry for field in FIELDS)]
    if not entries or malformed:
        print(f"{path.name} holds no figures or malformed ones: {malformed}", file=sys.stderr)
        return 2
    over = over_target(entries)
    for entry in over:
        print(
            f"{entry['name']}: {entry['ratio']:.2f}x the baseline, target {entry['target']:.2f}x "
            f"({entry['value']} vs {entry['baseline']} {entry['unit']})"
        )
    if over:
        return 1
    print(f"All {len(entries)} figures within target.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
