"""Envelopes: the return address top left, the delivery address where the post reads it."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize

from touchdesk.domain.mail_layout import ENVELOPES, Envelope, mm
from touchdesk.printing.mail_text import MailPages, Progress, fitting_size, text_block
from touchdesk.services.mail_print import DEFAULT_ENVELOPE_KEY, MailBatch, by_envelope

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
    envelope_key: str | None,
    nudge_mm: tuple[float, float] = (0.0, 0.0),
    progress: Progress = None,
) -> int:
    """One envelope per piece; returns the number of pages painted. `envelope_key` None
    prints each piece on the envelope it was queued for, the pieces of one size together."""
    if envelope_key is None and batch.pieces:
        groups = [(ENVELOPES[key], group) for key, group in by_envelope(batch.pieces)]
    else:
        groups = [(ENVELOPES[envelope_key or DEFAULT_ENVELOPE_KEY], list(batch.pieces))]
    total = len(batch.pieces)
    dx, dy = mm(nudge_mm[0]), mm(nudge_mm[1])
    pages = MailPages(device, envelope_page(groups[0][0]))
    painter = pages.painter
    # The return address is the same on every envelope (one for home, one for abroad): each
    # fitted once per size, at the size of the longer so that both look alike.
    dpi = device.logicalDpiY()
    done = 0
    try:
        for envelope, pieces in groups:
            return_box = envelope.return_box.moved(dx, dy)
            delivery_box = envelope.delivery_box.moved(dx, dy)
            return_size = min(
                fitting_size(lines, return_box, 9, dpi)
                for lines in (batch.return_address, batch.return_address_abroad)
            )
            for piece in pieces:
                if done:
                    pages.new_page(envelope_page(envelope))
                sender = batch.return_for(piece)
                if sender:
                    text_block(painter, return_box, sender, return_size, fitted=True)
                text_block(painter, delivery_box, piece.address, 11)
                done += 1
                if progress is not None and done % 25 == 0 and progress(done, total) is False:
                    return pages.count
        if progress is not None:
            progress(total, total)
    finally:
        pages.end()
    return pages.count if total else 0
