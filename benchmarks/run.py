"""Run the benchmark figures in fresh processes; print the table and write results.json.

python benchmarks/run.py [--repeats N] [--only KEY ...] [--rebuild]   (see README.md)
"""

from __future__ import annotations

import argparse
import json
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

from generate import ROOT, ensure_large_database, isolated_env

HERE = ROOT / "benchmarks"
RESULTS = HERE / "results.json"
MIN_REPEATS = 3  # the machines are noisy (PERFORMANCE.md): never fewer than 3 processes
CHILD_TIMEOUT_S = 600
# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
MAXRSS_UNITS_PER_MB = 1024 * 1024 if sys.platform == "darwin" else 1024


class Entry(TypedDict):
    """One figure: the app's value against a baseline measured in the same run."""

    name: str
    value: float
    baseline: float
    unit: str
    ratio: float
    target: float  # the highest acceptable ratio


@dataclass(frozen=True)
class Context:
    """What every benchmark gets: the large database and how to start children."""

    database: Path  # a scratch copy: a run never changes the generated file
    home: Path  # the children's settings, logs and caches, away from the user's own
    repeats: int

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


def make_entry(name: str, value: float, baseline: float, unit: str, target: float) -> Entry:
    return Entry(
        name=name,
        value=round(value, 2),
        baseline=round(baseline, 2),
        unit=unit,
        ratio=round(value / baseline, 2),
        target=target,
    )


def median_entries(runs: list[list[Entry]]) -> list[Entry]:
    """Per figure, the median value and the median baseline over several processes."""
    combined = []
    for first in runs[0]:
        same = [entry for run in runs for entry in run if entry["name"] == first["name"]]
        combined.append(
            make_entry(
                first["name"],
                statistics.median(entry["value"] for entry in same),
                statistics.median(entry["baseline"] for entry in same),
                first["unit"],
                first["target"],
            )
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


@benchmark("startup")
def startup_and_memory(context: Context) -> list[Entry]:
    """The app on the large database to its first idle window, against a bare QMainWindow."""
    bare = [sys.executable, str(HERE / "bare_window.py")]
    app = [sys.executable, str(ROOT / "main.py"), "--db", str(context.database)]
    app.append("--quit-when-idle")
    # One unmeasured run of each warms the disk cache and bytecode, and lets the app take
    # the day's first backup, which later launches that day skip.
    launch_to_idle(bare, context)
    launch_to_idle(app, context)
    bare_runs, app_runs = [], []
    for _ in range(context.repeats):
        # Alternated, so a change in the machine's load falls on both alike.
        bare_runs.append(launch_to_idle(bare, context))
        app_runs.append(launch_to_idle(app, context))
    return [
        make_entry(
            "startup to idle window, large db",
            statistics.median(run[0] for run in app_runs),
            statistics.median(run[0] for run in bare_runs),
            "ms",
            2.0,
        ),
        make_entry(
            "peak memory, large db",
            statistics.median(run[1] for run in app_runs),
            statistics.median(run[1] for run in bare_runs),
            "MB",
            2.0,
        ),
    ]


def script_figures(script: str, context: Context) -> list[Entry]:
    """A benchmark script that measures in its own process against its own baseline and
    prints a JSON list of entries for a database path; run in fresh processes, medians kept."""
    command = [sys.executable, str(HERE / script), str(context.database)]
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


def format_table(entries: list[Entry]) -> str:
    header = ("name", "value", "baseline", "unit", "ratio", "target", "ok")
    rows = [
        (
            entry["name"],
            f"{entry['value']:.1f}",
            f"{entry['baseline']:.1f}",
            entry["unit"],
            f"{entry['ratio']:.2f}",
            f"{entry['target']:.2f}",
            "yes" if entry["ratio"] <= entry["target"] else "NO",
        )
        for entry in entries
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        # Names left-aligned, numbers right-aligned.
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells)

    return "\n".join(
        [line(header), "  ".join("-" * width for width in widths)] + [line(row) for row in rows]
    )


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
    parser.add_argument("--rebuild", action="store_true", help="build the large database again")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.repeats < MIN_REPEATS:
        parser.error(f"--repeats must be at least {MIN_REPEATS}: single runs are too noisy")

    database = ensure_large_database(args.rebuild)
    entries: list[Entry] = []
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as scratch:
        context = Context(Path(scratch) / database.name, Path(scratch) / "home", args.repeats)
        shutil.copyfile(database, context.database)
        for key in args.only or list(BENCHMARKS):
            print(f"running {key} ({args.repeats} processes each)...", file=sys.stderr)
            try:
                entries += BENCHMARKS[key](context)
            except (BenchmarkFailed, subprocess.TimeoutExpired, ValueError, KeyError) as error:
                failures[key] = f"{type(error).__name__}: {error}"

    print(format_table(entries))
    args.results.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    for key, message in failures.items():
        print(f"\nbenchmark {key} failed: {message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
