"""Board figures on the large database, each against a bare baseline in the same process.

- board: database to painted screen, vs the same aggregate query in raw sqlite3 plus a bare
  QTableView painting as many rows (target 1.5);
- a filter keystroke to repaint, vs a bare Python filter, model reset and repaint (target 1.5).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEATS = 5


def _median_ms(action) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(database: Path) -> list[dict]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication, QTableView

    from touchdesk.services.board import card_query
    from touchdesk.store import db
    from touchdesk.store.opening import open_store
    from touchdesk.ui.board.page import BoardPage
    from touchdesk.ui.events import ChangeBus

    app = QApplication.instance() or QApplication([])
    open_store(database, database.parent / "bench-backups")
    sql, params = card_query().sql()

    class BareModel(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple] = []

        def set_rows(self, rows: list[tuple]) -> None:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return len(self.rows)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
            return 7

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][1])
            return None

    bare_model = BareModel()
    bare_view = QTableView()
    bare_view.setModel(bare_model)
    bare_view.resize(1400, 800)
    bare_view.show()
    raw = sqlite3.connect(database)

    def bare_board() -> None:
        rows = raw.execute(sql, params).fetchall()
        # As many rows as the tallest column, like the board's table.
        bare_model.set_rows(rows[: max(len(rows) // 5, 1)])
        bare_view.grab()

    page = BoardPage(ChangeBus(), QUndoStack())
    page.resize(1400, 800)
    page.show()
    app.processEvents()

    def app_board() -> None:
        page.reload()
        page.view.grab()

    names = [str(row[1]) + " " + str(row[3]) for row in raw.execute(sql, params)]

    def bare_filter() -> None:
        kept = [(i, n) for i, n in enumerate(names) if "an" in n.casefold()]
        bare_model.set_rows(kept[: max(len(kept) // 5, 1)])
        bare_view.grab()

    def app_filter() -> None:
        page.apply_filter("an")
        page.view.grab()

    entries = []
    for name, app_action, bare_action, target in (
        ("board: database to painted screen", app_board, bare_board, 1.5),
        ("board: filter keystroke to repaint", app_filter, bare_filter, 1.5),
    ):
        bare_action()  # warm both paths once
        app_action()
        baseline = _median_ms(bare_action)
        value = _median_ms(app_action)
        entries.append(
            {
                "name": name,
                "value": round(value, 2),
                "baseline": round(baseline, 2),
                "unit": "ms",
                "ratio": round(value / baseline, 2),
                "target": target,
            }
        )
    raw.close()
    db.close()
    return entries


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1])), indent=2))
