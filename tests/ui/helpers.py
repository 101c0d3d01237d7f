"""Driving modal dialogs from a test the way a person would: wait for them, then act."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
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


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type as a person would: keys for ASCII, an input method's commit for the rest
    (QTest cannot synthesise key presses for characters such as ü or 山)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(widget, commit)
