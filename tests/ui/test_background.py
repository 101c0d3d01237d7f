"""Long work runs off the GUI thread: the window keeps turning its event loop meanwhile."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QProgressDialog, QPushButton

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.paths import app_paths
from touchdesk.services import maintenance
from touchdesk.services.workspace import close_workspace, open_workspace
from touchdesk.store.models import Prospect
from touchdesk.ui.background import Cancelled, run_with_progress
from touchdesk.ui.session import Session


def test_the_event_loop_turns_while_a_task_runs_and_its_result_comes_back(qtbot):
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    threads: list[int] = []

    def slow(report):
        # Works until the window's timer has ticked four times: on the GUI thread it never
        # would, and the task would give up after 10 s.
        threads.append(threading.get_ident())
        deadline = time.monotonic() + 10
        while len(ticks) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
            report(len(ticks), 4)
        return "done"

    assert run_with_progress(None, "Working…", slow) == "done"
    timer.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(ticks) >= 4, "the window froze while the task ran"


def test_a_failed_task_raises_its_error_on_the_gui_thread(qtbot):
    def broken(report):
        raise ValueError("the disk is full")

    with pytest.raises(ValueError, match="the disk is full"):
        run_with_progress(None, "Working…", broken)


def _counting(reports: list[int]):
    def task(report):
        for step in range(10_000):
            time.sleep(0.002)
            report(step + 1, 10_000)
            reports.append(step + 1)
        return "finished"

    return task


def test_cancel_stops_the_task_at_its_next_report_and_raises_cancelled(qtbot):
    reports: list[int] = []

    def cancel(dialog: QProgressDialog) -> None:
        qtbot.waitUntil(lambda: dialog.value() >= 5)
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    when_modal(qtbot, cancel, QProgressDialog)
    with pytest.raises(Cancelled):
        run_with_progress(None, "Working…", _counting(reports), cancellable=True)
    assert 5 <= len(reports) < 10_000


def test_a_task_that_cannot_be_cancelled_keeps_its_dialog_up_through_esc(qtbot):
    seen: list[bool] = []

    def press_esc(dialog: QProgressDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        seen.append(dialog.isVisible())

    when_modal(qtbot, press_esc, QProgressDialog)

    def slow(report):
        for step in range(20):
            time.sleep(0.05)
            report(step + 1, 20)
        return "done"

    assert run_with_progress(None, "Working…", slow) == "done"
    assert seen == [True]


def test_the_launch_backup_is_taken_by_a_worker_after_the_window_shows(qtbot, db_path: Path):
    paths = app_paths(db_path)
    open_workspace(paths, daily_backup=False)
    prospect("Ada")
    close_workspace()
    session = Session(QIcon())
    try:
        assert session.start(paths) is None
        assert session.window.isVisible()
        qtbot.waitUntil(lambda: session.backup is not None, timeout=5_000)  # after the paint
        qtbot.waitUntil(lambda: not session.backup.running(), timeout=20_000)
        qtbot.waitUntil(lambda: session.backup.result is not None, timeout=5_000)
        taken = session.backup.result.taken
        assert taken is not None and taken.parent == paths.backups
        assert [b.kind for b in maintenance.list_backups(paths)] == ["Daily"]
        assert Prospect.select().count() == 1  # the window's own connection still works
    finally:
        session.window.close()
        session.stop()


def test_a_task_can_be_waited_for_without_the_event_loop(qtbot):
    from touchdesk.ui.background import Background

    job = Background(lambda report: time.sleep(0.05) or "ok").start()
    assert job.wait(5_000), "closing the window would hang, then abort on a live thread"
    assert not job.running()
