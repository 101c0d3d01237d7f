"""A menu action in one call, and the status-bar callback that feature actions report through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


class Tell(Protocol):
    """Show a one-line message in the window's status bar for a while."""

    def __call__(self, message: str, timeout_ms: int = 8000) -> None: ...


def menu_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | str | None = None,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action
