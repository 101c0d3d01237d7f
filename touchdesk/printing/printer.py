"""Painted pages straight to a system printer, on the paper and orientation the layout sets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from touchdesk.printing.table_pages import TablePages, paint_table


class UnknownPrinter(LookupError):
    """No printer of that name is set up on this computer."""

    def __init__(self, name: str, known: list[str]) -> None:
        here = f"the printers here: {', '.join(known)}" if known else "no printers are set up here"
        super().__init__(f"no printer named {name!r}; {here}")
        self.name = name
        self.known = known


class PrinterRefused(Exception):
    """The print system did not take the job."""


def printer_names() -> list[str]:
    """The printers the print system offers (CUPS on Linux and macOS), sorted."""
    return sorted(QPrinterInfo.availablePrinterNames())


def check_printer(name: str) -> None:
    known = printer_names()
    if name not in known:
        raise UnknownPrinter(name, known)


def system_printer(name: str, title: str, *, full_page: bool) -> QPrinter:
    """A printer at its own resolution; `full_page` paints from the paper's edge, as envelopes
    and label sheets are placed (margins of zero are kept, not widened to the printer's)."""
    check_printer(name)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(name)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setFullPage(full_page)
    printer.setDocName(title)
    printer.setCreator("TouchDesk")
    return printer


def to_printer(name: str, title: str, paint: Callable[[QPagedPaintDevice], int]) -> int:
    """Paint onto printer `name` (the painter sets its own page size and orientation, full page,
    unscaled); returns the page count. The job is handed to the print system as painting ends."""
    printer = system_printer(name, title, full_page=True)
    pages = paint(printer)
    _check_sent(printer, name)
    return pages


def table_to_printer(table: TablePages, name: str, page_size: QPageSize | None = None) -> int:
    """The table in landscape on printer `name` (Letter unless told); returns the page count."""
    printer = system_printer(name, table.title, full_page=False)
    printer.setPageSize(page_size or QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    pages = paint_table(printer, table)
    _check_sent(printer, name)
    return pages


def _check_sent(printer: QPrinter, name: str) -> None:
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterRefused(f"the printer {name!r} did not take the job")
