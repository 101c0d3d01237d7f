"""Run the benchmark figures in fresh processes; print the table and write results.json.

python benchmarks/run.py [--repeats N] [--only KEY ...] [--rebuild]   the full table, 10k db
python benchmarks/run.py --quick [--only KEY ...]     1k db, one sample: crashes only (CI)
python benchmarks/run.py --scale [--only KEY ...]     1k/10k/100k and growth exponents
(see README.md)
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from generate import (
    PROSPECTS,
    QUICK_PROSPECTS,
    ROOT,
    SCALE_PROSPECTS,
    ensure_database,
    isolated_env,
)

HERE = ROOT / "benchmarks"
RESULTS = HERE / "results.json"
QUICK_RESULTS = HERE / "results-quick.json"
SCALE_RESULTS = HERE / "scale.json"
MIN_REPEATS = 3  # the machines are noisy (PERFORMANCE.md): never fewer than 3 processes
SCALE_TARGET = 1.05  # growth exponent from 10k to 100k prospects: no worse than linear
# Per benchmark key, the figure the scaling table follows (matched by the start of its name).
SCALE_FIGURES = {
    "startup": "startup to idle window",
    "board": "board: database to painted screen",
    "today": "today:",
    "prospect": "prospect with",
    "insights": "insights: page reload",
    "duplicates": "duplicates:",
    "import": "import ",
    "export": "export:",
    "mail": "mail: 1,000 envelopes from the database",
}
CHILD_TIMEOUT_S = 600
# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
MAXRSS_UNITS_PER_MB = 1024 * 1024 if sys.platform == "darwin" else 1024


class Entry(TypedDict):
    """One figure: the app's value against a baseline measured in the same run. value and
    baseline are medians over every sample of every process; min and max are kept beside."""

    name: str
    value: float
    baseline: float
    unit: str
    ratio: float
    target: float | None  # the highest acceptable ratio; None: shown, not judged
    value_min: float
    value_max: float
    baseline_min: float
    baseline_max: float
    samples: int


@dataclass(frozen=True)
class Context:
    """What every benchmark gets: the large database and how to start children."""

    database: Path  # a scratch copy: a run never changes the generated file
    home: Path  # the children's settings, logs and caches, away from the user's own
    repeats: int  # fresh processes per figure
    samples: int | None = None  # samples a side within each process (None: the script's own)
    quick: bool = False  # CI's pass: scripts told so may shrink what they build (--quick)

    def env(self) -> dict[str, str]:
        return isolated_env(self.home)


Benchmark = Callable[[Context], list[Entry]]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(key: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark under `key` (for --only); it returns one entry per figure."""

    def register(function: Benchmark) -> Benchmark:
        BENCHMARKS[key] = function
        return function

    return register


class BenchmarkFailed(RuntimeError):
    """A child did not run to its end; the message carries its error output."""


def make_entry(
    name: str, values: list[float], baselines: list[float], unit: str, target: float | None
) -> Entry:
    """A figure from every sample of both sides: medians for the ratio, min and max kept."""
    value, baseline = statistics.median(values), statistics.median(baselines)
    return Entry(
        name=name,
        value=round(value, 2),
        baseline=round(baseline, 2),
        unit=unit,
        ratio=round(value / baseline, 2),
        target=target,
        value_min=round(min(values), 2),
        value_max=round(max(values), 2),
        baseline_min=round(min(baselines), 2),
        baseline_max=round(max(baselines), 2),
        samples=len(values),
    )


def median_entries(runs: list[list[dict]]) -> list[Entry]:
    """Per figure, every sample of every process pooled (a script reports `values` and
    `baselines`; one without them counts its medians as one sample)."""
    combined = []
    for first in runs[0]:
        same = [entry for run in runs for entry in run if entry["name"] == first["name"]]
        values = [v for entry in same for v in entry.get("values", [entry["value"]])]
        baselines = [b for entry in same for b in entry.get("baselines", [entry["baseline"]])]
        combined.append(
            make_entry(first["name"], values, baselines, first["unit"], first["target"])
        )
    return combined


def _failed(command: list[str], code: int, errors: str) -> BenchmarkFailed:
    shown = " ".join(Path(part).name if "/" in part else part for part in command)
    return BenchmarkFailed(f"`{shown}` exited with {code}:\n{errors[-3000:]}")


def launch_to_idle(command: list[str], context: Context) -> tuple[float, float]:
    """Start one fresh process that prints {"idle_at", "maxrss_kb"} at its first idle after
    its first paint; returns (startup in ms, peak memory in MB)."""
    env = context.env()
    started = time.time()  # just before the process exists: interpreter start-up counts
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        printed, errors = child.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    if child.returncode != 0:
        raise _failed(command, child.returncode, errors)
    for line in reversed(printed.splitlines()):
        if line.startswith("{") and '"idle_at"' in line:
            report = json.loads(line)
            return (report["idle_at"] - started) * 1000, report["maxrss_kb"] / MAXRSS_UNITS_PER_MB
    raise BenchmarkFailed(f"no idle report from `{Path(command[1]).name}`:\n{printed[-1000:]}")


def _no_backup_yet(context: Context) -> None:
    """Remove the day's backup beside the scratch database: the next launch is the day's first."""
    shutil.rmtree(context.database.parent / f"{context.database.stem}-backups", ignore_errors=True)


@benchmark("startup")
def startup_and_memory(context: Context) -> list[Entry]:
    """The app on the database to its first idle window, against a bare QMainWindow; a later
    launch of the day, and the day's first launch (its backup not yet taken) apart."""
    bare = [sys.executable, str(HERE / "bare_window.py")]
    app = [sys.executable, str(ROOT / "main.py"), "--db", str(context.database)]
    app.append("--quit-when-idle")
    # One unmeasured run of each warms the disk cache and bytecode, and lets the app take
    # the day's first backup, which later launches that day skip.
    launch_to_idle(bare, context)
    launch_to_idle(app, context)
    bare_runs, app_runs, first_runs = [], [], []
    for _ in range(context.repeats):
        # Alternated, so a change in the machine's load falls on both alike.
        bare_runs.append(launch_to_idle(bare, context))
        app_runs.append(launch_to_idle(app, context))
    for _ in range(context.repeats):
        bare_runs.append(launch_to_idle(bare, context))
        _no_backup_yet(context)
        first_runs.append(launch_to_idle(app, context))
    bare_ms = [run[0] for run in bare_runs]
    return [
        make_entry(
            "startup to idle window, later launch of the day",
            [run[0] for run in app_runs],
            bare_ms,
            "ms",
            2.0,
        ),
        make_entry(
            "startup to idle window, first launch of the day (backup not yet taken)",
            [run[0] for run in first_runs],
            bare_ms,
            "ms",
            2.0,
        ),
        make_entry(
            "peak memory at idle window",
            [run[1] for run in app_runs + first_runs],
            [run[1] for run in bare_runs],
            "MB",
            2.0,
        ),
    ]


def script_figures(script: str, context: Context) -> list[Entry]:
    """A benchmark script that measures in its own process against its own baseline and
    prints a JSON list of entries for a database path; run in fresh processes, medians kept."""
    command = [sys.executable, str(HERE / script), str(context.database)]
    if context.samples is not None:
        command += ["--repeats", str(context.samples)]
    if context.quick:
        command.append("--quick")
    runs = []
    for _ in range(context.repeats):
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=context.env(),
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
        )
        if done.returncode != 0:
            raise _failed(command, done.returncode, done.stderr)
        runs.append(json.loads(done.stdout))
    return median_entries(runs)


def _register_scripts() -> None:
    """Every benchmarks/bench_<key>.py is a figure under <key>: dropping in a script with
    that contract is all it takes to add one."""
    for script in sorted(HERE.glob("bench_*.py")):
        key = script.stem.removeprefix("bench_")
        BENCHMARKS.setdefault(key, lambda context, name=script.name: script_figures(name, context))


_register_scripts()


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        # Names left-aligned, numbers right-aligned.
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells)

    return "\n".join(
        [line(header), "  ".join("-" * width for width in widths)] + [line(row) for row in rows]
    )


def verdict(ratio: float, target: float | None, judged: bool = True) -> str:
    if target is None or not judged:
        return "-"
    return "yes" if ratio <= target else "NO"


def format_table(entries: list[Entry], judged: bool = True) -> str:
    header = ("name", "value", "min-max", "baseline", "min-max", "unit", "ratio", "target", "ok")
    rows = [
        (
            entry["name"],
            f"{entry['value']:.1f}",
            f"{entry['value_min']:.0f}-{entry['value_max']:.0f}",
            f"{entry['baseline']:.1f}",
            f"{entry['baseline_min']:.0f}-{entry['baseline_max']:.0f}",
            entry["unit"],
            f"{entry['ratio']:.2f}",
            "-" if entry["target"] is None else f"{entry['target']:.2f}",
            verdict(entry["ratio"], entry["target"], judged),
        )
        for entry in entries
    ]
    return _table(header, rows)


def growth_exponent(small: float, large: float, small_n: int, large_n: int) -> float:
    """k in value ~ N^k between two sizes: 1.0 is linear, 2.0 quadratic."""
    return math.log(large / small) / math.log(large_n / small_n)


def scale_rows(by_size: dict[int, list[Entry]]) -> list[dict]:
    """Per followed figure, the app's value at each size and its exponent from 10k to 100k,
    with the bare baseline's exponent beside it: how fast the least work for the same job grows
    (a sort or a distinct count in SQLite grows faster than N, and so does all that uses it)."""
    rows = []
    low, high = SCALE_PROSPECTS[-2], SCALE_PROSPECTS[-1]
    for key, prefix in SCALE_FIGURES.items():
        values: dict[int, float] = {}
        baselines: dict[int, float] = {}
        unit = ""
        for size, entries in by_size.items():
            for entry in entries:
                if entry["name"].startswith(prefix):
                    values[size], unit = entry["value"], entry["unit"]
                    baselines[size] = entry.get("baseline") or 0.0
                    break
        if not values:
            continue
        rows.append(
            {
                "name": key,
                "unit": unit,
                "values": {str(size): value for size, value in values.items()},
                "exponent": _exponent_between(values, low, high),
                "bare_exponent": _exponent_between(baselines, low, high),
                "target": SCALE_TARGET,
            }
        )
    return rows


def _exponent_between(values: dict[int, float], low: int, high: int) -> float | None:
    if values.get(low, 0) > 0 and values.get(high, 0) > 0:
        return round(growth_exponent(values[low], values[high], low, high), 2)
    return None


def format_scale(rows: list[dict]) -> str:
    sizes = [str(size) for size in SCALE_PROSPECTS]
    header = (
        "figure",
        *(f"{int(size):,}" for size in sizes),
        "unit",
        "exponent",
        "bare exponent",
        "target",
        "ok",
    )
    lines = []
    for row in rows:
        exponent, bare = row["exponent"], row.get("bare_exponent")
        lines.append(
            (
                row["name"],
                *(f"{row['values'][size]:.1f}" if size in row["values"] else "-" for size in sizes),
                row["unit"],
                "-" if exponent is None else f"{exponent:.2f}",
                "-" if bare is None else f"{bare:.2f}",
                f"{row['target']:.2f}",
                "-" if exponent is None else ("yes" if exponent <= row["target"] else "NO"),
            )
        )
    return _table(header, lines)


def run_figures(
    keys: list[str], database: Path, repeats: int, samples: int | None, quick: bool = False
) -> tuple[list[Entry], dict[str, str]]:
    """Every asked benchmark on a scratch copy of `database`; failures kept by key."""
    entries: list[Entry] = []
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as scratch:
        where = Path(scratch)
        context = Context(where / database.name, where / "home", repeats, samples, quick)
        shutil.copyfile(database, context.database)
        for key in keys:
            print(f"running {key} on {database.name} ({repeats} processes)...", file=sys.stderr)
            started = time.perf_counter()
            try:
                entries += BENCHMARKS[key](context)
            except (BenchmarkFailed, subprocess.TimeoutExpired, ValueError, KeyError) as error:
                failures[key] = f"{type(error).__name__}: {error}"
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return entries, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run TouchDesk's benchmark figures.")
    parser.add_argument(
        "--repeats", type=int, default=MIN_REPEATS, help="fresh processes per figure (>= 3)"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="KEY",
        help=f"run only these benchmarks (repeatable): {', '.join(BENCHMARKS)}",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_PROSPECTS:,} prospects, one sample: catches a crash, judges no ratio",
    )
    mode.add_argument(
        "--scale",
        action="store_true",
        help="each figure at 1k, 10k and 100k prospects, and its growth exponent",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--results", type=Path, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.repeats < MIN_REPEATS and not args.quick:
        parser.error(f"--repeats must be at least {MIN_REPEATS}: single runs are too noisy")
    keys = args.only or list(BENCHMARKS)

    if args.quick:
        entries, failures = run_figures(
            keys, ensure_database(QUICK_PROSPECTS, args.rebuild), 1, 1, quick=True
        )
        print(format_table(entries, judged=False))
        write_json(args.results or QUICK_RESULTS, entries)
    elif args.scale:
        by_size: dict[int, list[Entry]] = {}
        failures = {}
        for size in SCALE_PROSPECTS:
            # One process a figure at each size (its own samples inside): 100k is slow.
            database = ensure_database(size, args.rebuild)
            keys_here = [key for key in keys if key in SCALE_FIGURES]
            by_size[size], failed = run_figures(keys_here, database, 1, MIN_REPEATS)
            failures.update({f"{key} at {size:,}": message for key, message in failed.items()})
        rows = scale_rows(by_size)
        print(format_scale(rows))
        write_json(args.results or SCALE_RESULTS, rows)
    else:
        entries, failures = run_figures(
            keys, ensure_database(PROSPECTS, args.rebuild), args.repeats, None
        )
        print(format_table(entries))
        write_json(args.results or RESULTS, entries)
    for key, message in failures.items():
        print(f"\nbenchmark {key} failed: {message}", file=sys.stderr)
    return 1 if failures else 0


def write_json(path: Path, rows: list) -> None:
    """Written beside and renamed: an interrupted run never leaves half a results file."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    part.replace(path)


if __name__ == "__main__":
    sys.exit(main())
