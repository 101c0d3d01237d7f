"""Baseline for startup and memory: a bare QMainWindow, reported at its first idle after paint.

It touches what any Qt app touches: the `Qt` namespace (its first use costs 30-odd ms in any
real app) and one table view, as its central widget; nothing else.

Prints one JSON line {"idle_at": time.time(), "maxrss_kb": ru_maxrss} and exits 0: the same
contract as `main.py --quit-when-idle`, so run.py measures both the same way.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, Qt  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402

# The size TouchDesk's window opens at without saved geometry: the same area to paint.
WINDOW_SIZE = (1100, 720)


class FirstIdleAfterPaint(QObject):
    """Calls `on_idle` once, when the event loop is about to block after the window painted.

    QTimer.singleShot(0) would fire before the first paint on Qt 6 and flatter the figure.
    """

    def __init__(self, window: QMainWindow, on_idle) -> None:
        super().__init__(window)
        self._on_idle = on_idle
        self._painted = False
        self._done = False
        window.installEventFilter(self)
        QAbstractEventDispatcher.instance().aboutToBlock.connect(self._about_to_block)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self._painted = True
        return False

    def _about_to_block(self) -> None:
        if self._painted and not self._done:
            self._done = True
            self._on_idle()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(*WINDOW_SIZE)
    model = QStandardItemModel(3, 3, window)
    model.setHeaderData(0, Qt.Orientation.Horizontal, "Name", Qt.ItemDataRole.DisplayRole)
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    window.setCentralWidget(table)

    def report() -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"idle_at": time.time(), "maxrss_kb": peak}), flush=True)
        app.quit()

    window._probe = FirstIdleAfterPaint(window, report)  # kept alive with the window
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
