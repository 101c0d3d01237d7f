"""PySide's import hook is told about our modules, so it does not read their sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from touchdesk.ui.pyside_hook import _module_names

ROOT = Path(__file__).resolve().parents[2]

# Imports PySide, optionally tells its hook about our modules, then imports modules of ours
# and of the standard library loaded before; prints which sources the hook read.
IMPORT_AFTER_PYSIDE = """
import linecache, sys
from touchdesk.domain import wording  # loaded before PySide, imported again after
from touchdesk.ui.pyside_hook import spare_module_sources
import textwrap
import PySide6.QtCore
if sys.argv[1] == "spare":
    print("told", spare_module_sources())
from touchdesk.services import insights  # not loaded yet
from touchdesk.domain import wording
import textwrap
read = sorted(name for name in linecache.cache if "touchdesk" in name or "textwrap" in name)
print("read", len(read), *read)
"""


def _sources_read(mode: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_AFTER_PYSIDE, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("read"))
    return line.split()[2:]


def test_without_being_told_the_hook_reads_every_module_imported_after_pyside():
    read = _sources_read("plain")
    assert any(path.endswith("textwrap.py") for path in read), read  # loaded before PySide
    assert any(path.endswith("domain/lost_reasons.py") for path in read), read  # by insights


def test_told_it_reads_none_of_ours_nor_those_loaded_before():
    assert _sources_read("spare") == []


def test_every_module_of_the_package_is_named():
    names = set(_module_names(ROOT / "touchdesk", "touchdesk"))
    assert {"touchdesk", "touchdesk.app", "touchdesk.ui.today.page"} <= names
    assert "touchdesk.store.migrations" in names  # a subpackage, by its __init__
    assert not any("__pycache__" in name or name.endswith("__init__") for name in names)


def test_a_missing_folder_names_nothing(tmp_path):
    assert _module_names(tmp_path / "absent", "touchdesk") == []


@pytest.mark.parametrize("module", ["touchdesk.services.insights", "touchdesk.ui.board.page"])
def test_the_names_are_importable_modules(module):
    assert module in _module_names(ROOT / "touchdesk", "touchdesk")
