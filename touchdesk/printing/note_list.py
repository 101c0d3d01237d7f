"""The note list: what to write to whom, with a tick box per piece, headers and page numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPagedPaintDevice, QPageLayout, QPageSize, QPen

from touchdesk.domain.date_text import dates
from touchdesk.domain.mail_layout import mm
from touchdesk.printing.mail_text import MailPages, Progress, font
from touchdesk.services.mail_print import MailBatch, MailPiece

_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)


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
    pages = MailPages(device, layout)
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
                f"{dates().full_date(today)} · {len(batch.pieces)} to write",
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
