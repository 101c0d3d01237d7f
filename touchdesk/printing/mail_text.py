"""What the mail desk's painters share: fonts sized in points, a painter in points from the
paper's corner, and address blocks that shrink until they fit their box.

Each output (note list, envelopes, labels) has its own module; each paints onto any paged
device, so the print preview, a printer and a PDF file all get the same pages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPagedPaintDevice, QPageLayout, QPainter

from touchdesk.domain.mail_layout import Box

Progress = Callable[[int, int], bool] | None  # (done, total) -> False to stop

FAMILY = "DejaVu Sans"  # Latin and accents; Qt falls back to an installed CJK font for 山田
LEADING = 1.2  # line pitch in ems, the same for every script (see text_block)


def font(size: float, device: QPagedPaintDevice, bold: bool = False) -> QFont:
    """A font of `size` points on paper, for a painter scaled to points (see MailPages).

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


def _metrics(size: float, dpi: int) -> QFontMetricsF:
    """Metrics at the device's resolution (any device of that dpi measures alike), kept per
    thread: Qt's metrics are reentrant, not thread-safe, and a worker paints PDFs."""
    return _thread_metrics(size, dpi, threading.get_ident())


@lru_cache(maxsize=64)
def _thread_metrics(size: float, dpi: int, thread: int) -> QFontMetricsF:
    image = QImage(1, 1, QImage.Format.Format_Mono)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return QFontMetricsF(_font(size, dpi, False), image)


class MailPages:
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

    def new_page(self, layout: QPageLayout | None = None) -> None:
        """The next page; with `layout`, on that paper (an envelope of another size)."""
        if layout is not None and layout != self.device.pageLayout():
            # Set just before newPage(): the writer and printers apply it to the next page.
            self.device.setPageLayout(layout)
        self.device.newPage()
        self.count += 1

    def end(self) -> None:
        self.painter.end()


def fitting_size(
    lines: Sequence[str], box: Box, size: float, dpi: int, smallest: float = 8
) -> float:
    """The largest size from `size` down to `smallest` (half points) at which the lines fit."""
    while size > smallest:
        if len(lines) * size * LEADING <= box.height and all(
            _metrics(size, dpi).horizontalAdvance(line) <= box.width for line in lines
        ):
            break
        size -= 0.5
    return size


def text_block(
    painter: QPainter,
    box: Box,
    lines: Sequence[str],
    size: float,
    fitted: bool = False,
    smallest: float = 8,
) -> None:
    """Left-aligned lines, shrunk until they fit the box (unless `fitted` says they do).

    Lines are set one by one at a fixed pitch: a line laid out by Qt takes the height of the
    tallest font in it, and a CJK fallback font's is half as tall again as the Latin one's,
    which pushed a Japanese address's last lines (the name, the country) off a 1-inch label.
    """
    dpi = painter.device().logicalDpiY()
    if not fitted:
        size = fitting_size(lines, box, size, dpi, smallest)
    painter.setFont(_font(size, dpi, False))
    baseline = box.y + _metrics(size, dpi).ascent()
    for line in lines:
        painter.drawText(QPointF(box.x, baseline), line)
        baseline += size * LEADING
