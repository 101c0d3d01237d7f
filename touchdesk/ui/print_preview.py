"""Print preview and printer for any painted table; the same painter feeds the PDF file."""

from __future__ import annotations

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from touchdesk.printing.table_pages import TablePages, paint_table


def preview_table(table: TablePages, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A ready preview dialog; the caller shows it (exec) or drives it in a test."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setDocName(table.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {table.title}")
    dialog.paintRequested.connect(lambda device: paint_table(device, table))
    dialog.printer_ref = printer  # the dialog does not own the printer
    return dialog
