"""Opening a prospect with 1,000 touches to its first paint, against the same statements run raw
(captured from the page's own connection) and a bare mirror of the page's widgets painting
the raw rows, sampled ABAB... in the same process (target 2.0).

python bench_prospect.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import capture_statements, figure, interleaved, raw_connection, repeats_from, replay  # noqa: E402

REPEATS = 5
TOUCHES = 1000


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


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    from bare_pages import BarePage
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

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

        page = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
        page.resize(1100, 700)
        page.show()
        app.processEvents()

        def app_open() -> None:
            page.show_prospect(prospect_id)
            page.grab()

        app_open()  # settings read once, as a running app has them
        statements = capture_statements(db.database.connection(), app_open)
        bare = BarePage(page)
        bare.show()
        app.processEvents()
        raw = raw_connection(copy)

        def bare_open() -> None:
            bare.show_results(replay(raw, statements))

        values, baselines = interleaved(app_open, bare_open, repeats)
        raw.close()
        page.close()
        bare.close()
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        figure(
            f"prospect with {TOUCHES:,} touches: open to first paint",
            values,
            baselines,
            "ms",
            2.0,
        )
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
