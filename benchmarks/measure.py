"""What every benchmark script shares: interleaved timing, figures with min/median/max, and a
raw SQLite connection with the app's own page cache, so no baseline is slower by setup."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

Action = Callable[[], object]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up like the app's (same page cache, same synchronous):
    a baseline on SQLite's default 2 MB cache would be slower than it needs to be."""
    from touchdesk.store.db import PRAGMAS

    connection = sqlite3.connect(path, isolation_level=None)  # statements say their own BEGIN
    for name, value in PRAGMAS.items():
        connection.execute(f"PRAGMA {name} = {value}")
    return connection


def capture_statements(connection: sqlite3.Connection, action: Action) -> list[str]:
    """Every SQL statement `action` runs on `connection`, with its parameters filled in."""
    seen: list[str] = []
    connection.set_trace_callback(seen.append)
    try:
        action()
    finally:
        connection.set_trace_callback(None)
    return seen


def replay(connection: sqlite3.Connection, statements: list[str]) -> list[list[tuple]]:
    """Run the statements raw, fetching every row as tuples; returns each one's rows."""
    return [connection.execute(sql).fetchall() for sql in statements]


def milliseconds(action: Action, before: Action | None = None) -> float:
    """One timed run of `action`; `before` runs first, untimed (e.g. a load before a keystroke)."""
    if before is not None:
        before()
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def interleaved(
    app: Action,
    bare: Action,
    repeats: int,
    before_app: Action | None = None,
    before_bare: Action | None = None,
    warm_up: bool = True,
) -> tuple[list[float], list[float]]:
    """Samples of both sides taken ABAB..., after one untimed warm-up of each, so a change in
    the machine's load falls on both alike. Returns (app samples, bare samples) in ms.
    `warm_up=False`: the caller warmed both up itself (on less work, when a sample takes
    minutes)."""
    if warm_up:
        milliseconds(bare, before_bare)
        milliseconds(app, before_app)
    app_samples, bare_samples = [], []
    for _ in range(repeats):
        bare_samples.append(milliseconds(bare, before_bare))
        app_samples.append(milliseconds(app, before_app))
    return app_samples, bare_samples


def figure(
    name: str,
    values: list[float],
    baselines: list[float],
    unit: str,
    target: float | None,
) -> dict:
    """One figure as run.py reads it: medians for the ratio, and every sample, so the runner
    can keep min, median and max over all processes. A target of None is shown, not judged."""
    value, baseline = statistics.median(values), statistics.median(baselines)
    return {
        "name": name,
        "value": round(value, 2),
        "baseline": round(baseline, 2),
        "unit": unit,
        "ratio": round(value / baseline, 2),
        "target": target,
        "values": [round(sample, 3) for sample in values],
        "baselines": [round(sample, 3) for sample in baselines],
    }


def prospect_count(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM prospect").fetchone()[0]
    finally:
        connection.close()


def copy_database(source: Path, target: Path) -> Path:
    """A scratch copy through SQLite's backup API (a WAL beside the source is included)."""
    original = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    with copy:
        original.backup(copy)
    copy.close()
    original.close()
    return target


def repeats_from(argv: list[str], default: int) -> int:
    """`script.py DB [--repeats N]`: the runner's --quick asks for one sample a side."""
    if "--repeats" in argv:
        return int(argv[argv.index("--repeats") + 1])
    return default
