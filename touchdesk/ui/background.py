"""Long work off the GUI thread: the window paints and answers while it runs.

A task is a plain function of one argument, `report(done, total)`, returning its result. It
runs in a QThread; its result, its error or its progress reach the GUI thread as signals. The
database is opened by the worker's own thread (peewee keeps one connection per thread) and
closed when the task ends. Once Cancel is pressed, the task's next `report` raises Cancelled:
the task stops there and its own cleanup (files written beside, transactions) undoes the rest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QWidget

from touchdesk.services.workspace import close_thread_connection

log = logging.getLogger(__name__)

Task = Callable[[Callable[[int, int], None]], Any]


class Cancelled(Exception):
    """The user pressed Cancel; raised inside the task by `report`, and again to the caller."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class _Worker(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.stop = threading.Event()  # set by the GUI thread, read by this one

    def report(self, done: int, total: int) -> None:
        if self.stop.is_set():
            raise Cancelled
        self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._task(self.report)
        except Cancelled as cancelled:
            self.failed.emit(cancelled)
        except Exception as error:  # handed to the GUI thread, which says what went wrong
            log.exception("background task failed")
            self.failed.emit(error)
        else:
            self.finished.emit(result)
        finally:
            close_thread_connection()
            # The thread ends by itself: waiting for it (on closing) never needs the GUI's
            # event loop to deliver a quit first.
            QThread.currentThread().quit()


class Background(QObject):
    """One task in its own thread; `done` or `failed` fire on the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, task: Task, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread(self)
        self.worker = _Worker(task)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self.worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self) -> Background:
        self.thread.start()
        return self

    def cancel(self) -> None:
        """Ask the task to stop at its next report; `failed` then fires with Cancelled."""
        self.worker.stop.set()

    def running(self) -> bool:
        return self.thread.isRunning()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """For closing the window and for tests: wait for the thread to end."""
        return self.thread.wait(milliseconds)

    def _finished(self, result: Any) -> None:
        self.result = result
        self.thread.quit()
        self.thread.wait()
        self.done.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.thread.quit()
        self.thread.wait()
        self.failed.emit(error)


def run_with_progress(
    parent: QWidget | None, title: str, task: Task, *, cancellable: bool = False
) -> Any:
    """Run `task` in the background behind a progress dialog; the window keeps painting.
    Returns its result, or raises its error (Cancelled if the user cancelled) on the GUI thread.
    """
    from touchdesk.ui.progress_dialog import ProgressDialog  # built on first use

    dialog = ProgressDialog(title, cancellable, parent)
    job = Background(task, dialog)

    def show(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def stop() -> None:
        job.cancel()
        dialog.setLabelText("Stopping…")

    dialog.canceled.connect(stop)
    job.progress.connect(show)
    job.done.connect(lambda _: dialog.done(0))
    job.failed.connect(lambda _: dialog.done(1))
    job.start()
    dialog.exec()  # the result arrives as a queued signal, so it is never missed
    job.wait()
    dialog.deleteLater()
    if job.error is not None:
        raise job.error
    return job.result
