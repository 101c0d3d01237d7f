"""Paint a titled table across pages, with a header, a footer and 'page N of M'."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPagedPaintDevice, QPageLayout, QPainter, QPen


@dataclass(frozen=True)
class Column:
    title: str
    weight: float  # share of the page width


@dataclass(frozen=True)
class TablePages:
    title: str
    subtitle: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]  # each row: one cell text per column; may hold newlines
    footer: str = "TouchDesk"


POINT_SIZE = 9.0
LINES_PER_ROW = 2


def paint_table(
    device: QPagedPaintDevice, table: TablePages, progress: Callable[[int, int], bool] | None = None
) -> int:
    """Paint onto any paged device (PDF writer, printer); returns the number of pages.

    `progress(done, total)` may return False to stop early (the print preview's cancel).
    """
    device.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    painter = QPainter(device)
    try:
        return _paint(painter, device, table, progress)
    finally:
        painter.end()


def _paint(
    painter: QPainter,
    device: QPagedPaintDevice,
    table: TablePages,
    progress: Callable[[int, int], bool] | None,
) -> int:
    dpi = device.logicalDpiY()
    points = dpi / 72.0
    body = QFont("DejaVu Sans")
    body.setPointSizeF(POINT_SIZE)
    bold = QFont(body)
    bold.setBold(True)
    heading = QFont(body)
    heading.setPointSizeF(14)
    heading.setBold(True)
    painter.setFont(body)
    line = QFontMetricsF(body, device).lineSpacing()
    width = float(device.width())
    height = float(device.height())
    header_h = QFontMetricsF(heading, device).lineSpacing() + 2 * line
    footer_h = 1.5 * line
    row_h = LINES_PER_ROW * line + 0.6 * line
    per_page = max(int((height - header_h - footer_h - line) // row_h), 1)
    total_rows = len(table.rows)
    pages = max((total_rows + per_page - 1) // per_page, 1)
    total_weight = sum(column.weight for column in table.columns) or 1.0
    widths = [width * column.weight / total_weight for column in table.columns]
    pad = 3 * points

    for page in range(pages):
        if page:
            device.newPage()
        painter.setFont(heading)
        painter.drawText(QRectF(0, 0, width, header_h), Qt.AlignmentFlag.AlignLeft, table.title)
        painter.setFont(body)
        painter.drawText(
            QRectF(0, 0, width, header_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            table.subtitle,
        )
        top = header_h - line
        painter.setFont(bold)
        x = 0.0
        for column, column_width in zip(table.columns, widths, strict=True):
            painter.drawText(
                QRectF(x + pad, top, column_width - 2 * pad, line),
                Qt.AlignmentFlag.AlignLeft,
                column.title,
            )
            x += column_width
        painter.setPen(QPen(Qt.GlobalColor.black, 0.8 * points))
        painter.drawLine(0, int(top + line), int(width), int(top + line))
        painter.setFont(body)
        top += line + 0.3 * line
        chunk = table.rows[page * per_page : (page + 1) * per_page]
        for row in chunk:
            x = 0.0
            for cell, column_width in zip(row, widths, strict=True):
                painter.drawText(
                    QRectF(x + pad, top, column_width - 2 * pad, row_h),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    | int(Qt.TextFlag.TextWordWrap),
                    cell,
                )
                x += column_width
            painter.setPen(QPen(Qt.GlobalColor.lightGray, 0.4 * points))
            painter.drawLine(
                0, int(top + row_h - 0.2 * line), int(width), int(top + row_h - 0.2 * line)
            )
            painter.setPen(QPen(Qt.GlobalColor.black))
            top += row_h
        painter.drawText(
            QRectF(0, height - footer_h, width, footer_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            table.footer,
        )
        painter.drawText(
            QRectF(0, height - footer_h, width, footer_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            f"Page {page + 1} of {pages}",
        )
        if (
            progress is not None
            and progress(min((page + 1) * per_page, total_rows), total_rows) is False
        ):
            return page + 1
    return pages
