"""Driving modal dialogs from a test the way a person would: wait for them, then act."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(qtbot, act: Callable[[QWidget], None], kind: type | None = None) -> None:
    """Run `act` on the next modal dialog once it is open (exec() blocks the test).

    With `kind`, wait for a dialog of that class: the one on screen may still be closing.
    """

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if (
            dialog is None
            or (kind is not None and not isinstance(dialog, kind))
            or not dialog.isVisible()
        ):
            QTimer.singleShot(20, attempt)
            return
        act(dialog)

    QTimer.singleShot(0, attempt)
