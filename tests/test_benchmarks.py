"""The benchmark harness itself: the quick pass runs a figure end to end, and the judge reads
targets and growth exponents right (the figures are measured by `make bench`, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_quick_pass_measures_a_figure_with_min_median_and_max(tmp_path: Path) -> None:
    env = dict(os.environ, TOUCHDESK_BENCH_DATA=str(tmp_path / "data"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    results = tmp_path / "quick.json"
    done = _run(
        str(BENCHMARKS / "run.py"), "--quick", "--only", "duplicates", "--results", str(results),
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    (entry,) = json.loads(results.read_text(encoding="utf-8"))
    assert entry["name"].startswith("duplicates: find all pairs among 1,000 prospects")
    assert entry["samples"] == 1
    assert entry["value_min"] <= entry["value"] <= entry["value_max"]
    assert entry["baseline_min"] <= entry["baseline"] <= entry["baseline_max"] > 0
    assert "ok" in done.stdout.splitlines()[0]  # the table printed, judged by nothing
    assert (tmp_path / "data" / "prospects-1000.sqlite").is_file()  # built where told


def _entry(name: str, ratio: float, target: float | None) -> dict:
    return {"name": name, "value": ratio, "baseline": 1.0, "unit": "ms", "ratio": ratio,
            "target": target}  # fmt: skip


def test_check_fails_over_target_and_skips_unjudged_figures(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps([_entry("fine", 1.4, 1.5), _entry("shown", 9.0, None)]))
    assert _run(str(BENCHMARKS / "check.py"), str(results)).returncode == 0
    results.write_text(json.dumps([_entry("fine", 1.4, 1.5), _entry("slow", 2.1, 2.0)]))
    done = _run(str(BENCHMARKS / "check.py"), str(results))
    assert done.returncode == 1
    assert "slow: 2.10x the baseline, target 2.00x" in done.stdout
    assert "fine" not in done.stdout


def test_check_judges_growth_exponents(tmp_path: Path) -> None:
    scale = tmp_path / "scale.json"
    row = {"name": "board", "unit": "ms", "values": {"10000": 100, "100000": 1000}, "target": 1.05}
    scale.write_text(json.dumps([dict(row, exponent=1.0)]))
    assert _run(str(BENCHMARKS / "check.py"), str(scale)).returncode == 0
    scale.write_text(json.dumps([dict(row, exponent=1.22), dict(row, name="today", exponent=None)]))
    done = _run(str(BENCHMARKS / "check.py"), str(scale))
    assert done.returncode == 1
    assert "board: grows as N^1.22" in done.stdout
    assert "today" in done.stdout  # a figure missing at a size is not passed over


def test_growth_exponent_reads_linear_and_quadratic() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from run import growth_exponent
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert round(growth_exponent(100, 1000, 10_000, 100_000), 6) == 1.0
    assert round(growth_exponent(100, 10_000, 10_000, 100_000), 6) == 2.0


def test_a_database_built_by_newer_code_is_refused_not_rebuilt_older(tmp_path: Path) -> None:
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    newer = data / "prospects-1000.sqlite"
    connection = sqlite3.connect(newer)
    connection.executescript(
        "CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (9999);"
        "CREATE TABLE prospect (id INTEGER PRIMARY KEY);"
    )
    connection.commit()
    connection.close()
    before = newer.read_bytes()
    env = dict(os.environ, TOUCHDESK_BENCH_DATA=str(data))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = _run(str(BENCHMARKS / "generate.py"), "--prospects", "1000", env=env)
    assert done.returncode != 0
    assert "schema 9999, newer than this code's" in done.stderr
    assert newer.read_bytes() == before
