"""The mail desk on paper: the note list, envelopes and label sheets.

Each painter draws onto any paged device, so the print preview, a printer and a PDF file all
get the same pages. Geometry is in points (see domain.mail_layout); the painter is scaled once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from touchdesk.domain.mail_layout import ENVELOPES, Box, Envelope, LabelSheet, mm, place_labels
from touchdesk.services.mail_print import MailBatch, MailPiece

Progress = Callable[[int, int], bool] | None  # (done, total) -> False to stop

FAMILY = "DejaVu Sans"  # Latin and accents; Qt falls back to an installed CJK font for 山田
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)

_STANDARD = {
    "us10": QPageSize.PageSizeId.Comm10E,
    "us9": QPageSize.PageSizeId.Envelope9,
    "dl": QPageSize.PageSizeId.DLE,
    "c5": QPageSize.PageSizeId.C5E,
    "c6": QPageSize.PageSizeId.EnvelopeC6,
}


def font(size: float, device: QPagedPaintDevice, bold: bool = False) -> QFont:
    """A font of `size` points on paper, for a painter scaled to points (see _Pages).

    Qt sizes a font for the device and then applies the painter's scale too, so the font is
    asked for at size / scale to come out at size.
    """
    return _font(size, device.logicalDpiY(), bold)


@lru_cache(maxsize=64)
def _font(size: float, dpi: int, bold: bool) -> QFont:
    result = QFont(FAMILY)
    result.setPointSizeF(size * 72.0 / dpi)
    result.setBold(bold)
    return result


@lru_cache(maxsize=64)
def _metrics(size: float, dpi: int) -> QFontMetricsF:
    """Metrics at the device's resolution (any device of that dpi measures alike)."""
    image = QImage(1, 1, QImage.Format.Format_Mono)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return QFontMetricsF(_font(size, dpi, False), image)


def envelope_page(envelope: Envelope) -> QPageLayout:
    """The envelope's paper, fed landscape, printed edge to edge (no margins, no scaling)."""
    if envelope.key in _STANDARD:
        size = QPageSize(_STANDARD[envelope.key])
    else:
        size = QPageSize(
            QSizeF(envelope.height, envelope.width),
            QPageSize.Unit.Point,
            envelope.key.upper(),
            QPageSize.SizeMatchPolicy.ExactMatch,
        )
    return QPageLayout(size, QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))


def sheet_page(sheet: LabelSheet) -> QPageLayout:
    size = QPageSize(
        QSizeF(sheet.page_width, sheet.page_height),
        QPageSize.Unit.Point,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,  # Letter or A4, recognised by their size
    )
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


class _Pages:
    """A painter on the device in points, from the paper's top-left corner."""

    def __init__(self, device: QPagedPaintDevice, layout: QPageLayout) -> None:
        self.device = device
        device.setPageLayout(layout)
        self.painter = QPainter(device)
        scale = device.logicalDpiX() / 72.0
        self.painter.scale(scale, scale)
        # Paint from the paper's corner even where the device keeps a printable-area margin.
        margins = layout.marginsPoints()
        self.painter.translate(-margins.left(), -margins.top())
        self.count = 1

    def new_page(self) -> None:
        self.device.newPage()
        self.count += 1

    def end(self) -> None:
        self.painter.end()


_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _fitting_size(
    lines: Sequence[str], box: Box, size: float, dpi: int, smallest: float = 8
) -> float:
    """The largest size from `size` down to `smallest` at which the lines fit the box."""
    # Scripts drawn from a fallback font (CJK) have taller lines than the main font says:
    # those are measured as laid out; plain Latin text takes the quick per-line check.
    laid_out = any(ord(char) > 0x2000 for line in lines for char in line)
    text = "\n".join(lines)
    while size > smallest:
        metrics = _metrics(size, dpi)
        if laid_out:
            bounds = metrics.boundingRect(QRectF(0, 0, box.width, 1e6), _TOP_LEFT, text)
            fits = bounds.height() <= box.height and bounds.width() <= box.width
        else:
            fits = len(lines) * metrics.lineSpacing() <= box.height and all(
                metrics.horizontalAdvance(line) <= box.width for line in lines
            )
        if fits:
            break
        size -= 0.5
    return size


def _text_block(
    painter: QPainter,
    box: Box,
    lines: Sequence[str],
    size: float,
    fitted: bool = False,
    smallest: float = 8,
) -> None:
    """Left-aligned lines, shrunk until they fit the box (unless `fitted` says they do)."""
    dpi = painter.device().logicalDpiY()
    if not fitted:
        size = _fitting_size(lines, box, size, dpi, smallest)
    painter.setFont(_font(size, dpi, False))
    painter.drawText(QRectF(box.x, box.y, box.width, box.height), _TOP_LEFT, "\n".join(lines))


# -- envelopes ------------------------------------------------------------------------------


def paint_envelopes(
    device: QPagedPaintDevice,
    batch: MailBatch,
    envelope_key: str,
    nudge_mm: tuple[float, float] = (0.0, 0.0),
    progress: Progress = None,
) -> int:
    """One envelope per piece; returns the number of pages painted."""
    envelope = ENVELOPES[envelope_key]
    dx, dy = mm(nudge_mm[0]), mm(nudge_mm[1])
    pages = _Pages(device, envelope_page(envelope))
    painter = pages.painter
    total = len(batch.pieces)
    return_box, delivery_box = (
        envelope.return_box.moved(dx, dy),
        envelope.delivery_box.moved(dx, dy),
    )
    # The return address is the same on every envelope: fitted once.
    return_size = _fitting_size(batch.return_address, return_box, 9, device.logicalDpiY())
    try:
        for index, piece in enumerate(batch.pieces):
            if index:
                pages.new_page()
            if batch.return_address:
                _text_block(painter, return_box, batch.return_address, return_size, fitted=True)
            _text_block(painter, delivery_box, piece.address, 11)
            if progress is not None and index % 25 == 24 and progress(index + 1, total) is False:
                return pages.count
        if progress is not None:
            progress(total, total)
    finally:
        pages.end()
    return pages.count if total else 0


# -- label sheets ---------------------------------------------------------------------------


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
    pages = _Pages(device, sheet_page(sheet))
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
            _text_block(painter, inner, pieces[label.item].address, 10, smallest=6.5)
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


# -- the note list --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    piece: MailPiece
    height: float


def paint_note_list(
    device: QPagedPaintDevice,
    batch: MailBatch,
    today: date,
    progress: Progress = None,
) -> int:
    """What to write to whom: name, salutation, message, occasion and a tick box per piece."""
    a4_or_letter = device.pageLayout().pageSize()
    layout = QPageLayout(a4_or_letter, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    pages = _Pages(device, layout)
    painter = pages.painter
    paper = a4_or_letter.size(QPageSize.Unit.Point)
    margin = mm(15)
    width = paper.width() - 2 * margin
    body, bold, small = font(10, device), font(10.5, device, True), font(8.5, device)
    heading = font(15, device, True)
    line = QFontMetricsF(body, device).lineSpacing()
    header_h, footer_h = 3 * line, 2 * line
    usable = paper.height() - 2 * margin - header_h - footer_h
    tick = 11.0
    text_width = width - tick - 8

    def message_height(piece: MailPiece) -> float:
        painter.setFont(body)
        rect = painter.boundingRect(QRectF(0, 0, text_width, 10_000), _WRAP, piece.message or " ")
        return rect.height()

    def block_height(piece: MailPiece) -> float:
        return _message_top(piece, line) + message_height(piece) + 1.7 * line

    blocks = [_Block(p, block_height(p)) for p in batch.pieces]
    page_blocks: list[list[_Block]] = [[]]
    used = 0.0
    for block in blocks:
        if page_blocks[-1] and used + block.height > usable:
            page_blocks.append([])
            used = 0.0
        page_blocks[-1].append(block)
        used += block.height
    total_pages = len(page_blocks)
    done = 0
    try:
        for number, chunk in enumerate(page_blocks, start=1):
            if number > 1:
                pages.new_page()
            painter.setFont(heading)
            painter.drawText(QRectF(margin, margin, width, header_h), "Notes to write")
            painter.setFont(small)
            painter.drawText(
                QRectF(margin, margin, width, header_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"{today:%A %d %B %Y} · {len(batch.pieces)} to write",
            )
            top = margin + header_h
            for block in chunk:
                _paint_note(painter, block.piece, margin, top, width, tick, line, body, bold, small)
                top += block.height
                painter.setPen(QPen(Qt.GlobalColor.lightGray, 0.5))
                painter.drawLine(
                    int(margin), int(top - 0.5 * line), int(margin + width), int(top - 0.5 * line)
                )
                painter.setPen(QPen(Qt.GlobalColor.black))
            painter.setFont(small)
            bottom = QRectF(margin, paper.height() - margin - footer_h, width, footer_h)
            painter.drawText(
                bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), "TouchDesk"
            )
            painter.drawText(
                bottom,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                f"Page {number} of {total_pages}",
            )
            done += len(chunk)
            if progress is not None and progress(done, len(blocks)) is False:
                break
    finally:
        pages.end()
    return pages.count


def _paint_note(painter, piece, left, top, width, tick, line, body, bold, small) -> None:
    painter.setPen(QPen(Qt.GlobalColor.black, 0.8))
    painter.drawRect(QRectF(left, top + 1, tick, tick))
    x = left + tick + 8
    text_width = width - tick - 8
    painter.setFont(bold)
    painter.drawText(QRectF(x, top, text_width * 0.6, line * 1.2), piece.name)
    painter.setFont(small)
    facts = " · ".join(
        part for part in (piece.kind, piece.occasion, piece.due and f"by {piece.due}") if part
    )
    painter.drawText(
        QRectF(x + text_width * 0.4, top, text_width * 0.6, line * 1.2),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        facts,
    )
    painter.setFont(body)
    if piece.salutation:
        painter.drawText(QRectF(x, top + 1.3 * line, text_width, line), piece.salutation)
    message_top = top + _message_top(piece, line)
    painter.drawText(QRectF(x, message_top, text_width, 10_000), _WRAP, piece.message)


def _message_top(piece: MailPiece, line: float) -> float:
    return (2.5 if piece.salutation else 1.3) * line
