"""A writer killed at random moments loses no committed touch and leaves counters exact."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from touchdesk.domain.attempts import TouchFacts, attempts_after
from touchdesk.domain.vocabulary import Direction, Outcome

WRITER = Path(__file__).with_name("touch_writer.py")
ROUNDS = 15
SEED = 20260123
STARTUP_LIMIT_S = 30.0  # a writer that never says "ready" is killed and reported

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGKILL (an abrupt end with no clean-up) is POSIX only"
)


def run_and_kill(database: Path, backups: Path, delay: float) -> tuple[int, list[int]]:
    """Start the writer, let it write for `delay` seconds after it is ready, SIGKILL it.

    Returns its prospect id and the touch ids it reported as committed, in order.
    """
    # Errors go to a file, so the only pipe is stdout and it is read through one buffered
    # reader from start to end: communicate() would read the pipe underneath the reader and
    # lose the lines readline() had already pulled into its buffer.
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(database), str(backups)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        watchdog = threading.Timer(STARTUP_LIMIT_S, child.kill)
        watchdog.start()
        try:
            ready = child.stdout.readline()
        finally:
            watchdog.cancel()
        if not ready.startswith("ready "):
            child.kill()
            child.wait()
            child.stdout.close()
            errors.seek(0)
            pytest.fail(f"the writer did not start: {ready!r}\n{errors.read()}")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        # What it printed before dying is still in the pipe (and the reader's buffer).
        printed = child.stdout.read()
        child.stdout.close()
        child.wait(timeout=30)
        errors.seek(0)
        assert child.returncode == -signal.SIGKILL, f"the writer ended by itself:\n{errors.read()}"
    # A line without its newline was cut by the kill; it does not count as reported.
    lines = printed.split("\n")[:-1]
    return int(ready.split()[1]), [int(line) for line in lines]


def test_a_killed_writer_loses_no_committed_touch(tmp_path: Path):
    database, backups = tmp_path / "crash.sqlite", tmp_path / "backups"
    rng = random.Random(SEED)
    reported: list[int] = []
    prospects: set[int] = set()
    for _ in range(ROUNDS):
        prospect_id, ids = run_and_kill(database, backups, rng.uniform(0.02, 0.2))
        prospects.add(prospect_id)
        reported += ids
    assert len(prospects) == 1, "each round should reuse the same prospect"
    assert len(reported) >= ROUNDS, "the writer barely wrote; the kills proved nothing"
    assert len(set(reported)) == len(reported)

    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {row[0] for row in connection.execute("SELECT id FROM touch")}
        (prospect_id,) = prospects
        touch_count, attempts, last_touch_at = connection.execute(
            "SELECT touch_count, attempts, last_touch_at FROM prospect WHERE id = ?",
            (prospect_id,),
        ).fetchone()
        rows = connection.execute(
            "SELECT direction, outcome, occurred_at FROM touch WHERE prospect_id = ? "
            "AND deleted_at IS NULL ORDER BY occurred_at, id",
            (prospect_id,),
        ).fetchall()
    finally:
        connection.close()

    missing = sorted(set(reported) - stored)
    assert missing == [], f"reported as committed but gone after a kill: {missing[:10]}"
    # A kill may land between a commit and its print, at most once per round.
    assert len(stored) - len(reported) <= ROUNDS
    # The counters were written in the same transaction as the rows, so they agree exactly.
    assert touch_count == len(rows) == len(stored), (
        f"touch_count says {touch_count}; {len(rows)} touch rows are stored"
    )
    assert last_touch_at == rows[-1][2]
    running = 0
    for direction, outcome, _ in rows:
        running = attempts_after(running, TouchFacts(Direction(direction), Outcome(outcome)))
    assert attempts == running
