"""'Window shown' measured honestly: the first moment the event loop idles once the window
has painted and the work waiting for that paint (Today's rows, the counts) has run."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QObject
from PySide6.QtWidgets import QApplication

from touchdesk.ui.first_paint import AfterFirstPaint


class FirstIdleAfterPaint(QObject):
    """Calls `on_idle` once, when the dispatcher is about to block after `first_paint`'s work.

    The work waiting for the first paint runs from a zero timer, and Qt announces that it is
    about to block before it runs such a timer: idle just after the paint would be announced
    before Today had read a row. Armed once that work has run, the next announcement comes
    after the repaint it posted (posted events run before the loop may block).
    """

    def __init__(
        self, app: QApplication, first_paint: AfterFirstPaint, on_idle: Callable[[], None]
    ) -> None:
        super().__init__(app)
        self._on_idle = on_idle
        self._armed = False
        self._done = False
        QAbstractEventDispatcher.instance().aboutToBlock.connect(self._about_to_block)
        first_paint.add(self._arm)  # added last: runs after the launch's own work

    def _arm(self) -> None:
        self._armed = True

    def _about_to_block(self) -> None:
        if self._armed and not self._done:
            self._done = True
            self._on_idle()
