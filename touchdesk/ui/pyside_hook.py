"""PySide's import hook reads the source of each module imported after it: not ours again."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# PySide's verdicts: 0 "uses PySide, no feature selected", -1 "leave this module alone".
USES_PYSIDE, IGNORED = 0, -1


def spare_module_sources(package: str = "touchdesk") -> int:
    """Tell PySide's `__feature__` hook the verdict on the modules loaded so far and on every
    module of `package`, so it does not read their sources; returns how many it was told.

    After PySide loads, every import statement passes a module to that hook, which reads the
    module's whole source (through linecache) to see whether it names PySide6, once per
    module name: some 180 files at a launch, a tenth of its Python time. The verdict only
    matters to modules that select a feature (`from __feature__ import snake_case`), and
    none here does. A PySide without that table is left as it is."""
    feature = sys.modules.get("PySide6.support.feature")
    verdicts = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(verdicts, dict):
        return 0
    before = len(verdicts)
    for name in list(sys.modules):
        verdicts.setdefault(name, USES_PYSIDE if name.startswith(package) else IGNORED)
    root = sys.modules.get(package)
    for folder in getattr(root, "__path__", []):
        for name in _module_names(Path(folder), package):
            verdicts.setdefault(name, USES_PYSIDE)
    return len(verdicts) - before


def _module_names(folder: Path, prefix: str) -> list[str]:
    """The dotted names of the package's modules and subpackages, read from its folders
    (a frozen build has none: its modules keep PySide's own check, which finds no source)."""
    names = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names
    for entry in entries:
        if entry.name.endswith(".py") and entry.is_file():
            stem = entry.name[:-3]
            names.append(prefix if stem == "__init__" else f"{prefix}.{stem}")
        elif entry.is_dir() and not entry.name.startswith(("_", ".")):
            names.extend(_module_names(Path(entry.path), f"{prefix}.{entry.name}"))
    return names
