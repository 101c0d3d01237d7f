"""A real launch in a process of its own, as a double-click starts one: offscreen, with its
settings, data and state in the test's folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def launch(args: list[str], home: Path, **environment: str) -> subprocess.CompletedProcess:
    """`python ARGS` from the repository, its XDG folders under `home`."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            **environment,
        },
    )
