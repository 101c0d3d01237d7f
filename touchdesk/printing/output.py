"""Where painted pages go: a PDF file here, a printer or preview in the GUI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from touchdesk.printing.table_pages import TablePages, paint_table


def pdf_writer(path: Path, page_size: QPageSize, landscape: bool = False) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(page_size)
    writer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setCreator("TouchDesk")
    return writer


def table_to_pdf(table: TablePages, path: Path, page_size: QPageSize | None = None) -> int:
    """Write the table as a landscape PDF; returns the page count."""
    size = page_size or QPageSize(QPageSize.PageSizeId.Letter)
    writer = pdf_writer(path, size, landscape=True)
    writer.setTitle(table.title)
    return paint_table(writer, table)


def custom_page(width_in: float, height_in: float, name: str) -> QPageSize:
    return QPageSize(QSizeF(width_in, height_in), QPageSize.Unit.Inch, name)


def paper(name: str) -> QPageSize:
    """ "letter" or "a4" as a page size."""
    letter = name == "letter"
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


def to_pdf(path: Path, title: str, paint: Callable[[QPdfWriter], int]) -> int:
    """Paint into a new PDF file (the painter sets its own page size); returns the page count.

    The file appears only once complete: a failed or cancelled print leaves nothing half-written.
    """
    partial = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(partial))
    writer.setResolution(300)
    writer.setCreator("TouchDesk")
    writer.setTitle(title)
    try:
        pages = paint(writer)
    except BaseException:
        del writer
        partial.unlink(missing_ok=True)
        raise
    del writer  # closes the file
    partial.replace(path)
    return pages
