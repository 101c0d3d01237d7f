"""The layers hold: the non-GUI packages never load Qt, and the GUI never reaches the store."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import touchdesk

PACKAGE_ROOT = Path(touchdesk.__file__).resolve().parent
QT_FREE = ("touchdesk.domain", "touchdesk.store", "touchdesk.services", "touchdesk.formats")
# What the GUI must not import: the store, or the ORM and database driver under it.
GUI_FORBIDDEN = ("peewee", "touchdesk.store", "sqlite3")

# Runs in a fresh interpreter: pytest-qt (or another test) has long imported PySide6 here.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
imported, failed = [], {}
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        try:
            importlib.import_module(info.name)
            imported.append(info.name)
        except Exception as error:
            failed[info.name] = repr(error)
qt = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))
print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
"""


def test_domain_store_services_and_formats_import_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *QT_FREE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["failed"] == {}
    # The walk found the modules on disk, not just the package names it was given.
    on_disk = {
        ".".join(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
        for package in QT_FREE
        for path in (PACKAGE_ROOT.parent / package.replace(".", "/")).rglob("*.py")
        if path.name != "__init__.py"
    }
    assert on_disk <= set(report["imported"])
    assert report["qt"] == [], f"a Qt-free layer imported {report['qt']}"


def imported_modules(path: Path, root: Path = PACKAGE_ROOT.parent) -> set[str]:
    """Every module an import statement in the file names, relative imports resolved
    (`root` is the folder that holds the touchdesk package)."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            names.add(source)
            # `from touchdesk import store` imports touchdesk.store.
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def forbidden_in_gui() -> dict[str, list[str]]:
    found = {}
    for path in sorted((PACKAGE_ROOT / "ui").rglob("*.py")):
        bad = sorted(
            name
            for name in imported_modules(path)
            if any(name == root or name.startswith(root + ".") for root in GUI_FORBIDDEN)
        )
        if bad:
            found[str(path.relative_to(PACKAGE_ROOT.parent))] = bad
    return found


def test_the_gui_never_imports_the_store_or_the_orm():
    assert list((PACKAGE_ROOT / "ui").rglob("*.py")), "no GUI modules found to check"
    assert forbidden_in_gui() == {}, "the GUI talks to services, never to the store or SQL"


def test_the_import_scan_sees_absolute_relative_and_from_imports(tmp_path: Path):
    """The scan above is only as good as its reading of these forms."""
    sample = tmp_path / "touchdesk" / "ui" / "board" / "example.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "import peewee\n"
        "from touchdesk import store\n"
        "from ...store.db import database\n"
        "from .. import events\n"
        "from . import view\n"
        "import sqlite3 as lite\n"
    )
    names = imported_modules(sample, tmp_path)
    assert {
        "peewee",
        "touchdesk.store",
        "touchdesk.store.db",
        "touchdesk.ui.events",
        "touchdesk.ui.board.view",
        "sqlite3",
    } <= names


# Each layer and what no module in it may import, even inside a function body.
LAYER_RULES: dict[str, tuple[str, ...]] = {
    "domain": ("peewee", "sqlite3", "touchdesk.store", "touchdesk.services", "PySide6"),
    "store": ("PySide6", "touchdesk.services", "touchdesk.ui"),
    "services": ("PySide6", "touchdesk.ui"),
    "formats": ("PySide6", "touchdesk.ui"),
    "printing": ("PySide6.QtWidgets", "touchdesk.ui"),
}


def layer_breaks(root: Path) -> dict[str, list[str]]:
    """'touchdesk/domain/x.py' -> the forbidden modules it imports (`root` holds touchdesk/)."""
    found = {}
    for layer, forbidden in LAYER_RULES.items():
        for path in sorted((root / "touchdesk" / layer).rglob("*.py")):
            bad = sorted(
                name
                for name in imported_modules(path, root)
                if any(name == rule or name.startswith(rule + ".") for rule in forbidden)
            )
            if bad:
                found[path.relative_to(root).as_posix()] = bad
    return found


def test_every_layer_keeps_to_its_imports():
    assert layer_breaks(PACKAGE_ROOT.parent) == {}


@pytest.mark.parametrize(
    ("layer", "source", "caught"),
    [
        ("domain", "import peewee\n", "peewee"),
        ("domain", "from touchdesk.services import settings\n", "touchdesk.services.settings"),
        ("domain", "from ..services.plans import advance\n", "touchdesk.services.plans"),
        ("services", "def later():\n    from PySide6.QtCore import QTimer\n", "PySide6.QtCore"),
        ("formats", "def f():\n    import PySide6\n", "PySide6"),
        ("store", "from PySide6 import QtGui\n", "PySide6"),
        ("domain", "def f():\n    from PySide6.QtGui import QColor\n", "PySide6.QtGui"),
        ("printing", "from PySide6.QtWidgets import QWidget\n", "PySide6.QtWidgets"),
        ("printing", "from PySide6 import QtWidgets\n", "PySide6.QtWidgets"),
    ],
)
def test_a_planted_break_is_caught(tmp_path: Path, layer: str, source: str, caught: str):
    planted = tmp_path / "touchdesk" / layer / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text(source)
    assert caught in layer_breaks(tmp_path)[f"touchdesk/{layer}/planted.py"]


def test_printing_may_paint_with_qtgui(tmp_path: Path):
    allowed = tmp_path / "touchdesk" / "printing" / "ok.py"
    allowed.parent.mkdir(parents=True)
    allowed.write_text("from PySide6.QtGui import QPainter\nfrom PySide6 import QtPrintSupport\n")
    assert layer_breaks(tmp_path) == {}
