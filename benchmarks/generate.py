"""Build the benchmark databases once (1k, 10k and 100k sample prospects) and reuse them after.

python benchmarks/generate.py [--prospects N] [--rebuild]   prints the database's path

The sample data command writes through the store's bulk inserts (executemany in one
transaction): 100,000 prospects and about two million touches take about two minutes on a
shared 2-core machine (measured 1 min 57 s, 44 s of CPU), so no separate generator is needed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Git-ignored; TOUCHDESK_BENCH_DATA moves it (the harness test builds its own small one).
DATA = Path(os.environ.get("TOUCHDESK_BENCH_DATA") or ROOT / "benchmarks" / "data")
PROSPECTS = 10_000  # the "large" database every ratio is measured on
QUICK_PROSPECTS = 1_000  # the quick pass in CI
SCALE_PROSPECTS = (1_000, 10_000, 100_000)
SEED = 1


def path_for(prospects: int) -> Path:
    return DATA / ("large.sqlite" if prospects == PROSPECTS else f"prospects-{prospects}.sqlite")


LARGE = path_for(PROSPECTS)


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for a benchmark child: its settings, logs and caches go under `home`,
    never into the user's own folders, and Qt draws offscreen unless told otherwise."""
    env = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app starts from cached bytecode; a shell that forbids writing it would
    # charge every launch for compiling the whole app. The cache lives under `home` too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def describe(path: Path) -> tuple[int, int] | None:
    """(schema version, prospect count) of a finished database file, None if unreadable."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (version,) = connection.execute("SELECT max(version) FROM schema_version").fetchone()
            (count,) = connection.execute("SELECT count(*) FROM prospect").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return int(version or 0), int(count)


def _latest_version() -> int:
    from touchdesk.store.migrations import LATEST_VERSION

    return LATEST_VERSION


def is_complete(path: Path, prospects: int = PROSPECTS) -> bool:
    """At today's schema (an older one would be migrated, and copied, on every launch)
    and with every prospect the generator writes."""
    return describe(path) == (_latest_version(), prospects)


def build(target: Path, prospects: int = PROSPECTS) -> None:
    """Fill a new file through the CLI, then move it into place whole, so an interrupted
    build never leaves a half-filled database under the real name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="building-", dir=target.parent) as folder:
        part = Path(folder) / target.name
        command = [sys.executable, "-m", "touchdesk.cli", "--db", str(part), "demo"]
        command += ["--prospects", str(prospects), "--seed", str(SEED)]
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=isolated_env(Path(folder) / "home"),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the sample data command failed:\n{done.stdout}{done.stderr}")
        if not is_complete(part, prospects):
            raise RuntimeError(f"the generated database is not as expected: {describe(part)}")
        for leftover in (".sqlite-wal", ".sqlite-shm"):
            target.with_suffix(leftover).unlink(missing_ok=True)
        os.replace(part, target)
    # Backups and the like made beside the old file belong to data that is gone.
    shutil.rmtree(target.parent / f"{target.stem}-backups", ignore_errors=True)


def ensure_database(prospects: int = PROSPECTS, rebuild: bool = False) -> Path:
    """The database of that size, built only when missing, unfinished or at an older schema."""
    path = path_for(prospects)
    found = describe(path)
    if found is not None and found[0] > _latest_version() and not rebuild:
        # Built by a newer checkout sharing the folder: rebuilding it at this older schema
        # would make that checkout rebuild it again, and a run there read it mid-swap.
        raise SystemExit(
            f"{path} is at schema {found[0]}, newer than this code's {_latest_version()}: "
            "set TOUCHDESK_BENCH_DATA to a folder of this checkout's own, or pass --rebuild."
        )
    if rebuild or not is_complete(path, prospects):
        print(f"Building the {prospects:,}-prospect database...", file=sys.stderr)
        started = time.perf_counter()
        build(path, prospects)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def ensure_large_database(rebuild: bool = False) -> Path:
    return ensure_database(PROSPECTS, rebuild)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build it again even if complete")
    parser.add_argument("--prospects", type=int, default=PROSPECTS, metavar="N")
    args = parser.parse_args(argv)
    print(ensure_database(args.prospects, args.rebuild))
    return 0


if __name__ == "__main__":
    sys.exit(main())
