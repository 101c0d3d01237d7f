"""Print preview and printer for any painted table, and its PDF saved by a worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

from touchdesk.printing.output import table_to_pdf
from touchdesk.printing.table_pages import TablePages, paint_table
from touchdesk.ui.background import Cancelled, run_with_progress


class TablePreview(QPrintPreviewDialog):
    """Qt's preview of the table, with Save as PDF beside its print button."""

    def __init__(self, table: TablePages, parent: QWidget | None = None) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(table.title)
        super().__init__(printer, parent)
        self.table = table
        self.printer_ref = printer  # the dialog does not own the printer
        self.setWindowTitle(f"Print — {table.title}")
        self.paintRequested.connect(lambda device: paint_table(device, table))
        self.save_pdf_action = QAction("Save as PDF…", self)
        self.save_pdf_action.triggered.connect(lambda: self.save_pdf())
        self.findChild(QToolBar).addAction(self.save_pdf_action)

    def save_pdf(self, path: str | None = None) -> Path | None:
        """Painted by a worker behind a progress dialog with Cancel, on the preview's paper; a
        cancelled or failed run leaves no file (and the file already there as it was)."""
        if not path:
            name = f"{self.table.title}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, "Save as PDF", str(Path.home() / name), "PDF files (*.pdf)"
            )
        if not path:
            return None
        target = Path(path)
        size = self.printer_ref.pageLayout().pageSize()
        table = self.table

        def write(report: Callable[[int, int], None]) -> int:
            return table_to_pdf(table, target, size, report)

        try:
            run_with_progress(self, f"Saving {table.title} as PDF…", write, cancellable=True)
        except Cancelled:
            return None
        except OSError as error:  # files.WriteFailed says which file, why, and what was kept
            QMessageBox.warning(self, "Not saved", str(error))
            return None
        return target


def preview_table(table: TablePages, parent: QWidget | None = None) -> TablePreview:
    """A ready preview dialog; the caller shows it (exec) or drives it in a test."""
    return TablePreview(table, parent)
