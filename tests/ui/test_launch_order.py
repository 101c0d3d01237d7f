"""A launch paints the window first: Today's rows, the daily backup, the outside-changes
watch and the reminders follow the first paint."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon

from tests.factories import prospect
from tests.ui.launching import launch
from touchdesk.paths import app_paths
from touchdesk.services import due_steps
from touchdesk.services import today as today_service
from touchdesk.services.workspace import close_workspace, open_workspace
from touchdesk.ui.session import Session
from touchdesk.ui.today.page import TodayPage


@pytest.fixture
def session(qtbot):
    started = Session(QIcon())
    yield started
    if started.window is not None:
        started.window.close()
        started.window.deleteLater()
    started.stop()


def test_the_window_paints_before_todays_rows_the_backup_and_the_watches(
    qtbot, session, tmp_path: Path, monkeypatch
):
    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    prospect("Ann", "Lee", due=datetime.now(UTC) - timedelta(hours=1))
    close_workspace()
    loads: list[str] = []
    original = TodayPage.reload

    def reload(page) -> None:
        loads.append("today")
        original(page)

    monkeypatch.setattr(TodayPage, "reload", reload)
    assert session.start(app_paths(path)) is None
    # Nothing but the frame before the first paint: the seller sees the window sooner.
    assert loads == [] and session.backup is None and session.outside is None
    assert session.reminders is None
    qtbot.waitUntil(lambda: loads == ["today"], timeout=5000)
    assert session.window.today.calls_model.rowCount() == 1
    assert session.backup is not None and session.outside is not None
    assert session.reminders is not None


def test_todays_counts_read_after_the_first_paint_leave_the_window_as_wide_as_it_opened(
    qtbot, session, tmp_path: Path
):
    """A window restored at its narrowest (a small screen) keeps that width: the titles'
    counts arriving after the first paint do not widen it (which painted it all again)."""
    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    prospect("Ann", "Lee", due=datetime.now(UTC) - timedelta(hours=1))
    prospect("Bo", "Ng")  # no next step: the second title has a count too
    close_workspace()
    assert session.start(app_paths(path)) is None
    window = session.window
    narrowest = window.minimumSizeHint().width()
    window.resize(narrowest, window.height())
    qtbot.waitUntil(lambda: window.today.calls_model.rowCount() == 1, timeout=5000)
    assert window.today.calls_title.text() == "Calling list · 1 due"
    assert window.today.missing_title.text() == "No next step · 1 prospect needs one"
    qtbot.wait(20)  # the layouts settle, as they do between two paints
    assert window.minimumSizeHint().width() == narrowest
    assert window.width() == narrowest


# main.py --quit-when-idle, telling when Today read its rows and the sidebar its counts.
IDLE_LAUNCH = """
import sys
from touchdesk import app
from touchdesk.ui.fitted_table import FittedTable
from touchdesk.ui.sidebar import Sidebar
from touchdesk.ui.today.page import TodayPage

def telling(name, original):
    def run(*args):
        original(*args)
        print(name, flush=True)
    return run

TodayPage.reload = telling("today", TodayPage.reload)
Sidebar.read_counts = telling("counts", Sidebar.read_counts)
painting = FittedTable.paintEvent

def paint(table, event):
    painting(table, event)
    if table.objectName() == "calls" and table.model().rowCount():
        print("rows-painted", flush=True)

FittedTable.paintEvent = paint
sys.exit(app.main(["--db", sys.argv[1], "--quit-when-idle"]))
"""


def test_the_idle_window_the_benchmark_times_has_todays_rows_and_the_counts(tmp_path: Path):
    """The start-up figure ends at the first idle moment: by then the calls and the counts
    are on screen, not still waiting behind the first paint, and the rows are painted (Qt
    announces it is about to block before it delivers the repaint they posted)."""
    path = tmp_path / "desk.sqlite"
    open_workspace(app_paths(path), daily_backup=False)
    prospect("Ann", "Lee", due=datetime.now(UTC) - timedelta(hours=1))
    close_workspace()
    done = launch(["-c", IDLE_LAUNCH, str(path)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    told = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    idle = next(i for i, line in enumerate(told) if line.startswith("{"))
    assert "today" in told[:idle] and "counts" in told[:idle], told
    assert "rows-painted" in told[:idle], told


def _calls_due(path: Path, count: int) -> None:
    open_workspace(app_paths(path), daily_backup=False)
    for n in range(count):
        prospect(f"Ann{n}", "Lee", due=datetime.now(UTC) - timedelta(hours=n + 1))
    close_workspace()


def test_todays_first_rows_and_the_counts_are_read_on_a_worker_while_the_window_builds(
    qtbot, session, tmp_path: Path, monkeypatch
):
    path = tmp_path / "desk.sqlite"
    _calls_due(path, 3)
    readers: list[str] = []

    def telling(original):
        def read(*args):
            readers.append(threading.current_thread().name)
            return original(*args)

        return read

    # The calls' rows, then the first page of the prospects without a next step.
    monkeypatch.setattr(today_service, "_calls", telling(today_service._calls))
    monkeypatch.setattr(today_service, "_first_rows", telling(today_service._first_rows))
    counters: list[str] = []
    count_due = due_steps._DUE_COUNTS.run

    def due_counted(*args):
        counters.append(threading.current_thread().name)
        return count_due(*args)

    monkeypatch.setattr(due_steps._DUE_COUNTS, "run", due_counted)
    assert session.start(app_paths(path)) is None
    qtbot.waitUntil(lambda: session.reminders is not None, timeout=5000)
    assert session.window.sidebar.count_of("Today") == 3
    assert session.window.today.calls_model.rowCount() == 3
    assert readers == ["first_screen", "first_screen"]
    assert counters == ["first_screen"]  # the reminders' digest
    assert session.window.statusBar().currentMessage() == "Overdue: 3 · Due today: 0"


def test_a_write_before_the_first_paint_is_on_todays_list_and_in_the_count(
    qtbot, session, tmp_path: Path
):
    path = tmp_path / "desk.sqlite"
    _calls_due(path, 2)
    assert session.start(app_paths(path)) is None
    # Committed while the worker's read of the first screen may already be done.
    prospect("Bo", "Berg", due=datetime.now(UTC) - timedelta(minutes=5))
    qtbot.waitUntil(lambda: session.window.sidebar.count_of("Today") is not None, timeout=5000)
    assert session.window.sidebar.count_of("Today") == 3
    names = [row.name for row in session.window.today.calls_model.rows_loaded()]
    assert "Bo Berg" in names and len(names) == 3
