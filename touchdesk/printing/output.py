"""Where painted pages go: a PDF file here, a printer or preview in the GUI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from touchdesk import files
from touchdesk.printing.pdf_text import readable_text
from touchdesk.printing.table_pages import TablePages, paint_table


def _setup(writer: QPdfWriter, page_size: QPageSize, landscape: bool = False) -> QPdfWriter:
    writer.setResolution(300)
    writer.setPageSize(page_size)
    writer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setCreator("TouchDesk")
    return writer


def table_to_pdf(
    table: TablePages,
    path: Path,
    page_size: QPageSize | None = None,
    progress: Callable[[int, int], bool | None] | None = None,
) -> int:
    """Write the table as a landscape PDF; returns the page count. `progress(rows, total)`
    follows each page (a worker's progress raises there to cancel)."""
    size = page_size or QPageSize(QPageSize.PageSizeId.Letter)

    def paint(writer: QPdfWriter) -> int:
        _setup(writer, size, landscape=True)
        return paint_table(writer, table, progress)

    return to_pdf(path, table.title, paint)


def custom_page(width_in: float, height_in: float, name: str) -> QPageSize:
    return QPageSize(QSizeF(width_in, height_in), QPageSize.Unit.Inch, name)


def paper(name: str) -> QPageSize:
    """ "letter" or "a4" as a page size."""
    letter = name == "letter"
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


def to_pdf(path: Path, title: str, paint: Callable[[QPdfWriter], int]) -> int:
    """Paint into a new PDF file (the painter sets its own page size); returns the page count.

    The pages are painted in memory and the file written beside the target and renamed
    (files.write_bytes): Qt's writer does not report a failed write, so a full disk used to
    leave a truncated PDF over the good one. Raises files.WriteFailed, the old file kept.
    """
    path = Path(path)
    files.check_writable(path)  # before the painting, which can take a while
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setCreator("TouchDesk")
    writer.setTitle(title)
    pages = paint(writer)  # the painters end their QPainter, which finishes the document
    del writer
    data = bytes(buffer.data().data())
    buffer.close()
    if not data.rstrip().endswith(b"%%EOF"):
        raise files.WriteFailed(path, "the PDF could not be finished")
    files.write_bytes(path, readable_text(data))
    return pages
