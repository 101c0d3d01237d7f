"""Address labels on Avery sheets or a measured grid, from label N of a part-used sheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPen

from touchdesk.domain.mail_layout import Box, LabelSheet, mm, place_labels
from touchdesk.printing.mail_text import MailPages, Progress, text_block
from touchdesk.services.mail_print import MailPiece


def sheet_page(sheet: LabelSheet) -> QPageLayout:
    size = QPageSize(
        QSizeF(sheet.page_width, sheet.page_height),
        QPageSize.Unit.Point,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,  # Letter or A4, recognised by their size
    )
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def paint_labels(
    device: QPagedPaintDevice,
    pieces: Sequence[MailPiece],
    sheet: LabelSheet,
    *,
    start: int = 1,
    outlines: bool = False,
    nudge_mm: tuple[float, float] = (0.0, 0.0),
    progress: Progress = None,
) -> int:
    """Address labels from label number `start`; outlines for a test print on plain paper."""
    placed = place_labels(sheet, len(pieces), start=start, nudge=(mm(nudge_mm[0]), mm(nudge_mm[1])))
    pages = MailPages(device, sheet_page(sheet))
    painter = pages.painter
    pad = mm(2)
    try:
        page = 0
        for label in placed:
            while label.page > page:
                pages.new_page()
                page += 1
            box = label.box
            if outlines:
                painter.setPen(QPen(Qt.GlobalColor.gray, 0.5, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(QRectF(box.x, box.y, box.width, box.height), 6, 6)
                painter.setPen(QPen(Qt.GlobalColor.black))
            inner = Box(box.x + pad, box.y + pad, box.width - 2 * pad, box.height - 2 * pad)
            # A 1-inch label holds six lines at 8 pt; a seventh (a long foreign address) needs
            # smaller type, and anything still too long is cut at the label's edge, never
            # printed onto the neighbour.
            painter.save()
            painter.setClipRect(QRectF(box.x, box.y, box.width, box.height))
            text_block(painter, inner, pieces[label.item].address, 10, smallest=6.5)
            painter.restore()
            if progress is not None and label.item % 30 == 29:
                if progress(label.item + 1, len(pieces)) is False:
                    break
    finally:
        pages.end()
    return pages.count if pieces else 0


def sample_pieces(count: int) -> list[MailPiece]:
    """Stand-in addresses for a calibration print: where would the text land?"""
    lines = ("Test Label {n}", "123 Calibration Street", "Springfield, IL 62701")
    return [
        MailPiece(0, "", "", "", "", "", "", "", tuple(line.format(n=n + 1) for line in lines))
        for n in range(count)
    ]
