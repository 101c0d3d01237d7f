"""'Window shown' measured honestly: the first moment the event loop idles after a paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication


class FirstIdleAfterPaint(QObject):
    """Calls `on_idle` once, when the dispatcher is about to block after a paint event.

    QTimer.singleShot(0) fires before the first paint on Qt 6, so it would flatter us.
    """

    def __init__(self, app: QApplication, on_idle: Callable[[], None]) -> None:
        super().__init__(app)
        self._on_idle = on_idle
        self._painted = False
        self._done = False
        app.installEventFilter(self)
        dispatcher = QAbstractEventDispatcher.instance()
        dispatcher.aboutToBlock.connect(self._about_to_block)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self._painted = True
        return False

    def _about_to_block(self) -> None:
        if self._painted and not self._done:
            self._done = True
            QApplication.instance().removeEventFilter(self)
            self._on_idle()
