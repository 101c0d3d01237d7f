"""Work that waits until a window has painted once: the seller sees the window sooner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Runs the callbacks given to `add`, in order, just after `window`'s first paint.

    A zero timer queued by the paint event runs once that paint is on screen; queued
    before it (at show()), it would run first on Qt 6 and hold the paint back.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._waiting: list[Callable[[], None]] | None = []
        window.installEventFilter(self)

    @property
    def done(self) -> bool:
        return self._waiting is None

    def add(self, callback: Callable[[], None]) -> None:
        """`callback` after the first paint; at once if the window has painted already."""
        if self._waiting is None:
            callback()
        else:
            self._waiting.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self._waiting is not None:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        waiting, self._waiting = self._waiting or [], None
        for callback in waiting:
            callback()
