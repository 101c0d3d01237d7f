"""Insights figures on the large database, each against a bare baseline in the same process.

- page data: insights() through the services, vs the same eight aggregate statements run with
  plain sqlite3 and fetched as tuples (target 1.3);
- page reload to painted: InsightsPage.reload() and a grab of its charts, vs the bare SQL and a
  grab of an empty panel of the same size (target 1.5);
- a reminder check: the minute's due_between() and the digest counts, vs their bare SQL
  (target 1.5).

Each pair is sampled ABAB...; the bare SQL runs on a connection with the app's page cache.
The given database is never written: it is copied (with SQLite's backup API, so a WAL file
is included) into a temporary folder, and the copy is opened.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import copy_database, figure, interleaved, raw_connection, repeats_from  # noqa: E402

REPEATS = 5


def run(database: Path, repeats: int = REPEATS) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="touchdesk-bench-") as folder:
        return _measure(copy_database(database, Path(folder) / "insights.sqlite"), repeats)


def _measure(database: Path, repeats: int) -> list[dict]:
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QApplication, QWidget

    from touchdesk.services import due_steps, settings
    from touchdesk.services import insights as figures
    from touchdesk.store import db
    from touchdesk.store.opening import open_store
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.insights.page import InsightsPage

    app = QApplication.instance() or QApplication([])
    open_store(database, database.parent / "bench-backups")
    zone = ZoneInfo(settings.get("time_zone"))
    now = datetime.now(UTC).replace(microsecond=0)
    statements = [
        query.sql()
        for query in (
            figures.active_query(),
            figures.weekly_query(now, zone),
            figures.decisions_query(),
            figures.overdue_query(now),
            figures.without_next_step_query(),
            figures.stale_query(now, figures.STALE_DAYS),
            figures.channel_query(now),
            figures.mail_query(now, zone),
        )
    ]
    raw = raw_connection(database)

    def bare_figures() -> None:
        for sql, params in statements:
            raw.execute(sql, params).fetchall()

    def app_figures() -> None:
        figures.insights(now, zone)

    page = InsightsPage(ChangeBus())
    page.resize(1200, 900)
    page.show()
    app.processEvents()
    bare_panel = QWidget()
    bare_panel.resize(page.charts_panel.size())
    bare_panel.show()
    app.processEvents()

    def bare_page() -> None:
        bare_figures()
        bare_panel.grab()

    def app_page() -> None:
        page.reload()
        page.charts_panel.grab()

    start = now - timedelta(hours=8)  # a working day since launch
    check_sql = [
        due_steps.due_between_query(start, now + timedelta(minutes=5)).sql(),
        due_steps.due_counts_query(now, zone).sql(),
    ]

    def bare_check() -> None:
        for sql, params in check_sql:
            raw.execute(sql, params).fetchall()

    def app_check() -> None:
        due_steps.due_between(start, now + timedelta(minutes=5))
        due_steps.due_counts(now, zone)

    entries = [
        figure(name, *interleaved(app_action, bare_action, repeats), "ms", target)
        for name, app_action, bare_action, target in (
            ("insights: page data, 8 aggregates", app_figures, bare_figures, 1.3),
            ("insights: page reload to painted charts", app_page, bare_page, 1.5),
            ("reminders: one minute's check", app_check, bare_check, 1.5),
        )
    ]
    raw.close()
    page.close()
    bare_panel.close()
    db.close()
    return entries


if __name__ == "__main__":
    import json

    print(json.dumps(run(Path(sys.argv[1]), repeats_from(sys.argv, REPEATS)), indent=2))
