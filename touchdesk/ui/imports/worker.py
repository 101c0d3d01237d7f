"""The import's one transaction, run off the GUI thread and cancellable."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from touchdesk.services import imports
from touchdesk.services.imports import DuplicatePolicy, ImportPreview


class ImportWorker(QObject):
    """Runs the import's one transaction off the GUI thread; cancel() stops it at the next
    progress report and the service rolls everything back."""

    progressed = Signal(int)
    finished = Signal(object)  # ImportSummary, or the exception it raised

    def __init__(self, preview: ImportPreview, policy: DuplicatePolicy) -> None:
        super().__init__()
        self._preview = preview
        self._policy = policy
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True  # read by the worker thread; a bool store is atomic

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done)
        return not self._cancelled

    @Slot()
    def run(self) -> None:
        try:
            result: object = imports.run_import(self._preview, self._progress, self._policy)
        except Exception as error:  # noqa: BLE001 (shown to the seller, not lost in a thread)
            result = error
        finally:
            imports.release_thread_connection()
        self.finished.emit(result)
