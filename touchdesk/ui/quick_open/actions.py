"""Edit → Open a prospect… (Ctrl+K), from any page of the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from touchdesk.ui.menu_actions import menu_action

SHORTCUT = QKeySequence("Ctrl+K")


class QuickOpenActions(QObject):
    def __init__(self, parent: QWidget, open_prospect: Callable[[int], None]) -> None:
        super().__init__(parent)
        self.parent_window = parent
        self.open_prospect = open_prospect
        self.action = menu_action(parent, "&Open a prospect…", self.quick_open, SHORTCUT)
        self.dialog: QDialog | None = None  # the one open, for tests and to raise it again
        # A line edit takes Ctrl+K for itself (delete to the end of the line): within this
        # window the shortcut wins, so it works from the board's filter box too. The widget
        # with the focus is watched, not the whole application (a Python call per event).
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._watch)

    def _watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.window() is self.parent_window:
            new.removeEventFilter(self)  # installed once, however often focused
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()) == SHORTCUT
        ):
            return True  # not accepted by the widget: the window's shortcut runs
        return False

    def quick_open(self) -> None:
        from touchdesk.services.lookup import quick_open_index
        from touchdesk.ui.quick_open.dialog import QuickOpenDialog

        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = QuickOpenDialog(quick_open_index(), self.parent_window)
        self.dialog = dialog
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None
            dialog.deleteLater()
        if accepted and dialog.chosen_id is not None:
            self.open_prospect(dialog.chosen_id)
