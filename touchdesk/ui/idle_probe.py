"""'Window shown' measured honestly: the first moment the event loop idles once the window
has painted, the work waiting for that paint (Today's rows, the counts) has run, and the
repaint that work asked for is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from touchdesk.ui.first_paint import AfterFirstPaint

# Posted after everything else that is waiting: events of one priority come in order.
_LAST = -(2**31)


class FirstIdleAfterPaint(QObject):
    """Calls `on_idle` once, when the dispatcher is about to block after `first_paint`'s work
    and the repaint it posted.

    The work waiting for the first paint runs from a zero timer, and Qt announces that it is
    about to block before it runs such a timer: idle just after the paint would be announced
    before Today had read a row. Qt also announces it before delivering the events already
    posted, among them the repaint of the rows that work filled in (posted at low priority).
    So once that work has run, a marker is posted behind everything waiting; it arms the
    probe when it arrives, and the next announcement is the idle moment.
    """

    def __init__(
        self, app: QApplication, first_paint: AfterFirstPaint, on_idle: Callable[[], None]
    ) -> None:
        super().__init__(app)
        self._on_idle = on_idle
        self._armed = False
        self._done = False
        QAbstractEventDispatcher.instance().aboutToBlock.connect(self._about_to_block)
        first_paint.add(self._arm_after_posted)  # added last: runs after the launch's own work

    def _arm_after_posted(self) -> None:
        QCoreApplication.postEvent(self, QEvent(QEvent.Type.User), _LAST)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.User:
            self._armed = True
            return True
        return super().event(event)

    def _about_to_block(self) -> None:
        if self._armed and not self._done:
            self._done = True
            self._on_idle()
