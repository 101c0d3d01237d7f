"""Another program on the same database file, as a real child process, for the tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLDER = Path(__file__).with_name("lock_holder.py")


@contextmanager
def other_program_writing(
    database: Path, seconds: float, mode: str = "write", idle: float = 0.0
) -> Iterator[None]:
    """Run the body while another process holds the write lock (for `seconds` at most), then
    keeps its connection open, idle, for `idle` seconds."""
    child = subprocess.Popen(
        [sys.executable, str(HOLDER), str(database), mode, str(seconds), str(idle)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        if line != "holding\n":
            child.kill()
            raise AssertionError(f"the other program did not start: {line!r} {child.stderr.read()}")
        yield
    finally:
        try:
            child.wait(timeout=seconds + idle + 30)
        finally:
            child.kill()
            child.stdout.close()
            child.stderr.close()
