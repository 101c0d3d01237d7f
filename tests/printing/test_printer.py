"""Printing paints with QtGui and sends to printers with QtPrintSupport, never QtWidgets."""

from __future__ import annotations

from tests.test_layers import PACKAGE_ROOT, imported_modules


def test_printing_never_imports_qtwidgets():
    modules = sorted((PACKAGE_ROOT / "printing").rglob("*.py"))
    assert any(path.name == "printer.py" for path in modules), "the printer module was not found"
    widgets = {
        str(path.relative_to(PACKAGE_ROOT.parent)): sorted(
            name for name in imported_modules(path) if name.startswith("PySide6.QtWidgets")
        )
        for path in modules
    }
    assert {path: names for path, names in widgets.items() if names} == {}
