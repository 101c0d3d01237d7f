"""ImportWizard: file -> detected layout -> column mapping -> review -> import -> summary."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget, QWizard

from touchdesk.formats.csv_import import Field
from touchdesk.services.changes import Change
from touchdesk.services.imports import (
    DuplicatePolicy,
    ImportPreview,
    ImportProblem,
    ImportSummary,
)
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.imports.pages import FilePage, MappingPage, ReviewPage, SummaryPage
from touchdesk.ui.imports.reading import previewed
from touchdesk.ui.imports.worker import ImportWorker


class ImportWizard(QWizard):
    FILE, MAPPING, REVIEW, SUMMARY = range(4)
    import_started = Signal(object)  # the QProgressDialog, just before the work begins

    def __init__(self, bus: ChangeBus | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import contacts")
        self._bus = bus
        self.preview: ImportPreview | None = None
        self.summary: ImportSummary | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.review_page = ReviewPage(self)
        self.summary_page = SummaryPage(self)
        self.setPage(self.FILE, self.file_page)
        self.setPage(self.MAPPING, self.mapping_page)
        self.setPage(self.REVIEW, self.review_page)
        self.setPage(self.SUMMARY, self.summary_page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(820, 560)

    def nextId(self) -> int:  # noqa: N802
        current = self.currentId()
        if current == self.FILE:
            # Every CSV's columns are shown, a known layout's too: the seller may disagree.
            csv = self.preview is not None and self.preview.format == "csv"
            return self.MAPPING if csv else self.REVIEW
        if current == self.MAPPING:
            return self.REVIEW
        if current == self.REVIEW:
            return self.SUMMARY
        return -1

    def reread(self, encoding: str, mapping: dict[str, Field] | None = None) -> bool:
        """Read the file again with another encoding, keeping the seller's column choices
        (by position: the headers' letters may change); False (and a message) when that
        encoding cannot read the file."""
        old = self.preview
        assert old is not None
        chosen = mapping if mapping is not None else old.mapping
        try:
            preview = previewed(self, old.path, "csv", None, encoding)
            if len(preview.headers) == len(old.headers):
                keep = {
                    new: chosen.get(before, Field.IGNORE)
                    for new, before in zip(preview.headers, old.headers, strict=True)
                }
                preview = previewed(self, old.path, "csv", keep, encoding)
        except ImportProblem as problem:
            QMessageBox.warning(self, "Import contacts", str(problem))
            return False
        self.preview = preview
        return True

    def publish(self, change: Change) -> None:
        if self._bus is not None and change:
            self._bus.publish(change)

    def run_import(self, policy: DuplicatePolicy) -> ImportSummary | None:
        """The import with a cancellable progress dialog; None when it failed."""
        assert self.preview is not None
        dialog = QProgressDialog("Importing contacts…", "Cancel", 0, len(self.preview.rows), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        thread = QThread(self)
        worker = ImportWorker(self.preview, policy)
        worker.moveToThread(thread)
        results: list[object] = []
        loop = QEventLoop()
        # Queued to the GUI thread: widgets are only touched there.
        worker.progressed.connect(dialog.setValue)
        # Direct: the list is filled in the worker thread, before loop.quit is queued.
        worker.finished.connect(results.append, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(loop.quit)
        # Direct as well: the worker thread is busy in the import and runs no event loop.
        dialog.canceled.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        thread.started.connect(worker.run)
        self.worker = worker
        self.import_started.emit(dialog)
        thread.start()
        if not results:
            loop.exec()
        thread.quit()
        thread.wait()
        dialog.reset()
        result = results[0]
        if isinstance(result, Exception):
            QMessageBox.warning(self, "Import failed", f"Nothing was imported.\n\n{result}")
            return None
        assert isinstance(result, ImportSummary)
        if result.cancelled:
            QMessageBox.information(self, "Import cancelled", "Nothing was imported.")
            return result
        self.summary = result
        self.publish(result.change)
        return result
