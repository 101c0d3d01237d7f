"""The GUI stays in small modules: feature folders own their commands, no UI module piles up."""

from __future__ import annotations

import ast
from pathlib import Path

import touchdesk

UI_ROOT = Path(touchdesk.__file__).resolve().parent / "ui"
MOST_LINES = 400


def test_no_ui_module_is_over_400_lines():
    long = {
        str(path.relative_to(UI_ROOT)): lines
        for path in sorted(UI_ROOT.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}, "split these by job"


def test_the_main_window_opens_no_feature_dialog_itself():
    """Dialogs belong to the feature folders' actions; the window composes pages and menus."""
    tree = ast.parse((UI_ROOT / "main_window.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    dialogs = sorted(name for name in imported if name.endswith(("dialog", "wizard", "quick_add")))
    assert dialogs == []
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert not names & {"QMessageBox", "QFileDialog"}
