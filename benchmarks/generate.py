"""Build the large benchmark database once (10,000 sample prospects) and reuse it after.

python benchmarks/generate.py [--rebuild]   prints the database's path
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"  # git-ignored
LARGE = DATA / "large.sqlite"
PROSPECTS = 10_000
SEED = 1


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


def is_complete(path: Path) -> bool:
    """At today's schema (an older one would be migrated, and copied, on every launch)
    and with every prospect the generator writes."""
    from touchdesk.store.migrations import LATEST_VERSION

    return describe(path) == (LATEST_VERSION, PROSPECTS)


def build(target: Path) -> None:
    """Fill a new file through the CLI, then move it into place whole, so an interrupted
    build never leaves a half-filled database under the real name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="building-", dir=target.parent) as folder:
        part = Path(folder) / target.name
        command = [sys.executable, "-m", "touchdesk.cli", "--db", str(part), "demo"]
        command += ["--prospects", str(PROSPECTS), "--seed", str(SEED)]
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=isolated_env(Path(folder) / "home"),
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the sample data command failed:\n{done.stdout}{done.stderr}")
        if not is_complete(part):
            raise RuntimeError(f"the generated database is not as expected: {describe(part)}")
        for leftover in (".sqlite-wal", ".sqlite-shm"):
            target.with_suffix(leftover).unlink(missing_ok=True)
        os.replace(part, target)
    # Backups and the like made beside the old file belong to data that is gone.
    shutil.rmtree(target.parent / f"{target.stem}-backups", ignore_errors=True)


def ensure_large_database(rebuild: bool = False) -> Path:
    """The large database, built only when missing, unfinished or at an older schema."""
    if rebuild or not is_complete(LARGE):
        print(f"Building the large database ({PROSPECTS:,} prospects)...", file=sys.stderr)
        build(LARGE)
    return LARGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build it again even if complete")
    args = parser.parse_args(argv)
    print(ensure_large_database(args.rebuild))
    return 0


if __name__ == "__main__":
    sys.exit(main())
