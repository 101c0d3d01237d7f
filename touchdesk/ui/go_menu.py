"""The Go menu: Ctrl+1…9 open the sidebar's pages in their order, from anywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


class GoMenu:
    """Owns the window's nine Ctrl+number actions and lists them, named, in the Go menu."""

    def __init__(
        self, window: QMainWindow, titles: Callable[[], list[str]], go_row: Callable[[int], None]
    ) -> None:
        self.menu: QMenu = window.menuBar().addMenu("&Go")
        self.titles = titles
        self.actions: list[QAction] = []
        for row in range(9):
            action = QAction(window)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: go_row(r))
            window.addAction(action)
            self.actions.append(action)
        self.menu.aboutToShow.connect(self._fill)

    def _fill(self) -> None:
        # The menu lists the window's own Ctrl+1…9 actions: a second action with the same
        # shortcut would make Qt call both ambiguous and run neither for the rest of the session.
        self.menu.clear()  # removes them from the menu only: the window owns them
        for action, title in zip(self.actions, self.titles(), strict=False):
            action.setText(title)
            self.menu.addAction(action)
