"""Opening a prospect with 1,000 touches to its first paint, against a bare model of the
same rows in the same process (target 2.0)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEATS = 5
TOUCHES = 1000


def _median_ms(action) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _with_busy_prospect(database: Path, folder: Path) -> tuple[Path, int]:
    """A scratch copy of the large database where one prospect has 1,000 touches."""
    copy = folder / "prospect-bench.sqlite"
    source = sqlite3.connect(database)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    prospect_id = target.execute("SELECT min(id) FROM prospect").fetchone()[0]
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    rows = [
        (
            prospect_id,
            "call",
            "out",
            "no_answer",
            (start + timedelta(hours=7 * i)).strftime("%Y-%m-%d %H:%M:%S"),
            None,
            f"Try {i}",
            start.strftime("%Y-%m-%d %H:%M:%S"),
        )
        for i in range(TOUCHES)
    ]
    target.executemany(
        "INSERT INTO touch (prospect_id, channel, direction, outcome, occurred_at, attempt, note,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    target.commit()
    target.close()
    return copy, prospect_id


def run(database: Path) -> list[dict]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication, QTableView

    from touchdesk.services.timeline import recount
    from touchdesk.store import db
    from touchdesk.store.opening import open_store
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.prospect.page import ProspectPage

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="touchdesk-bench-"))
    try:
        copy, prospect_id = _with_busy_prospect(database, folder)
        open_store(copy, folder / "backups")
        recount(prospect_id)

        class BareModel(QAbstractTableModel):
            rows: list[tuple] = []

            def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
                return len(self.rows)

            def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
                return 3

            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                if role == Qt.ItemDataRole.DisplayRole:
                    return str(self.rows[index.row()][index.column()])
                return None

        raw = sqlite3.connect(copy)
        bare_model = BareModel()
        bare_view = QTableView()
        bare_view.setModel(bare_model)
        bare_view.resize(1100, 700)
        bare_view.show()

        def bare_open() -> None:
            bare_model.beginResetModel()
            bare_model.rows = raw.execute(
                "SELECT occurred_at, channel, note FROM touch WHERE prospect_id = ? "
                "ORDER BY occurred_at DESC",
                (prospect_id,),
            ).fetchall()
            bare_model.endResetModel()
            bare_view.grab()

        page = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
        page.resize(1100, 700)
        page.show()
        app.processEvents()

        def app_open() -> None:
            page.show_prospect(prospect_id)
            page.grab()

        bare_open()
        app_open()
        baseline = _median_ms(bare_open)
        value = _median_ms(app_open)
        raw.close()
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        {
            "name": f"prospect with {TOUCHES} touches: open to first paint",
            "value": round(value, 2),
            "baseline": round(baseline, 2),
            "unit": "ms",
            "ratio": round(value / baseline, 2),
            "target": 2.0,
        }
    ]


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1])), indent=2))
