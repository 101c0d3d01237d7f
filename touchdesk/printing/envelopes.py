"""Envelopes: the return address top left, the delivery address where the post reads it."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize

from touchdesk.domain.mail_layout import ENVELOPES, Envelope, mm
from touchdesk.printing.mail_text import MailPages, Progress, fitting_size, text_block
from touchdesk.services.mail_print import MailBatch

_STANDARD = {
    "us10": QPageSize.PageSizeId.Comm10E,
    "us9": QPageSize.PageSizeId.Envelope9,
    "dl": QPageSize.PageSizeId.DLE,
    "c5": QPageSize.PageSizeId.C5E,
    "c6": QPageSize.PageSizeId.EnvelopeC6,
}


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
    pages = MailPages(device, envelope_page(envelope))
    painter = pages.painter
    total = len(batch.pieces)
    return_box, delivery_box = (
        envelope.return_box.moved(dx, dy),
        envelope.delivery_box.moved(dx, dy),
    )
    # The return address is the same on every envelope (one for home, one for abroad): each
    # fitted once, at the size of the longer so that both look alike.
    dpi = device.logicalDpiY()
    return_size = min(
        fitting_size(lines, return_box, 9, dpi)
        for lines in (batch.return_address, batch.return_address_abroad)
    )
    try:
        for index, piece in enumerate(batch.pieces):
            if index:
                pages.new_page()
            sender = batch.return_for(piece)
            if sender:
                text_block(painter, return_box, sender, return_size, fitted=True)
            text_block(painter, delivery_box, piece.address, 11)
            if progress is not None and index % 25 == 24 and progress(index + 1, total) is False:
                return pages.count
        if progress is not None:
            progress(total, total)
    finally:
        pages.end()
    return pages.count if total else 0
