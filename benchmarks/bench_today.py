"""The Today page, reload to painted, against the same statements run raw (captured from the
page's own connection) and a bare mirror of its widgets painting the raw rows, sampled
ABAB... in the same process. Shown, not judged: the scaling table follows it.

python bench_today.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import (  # noqa: E402
    capture_statements,
    copy_database,
    figure,
    interleaved,
    raw_connection,
    repeats_from,
    replay,
)

REPEATS = 5


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        return _measure(copy_database(database, Path(folder) / "today.sqlite"), repeats)


def _measure(database: Path, repeats: int) -> list[dict]:
    from bare_pages import BarePage
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from touchdesk.store import db
    from touchdesk.store.opening import open_store
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.today.page import TodayPage

    app = QApplication.instance() or QApplication([])
    open_store(database, database.parent / "bench-backups")
    page = TodayPage(ChangeBus(), QUndoStack(), autoload=False)
    page.resize(1100, 700)
    page.show()
    app.processEvents()

    def app_load() -> None:
        page.reload()
        page.grab()

    app_load()  # settings read once, as a running app has them
    statements = capture_statements(db.database.connection(), app_load)
    bare = BarePage(page)
    bare.show()
    app.processEvents()
    raw = raw_connection(database)

    def bare_load() -> None:
        bare.show_results(replay(raw, statements))

    values, baselines = interleaved(app_load, bare_load, repeats)
    raw.close()
    page.close()
    bare.close()
    db.close()
    return [figure("today: page reload to painted", values, baselines, "ms", None)]


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
